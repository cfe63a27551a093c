import { z } from 'zod';
import { ChannelStateSchema } from './model';

/**
 * The parameters and answers of the GWS operations, as schemas shared by the GWS client
 * (main/gws/operations.ts validates every call with them before anything goes on the wire) and
 * the IPC contract (common/contract.ts validates every renderer call with the same ones).
 */

// ---- parameter schemas --------------------------------------------------------------------------

/** Any identifier GWS hands out (interaction, document, agent, workbin ids): not blank. */
export const Id = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => value.trim() !== '', 'must not be blank');

/** Free text the server stores as it is (queue names, reasons, nicknames). */
export const Name = Id;

/** A media channel name as GWS spells it (`email`, `chat`, …). */
export const Channel = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a channel name');

/**
 * `POST /me` operations that are not agent states: `setAgentState` must not become a way to end
 * the session or change a password.
 */
const NON_STATE_OPERATIONS: ReadonlySet<string> = new Set([
  'StartContactCenterSession',
  'EndContactCenterSession',
  'DoNotDisturbOn',
  'DoNotDisturbOff',
  'ChangePassword',
  'ResetPassword',
  'Offline',
]);

/** An agent-state operation name of /settings/agent-states (Ready, NotReady, OutToLunch, …). */
export const StateOperationName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,127}$/, 'must be an operation name')
  .refine(
    (name) => !NON_STATE_OPERATIONS.has(name),
    'names an operation that is not an agent state',
  );

const EMAIL_ADDRESS = /^[^\s@,;<>]+@[^\s@,;<>]+$/;

/** E-mail addresses: one string (`,`/`;` between addresses) or a list; each must look like one. */
export const Addresses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (typeof value === 'string' ? [value] : value)
      .flatMap((part) => part.split(/[,;]/))
      .map((address) => address.trim())
      .filter((address) => address !== ''),
  )
  .refine((addresses) => addresses.length > 0, 'must name at least one address')
  .refine(
    (addresses) => addresses.every((address) => EMAIL_ADDRESS.test(address)),
    'must be e-mail addresses',
  )
  .transform((addresses) => addresses.join(', '));

export const ReplyOptionsSchema = z.strictObject({
  subjectPrefix: z.string().max(256).optional(),
  replyToStartLine: z.string().max(4096).optional(),
  indentCharacter: z.string().max(16).optional(),
  quoteOriginal: z.boolean().optional(),
  queueName: Name.optional(),
});

/** Reply / ReplyAll options (002, 003 "Interactions On E-mail Channel"). */
export type ReplyOptions = z.input<typeof ReplyOptionsSchema>;

export const OutgoingEmailSchema = z.strictObject({
  toAddress: Addresses.optional(),
  subject: z.string().max(10_000).optional(),
  text: z.string().optional(),
  fromAddress: Addresses.optional(),
  ccAddress: Addresses.optional(),
  bccAddress: Addresses.optional(),
});

/** Send's `email_object` (002 "Send"): what replaces the draft's fields; all optional. */
export type OutgoingEmail = z.input<typeof OutgoingEmailSchema>;

export const ChatVisibilitySchema = z.enum(['All', 'Int', 'Vis']);
export type ChatVisibility = z.infer<typeof ChatVisibilitySchema>;

export const ChatNotificationSchema = z.enum(['TypingStarted', 'TypingStopped']);
export type ChatNotification = z.infer<typeof ChatNotificationSchema>;

const MIME_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const UploadSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(1024)
    .refine((value) => value.trim() !== '', 'must not be blank'),
  mimeType: z.string().regex(MIME_TYPE, 'must be a MIME type'),
  bytes: z.instanceof(Uint8Array),
});

/** A file to attach to an interaction. */
export type Upload = z.input<typeof UploadSchema>;

const DateFilter = z.union([z.number().int().nonnegative(), z.date()]).transform((value) => {
  return typeof value === 'number' ? value : value.getTime();
});

export const HistoryFiltersSchema = z.strictObject({
  contactId: Id.optional(),
  mediaType: z.enum(['chat', 'email', 'Chat', 'Email']).optional(),
  /** Milliseconds since the epoch, or a Date. */
  fromDate: DateFilter.optional(),
  toDate: DateFilter.optional(),
  limit: z.number().int().positive().max(10_000).optional(),
});

/** RetrieveInteractionHistory filters (004; the request itself is only named in the README). */
export type HistoryFilters = z.input<typeof HistoryFiltersSchema>;

// ---- answer shapes ------------------------------------------------------------------------------

/** The agent as `GET /me?subresources=*` describes it. */
export const AgentProfileSchema = z.object({
  id: z.string(),
  userName: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  employeeId: z.string().optional(),
  roles: z.array(z.string()),
  dnd: z.boolean(),
  channels: z.array(ChannelStateSchema),
  /** The server wants a new password first (ChangePassword with `firstLogin`). */
  mustChangePassword: z.boolean(),
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;

/** An agent-state descriptor of `/settings/agent-states` (003, "Agent States"). */
export const AgentStateDescriptorSchema = z.object({
  id: z.string(),
  operationName: z.string(),
  displayName: z.string(),
  /** Ready, NotReady or Logout. */
  state: z.string(),
  workMode: z.string().optional(),
  reason: z.string().optional(),
});
export type AgentStateDescriptor = z.infer<typeof AgentStateDescriptorSchema>;

/** A feature of `/features?fields=*` (003, "Features"). */
export const FeatureSchema = z.object({
  id: z.string(),
  displayName: z.string().optional(),
  description: z.string().optional(),
});
export type Feature = z.infer<typeof FeatureSchema>;

/** A workbin of GetWorkbinTypesInfo (003, "Workbins"). */
export const WorkbinInfoSchema = z.object({
  workbinId: z.string(),
  workbinName: z.string(),
  viewName: z.string().optional(),
  active: z.boolean(),
  workbinType: z.number().optional(),
});
export type WorkbinInfo = z.infer<typeof WorkbinInfoSchema>;

/** One interaction of GetWorkbinContent (`?fields=*`): Interaction Server's flat properties. */
export const WorkbinItemSchema = z.object({
  id: z.string(),
  channel: z.string().optional(),
  subject: z.string().optional(),
  queue: z.string().optional(),
  /** Every property as the server sent it (user data among them). */
  properties: z.record(z.string(), z.unknown()),
});
export type WorkbinItem = z.infer<typeof WorkbinItemSchema>;

/** An asynchronous request's correlation id; the result arrives as an event carrying it. */
export const ReferenceSchema = z.object({ referenceId: z.number().int() });
export type Reference = z.infer<typeof ReferenceSchema>;

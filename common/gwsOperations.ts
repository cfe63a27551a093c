import { z } from 'zod';
import { entryAddress, splitAddressList } from './addressLists';
import { exceedsShape, holdsOwnKey } from './jsonShape';
import {
  AgentIdentitySchema,
  MAX_USER_DATA_DEPTH,
  CHAT_LINE_MAX_LENGTH,
  ChannelStateSchema,
  InteractionSnapshotSchema,
} from './model';
import { showsNothing } from './visibleText';

/**
 * The GWS operations Switchboard speaks, written once: {@link GWS_OPERATIONS} gives each its
 * parameters (the positional arguments, as one tuple schema) and its answer. From that one
 * entry are derived the GWS client's function (main/gws/operations.ts, which adds the REST call
 * each makes and validates its direct callers' arguments with this very tuple), the contract
 * method (common/contract.ts) and its handler (main/workstation/gwsHandlers.ts).
 */

// ---- parameter schemas --------------------------------------------------------------------------

/** Text the server stores as it is (queue names, reasons, nicknames): not blank. */
const NonBlank = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => value.trim() !== '', 'must not be blank');

/**
 * Any identifier GWS hands out (interaction, document, agent, workbin ids): not blank, and not
 * `.` or `..`, which a REST path built from it would read as "here" and "up".
 */
/** `.` or `..`: a segment a URL parser reads as "here" or "up" (also as `%2e%2e`). */
export function isDotSegment(value: string): boolean {
  return value === '.' || value === '..';
}

export const Id = NonBlank.refine((value) => !isDotSegment(value), 'must not be . or ..');

/** Free text the server stores as it is (queue names, reasons, nicknames). */
export const Name = NonBlank;

/** A media channel name as GWS spells it (`email`, `chat`, …). */
export const Channel = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a channel name')
  .refine((value) => !isDotSegment(value), 'must not be . or ..');

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

/**
 * The addresses in a field as typed (`,`/`;` between them), those that look like one: what a
 * draft's To names so far ("legal@example.com, bo" names legal@example.com). An entry with a
 * name names its address (`"Jensen, Maria" <maria@example.com>`: a quoted name's comma
 * separates nothing), as the composer's check and Send take it.
 */
export function addressesIn(text: string): string[] {
  return splitAddressList(text, { lineBreaks: true })
    .map(entryAddress)
    .filter((address) => EMAIL_ADDRESS.test(address));
}

/**
 * A field of addresses as typed, as Send carries it: each entry's address alone, `, ` between
 * them (the names the agent typed stay in the draft). An entry that is no address is kept as it
 * is, for Send's check ({@link Addresses}) to refuse.
 */
export function bareAddresses(text: string): string {
  return splitAddressList(text, { lineBreaks: true }).map(entryAddress).join(', ');
}

/**
 * The most characters a field of addresses holds, as one string or a list's together (a draft's
 * To holds as much): bounded before it is split and each part checked, which took main's thread
 * 0.9 s for a 10 MB string and 0.4 s for a list of a million (found by an attack review).
 */
const MAX_ADDRESSES_LENGTH = 100_000;

/** E-mail addresses: one string (`,`/`;` between addresses) or a list; each must look like one. */
export const Addresses = z
  .union([
    z.string().max(MAX_ADDRESSES_LENGTH),
    z
      .array(z.string())
      .max(MAX_ADDRESSES_LENGTH)
      .refine(
        (parts) => parts.reduce((length, part) => length + part.length, 0) <= MAX_ADDRESSES_LENGTH,
        `must be at most ${MAX_ADDRESSES_LENGTH} characters together`,
      ),
  ])
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

/** The agent as `GET /me?subresources=*` describes it: who (an AgentIdentity) and more. */
export const AgentProfileSchema = AgentIdentitySchema.extend({
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

/**
 * 003 "Features": the API for non-voice channels, the one feature not assigned by default;
 * without it a contact center has no e-mail and no chat.
 */
export const MULTIMEDIA_FEATURE = 'api-multimedia';

/** Whether a contact center's features, as read in full, lack {@link MULTIMEDIA_FEATURE}. */
export function lacksMultimedia(features: readonly { readonly id: string }[]): boolean {
  return !features.some((feature) => feature.id === MULTIMEDIA_FEATURE);
}

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
  /** The e-mail's sender (`FromAddress`), when the properties carry it. */
  from: z.string().optional(),
  /** When it was placed in the workbin (`PlacedInQueueAt`), milliseconds since the epoch. */
  placedAt: z.number().optional(),
  /** Every property as the server sent it (user data among them). */
  properties: z.record(z.string(), z.unknown()),
});
export type WorkbinItem = z.infer<typeof WorkbinItemSchema>;

/**
 * The e-mail settings group (`GET /settings/email`, a group 003's "Settings" lets a deployment
 * add): the largest attachment the server takes, in bytes, when it states one.
 */
export const EmailSettingsSchema = z.object({
  maxAttachmentBytes: z.number().int().positive().optional(),
});

/** An asynchronous request's correlation id; the result arrives as an event carrying it. */
export const ReferenceSchema = z.object({ referenceId: z.number().int() });
export type Reference = z.infer<typeof ReferenceSchema>;

/** An attachment's content as downloaded: its bytes, MIME type and file name. */
export const DownloadedFileSchema = z.object({
  bytes: z.instanceof(Uint8Array),
  mimeType: z.string(),
  fileName: z.string().optional(),
});
export type DownloadedFile = z.infer<typeof DownloadedFileSchema>;

/**
 * A colleague of the agent directory (`GET /users?fields=*&subresources=*`, 003 "Users API"):
 * who they are, to pick a transfer or consultation target (Transfer takes a user name, id or
 * employee id), and whether they can take it now.
 */
export const DirectoryEntrySchema = AgentIdentitySchema.extend({
  /** Absent when the server names the user by `userName` only, as 003's sample does. */
  id: z.string().optional(),
  employeeId: z.string().optional(),
  roles: z.array(z.string()),
  /** 003's `doNotDisturb` (FlagV2 On/Off); absent when the answer does not say. */
  dnd: z.boolean().optional(),
  /** Channel states, where the server gives them as a subresource (`channels`); else empty. */
  channels: z.array(ChannelStateSchema),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

// ---- the operations table -----------------------------------------------------------------------

/** Where a GWS operation appears in the IPC contract: `switchboard:<namespace>:<member>`. */
export interface ContractPlace {
  readonly namespace: string;
  readonly member: string;
}

/**
 * One GWS operation. `kind`, `args` and `result` make it the shape of a contract method, so
 * that the contract can take it as it is; `operation` names it in error messages (the GWS
 * operation name, e.g. `Accept`); `contract`, when present, is the contract method it becomes.
 */
export interface GwsOperationSpec<
  Args extends z.ZodTuple = z.ZodTuple,
  Answer extends z.ZodType = z.ZodType,
  Place extends ContractPlace | undefined = ContractPlace | undefined,
> {
  readonly kind: 'method';
  readonly operation: string;
  readonly args: Args;
  readonly result: Answer;
  readonly contract: Place;
}

/** Declares one GWS operation (see {@link GWS_OPERATIONS}). */
function gws<
  Args extends z.ZodTuple,
  Answer extends z.ZodType,
  const Place extends ContractPlace | undefined = undefined,
>(spec: {
  operation: string;
  args: Args;
  answer: Answer;
  contract?: Place;
}): GwsOperationSpec<Args, Answer, Place> {
  return {
    kind: 'method',
    operation: spec.operation,
    args: spec.args,
    result: spec.answer,
    contract: spec.contract as Place,
  };
}

const none = z.tuple([]);
const nothing = z.void();
/** Operations whose answer is a new interaction's id, when the server names it. */
const createdInteraction = z.string().optional();
/**
 * A chat line: not blank (GWS stores whatever it is given, and a blank line helps nobody), nor
 * made of characters no one sees (`showsNothing`: a line of zero-width spaces is blank too).
 */
const MessageText = z
  .string()
  .min(1)
  .max(CHAT_LINE_MAX_LENGTH)
  .refine((value) => !showsNothing(value), 'must not be blank');
/**
 * The most values, keys and nested values counted, in one UpdateProperties (the desk's case data
 * panel sets one property).
 */
const MAX_PROPERTY_VALUES = 10_000;
/**
 * The properties to set, bounded before zod walks them: its record and `z.json()` checks visit
 * every key and value recursively, so 300,000 keys held main's thread for 0.8 s and a value
 * nested a few thousand levels deep exhausted its stack (found by an attack review).
 */
const Properties = z
  .custom<object>(
    (value) =>
      !exceedsShape(value, { maxDepth: MAX_USER_DATA_DEPTH + 1, maxValues: MAX_PROPERTY_VALUES }),
    {
      message: `must be at most ${MAX_PROPERTY_VALUES} values nested at most ${MAX_USER_DATA_DEPTH} deep`,
      // The walk below is bounded by this check alone: it must not run on what this refuses.
      abort: true,
    },
  )
  // zod builds the record it answers by assignment, which leaves a `__proto__` key out (or
  // would set the prototype): the save would "succeed" having sent something else. Refused, at
  // any depth, with a code the desk words; `constructor` and `prototype` are kept as they are.
  .refine((value) => !holdsOwnKey(value, '__proto__'), {
    message: 'must not name a property __proto__',
    params: { code: 'propertyNameReserved' },
  })
  .pipe(
    z
      .record(z.string().min(1), z.json())
      .refine((value) => Object.keys(value).length > 0, 'must name at least one property'),
  );

const on = <N extends string, M extends string>(namespace: N, member: M) => ({ namespace, member });

/**
 * Every GWS operation of the client, keyed by the client's function name, in one table: the
 * argument tuple (validated once, at the boundary: the IPC dispatcher for the renderer, the
 * client itself for its direct callers such as the CLI), the answer, and the contract method it
 * becomes (`contract`), if the renderer may call it as it is. main/gws/operations.ts pairs each
 * entry with the REST call it makes; TypeScript refuses a table entry without one.
 *
 * Adding an operation to the desk: one entry here (with `contract`), its REST call in
 * main/gws/operations.ts, and its UI.
 *
 * Entries without `contract` are main's alone: some are reached through hand-written contract
 * methods (bound in main/workstation/handlers.ts), because those are more than one plain REST
 * call: `agent.setReady` / `setNotReady` / `setAgentState` (one channel or all; a custom state is
 * sent once per channel, a reason is checked against /settings/agent-states: the presence
 * service), `agent.setDoNotDisturb` (the requested DND is kept until the server confirms it);
 * the others are called by main's services as they see fit (the drafts' upload, delete and
 * cancel, the workbins' overview, contact history, the chat history after a resync,
 * `downloadAttachment` for the cache writer), and a few by nothing but the client's own tests
 * (GetMe, GetFeatures, GetChannel, ListInteractions, EndContactCenterSession, the interaction's
 * GetWorkbinContent and AddInteractionToWorkbin: the documented API, kept callable). Sign-in and
 * sign-out (with StartContactCenterSession), ChangePassword and the connection check belong to
 * the session (main/gws/session.ts), not to this table.
 */
export const GWS_OPERATIONS = {
  // ---- the agent: /me (003 "Channels API", "Presence", "Start/EndContactCenterSession") -------
  getMe: gws({
    operation: 'GetMe',
    args: none,
    answer: AgentProfileSchema,
  }),
  getAgentStates: gws({
    operation: 'GetAgentStates',
    args: none,
    answer: z.array(AgentStateDescriptorSchema),
  }),
  getFeatures: gws({
    operation: 'GetFeatures',
    args: none,
    answer: z.array(FeatureSchema),
  }),
  startContactCenterSession: gws({
    operation: 'StartContactCenterSession',
    args: z.tuple([z.array(Channel).min(1).max(32)]),
    answer: nothing,
  }),
  endContactCenterSession: gws({
    operation: 'EndContactCenterSession',
    args: none,
    answer: nothing,
  }),
  setReady: gws({ operation: 'Ready', args: none, answer: nothing }),
  setNotReady: gws({ operation: 'NotReady', args: z.tuple([Name.optional()]), answer: nothing }),
  setAgentState: gws({
    operation: 'SetAgentState',
    args: z.tuple([StateOperationName, Name.optional()]),
    answer: nothing,
  }),
  doNotDisturb: gws({ operation: 'DoNotDisturb', args: z.tuple([z.boolean()]), answer: nothing }),
  setChannelReady: gws({ operation: 'Ready', args: z.tuple([Channel]), answer: nothing }),
  setChannelNotReady: gws({
    operation: 'NotReady',
    args: z.tuple([Channel, Name.optional()]),
    answer: nothing,
  }),
  setChannelState: gws({
    operation: 'SetChannelState',
    args: z.tuple([Channel, StateOperationName]),
    answer: nothing,
  }),
  /**
   * Do Not Disturb on one channel (003 "Device/Channel Management": DoNotDisturbOn/Off on
   * `/channels/{id}`), beside the channel's Ready / Not Ready: one REST call, so the renderer
   * calls it as it is. The channel's entries report it as their `dndState`.
   */
  setChannelDoNotDisturb: gws({
    operation: 'DoNotDisturb',
    args: z.tuple([Channel, z.boolean()]),
    answer: nothing,
    contract: on('agent', 'setChannelDoNotDisturb'),
  }),
  getChannels: gws({ operation: 'GetChannels', args: none, answer: z.array(ChannelStateSchema) }),
  getChannel: gws({
    operation: 'GetChannel',
    args: z.tuple([Channel]),
    answer: ChannelStateSchema,
  }),

  // ---- the agent directory (003 "Users API") ---------------------------------------------------
  getUsers: gws({
    operation: 'GetUsers',
    args: none,
    answer: z.array(DirectoryEntrySchema),
    contract: on('agent', 'directory'),
  }),

  // ---- interactions (003 "Interactions API Operations") ---------------------------------------
  listInteractions: gws({
    operation: 'ListInteractions',
    args: none,
    answer: z.array(InteractionSnapshotSchema),
  }),
  getInteraction: gws({
    operation: 'GetInteraction',
    args: z.tuple([Id]),
    answer: InteractionSnapshotSchema,
    contract: on('interactions', 'getOnServer'),
  }),
  /**
   * A draft as the server holds it now (GET /interactions/{id}), with the e-mail text it shows:
   * main asks it of a Send whose answer was lost (sentMail.ts), as Send's text in the draft is
   * the one trace of a Send that left. Not offered to the renderer.
   */
  getDraftOnServer: gws({
    operation: 'GetDraftOnServer',
    args: z.tuple([Id]),
    answer: z.object({ interaction: InteractionSnapshotSchema, text: z.string().optional() }),
  }),
  accept: gws({
    operation: 'Accept',
    args: z.tuple([Id, Name.optional()]),
    answer: nothing,
    contract: on('interactions', 'accept'),
  }),
  reject: gws({
    operation: 'Reject',
    args: z.tuple([Id]),
    answer: nothing,
    contract: on('interactions', 'reject'),
  }),
  stopProcessing: gws({
    operation: 'StopProcessing',
    args: z.tuple([Id]),
    answer: nothing,
    contract: on('interactions', 'stopProcessing'),
  }),
  placeInQueue: gws({
    operation: 'PlaceInQueue',
    args: z.tuple([Id, Name]),
    answer: nothing,
    contract: on('interactions', 'placeInQueue'),
  }),
  updateProperties: gws({
    operation: 'UpdateProperties',
    args: z.tuple([Id, Properties]),
    answer: nothing,
    contract: on('interactions', 'updateProperties'),
  }),
  placeInWorkbin: gws({
    operation: 'PlaceInWorkbin',
    args: z.tuple([Id, Name]),
    answer: nothing,
    contract: on('interactions', 'placeInWorkbin'),
  }),
  getWorkbinContent: gws({
    operation: 'GetWorkbinContent',
    args: z.tuple([Id, Name]),
    answer: nothing,
  }),
  transfer: gws({
    operation: 'Transfer',
    args: z.tuple([Id, Id]),
    answer: nothing,
    contract: on('interactions', 'transfer'),
  }),
  startConference: gws({
    operation: 'StartConference',
    args: z.tuple([Id, Id]),
    answer: nothing,
    contract: on('interactions', 'startConference'),
  }),
  endConference: gws({
    operation: 'EndConference',
    args: z.tuple([Id, Id.optional()]),
    answer: nothing,
    contract: on('interactions', 'endConference'),
  }),

  // ---- e-mail (002; 003 "Interactions On E-mail Channel") -------------------------------------
  reply: gws({
    operation: 'Reply',
    args: z.tuple([Id, ReplyOptionsSchema.optional()]),
    answer: createdInteraction,
    contract: on('interactions', 'reply'),
  }),
  replyAll: gws({
    operation: 'ReplyAll',
    args: z.tuple([Id, ReplyOptionsSchema.optional()]),
    answer: createdInteraction,
    contract: on('interactions', 'replyAll'),
  }),
  forward: gws({
    operation: 'Forward',
    args: z.tuple([Id, Addresses.optional()]),
    answer: createdInteraction,
    contract: on('interactions', 'forward'),
  }),
  send: gws({
    operation: 'Send',
    args: z.tuple([Id, OutgoingEmailSchema.optional(), Name.optional()]),
    answer: nothing,
    contract: on('interactions', 'send'),
  }),
  cancelReplyEmail: gws({
    operation: 'CancelReplyEmail',
    args: z.tuple([Id]),
    answer: nothing,
  }),
  createEmail: gws({
    operation: 'CreateEmail',
    args: z.tuple([Name, Name.optional(), Name.optional()]),
    answer: createdInteraction,
    contract: on('interactions', 'createEmail'),
  }),

  // ---- chat (003 "Interactions On Chat Channel"; 000's chat capabilities) ---------------------
  sendMessage: gws({
    operation: 'SendMessage',
    args: z.tuple([Id, MessageText, ChatVisibilitySchema.optional()]),
    answer: nothing,
    contract: on('interactions', 'sendMessage'),
  }),
  sendNotification: gws({
    operation: 'SendNotification',
    args: z.tuple([Id, ChatNotificationSchema]),
    answer: nothing,
    contract: on('interactions', 'sendNotification'),
  }),
  requestChatHistory: gws({
    operation: 'RequestChatHistory',
    args: z.tuple([Id, z.number().int().positive().optional()]),
    answer: nothing,
  }),
  startChatConsultation: gws({
    operation: 'StartChatConsultation',
    args: z.tuple([Id, Id]),
    answer: nothing,
    contract: on('interactions', 'startChatConsultation'),
  }),
  completeTransfer: gws({
    operation: 'CompleteTransfer',
    args: z.tuple([Id]),
    answer: nothing,
    contract: on('interactions', 'completeTransfer'),
  }),
  completeConference: gws({
    operation: 'CompleteConference',
    args: z.tuple([Id]),
    answer: nothing,
    contract: on('interactions', 'completeConference'),
  }),
  leaveChat: gws({
    operation: 'LeaveChat',
    args: z.tuple([Id]),
    answer: nothing,
    contract: on('interactions', 'leaveChat'),
  }),
  endChatSession: gws({
    operation: 'EndChatSession',
    args: z.tuple([Id]),
    answer: nothing,
    contract: on('interactions', 'endChatSession'),
  }),

  // ---- attachments (003 "Attachments API") ----------------------------------------------------
  uploadAttachment: gws({
    operation: 'UploadAttachment',
    args: z.tuple([Id, UploadSchema]),
    answer: z.string(),
  }),
  getEmailSettings: gws({
    operation: 'GetEmailSettings',
    args: none,
    answer: EmailSettingsSchema,
  }),
  downloadAttachment: gws({
    operation: 'DownloadAttachment',
    args: z.tuple([Id, Id]),
    answer: DownloadedFileSchema,
  }),
  deleteAttachment: gws({
    operation: 'DeleteAttachment',
    args: z.tuple([Id, Id]),
    answer: nothing,
  }),

  // ---- workbins (003 "Workbins") ---------------------------------------------------------------
  getWorkbins: gws({
    operation: 'GetWorkbinTypesInfo',
    args: none,
    answer: z.array(WorkbinInfoSchema),
  }),
  getWorkbinInteractions: gws({
    operation: 'GetWorkbinContent',
    args: z.tuple([Id]),
    answer: z.array(WorkbinItemSchema),
  }),
  addInteractionToWorkbin: gws({
    operation: 'AddInteractionToWorkbin',
    args: z.tuple([Id, Id]),
    answer: z.string().optional(),
  }),
  pullInteractionFromWorkbin: gws({
    operation: 'PullInteractionFromWorkbin',
    args: z.tuple([Id, Id]),
    answer: nothing,
    contract: on('workbins', 'pull'),
  }),
  subscribeWorkbin: gws({
    operation: 'SubscribeWorkbinEvents',
    args: z.tuple([Id]),
    answer: nothing,
  }),
  unsubscribeWorkbin: gws({
    operation: 'UnsubscribeWorkbinEvents',
    args: z.tuple([Id]),
    answer: nothing,
    contract: on('workbins', 'unsubscribe'),
  }),

  // ---- interaction history (004; GWS README) --------------------------------------------------
  retrieveInteractionHistory: gws({
    operation: 'RetrieveInteractionHistory',
    args: z.tuple([HistoryFiltersSchema.optional()]),
    answer: ReferenceSchema,
  }),
  getInteractionContent: gws({
    operation: 'GetInteractionContent',
    args: z.tuple([Id]),
    answer: ReferenceSchema,
  }),
} as const;

/** The table's type: each entry's argument tuple, answer and contract place, literally. */
export type GwsOperationTable = typeof GWS_OPERATIONS;
/** The client's name of a GWS operation (`accept`, `getWorkbins`, …). */
export type GwsOperationName = keyof GwsOperationTable;

/** The arguments a GWS operation's implementation receives: validated and transformed. */
export type GwsArgs<K extends GwsOperationName> = z.output<GwsOperationTable[K]['args']>;
/** The arguments a caller passes (e.g. a Date where the implementation gets milliseconds). */
export type GwsInputArgs<K extends GwsOperationName> = z.input<GwsOperationTable[K]['args']>;
/** What a GWS operation answers. */
export type GwsAnswer<K extends GwsOperationName> = z.output<GwsOperationTable[K]['result']>;

/** The contract namespaces that have GWS operations among their methods. */
export type GwsNamespace = NonNullable<
  GwsOperationTable[GwsOperationName]['contract']
>['namespace'];

/** The contract member name of operation `K` if it is a method of `Namespace`, else never. */
export type GwsMemberIn<
  K extends GwsOperationName,
  Namespace extends GwsNamespace,
> = GwsOperationTable[K]['contract'] extends {
  readonly namespace: Namespace;
  readonly member: infer Member extends string;
}
  ? Member
  : never;

/**
 * Per contract namespace, its GWS operations keyed by contract member, each given as `Value<K>`
 * of its client name `K` (the table entry, a handler, …).
 */
export type ByContractPlace<Value extends Readonly<Record<GwsOperationName, unknown>>> = {
  readonly [Namespace in GwsNamespace]: {
    readonly [K in GwsOperationName as GwsMemberIn<K, Namespace>]: Value[K];
  };
};

/** Each contract member with a GWS operation, mapped to the operation's client name. */
export const GWS_CONTRACT_NAMES = contractNames();

function contractNames(): ByContractPlace<{ readonly [K in GwsOperationName]: K }> {
  const names: Record<string, Record<string, string>> = {};
  for (const [name, spec] of Object.entries(GWS_OPERATIONS) as [string, GwsOperationSpec][]) {
    if (spec.contract !== undefined)
      (names[spec.contract.namespace] ??= {})[spec.contract.member] = name;
  }
  return names as unknown as ByContractPlace<{ readonly [K in GwsOperationName]: K }>;
}

/**
 * The contract methods that are GWS operations as they are, per namespace and member, each its
 * table entry (which has the shape of a contract method): common/contract.ts spreads them.
 */
export const GWS_CONTRACT_METHODS = contractMethods();

function contractMethods(): ByContractPlace<GwsOperationTable> {
  const methods: Record<string, Record<string, GwsOperationSpec>> = {};
  for (const [namespace, members] of Object.entries(GWS_CONTRACT_NAMES)) {
    for (const [member, name] of Object.entries(members as Record<string, GwsOperationName>))
      (methods[namespace] ??= {})[member] = GWS_OPERATIONS[name];
  }
  return methods as unknown as ByContractPlace<GwsOperationTable>;
}

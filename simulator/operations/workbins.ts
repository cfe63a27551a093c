import { interactionMessage, type Dialect } from '../dialect';
import { readJsonBody } from '../http';
import type { SimInteraction, SimUser } from '../model';
import type { World } from '../world';
import { joinChat, leaveChat, visibleInteraction } from './interactions';
import {
  GwsFailure,
  invalidState,
  notFound,
  optionalString,
  requireState,
  requireString,
  StatusCode,
  type InteractionOperation,
  type MeOperation,
  type OperationContext,
  type RequestBody,
  type Route,
  type RouteContext,
} from './types';

/**
 * Workbins (003, "Workbins", and the PlaceInWorkbin/GetWorkbinContent interaction operations):
 * storage an agent parks interactions in, off the desk and out of routing, to pull them back later.
 *
 * The ids follow 003's GetWorkbinTypesInfo sample: the base64 of `<configuration name>/<view>`,
 * e.g. `VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=` is `TestWorkbin/PrivateView`, and its
 * `RmFjZWJvb2sgV29ya2JpbiBJblByb2dyZXNzL1ByaXZhdGVWaWV3` is `Facebook Workbin InProgress/PrivateView`
 * for the workbin named `FacebookWorkbinInProgress` (the spaced name is also the content's
 * `Workbin` and the `<name>/PrivateQueue` its `Queue`).
 */

/** A workbin as the contact center configures it; every agent has the same set. */
export interface WorkbinDefinition {
  /** The configuration object's name: in the id, the `Workbin` property and the queue. */
  readonly configName: string;
  /** The name GetWorkbinTypesInfo lists (`workbinName`). */
  readonly workbinName: string;
  /**
   * Shared by every agent (an agent-group workbin) rather than private to each agent. 003 only
   * shows private views (`workbinType: 1`); the shared view is this simulator's `workbinType: 2`.
   */
  readonly shared: boolean;
}

/** What the simulator's agents have: e-mail draft and in-progress bins, 003's TestWorkbin, a team bin. */
export const WORKBINS: readonly WorkbinDefinition[] = [
  { configName: 'Email Workbin Draft', workbinName: 'EmailWorkbinDraft', shared: false },
  { configName: 'Email Workbin InProgress', workbinName: 'EmailWorkbinInProgress', shared: false },
  { configName: 'TestWorkbin', workbinName: 'TestWorkbin', shared: false },
  { configName: 'Team Workbin', workbinName: 'TeamWorkbin', shared: true },
];

function viewOf(workbin: WorkbinDefinition): string {
  return workbin.shared ? 'SharedView' : 'PrivateView';
}

/** The workbin's id: base64 of `<configuration name>/<view>`, as 003's ids decode. */
export function workbinIdOf(workbin: WorkbinDefinition): string {
  return Buffer.from(`${workbin.configName}/${viewOf(workbin)}`).toString('base64');
}

/** The queue an interaction shows as `currentQueue` while it sits in the workbin. */
function queueOf(workbin: WorkbinDefinition): string {
  return `${workbin.configName}/${workbin.shared ? 'SharedQueue' : 'PrivateQueue'}`;
}

/** A workbin by any name a request may use: id, `workbinName`, configuration or view name. */
function findWorkbin(identifier: string): WorkbinDefinition {
  const found = WORKBINS.find(
    (workbin) =>
      workbinIdOf(workbin) === identifier ||
      workbin.workbinName === identifier ||
      workbin.configName === identifier ||
      `${workbin.workbinName}/${viewOf(workbin)}` === identifier,
  );
  if (!found) throw notFound(`Workbin ${identifier} not found`);
  return found;
}

/** What an interaction was before it went into a workbin, and who put it there. */
interface Parked {
  readonly previousState: 'Accepted' | 'ReplyCreated';
  readonly previousQueue: string;
  readonly placedAt: number;
  readonly actor: string;
}

/** Workbin state the world's model has no place for, kept per world. */
interface WorkbinState {
  /** Workbin ids each agent subscribed to with SubscribeWorkbinEvents. */
  readonly subscriptions: Map<string, Set<string>>;
  readonly parked: Map<string, Parked>;
  /** Who made the latest workbin change of an interaction (the user name). */
  readonly lastChange: Map<string, { actor: string }>;
}

const states = new WeakMap<World, WorkbinState>();

function stateOf(world: World): WorkbinState {
  let state = states.get(world);
  if (!state) {
    state = { subscriptions: new Map(), parked: new Map(), lastChange: new Map() };
    states.set(world, state);
  }
  return state;
}

/** EndContactCenterSession: an agent's workbin subscriptions end with its session. */
export function forgetWorkbinSubscriptions(world: World, userName: string): void {
  stateOf(world).subscriptions.delete(userName);
}

/** Whether the agent may see the workbin's content for this interaction. */
function inWorkbinOf(
  interaction: SimInteraction,
  workbin: WorkbinDefinition,
  userName: string,
): boolean {
  return (
    interaction.state === 'InWorkbin' &&
    interaction.workbin?.id === workbinIdOf(workbin) &&
    (workbin.shared || interaction.workbin.owner === userName)
  );
}

function contentOf(world: World, workbin: WorkbinDefinition, userName: string): SimInteraction[] {
  return [...world.interactions.values()].filter((interaction) =>
    inWorkbinOf(interaction, workbin, userName),
  );
}

/** The agents who hear about a workbin's changes (if subscribed): its owner, or everyone. */
function audienceOf(world: World, workbin: WorkbinDefinition, owner: string | null): string[] {
  return workbin.shared ? [...world.users.keys()] : owner === null ? [] : [owner];
}

function announce(
  world: World,
  workbin: WorkbinDefinition,
  owner: string | null,
  interaction: SimInteraction,
  change: 'added' | 'removed',
  actor: string,
): void {
  stateOf(world).lastChange.set(interaction.id, { actor });
  for (const userName of audienceOf(world, workbin, owner)) {
    world.notifyWorkbin(userName, workbinIdOf(workbin), interaction, change);
  }
}

/**
 * Placing an interaction in a workbin ends its ownership, so only its owner may (as for
 * StopProcessing and PlaceInQueue); a conference party must leave the conference instead.
 */
function requireOwnedBy(interaction: SimInteraction, userName: string): void {
  if (interaction.owner !== userName) {
    throw invalidState(`Interaction ${interaction.id} is not owned by ${userName}`);
  }
}

/** Takes an interaction out of the workbin it sits in (a move or a pull). */
function takeOut(context: OperationContext, interaction: SimInteraction): Parked | undefined {
  const location = interaction.workbin;
  const parked = stateOf(context.world).parked.get(interaction.id);
  if (location === null) return parked;
  const workbin = WORKBINS.find((candidate) => workbinIdOf(candidate) === location.id);
  interaction.workbin = null;
  stateOf(context.world).parked.delete(interaction.id);
  if (workbin) {
    announce(context.world, workbin, location.owner, interaction, 'removed', context.user.userName);
  }
  return parked;
}

/**
 * Puts an interaction the caller owns (or one already in a workbin the caller can see) into
 * `workbin`. It leaves every agent's desk (they hear Completed, as for any end of their work: see dialect.ts), stops routing,
 * and the workbin's subscribers hear PlacedIn.
 */
function place(
  context: OperationContext,
  interaction: SimInteraction,
  workbin: WorkbinDefinition,
): void {
  const userName = context.user.userName;
  let before: Pick<Parked, 'previousState' | 'previousQueue'> | undefined;
  if (interaction.state === 'InWorkbin') {
    before = takeOut(context, interaction);
  } else {
    requireOwnedBy(interaction, userName);
    requireState(interaction, 'Accepted', 'ReplyCreated');
    before = {
      previousState: interaction.state === 'ReplyCreated' ? 'ReplyCreated' : 'Accepted',
      previousQueue: interaction.queue,
    };
    const handlers = context.world.participants(interaction);
    if (interaction.chat) for (const agent of handlers) leaveChat(context, interaction, agent);
    interaction.owner = null;
    interaction.conferenceParties.length = 0;
    interaction.state = 'InWorkbin';
    for (const agent of handlers) context.world.notify(agent, interaction, 'Completed');
  }
  interaction.state = 'InWorkbin';
  const owner = workbin.shared ? null : userName;
  interaction.workbin = { id: workbinIdOf(workbin), owner };
  const previousQueue = before?.previousQueue ?? interaction.queue;
  interaction.queue = queueOf(workbin);
  stateOf(context.world).parked.set(interaction.id, {
    previousState: before?.previousState ?? 'Accepted',
    previousQueue,
    placedAt: context.world.currentTime(),
    actor: userName,
  });
  announce(context.world, workbin, owner, interaction, 'added', userName);
}

/**
 * PullInteractionFromWorkbin: the interaction comes back to the caller's desk in the state it
 * left it (Accepted, or ReplyCreated for a draft), owned by the caller, announced as `Pulled`.
 */
function pull(context: OperationContext, workbin: WorkbinDefinition, interactionId: string): void {
  const userName = context.user.userName;
  const interaction = context.world.interactions.get(interactionId);
  if (interaction === undefined || !inWorkbinOf(interaction, workbin, userName)) {
    throw notFound(`Interaction ${interactionId} not found in workbin`);
  }
  const parked = takeOut(context, interaction);
  interaction.state = parked?.previousState ?? 'Accepted';
  interaction.owner = userName;
  interaction.queue = parked?.previousQueue ?? interaction.queue;
  if (interaction.chat) joinChat(context, interaction, userName);
  context.world.notify(userName, interaction, 'Pulled');
  // Pulled carries the capabilities of the state it came back in (dialect.ts: a draft's Send,
  // Cancel, …); a draft is then announced in its own state too, as when it was made.
  if (interaction.state === 'ReplyCreated') context.world.notify(userName, interaction);
}

// ---- wire shapes ------------------------------------------------------------------------------

function typesInfoOf(workbin: WorkbinDefinition): Record<string, unknown> {
  return {
    workbinId: workbinIdOf(workbin),
    active: 1,
    workbinName: workbin.workbinName,
    viewName: `${workbin.workbinName}/${viewOf(workbin)}`,
    workbinType: workbin.shared ? 2 : 1,
  };
}

/** `2013-07-20T00:41:33Z`: Interaction Server's time format in 003's workbin content sample. */
function isoSeconds(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * One interaction of GetWorkbinContent (`?fields=*`): Interaction Server's flat properties with
 * the user data among them, as 003's sample shows.
 */
function contentItemOf(world: World, interaction: SimInteraction): Record<string, unknown> {
  const parked = stateOf(world).parked.get(interaction.id);
  const workbin = WORKBINS.find((candidate) => workbinIdOf(candidate) === interaction.workbin?.id);
  const placedAt = isoSeconds(parked?.placedAt ?? interaction.startDate);
  return {
    ...interaction.userData,
    InteractionId: interaction.id,
    MediaType: interaction.channel,
    InteractionType: interaction.type,
    InteractionSubtype: interaction.subType,
    InQueues: { ...interaction.inQueues },
    OutQueues: { ...interaction.outQueues },
    Queue: interaction.queue,
    Workbin: workbin?.configName ?? '',
    WorkbinAgentId: interaction.workbin?.owner ?? '',
    AssignedTo: parked?.actor ?? '',
    ReceivedAt: isoSeconds(Date.parse(interaction.receivedAt)),
    SubmittedAt: isoSeconds(interaction.startDate),
    PlacedInQueueAt: placedAt,
    MovedToQueueAt: placedAt,
    Subject: interaction.subject,
    ContactId: interaction.contactId,
    ...(interaction.parentId === null ? {} : { ParentId: interaction.parentId }),
    IsHeld: 0,
    IsLocked: 0,
    IsOnline: 0,
    TenantId: 1,
    InteractionState: 0,
  };
}

/**
 * The `/v2/me/workbins` message for a workbin change, shaped like 003's workbinNotificationResource
 * sample (whose `interactionSubtType` spelling is kept, with the regular spelling beside it), or
 * undefined when the agent did not subscribe to the workbin's events.
 */
export function workbinNotification(
  world: World,
  userName: string,
  workbinId: string,
  interaction: SimInteraction,
  change: 'added' | 'removed',
): Record<string, unknown> | undefined {
  const state = stateOf(world);
  if (state.subscriptions.get(userName)?.has(workbinId) !== true) return undefined;
  const workbin = WORKBINS.find((candidate) => workbinIdOf(candidate) === workbinId);
  const cause = state.lastChange.get(interaction.id);
  return {
    messageType: 'workbinNotificationResource',
    operation: change === 'added' ? 'Create' : 'Delete',
    workbinContentOperation: change === 'added' ? 'PlacedIn' : 'TakenOut',
    interaction: {
      userData: { ...interaction.userData },
      currentQueue: interaction.queue,
      interactionSubtType: interaction.subType,
      interactionSubType: interaction.subType,
      // Interaction Server keeps a workbin's interactions queued (003's sample: Queued).
      state: interaction.state === 'InWorkbin' ? 'Queued' : interaction.state,
      parentId: interaction.parentId ?? '',
      id: interaction.id,
      channel: interaction.channel,
      interactionType: interaction.type,
    },
    workbinInfo: {
      workbinTypeId: workbin?.configName ?? workbinId,
      workbinGroupId: null,
      workbinPlaceGroupId: null,
      workbinAgentId: workbin?.shared === false ? userName : null,
      workbinPlaceId: null,
    },
    actorInfo: {
      agentId: cause?.actor ?? null,
      actorMediaServerId: null,
      actorType: cause === undefined ? 'MediaServer' : 'Agent',
      actorPlaceId: null,
    },
    // Interaction Server passes on the reason its requester gave (a code, its description and
    // system name, as in 003's sample). The workbin operations 003 documents carry none, so
    // there is none to tell: the sample's shape with nothing in it, not words made up here
    // (the desk would show them as why the item was placed).
    reasonInfo: { reason: null, reasonDescription: null, reasonName: null },
  };
}

/**
 * GetWorkbinContent's CometD answer (003 line ~1384: "a list of InteractionStateMessages"): each
 * interaction in the dialect's InteractionStateMessage form, with the `Queued` state a workbin's
 * interactions have and no capabilities (only PullInteractionFromWorkbin applies to them).
 */
function workbinContentMessage(
  dialect: Dialect,
  world: World,
  workbin: WorkbinDefinition,
  user: SimUser,
): Record<string, unknown> {
  return {
    messageType: 'WorkbinContent',
    workbinId: workbinIdOf(workbin),
    workbinName: workbin.workbinName,
    interactions: contentOf(world, workbin, user.userName).map((interaction) => {
      const message = interactionMessage(dialect, interaction, 'PropertiesChanged');
      const target = dialect === 'b' ? (message.interaction as Record<string, unknown>) : message;
      target.state = 'Queued';
      target.capabilities = [];
      return message;
    }),
  };
}

// ---- operations ---------------------------------------------------------------------------------

/** Workbin operations on an interaction (003, Interactions API: PlaceInWorkbin, GetWorkbinContent). */
export const workbinInteractionOperations: Readonly<Record<string, InteractionOperation>> = {
  PlaceInWorkbin: (context, interaction, body) => {
    const workbin = findWorkbin(requireString(body, 'workbin'));
    // Only from the desk: moving what already sits in a workbin is AddInteractionToWorkbin's.
    requireOwnedBy(interaction, context.user.userName);
    place(context, interaction, workbin);
    return undefined;
  },
  GetWorkbinContent: (context, _interaction, body) => {
    const workbin = findWorkbin(requireString(body, 'workbin'));
    const { world, dialect, user } = context;
    context.later(() => {
      world.publish(
        user.userName,
        '/v2/me/workbins',
        workbinContentMessage(dialect, world, workbin, user),
      );
    });
    return undefined;
  },
};

/** The workbin and interaction ids of a `…/me/workbins/{workbinId}/interactions/{id}` URI. */
function parseWorkbinInteractionUri(uri: string): { workbinId: string; interactionId: string } {
  const match = /\/me\/workbins\/([^/?#]+)\/interactions\/([^/?#]+)/.exec(uri);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new GwsFailure(
      StatusCode.missingParameter,
      "Parameter 'uri' must name /me/workbins/{workbinId}/interactions/{interactionId}",
    );
  }
  return {
    workbinId: decodeURIComponent(match[1]),
    interactionId: decodeURIComponent(match[2]),
  };
}

/**
 * `POST /me/interactions` operations of the workbins page: PullInteractionFromWorkbin with the
 * `uri` AddInteractionToWorkbin answered (or, as a convenience, `workbinId` and `interactionId`).
 */
export const workbinCollectionOperations: Readonly<Record<string, MeOperation>> = {
  PullInteractionFromWorkbin: (context, body) => {
    const uri = optionalString(body, 'uri');
    const target =
      uri === undefined
        ? {
            workbinId: requireString(body, 'workbinId'),
            interactionId: requireString(body, 'interactionId'),
          }
        : parseWorkbinInteractionUri(uri);
    pull(context, findWorkbin(target.workbinId), target.interactionId);
    return undefined;
  },
};

function param(context: RouteContext, index: number): string {
  const value = context.params[index];
  if (value === undefined) throw new Error(`route parameter ${index} missing`);
  return value;
}

/** A workbin POST's `operationName`: absent where 003's input has none, else one of `names`. */
function checkOperationName(
  body: RequestBody,
  names: readonly string[],
  optional: boolean,
): string {
  const name = body.operationName;
  if (name === undefined && optional) return names[0] ?? '';
  if (typeof name !== 'string' || name === '') {
    throw new GwsFailure(StatusCode.missingParameter, "Missing required parameter 'operationName'");
  }
  if (!names.includes(name)) throw invalidState(`Operation '${name}' is not supported here`);
  return name;
}

const SUBSCRIBE = ['Subscribe', 'SubscribeWorkbinEvents'];
const UNSUBSCRIBE = ['Unsubscribe', 'UnsubscribeWorkbinEvents'];

/** `/me/workbins` resources and operations (003, "Workbins"). */
export const workbinRoutes: readonly Route[] = [
  {
    // GetWorkbinTypesInfo. 003's sample answers `status: 0`; Return Values' `statusCode` is added.
    method: 'GET',
    pattern: /^\/me\/workbins$/,
    style: 'resource',
    handle: () => ({ kind: 'resource', body: { status: 0, workbins: WORKBINS.map(typesInfoOf) } }),
  },
  {
    method: 'GET',
    pattern: /^\/me\/workbins\/([^/]+)$/,
    style: 'resource',
    handle: (context) => ({
      kind: 'resource',
      body: { workbin: typesInfoOf(findWorkbin(param(context, 0))) },
    }),
  },
  {
    // SubscribeWorkbinEvents / UnsubscribeWorkbinEvents (003 names the operations Subscribe and
    // Unsubscribe in the request bodies; both spellings are accepted).
    method: 'POST',
    pattern: /^\/me\/workbins\/([^/]+)$/,
    style: 'operation',
    handle: async (context) => {
      const workbin = findWorkbin(param(context, 0));
      const body = await readJsonBody(context.request);
      const name = checkOperationName(body, [...SUBSCRIBE, ...UNSUBSCRIBE], false);
      const { subscriptions } = stateOf(context.world);
      const mine = subscriptions.get(context.user.userName) ?? new Set<string>();
      if (SUBSCRIBE.includes(name)) mine.add(workbinIdOf(workbin));
      else mine.delete(workbinIdOf(workbin));
      subscriptions.set(context.user.userName, mine);
      return { kind: 'operation', numericStatus: true };
    },
  },
  {
    // GetWorkbinContent: `?fields=*` gives the interactions, without it their URIs.
    method: 'GET',
    pattern: /^\/me\/workbins\/([^/]+)\/interactions$/,
    style: 'resource',
    handle: (context) => {
      const workbin = findWorkbin(param(context, 0));
      const content = contentOf(context.world, workbin, context.user.userName);
      if (context.url.searchParams.get('fields') === '*') {
        return {
          kind: 'resource',
          body: {
            interactions: content.map((interaction) => contentItemOf(context.world, interaction)),
          },
        };
      }
      const base = `${context.apiBase}/me/workbins/${workbinIdOf(workbin)}`;
      return {
        kind: 'resource',
        body: { uris: content.map((interaction) => `${base}/interactions/${interaction.id}`) },
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/me\/workbins\/([^/]+)\/interactions\/([^/]+)$/,
    style: 'resource',
    handle: (context) => {
      const workbin = findWorkbin(param(context, 0));
      const id = param(context, 1);
      const interaction = context.world.interactions.get(id);
      if (interaction === undefined || !inWorkbinOf(interaction, workbin, context.user.userName))
        throw notFound(`Interaction ${id} not found in workbin`);
      return {
        kind: 'resource',
        body: { interaction: contentItemOf(context.world, interaction) },
      };
    },
  },
  {
    // AddInteractionToWorkbin: 003's input is only `{"interactionId": id}`.
    method: 'POST',
    pattern: /^\/me\/workbins\/([^/]+)\/interactions$/,
    style: 'operation',
    handle: async (context) => {
      const workbin = findWorkbin(param(context, 0));
      const body = await readJsonBody(context.request);
      checkOperationName(body, ['AddInteractionToWorkbin'], true);
      const interaction = visibleInteraction(context, requireString(body, 'interactionId'));
      place(context, interaction, workbin);
      // The ids are base64 without `/` or `+`, so they stand in a path as they are (as in 003).
      const workbinId = workbinIdOf(workbin);
      return {
        kind: 'operation',
        body: { uri: `${context.apiBase}/me/workbins/${workbinId}/interactions/${interaction.id}` },
        numericStatus: true,
      };
    },
  },
];

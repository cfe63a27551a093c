import { isMediaChannel, type MediaChannel } from '../model';
import type { AgentStateDescriptor } from '../world';
import {
  GwsFailure,
  invalidState,
  requireString,
  StatusCode,
  type MeOperation,
  type OperationContext,
  type RequestBody,
} from './types';
import { forgetWorkbinSubscriptions } from './workbins';

function agentOf(context: OperationContext) {
  return context.world.agent(context.user.userName);
}

/** A user created with `mustChangePassword` may do nothing but ChangePassword with firstLogin. */
export function requireNoPendingPasswordChange(context: OperationContext): void {
  if (context.user.mustChangePassword) {
    throw new GwsFailure(
      StatusCode.forbidden,
      'The password must be changed first (ChangePassword with firstLogin=true)',
    );
  }
}

/** Agent-state operations need a contact center session (StartContactCenterSession). */
export function requireContactCenterSession(context: OperationContext): void {
  requireNoPendingPasswordChange(context);
  if (!agentOf(context).sessionStarted) {
    throw invalidState('No contact center session: call StartContactCenterSession first');
  }
}

/** The agent's channels that are in the contact center session (not Logout). */
function loggedInChannels(context: OperationContext): MediaChannel[] {
  return [...agentOf(context).channels]
    .filter(([, state]) => state.state !== 'Logout')
    .map(([channel]) => channel);
}

/**
 * An agent-state operation (Ready, NotReady, AfterCallWork, a custom state, …) on every channel
 * the agent is logged in to (003, "Ready for All Channels" / "NotReady For All Channels").
 */
function allChannels(descriptor: AgentStateDescriptor): MeOperation {
  return (context, body) => {
    requireContactCenterSession(context);
    const channels = loggedInChannels(context);
    // 003's failure sample for Ready/NotReady on /me.
    if (channels.length === 0) throw invalidState('Agent is not logged in to any channel');
    const reason = typeof body.reason === 'string' ? body.reason : undefined;
    context.world.setChannelState(context.user.userName, channels, descriptor, reason);
    return undefined;
  };
}

/** A password parameter: base64 (003, "Change Password"), decoded as UTF-8. */
function decodeBase64Password(body: RequestBody, name: string): string {
  const encoded = requireString(body, name);
  const decoded = Buffer.from(encoded, 'base64');
  if (
    decoded.length === 0 ||
    decoded.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')
  ) {
    throw new GwsFailure(StatusCode.missingParameter, `Parameter '${name}' must be base64-encoded`);
  }
  return decoded.toString('utf8');
}

/** The `/v2/me` password notifications of 003 ("Asynchronous Telephony Operations Notifications"). */
const PASSWORD_CHANGE_ERROR = {
  guidelines: { errorCode: 1, errorMessage: 'Password does not meet security guidelines' },
  oldPassword: { errorCode: 2, errorMessage: 'Did not enter old password correctly' },
} as const;

/**
 * `POST /me` operations (003: Channels API "/me", Presence, Change Password, Device/Channel
 * Management). Errors: 1 for a malformed parameter, 2 for an operation the agent's state does not
 * allow (no contact center session, DND already on/off), 3 while the initial password must be
 * changed.
 */
export const meOperations: Readonly<Record<string, MeOperation>> = {
  StartContactCenterSession: (context, body) => {
    requireNoPendingPasswordChange(context);
    const requested = body.channels;
    let channels: MediaChannel[];
    if (requested === undefined) {
      channels = [...context.user.channels];
    } else if (
      Array.isArray(requested) &&
      requested.every((channel) => typeof channel === 'string')
    ) {
      // Channels the simulator has no media for (003's example names "voice") are left out.
      channels = requested
        .filter(isMediaChannel)
        .filter((channel) => context.user.channels.includes(channel));
    } else {
      throw new GwsFailure(
        StatusCode.missingParameter,
        "Parameter 'channels' must be an array of channel names",
      );
    }
    // 003 "Features": with a feature disabled, its operations answer as if it did not exist.
    if (context.features === 'multimediaDisabled' && channels.length > 0)
      throw invalidState(`Invalid channels for this contact center: ${channels.join(', ')}`);
    context.world.startSession(context.user.userName, channels);
    return undefined;
  },
  /**
   * Logs the agent out of every channel and, as 003's Presence table says, invalidates the HTTP
   * session: the next request needs Basic credentials again (and so gets a new CSRF token). The
   * session of this request only (003: "Invalidate the HTTP session"): the same user's other
   * sessions, a second desk signed in elsewhere, were invalidated too, which 003 does not say.
   */
  EndContactCenterSession: (context) => {
    requireContactCenterSession(context);
    const { world } = context;
    const userName = context.user.userName;
    world.endSession(userName);
    forgetWorkbinSubscriptions(world, userName);
    // After the answer, which still goes out with this session's headers.
    context.later(() => {
      context.endHttpSession();
    });
    return undefined;
  },
  DoNotDisturbOn: (context) => {
    requireContactCenterSession(context);
    if (agentOf(context).dnd) throw invalidState('Do Not Disturb is already on');
    context.world.setDnd(context.user.userName, true);
    return undefined;
  },
  /** Ends the /me DND and every channel's own (003: "for all of a user's devices and channels"). */
  DoNotDisturbOff: (context) => {
    requireContactCenterSession(context);
    const agent = agentOf(context);
    if (!agent.dnd && agent.dndChannels.size === 0)
      throw invalidState('Do Not Disturb is already off');
    context.world.setDnd(context.user.userName, false);
    return undefined;
  },
  /**
   * ChangePassword is asynchronous (003: its outcome is a `/v2/me` notification): a well-formed
   * request answers success, and then `PasswordChangeSuccessful`, or `PasswordChangeError` with
   * errorCode 2 for a wrong old password and 1 for a new password the rules refuse (empty or the
   * same as the old one). Passwords that are not base64 are malformed requests (1). The change
   * itself is immediate: the new password works for Basic at once, the old one no more.
   */
  ChangePassword: (context, body) => {
    const oldPassword = decodeBase64Password(body, 'oldPassword');
    const newPassword = decodeBase64Password(body, 'newPassword');
    const { user, world } = context;
    let outcome: Record<string, unknown>;
    if (oldPassword !== user.password) {
      outcome = { notificationType: 'PasswordChangeError', ...PASSWORD_CHANGE_ERROR.oldPassword };
    } else if (newPassword.trim() === '' || newPassword === oldPassword) {
      outcome = { notificationType: 'PasswordChangeError', ...PASSWORD_CHANGE_ERROR.guidelines };
    } else {
      user.password = newPassword;
      user.mustChangePassword = false;
      outcome = { notificationType: 'PasswordChangeSuccessful' };
    }
    context.later(() => {
      world.notifyMe(user.userName, outcome);
    });
    return undefined;
  },
};

/**
 * The `POST /me` operation called `operationName`: a built-in one, or an agent state of
 * `/settings/agent-states` (Ready, NotReady, AfterCallWork, AuxWork, custom ones such as
 * OutToLunch) on all channels. Offline (a Logout state) is EndContactCenterSession's business.
 */
export function meOperation(
  context: OperationContext,
  operationName: string,
): MeOperation | undefined {
  const builtIn = meOperations[operationName];
  if (builtIn) return builtIn;
  const descriptor = context.world.agentStateByOperation(operationName);
  return descriptor && descriptor.state !== 'Logout' ? allChannels(descriptor) : undefined;
}

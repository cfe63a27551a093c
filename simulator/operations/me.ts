import { isMediaChannel, MEDIA_CHANNELS, type MediaChannel } from '../model';
import {
  GwsFailure,
  invalidState,
  requireString,
  StatusCode,
  type MeOperation,
  type OperationContext,
  type RequestBody,
} from './types';

function agentOf(context: OperationContext) {
  return context.world.agent(context.user.userName);
}

function requireSession(context: OperationContext): void {
  if (context.user.mustChangePassword) {
    throw new GwsFailure(
      StatusCode.forbidden,
      'The password must be changed first (ChangePassword with firstLogin=true)',
    );
  }
  if (!agentOf(context).sessionStarted) {
    throw invalidState('No contact center session: call StartContactCenterSession first');
  }
}

/** An agent-state operation (Ready, NotReady, AfterCallWork, …) on every channel of the agent. */
function allChannels(operationName: string): MeOperation {
  return (context, body) => {
    requireSession(context);
    const descriptor = context.world.agentStateByOperation(operationName);
    if (!descriptor)
      throw new GwsFailure(StatusCode.notFound, `Unknown agent state ${operationName}`);
    const reason = typeof body.reason === 'string' ? body.reason : undefined;
    context.world.setChannelState(
      context.user.userName,
      [...agentOf(context).channels.keys()],
      descriptor,
      reason,
    );
    return undefined;
  };
}

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

/** `POST /me` operations (003: Channels API "/me", Presence, Change Password). */
export const meOperations: Readonly<Record<string, MeOperation>> = {
  StartContactCenterSession: (context, body) => {
    if (context.user.mustChangePassword) {
      throw new GwsFailure(
        StatusCode.forbidden,
        'The password must be changed first (ChangePassword with firstLogin=true)',
      );
    }
    const requested = body.channels;
    let channels: MediaChannel[];
    if (requested === undefined) {
      channels = [...context.user.channels];
    } else if (
      Array.isArray(requested) &&
      requested.every((channel) => typeof channel === 'string')
    ) {
      channels = requested
        .filter(isMediaChannel)
        .filter((channel) => context.user.channels.includes(channel));
    } else {
      throw new GwsFailure(
        StatusCode.missingParameter,
        "Parameter 'channels' must be an array of channel names",
      );
    }
    context.world.startSession(context.user.userName, channels);
    return undefined;
  },
  EndContactCenterSession: (context) => {
    context.world.endSession(context.user.userName);
    return undefined;
  },
  Ready: allChannels('Ready'),
  NotReady: allChannels('NotReady'),
  DoNotDisturbOn: (context) => {
    requireSession(context);
    context.world.setDnd(context.user.userName, true);
    return undefined;
  },
  DoNotDisturbOff: (context) => {
    requireSession(context);
    context.world.setDnd(context.user.userName, false);
    return undefined;
  },
  ChangePassword: (context, body) => {
    const oldPassword = decodeBase64Password(body, 'oldPassword');
    const newPassword = decodeBase64Password(body, 'newPassword');
    if (oldPassword !== context.user.password) {
      throw new GwsFailure(StatusCode.forbidden, 'The old password does not match');
    }
    if (newPassword === oldPassword) {
      throw invalidState('The new password must differ from the old one');
    }
    context.user.password = newPassword;
    context.user.mustChangePassword = false;
    context.world.notifyMe(context.user.userName, {
      messageType: 'PasswordChanged',
      userName: context.user.userName,
    });
    return undefined;
  },
};

/** Agent-state operations beyond Ready/NotReady, from `/settings/agent-states`. */
export function meOperation(
  context: OperationContext,
  operationName: string,
): MeOperation | undefined {
  const builtIn = meOperations[operationName];
  if (builtIn) return builtIn;
  const descriptor = context.world.agentStateByOperation(operationName);
  return descriptor && descriptor.state !== 'Logout' ? allChannels(operationName) : undefined;
}

export { MEDIA_CHANNELS };

import type { MediaChannel } from '../model';
import { invalidState, type ChannelOperation, type OperationContext } from './types';
import { requireContactCenterSession } from './me';

/** A channel the session logged in to: 003's failure sample for Ready/NotReady on a channel. */
function requireLoggedIn(context: OperationContext, channel: MediaChannel): void {
  const agent = context.world.agent(context.user.userName);
  if (agent.channels.get(channel)?.state === 'Logout')
    throw invalidState(`Channel ${channel} is not available for this agent`);
}

/**
 * DoNotDisturbOn / DoNotDisturbOff on one channel (003, "Device/Channel Management":
 * "/channels/{id}—set 'do not disturb' on a specific channel"). Refused (2) like the /me ones
 * when it is on (off) already on that channel, and Off while DND is on for the whole agent: the
 * /me DND covers every channel, and only DoNotDisturbOff on /me ends it.
 */
function channelDnd(on: boolean): ChannelOperation {
  return (context, channel) => {
    requireContactCenterSession(context);
    requireLoggedIn(context, channel);
    const agent = context.world.agent(context.user.userName);
    if (!on && agent.dnd && !agent.dndChannels.has(channel))
      throw invalidState('Do Not Disturb is on for all channels: turn it off on /me');
    if (agent.dndChannels.has(channel) === on)
      throw invalidState(`Do Not Disturb is already ${on ? 'on' : 'off'} on ${channel}`);
    context.world.setChannelDnd(context.user.userName, channel, on);
    return undefined;
  };
}

/** The operations of a channel that are not agent states. */
const CHANNEL_DND: Readonly<Record<string, ChannelOperation>> = {
  DoNotDisturbOn: channelDnd(true),
  DoNotDisturbOff: channelDnd(false),
};

/**
 * `POST /me/channels/{channel}` (003, "Set Agent State for a Particular Channel"): Ready,
 * NotReady, or any agent state of `/settings/agent-states` (AfterCallWork, AuxWork, custom ones
 * such as OutToLunch) on that one channel; and DoNotDisturbOn/Off there (see {@link channelDnd}).
 * Errors: 2 before StartContactCenterSession or on a channel the session did not log in, 3 while
 * the initial password must be changed. Unknown channels are 6 before any operation runs
 * (routes.ts).
 */
export function channelOperation(
  context: OperationContext,
  operationName: string,
): ChannelOperation | undefined {
  const dnd = CHANNEL_DND[operationName];
  if (dnd !== undefined) return dnd;
  const descriptor = context.world.agentStateByOperation(operationName);
  if (!descriptor || descriptor.state === 'Logout') return undefined;
  return (operationContext, channel, body) => {
    requireContactCenterSession(operationContext);
    requireLoggedIn(operationContext, channel);
    const reason = typeof body.reason === 'string' ? body.reason : undefined;
    operationContext.world.setChannelState(
      operationContext.user.userName,
      [channel],
      descriptor,
      reason,
    );
    return undefined;
  };
}

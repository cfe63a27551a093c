import { invalidState, type ChannelOperation, type OperationContext } from './types';
import { requireContactCenterSession } from './me';

/**
 * `POST /me/channels/{channel}` (003, "Set Agent State for a Particular Channel"): Ready,
 * NotReady, or any agent state of `/settings/agent-states` (AfterCallWork, AuxWork, custom ones
 * such as OutToLunch) on that one channel. Errors: 2 before StartContactCenterSession or on a
 * channel the session did not log in, 3 while the initial password must be changed. Unknown
 * channels are 6 before any operation runs (routes.ts).
 */
export function channelOperation(
  context: OperationContext,
  operationName: string,
): ChannelOperation | undefined {
  const descriptor = context.world.agentStateByOperation(operationName);
  if (!descriptor || descriptor.state === 'Logout') return undefined;
  return (operationContext, channel, body) => {
    requireContactCenterSession(operationContext);
    const agent = operationContext.world.agent(operationContext.user.userName);
    if (agent.channels.get(channel)?.state === 'LoggedOut') {
      // 003's failure sample for Ready/NotReady on a channel.
      throw invalidState(`Channel ${channel} is not available for this agent`);
    }
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

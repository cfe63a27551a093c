import {
  GwsFailure,
  invalidState,
  StatusCode,
  type ChannelOperation,
  type OperationContext,
} from './types';

/**
 * `POST /me/channels/{channel}`: Ready, NotReady, or any agent state of `/settings/agent-states`
 * (AfterCallWork, AuxWork, custom ones) on that one channel.
 */
export function channelOperation(
  context: OperationContext,
  operationName: string,
): ChannelOperation | undefined {
  const descriptor = context.world.agentStateByOperation(operationName);
  if (!descriptor || descriptor.state === 'Logout') return undefined;
  return (operationContext, channel, body) => {
    if (operationContext.user.mustChangePassword) {
      throw new GwsFailure(
        StatusCode.forbidden,
        'The password must be changed first (ChangePassword with firstLogin=true)',
      );
    }
    const agent = operationContext.world.agent(operationContext.user.userName);
    if (!agent.sessionStarted)
      throw invalidState('No contact center session: call StartContactCenterSession first');
    if (agent.channels.get(channel)?.state === 'LoggedOut') {
      throw invalidState(`Channel ${channel} is not part of the contact center session`);
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

import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../common/errors';
import type { ChatEvent, InteractionDetail } from '../../common/model';
import type { GwsOperations } from '../gws/operations';
import { finishInteraction } from './finishing';

function joined(authorType: string, eventId: number): ChatEvent {
  return { eventId, kind: 'joined', authorType, authorName: authorType, authorId: authorType };
}

/** A chat the agent works on with the customer still in it, offering `capabilities`. */
function liveChat(capabilities: string[]): InteractionDetail {
  return {
    id: 'chat-1',
    channel: 'chat',
    state: 'Accepted',
    phase: 'working',
    capabilities,
    transcript: [joined('Client', 1), joined('Agent', 2)],
  } as unknown as InteractionDetail;
}

/**
 * Operations that record what was asked and refuse, as a server does, what the interaction's
 * capabilities do not offer (003 "statusCode 2: not valid for the current state").
 */
function operationsOffering(capabilities: string[]) {
  const sent: string[] = [];
  const answer = (name: string): Promise<Result<undefined>> => {
    sent.push(name);
    return Promise.resolve(
      capabilities.includes(name)
        ? ok(undefined)
        : err('invalidState', `Operation ${name} is not valid for the current state`),
    );
  };
  const withParsedArgs = {
    endChatSession: () => answer('EndChatSession'),
    leaveChat: () => answer('LeaveChat'),
    stopProcessing: () => answer('StopProcessing'),
    getInteraction: () => Promise.resolve(err('notFound', 'gone')),
  };
  return { sent, operations: { withParsedArgs } as unknown as GwsOperations };
}

describe('finishInteraction (Done)', () => {
  it('on a live chat of 003’s dialect (no EndChatSession nor LeaveChat offered) goes straight to StopProcessing', async () => {
    // 003 "Chat Accepted": the capabilities an accepted chat is offered in its dialect.
    const capabilities = [
      'Transfer',
      'PlaceInQueue',
      'StopProcessing',
      'PlaceInWorkbin',
      'UpdateProperties',
    ];
    const { sent, operations } = operationsOffering(capabilities);
    await finishInteraction(operations, 'chat-1', liveChat(capabilities));
    expect(sent).toEqual(['StopProcessing']);
  });

  it('on a live chat of 000’s dialect ends the chat first (EndChatSession)', async () => {
    const capabilities = ['StopProcessing', 'LeaveChat', 'EndChatSession', 'Send'];
    const { sent, operations } = operationsOffering(capabilities);
    await finishInteraction(operations, 'chat-1', liveChat(capabilities));
    expect(sent).toEqual(['EndChatSession']);
  });

  it('on a live chat offering only LeaveChat leaves it, then StopProcessing', async () => {
    const capabilities = ['StopProcessing', 'LeaveChat', 'Send'];
    const { sent, operations } = operationsOffering(capabilities);
    const getInteraction = () => Promise.resolve(ok({ id: 'chat-1', state: 'Accepted' }));
    (operations.withParsedArgs as unknown as Record<string, unknown>).getInteraction =
      getInteraction;
    await finishInteraction(operations, 'chat-1', liveChat(capabilities));
    expect(sent).toEqual(['LeaveChat', 'StopProcessing']);
  });
});

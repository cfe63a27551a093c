import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LAST_LINE_TEXT_LIMIT,
  answersCustomer,
  awaitingReplySince,
  endsWait,
  lastLineOf,
  waitingForAgentSince,
} from './chatReply';
import type { InteractionPhase } from './interactionStates';
import type { ChatEvent } from './model';

let nextId = 0;
function line(
  kind: ChatEvent['kind'],
  authorType: string | undefined,
  at: number | undefined,
  visibility?: string,
): ChatEvent {
  nextId += 1;
  return {
    eventId: nextId,
    kind,
    ...(authorType === undefined ? {} : { authorType }),
    ...(at === undefined ? {} : { at }),
    ...(visibility === undefined ? {} : { visibility }),
  };
}
const customer = (at?: number) => line('message', 'Client', at);
const agent = (at?: number, visibility?: string) => line('message', 'Agent', at, visibility);

describe('awaitingReplySince', () => {
  it('waits from the customer’s first message after the agent’s last one to everyone', () => {
    expect(awaitingReplySince(undefined, [customer(10), customer(20)], 99)).toBe(10);
    expect(awaitingReplySince(undefined, [customer(10), agent(15), customer(20)], 99)).toBe(20);
    expect(awaitingReplySince(undefined, [customer(10), agent(15)], 99)).toBeUndefined();
    // Already waiting: a later message does not restart the wait.
    expect(awaitingReplySince(5, [customer(10)], 99)).toBe(5);
    // 004 names the customer Customer; any case.
    expect(awaitingReplySince(undefined, [line('message', 'CUSTOMER', 7)], 99)).toBe(7);
  });

  it('is not answered by a line to the agents only, a bot, a notice or a join; ends when the customer leaves', () => {
    expect(awaitingReplySince(10, [agent(15, 'Int')], 99)).toBe(10);
    expect(awaitingReplySince(10, [line('message', 'External', 15)], 99)).toBe(10);
    expect(awaitingReplySince(10, [line('notice', 'Agent', 15)], 99)).toBe(10);
    expect(awaitingReplySince(10, [line('joined', 'Agent', 15)], 99)).toBe(10);
    expect(awaitingReplySince(undefined, [line('message', undefined, 15)], 99)).toBeUndefined();
    expect(awaitingReplySince(10, [line('left', 'Client', 15)], 99)).toBeUndefined();
    expect(awaitingReplySince(10, [line('left', 'Agent', 15)], 99)).toBe(10);
    // A line the server did not time waits from its arrival.
    expect(awaitingReplySince(undefined, [customer()], 99)).toBe(99);
  });

  it('folded a delivery at a time, or read from the last line that ended a wait, gives what all the lines at once give', () => {
    const anyLine = fc
      .tuple(
        fc.constantFrom<ChatEvent['kind']>('message', 'notice', 'joined', 'left'),
        fc.constantFrom('Client', 'Customer', 'Agent', 'External', undefined),
        fc.option(fc.nat({ max: 1_000 }), { nil: undefined }),
        fc.constantFrom('All', 'Int', undefined),
      )
      .map(([kind, type, at, visibility]) => line(kind, type, at, visibility));
    fc.assert(
      fc.property(
        fc.array(fc.array(anyLine, { maxLength: 6 }), { maxLength: 6 }),
        fc.nat({ max: 1_000 }),
        (deliveries, arrivedAt) => {
          const folded = deliveries.reduce<number | undefined>(
            (since, lines) => awaitingReplySince(since, lines, arrivedAt),
            undefined,
          );
          const all = deliveries.flat();
          expect(folded).toBe(awaitingReplySince(undefined, all, arrivedAt));
          // What the cache reads (main/cache/store.ts `awaitingReply`): the tail alone.
          const tail = all.slice(Math.max(0, all.findLastIndex(endsWait)));
          expect(awaitingReplySince(undefined, tail, arrivedAt)).toBe(folded);
        },
      ),
    );
  });
});

describe('a chat waiting for this agent', () => {
  it('is one the agent answers whose row has a wait: not an invitation, an ended chat, nor one the agent was consulted on', () => {
    const row = (state: string, phase: InteractionPhase, since?: number) => ({
      state,
      phase,
      ...(since === undefined ? {} : { awaitingReplySince: since }),
    });
    expect(waitingForAgentSince(row('Accepted', 'working', 5))).toBe(5);
    expect(waitingForAgentSince(row('PropertiesChanged', 'working', 5))).toBe(5);
    expect(waitingForAgentSince(row('Accepted', 'working'))).toBeUndefined();
    expect(waitingForAgentSince(row('Invited', 'invited', 5))).toBeUndefined();
    expect(waitingForAgentSince(row('Completed', 'ended', 5))).toBeUndefined();
    // Consulted, or added to a conference: the customer waits for the owner's answer.
    expect(waitingForAgentSince(row('InvitedConference', 'working', 5))).toBeUndefined();
    expect(answersCustomer(row('InvitedConference', 'working'))).toBe(false);
    expect(answersCustomer(row('Accepted', 'working'))).toBe(true);
    expect(answersCustomer(undefined)).toBe(false);
  });
});

describe('lastLineOf', () => {
  it('answers the last message (to anyone) or leaving, not a notice or a join after it', () => {
    const said = { ...customer(10), text: 'Where is it?', authorId: 'c-1' };
    const internal = agent(20, 'Int');
    expect(lastLineOf([said, line('notice', 'Client', 12), line('joined', 'Agent', 13)])).toEqual({
      eventId: said.eventId,
      kind: 'message',
      authorType: 'Client',
      text: 'Where is it?',
      at: 10,
    });
    expect(lastLineOf([said, internal])).toEqual(internal);
    const left = line('left', 'Client', 30);
    expect(lastLineOf([said, left, line('notice', undefined, 31)])).toEqual(left);
    expect(lastLineOf([line('joined', 'Client', 1)])).toBeUndefined();
    expect(lastLineOf([])).toBeUndefined();
  });

  it('cuts a long text to the limit, never through a character', () => {
    const long = '😀'.repeat(LAST_LINE_TEXT_LIMIT + 5);
    const text = lastLineOf([{ ...customer(1), text: long }])?.text ?? '';
    expect(Array.from(text)).toHaveLength(LAST_LINE_TEXT_LIMIT);
    expect(text).toBe('😀'.repeat(LAST_LINE_TEXT_LIMIT));
    expect(lastLineOf([{ ...customer(1), text: 'short' }])?.text).toBe('short');
  });
});

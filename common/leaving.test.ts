import { describe, expect, it } from 'vitest';
import { customerStillInChat, workInProgress } from './leaving';
import type { ChatEvent, InteractionSummary } from './model';

function summary(overrides: Partial<InteractionSummary>): InteractionSummary {
  return {
    id: 'i1',
    channel: 'chat',
    state: 'Accepted',
    phase: 'working',
    firstSeenAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

function line(kind: ChatEvent['kind'], authorType: string, eventId: number): ChatEvent {
  return {
    eventId,
    kind,
    authorType,
    authorName: `${authorType} ${String(eventId)}`,
    authorId: authorType,
  };
}

describe('workInProgress', () => {
  it('lists what the agent took and has not finished, with channel, subject and customer', () => {
    expect(
      workInProgress([
        summary({ id: 'chat', subject: ' Late order ', from: 'Tom Baker' }),
        summary({ id: 'mail', channel: 'email', state: 'ReplyCreated', subject: '   ' }),
        summary({ id: 'offer', state: 'Invited', phase: 'invited', subject: 'Offered' }),
        summary({ id: 'odd', channel: 'sms', state: 'Held', phase: 'other', from: 'Ann' }),
      ]),
    ).toEqual([
      { id: 'chat', channel: 'chat', subject: 'Late order', customer: 'Tom Baker' },
      { id: 'mail', channel: 'email' },
      { id: 'odd', channel: 'sms', customer: 'Ann' },
    ]);
  });
});

describe('customerStillInChat', () => {
  const working = { channel: 'chat', phase: 'working' as const };
  it('is true while the customer has joined and not left', () => {
    expect(
      customerStillInChat({
        ...working,
        transcript: [line('joined', 'Client', 1), line('joined', 'Agent', 2)],
      }),
    ).toBe(true);
  });
  it('is false once the customer left, even after the agent spoke', () => {
    expect(
      customerStillInChat({
        ...working,
        transcript: [
          line('joined', 'Client', 1),
          line('left', 'Client', 2),
          line('message', 'Agent', 3),
        ],
      }),
    ).toBe(false);
  });
  it('is false for e-mails, offers and chats with no customer line', () => {
    const joined = [line('joined', 'Client', 1)];
    expect(customerStillInChat({ ...working, channel: 'email', transcript: joined })).toBe(false);
    expect(customerStillInChat({ ...working, phase: 'invited', transcript: joined })).toBe(false);
    expect(customerStillInChat({ ...working, transcript: [line('joined', 'Agent', 1)] })).toBe(
      false,
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { InteractionSnapshot } from '../../common/model';
import { DraftStarts } from './draftStarts';

/** A draft's first snapshot as the normalizer gives it (002's "E-mail Reply Created"). */
function draft(id: string, fields: Partial<InteractionSnapshot> = {}): InteractionSnapshot {
  return {
    id,
    channel: 'email',
    state: 'ReplyCreated',
    type: 'Outbound',
    subType: 'OutboundReply',
    capabilities: ['Send', 'Cancel'],
    userData: {},
    ...fields,
  };
}

/** A request whose answer the test gives when it likes. */
function deferredAnswer(): {
  request: () => Promise<string | undefined>;
  answer: (id: string | undefined) => void;
} {
  let answer: (id: string | undefined) => void = () => undefined;
  const answered = new Promise<string | undefined>((resolve) => {
    answer = resolve;
  });
  return { request: () => answered, answer };
}

describe('DraftStarts', () => {
  it('answers the id the server names, and gives the draft arriving later its parent', async () => {
    const starts = new DraftStarts();
    expect(await starts.start('in-1', () => Promise.resolve('r-1'))).toBe('r-1');
    // Still waiting: the draft's notification comes after the answer.
    expect(starts.waiting).toBe(true);
    expect(starts.arrived(draft('r-1')).parentId).toBe('in-1');
    await Promise.resolve();
    await Promise.resolve();
    expect(starts.waiting).toBe(false);
  });

  it('answers a draft whose answer names none by its notification, which may come first', async () => {
    const starts = new DraftStarts();
    const later = deferredAnswer();
    const afterAnswer = starts.start('in-1', later.request);
    later.answer(undefined);
    await Promise.resolve();
    expect(starts.arrived(draft('r-1')).parentId).toBe('in-1');
    expect(await afterAnswer).toBe('r-1');

    const earlier = deferredAnswer();
    const beforeAnswer = starts.start('in-2', earlier.request);
    expect(starts.arrived(draft('r-2')).parentId).toBe('in-2');
    earlier.answer(undefined);
    expect(await beforeAnswer).toBe('r-2');
    expect(starts.waiting).toBe(false);
  });

  it("keeps the server's parent, and takes no draft that names another one", async () => {
    const starts = new DraftStarts();
    const pending = deferredAnswer();
    const started = starts.start('in-1', pending.request);
    // Another e-mail's reply (another window, the CLI) is not this start's draft.
    expect(starts.arrived(draft('other', { parentId: 'in-9' })).parentId).toBe('in-9');
    expect(starts.arrived(draft('r-1', { parentId: 'in-1' })).parentId).toBe('in-1');
    pending.answer(undefined);
    expect(await started).toBe('r-1');
  });

  it('gives a new e-mail no parent, and leaves what is not a draft alone', async () => {
    const starts = new DraftStarts();
    const pending = deferredAnswer();
    const started = starts.start(undefined, pending.request);
    const chat = draft('chat-1', { channel: 'chat', state: 'Invited', subType: 'InboundNew' });
    expect(starts.arrived(chat)).toBe(chat);
    const inbound = draft('in-5', { state: 'Invited', type: 'Inbound', subType: 'InboundNew' });
    expect(starts.arrived(inbound)).toBe(inbound);
    const created = draft('new-1', { subType: 'OutboundNew' });
    expect(starts.arrived(created)).toEqual(created);
    pending.answer(undefined);
    expect(await started).toBe('new-1');
  });

  it('takes no draft two unnamed starts could both own, and none pulled or handed over', async () => {
    const starts = new DraftStarts();
    const reply = deferredAnswer();
    const replyAll = deferredAnswer();
    const one = starts.start('in-1', reply.request);
    const two = starts.start('in-2', replyAll.request);
    // ReplyAll's draft comes before either answer: it could be either's, so it is neither's.
    const early = draft('r-2');
    expect(starts.arrived(early)).toBe(early);
    // A draft naming its original is that start's, whatever else waits.
    expect(starts.arrived(draft('r-9', { parentId: 'in-1' })).parentId).toBe('in-1');
    replyAll.answer('r-2');
    expect(await two).toBe('r-2');
    reply.answer(undefined);
    expect(await one).toBe('r-9');

    // One start alone: a draft pulled from a workbin (or handed over) is not the one it made.
    const pending = deferredAnswer();
    const alone = starts.start('in-3', pending.request, 50);
    const pulled = draft('old', { state: 'Pulled' });
    expect(starts.arrived(pulled)).toBe(pulled);
    expect(starts.arrived(draft('r-3')).parentId).toBe('in-3');
    pending.answer(undefined);
    expect(await alone).toBe('r-3');
  });

  it("trusts the answer over a draft taken for it, and waits for the answer's own", async () => {
    const starts = new DraftStarts();
    const pending = deferredAnswer();
    const started = starts.start('in-1', pending.request);
    starts.arrived(draft('guess'));
    pending.answer('r-1');
    expect(await started).toBe('r-1');
    expect(starts.waiting).toBe(true);
    expect(starts.arrived(draft('r-1')).parentId).toBe('in-1');
  });

  it('answers undefined when no draft arrives in time, and keeps nothing of a failed request', async () => {
    const starts = new DraftStarts();
    expect(await starts.start('in-1', () => Promise.resolve(undefined), 20)).toBeUndefined();
    expect(starts.waiting).toBe(false);
    // A draft arriving after that is nobody's: it waits in the inbox, as it arrived.
    expect(starts.arrived(draft('late')).parentId).toBeUndefined();

    const refused = starts.start('in-2', () => Promise.reject(new Error('invalidState')));
    await expect(refused).rejects.toThrow('invalidState');
    expect(starts.waiting).toBe(false);
  });

  it('stops waiting for a named draft that never arrives', async () => {
    const starts = new DraftStarts();
    expect(await starts.start('in-1', () => Promise.resolve('r-1'), 20)).toBe('r-1');
    expect(starts.waiting).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(starts.waiting).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { SwitchboardFailure } from '../../common/errors';
import type { ChangeSet } from '../../common/model';
import { head } from '../../tests/support/commits';
import type { Simulator } from '../../simulator/server';
import { signInAgent1, useSignedInDesks } from '../../tests/support/signedInDesks';
import { useSimulator } from '../../tests/support/simulatorHarness';
import { emptyChangeSet } from './cacheWriter';
import type { Desk } from './desk';
import { KEPT_CHAT_DRAFTS, PageMemoryKeeper } from './pageMemory';

/** A change set whose only part is the head of `id`, in `phase`. */
function headIn(id: string, phase: 'working' | 'ended'): ChangeSet {
  return {
    ...emptyChangeSet(),
    interactions: [head(id, phase === 'ended' ? 'Completed' : 'Accepted')],
  };
}

describe('PageMemoryKeeper', () => {
  it('keeps the open interaction and each chat box that holds something, and nothing with no account open', () => {
    const desk: { account: number | undefined } = { account: undefined };
    const page = new PageMemoryKeeper(() => desk.account);
    page.keepOpen('a');
    page.keepChatDraft('a', { text: 'Before sign-in', agentsOnly: false });
    expect(page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });

    desk.account = 1;
    page.keepOpen('a');
    page.keepChatDraft('a', { text: 'Half a thou', agentsOnly: false });
    // The choice of audience is kept with no text too: it is the agent's for the next line.
    page.keepChatDraft('b', { text: '', agentsOnly: true });
    page.keepChatDraft('c', { text: 'Gone', agentsOnly: false });
    page.keepChatDraft('c', { text: '', agentsOnly: false });
    expect(page.memory()).toEqual({
      open: 'a',
      chats: [
        { interactionId: 'a', text: 'Half a thou', agentsOnly: false },
        { interactionId: 'b', text: '', agentsOnly: true },
      ],
      caseEdits: [],
    });
  });

  it('forgets the box of a chat that ended, not the interaction open', () => {
    const page = new PageMemoryKeeper(() => 1);
    page.keepOpen('a');
    page.keepChatDraft('a', { text: 'Still typing', agentsOnly: false });
    page.keepChatDraft('b', { text: 'Other', agentsOnly: false });
    page.fold(headIn('a', 'working'));
    expect(page.memory().chats.map((chat) => chat.interactionId)).toEqual(['a', 'b']);
    page.fold(headIn('a', 'ended'));
    expect(page.memory()).toEqual({
      open: 'a',
      chats: [{ interactionId: 'b', text: 'Other', agentsOnly: false }],
      caseEdits: [],
    });
  });

  it('empties the box of a line the server took, its audience kept, unless the agent typed on', () => {
    const page = new PageMemoryKeeper(() => 1);
    page.keepChatDraft('a', { text: 'It left today. ', agentsOnly: false });
    page.keepChatDraft('b', { text: 'Priya, a refund?', agentsOnly: true });
    page.keepChatDraft('c', { text: 'Sent, and more typed', agentsOnly: false });
    page.lineSent('a', 'It left today.');
    page.lineSent('b', 'Priya, a refund?');
    page.lineSent('c', 'Sent');
    page.lineSent('d', 'Never kept');
    expect(page.memory().chats).toEqual([
      { interactionId: 'c', text: 'Sent, and more typed', agentsOnly: false },
      { interactionId: 'b', text: '', agentsOnly: true },
    ]);
  });

  it('answers a page loaded again once the lines on their way are answered: a line taken is out of its box, one refused in it', async () => {
    const page = new PageMemoryKeeper(() => 1);
    page.keepChatDraft('a', { text: 'It left today.', agentsOnly: false });
    page.keepChatDraft('b', { text: 'A refund is on its way.', agentsOnly: false });
    const answers: { a?: () => void; b?: (error: Error) => void } = {};
    const sentA = page.sendLine(
      'a',
      'It left today.',
      () => new Promise<void>((resolve) => (answers.a = resolve)),
    );
    const sentB = page.sendLine(
      'b',
      'A refund is on its way.',
      () => new Promise<void>((_resolve, reject) => (answers.b = reject)),
    );
    let read: Awaited<ReturnType<PageMemoryKeeper['memoryOnceLinesAnswered']>> | undefined;
    const reading = page.memoryOnceLinesAnswered().then((memory) => (read = memory));
    await Promise.resolve();
    expect(read).toBeUndefined();

    answers.a?.();
    answers.b?.(new Error('the server refused it'));
    await reading;
    await sentA;
    await expect(sentB).rejects.toThrow('the server refused it');
    expect(read?.chats).toEqual([
      { interactionId: 'b', text: 'A refund is on its way.', agentsOnly: false },
    ]);
  });

  it('keeps a line whose send had no answer in time until it shows in the transcript, then empties its box', async () => {
    const page = new PageMemoryKeeper(() => 1);
    page.keepChatDraft('a', { text: 'It left today.', agentsOnly: false });
    const timedOut = new SwitchboardFailure('timeout', 'SendMessage: no answer in 1500 ms');
    await expect(
      page.sendLine('a', 'It left today.', () => Promise.reject(timedOut)),
    ).rejects.toThrow(timedOut);
    // A refusal the server gave is no doubt: the page's own refusal says it was not sent.
    page.keepChatDraft('b', { text: 'Refused', agentsOnly: false });
    await expect(
      page.sendLine('b', 'Refused', () =>
        Promise.reject(new SwitchboardFailure('forbidden', 'no')),
      ),
    ).rejects.toThrow('no');
    expect(page.memory().chats).toEqual([
      {
        interactionId: 'a',
        text: 'It left today.',
        agentsOnly: false,
        lineInDoubt: { text: 'It left today.', error: timedOut.toError() },
      },
      { interactionId: 'b', text: 'Refused', agentsOnly: false },
    ]);
    // It went after all: the customer's line with its words is not it, the agent's is.
    const line = (authorType: string): ChangeSet['transcripts'][number]['lines'][number] => ({
      eventId: 7,
      kind: 'message',
      authorType,
      authorName: authorType,
      text: 'It left today.',
      at: 1,
    });
    page.fold({
      ...emptyChangeSet(),
      transcripts: [{ interactionId: 'a', lines: [line('Client')] }],
    });
    expect(page.memory().chats[0]?.lineInDoubt).toBeDefined();
    page.fold({
      ...emptyChangeSet(),
      transcripts: [{ interactionId: 'a', lines: [line('Agent')] }],
    });
    expect(page.memory().chats).toEqual([
      { interactionId: 'b', text: 'Refused', agentsOnly: false },
    ]);
  });

  it('answers once the chats a lost page left telling their customers the agent types', () => {
    const desk: { account: number | undefined } = { account: 1 };
    const page = new PageMemoryKeeper(() => desk.account);
    page.typingNotice('a', 'TypingStarted', false);
    page.typingNotice('a', 'TypingStarted', true);
    page.typingNotice('b', 'TypingStarted', false);
    // A stop counts once the server took it: one that failed may have left the customer reading.
    page.typingNotice('b', 'TypingStopped', false);
    page.typingNotice('c', 'TypingStarted', false);
    page.typingNotice('c', 'TypingStopped', false);
    page.typingNotice('c', 'TypingStopped', true);
    page.typingNotice('d', 'TypingStarted', false);
    page.fold(headIn('d', 'ended'));
    expect(page.takeTyping()).toEqual(['a', 'b']);
    expect(page.takeTyping()).toEqual([]);
    // Another account's page: nothing of the first one's.
    page.typingNotice('e', 'TypingStarted', false);
    desk.account = 2;
    expect(page.takeTyping()).toEqual([]);
  });

  it('keeps each interaction’s case-data edit until it is closed or the interaction ends', () => {
    const desk: { account: number | undefined } = { account: undefined };
    const page = new PageMemoryKeeper(() => desk.account);
    page.keepCaseEdit('a', { key: 'Notes', text: 'Before sign-in' });
    expect(page.memory().caseEdits).toEqual([]);

    desk.account = 1;
    page.keepCaseEdit('a', { key: 'Notes', text: 'Call back after 5' });
    page.keepCaseEdit('b', { key: 'ServiceType', text: 'Refund' });
    page.keepCaseEdit('c', { key: 'Notes', text: 'Saved' });
    page.keepCaseEdit('c', null);
    expect(page.memory().caseEdits).toEqual([
      { interactionId: 'a', key: 'Notes', text: 'Call back after 5' },
      { interactionId: 'b', key: 'ServiceType', text: 'Refund' },
    ]);
    page.fold(headIn('b', 'ended'));
    expect(page.memory().caseEdits.map((edit) => edit.interactionId)).toEqual(['a']);
    page.clear();
    expect(page.memory().caseEdits).toEqual([]);
  });

  it('answers only the account that kept it, and drops one account’s memory when another keeps', () => {
    let account: number | undefined = 1;
    const page = new PageMemoryKeeper(() => account);
    page.keepOpen('a');
    page.keepChatDraft('a', { text: 'Ann’s', agentsOnly: false });
    account = 2;
    expect(page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
    page.keepOpen('z');
    account = 1;
    expect(page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
    account = 2;
    expect(page.memory()).toEqual({ open: 'z', chats: [], caseEdits: [] });
    page.clear();
    expect(page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
  });

  it(`keeps at most ${String(KEPT_CHAT_DRAFTS)} boxes, the one changed longest ago going first`, () => {
    const page = new PageMemoryKeeper(() => 1);
    for (let chat = 0; chat < KEPT_CHAT_DRAFTS; chat += 1)
      page.keepChatDraft(`chat-${String(chat)}`, {
        text: `line ${String(chat)}`,
        agentsOnly: false,
      });
    // The first one is changed again: the second is now the oldest.
    page.keepChatDraft('chat-0', { text: 'line 0, more', agentsOnly: false });
    page.keepChatDraft('one more', { text: 'x', agentsOnly: false });
    const kept = page.memory().chats.map((chat) => chat.interactionId);
    expect(kept).toHaveLength(KEPT_CHAT_DRAFTS);
    expect(kept).not.toContain('chat-1');
    expect(kept[0]).toBe('chat-2');
    expect(kept.slice(-2)).toEqual(['chat-0', 'one more']);
  });
});

// The desk's part, against the real simulator, cache and GWS client: main keeps what the page
// told it while the agent is signed in, forgets a chat's box when the chat ends with no page to
// tell it, and everything at sign-out.
describe('the desk keeping the page’s memory', () => {
  const harness = useSimulator();
  const desks = useSignedInDesks();
  const signedInDesk = async (simulator: Simulator) => (await desks.open(simulator)).desk;

  async function acceptedChat(desk: Desk, simulator: Simulator): Promise<string> {
    const id = simulator.control.startChat({ customerNickName: 'Tom Baker', subject: 'Parcel' });
    await expect
      .poll(async () => (await desk.handlers.interactions.get(id))?.state)
      .toBe('Invited');
    await desk.handlers.interactions.accept(id, undefined);
    return id;
  }

  it('keeps it while signed in, drops a chat’s box once the chat ends, and all of it at sign-out', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    const { handlers } = desk;
    const ended = await acceptedChat(desk, simulator);
    const other = await acceptedChat(desk, simulator);
    await handlers.page.keepOpen(ended);
    await handlers.page.keepChatDraft(ended, { text: 'Let me check the', agentsOnly: false });
    await handlers.page.keepChatDraft(other, { text: 'One moment', agentsOnly: false });

    // Done (as a notification or another window might send it): the page does not say so.
    await handlers.interactions.stopProcessing(ended);
    await expect
      .poll(async () => (await handlers.page.memory()).chats.map((chat) => chat.interactionId))
      .toEqual([other]);
    expect((await handlers.page.memory()).open).toBe(ended);

    // A keep the page sent before it heard the chat ended comes late: not kept.
    await handlers.page.keepChatDraft(ended, { text: 'Let me check the o', agentsOnly: false });
    expect((await handlers.page.memory()).chats.map((chat) => chat.interactionId)).toEqual([other]);

    await handlers.session.signOut();
    expect(await handlers.page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
    // A late call of the page after the sign-out is not kept for the next agent.
    await handlers.page.keepChatDraft(other, { text: 'Late', agentsOnly: false });
    expect(await handlers.page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
    // Signed in again (the same agent, or whoever sits down next): a new page's memory.
    await signInAgent1(desk, simulator);
    expect(await handlers.page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
  });

  it('keeps it in an offline review until the review ends, left or signed out of', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    const { handlers } = desk;
    await handlers.session.signOut();
    const [account] = await handlers.session.cachedAccounts();
    if (account === undefined) throw new Error('no cached account');
    const review = { serverUrl: account.serverUrl, userName: account.userName, password: 'demo' };
    const kept = {
      open: 'x1',
      chats: [{ interactionId: 'x1', text: 'Private', agentsOnly: true }],
      caseEdits: [],
    };
    const keep = async () => {
      await handlers.page.keepOpen('x1');
      await handlers.page.keepChatDraft('x1', { text: 'Private', agentsOnly: true });
    };

    // Signed out of (whoever opens the review next starts afresh).
    await handlers.session.openOffline(review);
    await keep();
    expect(await handlers.page.memory()).toEqual(kept);
    await handlers.session.signOut();
    await handlers.session.openOffline(review);
    expect(await handlers.page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });

    // Left for the sign-in form, then signed in as the same agent.
    await keep();
    await handlers.session.leaveOffline();
    await signInAgent1(desk, simulator);
    expect(await handlers.page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
  });

  it('keeps it for the same agent when the server refuses the password mid-shift, not for another', async () => {
    const simulator = await harness.start();
    const desk = await signedInDesk(simulator);
    const { handlers } = desk;
    const chat = await acceptedChat(desk, simulator);
    const line = { interactionId: chat, text: 'One more minute please', agentsOnly: false };
    await handlers.page.keepOpen(chat);
    await handlers.page.keepChatDraft(chat, { text: line.text, agentsOnly: false });
    const refuse = async (password: string) => {
      simulator.control.setPassword('agent1', password);
      simulator.control.expireAgentSessions();
      await expect
        .poll(async () => (await handlers.session.getState()).connection.refusal, {
          timeout: 15_000,
        })
        .toBe('passwordRefused');
    };

    // The administrator changes agent1's password: the server ends the session.
    await refuse('changed-1');
    expect((await handlers.session.getState()).agent).toBeUndefined();
    // agent1 signs in again with the new password: the half-typed line is there.
    await handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'changed-1',
      remember: false,
    });
    expect(await handlers.page.memory()).toEqual({ open: chat, chats: [line], caseEdits: [] });

    // Again, and another agent signs in: nothing of agent1's stays, nor comes back for agent1.
    await refuse('changed-2');
    await handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent2',
      password: 'demo',
      remember: false,
    });
    expect(await handlers.page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
    await handlers.session.signOut();
    await handlers.session.signIn({
      serverUrl: simulator.url,
      userName: 'agent1',
      password: 'changed-2',
      remember: false,
    });
    expect(await handlers.page.memory()).toEqual({ open: null, chats: [], caseEdits: [] });
  });
});

import { phaseOf } from '../../../common/interactionStates';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n';
import type { ChatEvent, InteractionDetail } from '../../../common/model';
import { deferred, settle, stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { sampleDetail, sampleHead, sampleLine } from '../testing/samples';
import { useInteractionStore } from './interaction';
import { useSessionStore } from './session';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const GET = 'switchboard:interactions:get';
const PAGE = 'switchboard:page:';

/**
 * What the store asked of main, in order; not what it told main to keep for a page loaded again
 * (`page.*`, tested in "what main keeps for a page loaded again").
 */
const asked = () => fake.api.calls.filter((call) => !call.channel.startsWith(PAGE));

function chat(id: string, state = 'Accepted'): InteractionDetail {
  return {
    id,
    channel: 'chat',
    state,
    phase: phaseOf(state),
    firstSeenAt: 1,
    updatedAt: 2,
    to: [],
    capabilities: [],
    userData: {},
    transcript: [],
    attachments: [],
  };
}

/** A party line of `id` in chat: `c` is the customer (a Client), anyone else an agent. */
function party(
  eventId: number,
  kind: 'joined' | 'left',
  id: string,
  visibility = 'All',
  name = id,
): ChatEvent {
  return {
    eventId,
    kind,
    authorId: id,
    authorName: name,
    authorType: id === 'c' ? 'Client' : 'Agent',
    visibility,
  };
}

/** A chat's joins in a conference: the customer, this agent (ann) and a colleague (p). */
function conference(): ChatEvent[] {
  return [party(1, 'joined', 'c'), party(2, 'joined', 'ann'), party(3, 'joined', 'p')];
}

beforeEach(() => {
  stubAnimationFrames();
  fake.api.reset();
  fake.api.answer(GET, (id) => Promise.resolve({ ok: true, value: chat(id as string) }));
  setActivePinia(createPinia());
});
// Refetches a test asked for run before the next test starts counting calls.
afterEach(settle);

describe('the interaction store', () => {
  it('keeps a half-typed message per interaction', () => {
    const interaction = useInteractionStore();
    interaction.select('a');
    interaction.composerText = 'Half a thou';
    interaction.select('b');
    expect(interaction.composerText).toBe('');
    interaction.composerText = 'Other';
    interaction.select('a');
    expect(interaction.composerText).toBe('Half a thou');
  });

  it('drops a message once sent, unless the agent typed on meanwhile', async () => {
    const interaction = useInteractionStore();
    interaction.select('a');
    interaction.composerText = 'Hello ';
    expect(await interaction.sendMessage('Hello')).toBe(true);
    expect(interaction.composerText).toBe('');

    const sending = deferred<unknown>();
    fake.api.answer('switchboard:interactions:sendMessage', () => sending.promise);
    interaction.composerText = 'First';
    const sent = interaction.sendMessage('First');
    interaction.composerText = 'First. And more';
    sending.resolve({ ok: true, value: undefined });
    expect(await sent).toBe(true);
    expect(interaction.composerText).toBe('First. And more');
  });

  it('drops the message of a chat that ends, and all of them on clear()', () => {
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    interaction.composerText = 'For a';
    interaction.select('b');
    interaction.composerText = 'For b';
    fake.api.emitChanges({ interactions: [sampleHead('b', 'Completed', 9)] });
    expect(interaction.composerText).toBe('');
    interaction.select('a');
    expect(interaction.composerText).toBe('For a');
    interaction.clear();
    interaction.select('a');
    expect(interaction.composerText).toBe('');
    interaction.stop();
  });

  it('says a Send the cache keeps unsettled is not known, until it settles (a desk started again)', async () => {
    const reading = deferred<unknown>();
    const lateAsked = deferred<undefined>();
    fake.api.answer(GET, (id) => {
      if (id !== 'late')
        return Promise.resolve({ ok: true, value: { ...chat(id as string), sendInDoubt: true } });
      lateAsked.resolve(undefined);
      return reading.promise;
    });
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('mail');
    await settle();
    expect(interaction.actionError?.code).toBe('sendOutcomeUnknown');
    // Settled as sent: said no more, without the draft being read again.
    fake.api.emitChanges({ settledSends: [{ interactionId: 'mail', outcome: 'sent' }] });
    expect(interaction.actionError).toBeNull();
    // Read again while in doubt, and the agent's own Send answered: over too.
    interaction.select('mail');
    await settle();
    expect(interaction.actionError?.code).toBe('sendOutcomeUnknown');
    interaction.sendAnswered('mail');
    expect(interaction.actionError).toBeNull();
    // Settled while the detail, read before, was on its way: not said.
    interaction.select('late');
    await lateAsked.promise;
    fake.api.emitChanges({ settledSends: [{ interactionId: 'late', outcome: 'sent' }] });
    reading.resolve({ ok: true, value: { ...chat('late'), sendInDoubt: true } });
    await settle();
    expect(interaction.detail?.id).toBe('late');
    expect(interaction.actionError).toBeNull();
    interaction.stop();
  });

  it("keeps an action's refusal for its interaction: shown there, its row marked meanwhile, gone once seen and left", async () => {
    const ending = deferred<unknown>();
    fake.api.answer('switchboard:interactions:stopProcessing', () => ending.promise);
    const interaction = useInteractionStore();
    interaction.select('a');
    const done = interaction.done();
    interaction.select('b');
    ending.resolve({ ok: false, error: { kind: 'invalidState', message: 'not now' } });
    await done;
    // Not b's: b shows nothing, and is not busy.
    expect(interaction.actionError).toBeNull();
    expect(interaction.busy).toBeNull();
    expect([...interaction.failedActions].map(([id, refusal]) => [id, refusal.action])).toEqual([
      ['a', 'done'],
    ]);

    interaction.select('a');
    expect(interaction.actionError).toEqual({ kind: 'invalidState', message: 'not now' });
    expect([...interaction.failedActions]).toEqual([]);
    // Seen there, it goes once the agent leaves.
    interaction.select('b');
    interaction.select('a');
    expect(interaction.actionError).toBeNull();
    expect([...interaction.failedActions]).toEqual([]);
  });

  it('lets the agent answer another chat while a line waits for the server; its failure waits for the agent in its own chat', async () => {
    const hanging = deferred<unknown>();
    const sent: unknown[][] = [];
    fake.api.answer('switchboard:interactions:sendMessage', (...args) => {
      sent.push(args);
      return sent.length === 1 ? hanging.promise : Promise.resolve({ ok: true, value: undefined });
    });
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('anna');
    interaction.composerText = 'One moment, Anna';
    const toAnna = interaction.sendMessage('One moment, Anna');
    expect(interaction.busy).toBe('send');
    // A second Enter in Anna's chat sends nothing while the first is under way.
    expect(await interaction.sendMessage('One moment, Anna')).toBe(false);

    interaction.select('ben');
    expect(interaction.busy).toBeNull();
    interaction.composerText = 'Hello Ben';
    expect(await interaction.sendMessage('Hello Ben')).toBe(true);
    expect(interaction.composerText).toBe('');
    expect(sent.map((args) => args.slice(0, 2))).toEqual([
      ['anna', 'One moment, Anna'],
      ['ben', 'Hello Ben'],
    ]);

    hanging.resolve({ ok: false, error: { kind: 'timeout', message: 'No answer in time.' } });
    expect(await toAnna).toBe(false);
    // Ben's chat shows nothing of it; Anna's row says her line was not sent.
    expect(interaction.actionError).toBeNull();
    expect([...interaction.failedActions].map(([id, refusal]) => [id, refusal.action])).toEqual([
      ['anna', 'send'],
    ]);
    interaction.select('anna');
    expect(interaction.actionError?.kind).toBe('timeout');
    expect(interaction.composerText).toBe('One moment, Anna');

    // Her chat ending takes the refusal along with the box.
    interaction.select('ben');
    interaction.select('anna');
    interaction.select('ben');
    const again = deferred<unknown>();
    fake.api.answer('switchboard:interactions:sendMessage', () => again.promise);
    interaction.select('anna');
    const retry = interaction.sendMessage('One moment, Anna');
    interaction.select('ben');
    again.resolve({ ok: false, error: { kind: 'invalidState', message: 'Chat is over' } });
    await retry;
    expect([...interaction.failedActions].map(([id, refusal]) => [id, refusal.action])).toEqual([
      ['anna', 'send'],
    ]);
    fake.api.emitChanges({ interactions: [sampleHead('anna', 'Completed', 9)] });
    expect([...interaction.failedActions]).toEqual([]);
    interaction.stop();
  });

  it('keeps nothing of a line refused after its chat ended: the box went with the chat', async () => {
    const sending = deferred<unknown>();
    fake.api.answer('switchboard:interactions:sendMessage', () => sending.promise);
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('anna');
    interaction.composerText = 'Are you there?';
    const sent = interaction.sendMessage('Are you there?');
    interaction.select('ben');
    fake.api.emitChanges({ interactions: [sampleHead('anna', 'Completed', 9)] });
    sending.resolve({ ok: false, error: { kind: 'invalidState', message: 'Chat is over' } });
    expect(await sent).toBe(false);
    expect([...interaction.failedActions]).toEqual([]);
    interaction.select('anna');
    expect(interaction.actionError).toBeNull();
    interaction.stop();
  });

  it("drops a line's unanswered send once the line shows in the transcript after all, and empties its box", async () => {
    const sending = deferred<unknown>();
    fake.api.answer('switchboard:interactions:sendMessage', () => sending.promise);
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('anna');
    interaction.composerText = 'Your refund is approved ';
    const sent = interaction.sendMessage('Your refund is approved');
    interaction.select('ben');
    sending.resolve({ ok: false, error: { kind: 'timeout', message: 'No answer in time.' } });
    expect(await sent).toBe(false);
    const failed = () =>
      [...interaction.failedActions].map(([id, refusal]) => [id, refusal.action]);
    expect(failed()).toEqual([['anna', 'send']]);
    // A customer's line with the same words is not the agent's.
    const line = (eventId: number, authorType: string): ChatEvent => ({
      eventId,
      kind: 'message',
      authorType,
      authorName: authorType,
      text: 'Your refund is approved',
    });
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'anna', lines: [line(7, 'Client')] }],
    });
    expect(failed()).toEqual([['anna', 'send']]);
    // Opened, it says the line may not have gone…
    interaction.select('anna');
    expect(interaction.actionContext).toBe('Your message may not have been sent');
    expect(interaction.actionAdvice).toBe('If it does not show in the chat, send it again.');
    // …until the agent's own line with its words shows: it went.
    fake.api.emitChanges({ transcripts: [{ interactionId: 'anna', lines: [line(8, 'Agent')] }] });
    expect(interaction.actionError).toBeNull();
    expect(interaction.composerText).toBe('');
    interaction.stop();
  });

  it("keeps a line's unanswered send in a conference when a colleague writes the same words", async () => {
    const said = (eventId: number, from: string, text: string): ChatEvent => ({
      eventId,
      kind: 'message',
      authorId: from,
      authorName: from,
      authorType: from === 'c' ? 'Client' : 'Agent',
      text,
    });
    fake.api.answer(GET, (id) =>
      Promise.resolve({
        ok: true,
        value: sampleDetail(id as string, 'Accepted', 10, conference()),
      }),
    );
    const answers: unknown[] = [];
    fake.api.answer('switchboard:interactions:sendMessage', () => Promise.resolve(answers.shift()));
    const interaction = useInteractionStore();
    interaction.start();
    const unanswered = { ok: false, error: { kind: 'timeout', message: 'No answer in time.' } };

    // Not knowing yet which agent's party is this desk's: a line in doubt stays in doubt.
    interaction.select('a');
    await settle();
    answers.push(unanswered);
    expect(await interaction.sendMessage('One moment, please')).toBe(false);
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [said(4, 'p', 'One moment, please')] }],
    });
    expect(interaction.actionError?.kind).toBe('timeout');

    // A line the server took shows from ann: this desk's party. Priya's words do not clear
    // the next line in doubt; ann's do.
    interaction.select('b');
    await settle();
    answers.push({ ok: true, value: undefined });
    expect(await interaction.sendMessage('Hello Tom')).toBe(true);
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'b', lines: [said(4, 'ann', 'Hello Tom')] }],
    });
    answers.push(unanswered);
    expect(await interaction.sendMessage('Let me check')).toBe(false);
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'b', lines: [said(5, 'p', 'Let me check')] }],
    });
    expect(interaction.actionError?.kind).toBe('timeout');
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'b', lines: [said(6, 'ann', 'Let me check')] }],
    });
    expect(interaction.actionError).toBeNull();
    // Signed out: the next agent at this desk may pick the chats up; ann's party is not theirs.
    expect(interaction.keptCount()).toBeGreaterThan(0);
    interaction.clear();
    expect(interaction.keptCount()).toBe(0);
    interaction.stop();
  });

  it("clears a conference line's doubt by the party main says is this agent's, before any line of it showed", async () => {
    const said = (eventId: number, from: string, text: string): ChatEvent => ({
      eventId,
      kind: 'message',
      authorId: from,
      authorName: from,
      authorType: 'Agent',
      text,
    });
    // The open chat's detail, as main reads it: ann's party is this agent's.
    fake.api.answer(GET, (id) =>
      Promise.resolve({
        ok: true,
        value: { ...sampleDetail(id as string, 'Accepted', 10, conference()), ownParty: 'ann' },
      }),
    );
    const unanswered = { ok: false, error: { kind: 'timeout', message: 'No answer in time.' } };
    fake.api.answer('switchboard:interactions:sendMessage', () => Promise.resolve(unanswered));
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(await interaction.sendMessage('One moment, please')).toBe(false);
    // Priya's line with the same words is not this agent's; ann's is: it went.
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [said(4, 'p', 'One moment, please')] }],
    });
    expect(interaction.actionError?.kind).toBe('timeout');
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [said(5, 'ann', 'One moment, please')] }],
    });
    expect(interaction.actionError).toBeNull();

    // A chat whose detail did not tell it (its joins came later): a change set does.
    fake.api.answer(GET, (id) =>
      Promise.resolve({ ok: true, value: sampleDetail(id as string, 'Accepted', 10, []) }),
    );
    interaction.select('b');
    await settle();
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'b', lines: conference(), ownParty: 'ann' }],
    });
    expect(await interaction.sendMessage('Let me check')).toBe(false);
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'b', lines: [said(5, 'p', 'Let me check')] }],
    });
    expect(interaction.actionError?.kind).toBe('timeout');
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'b', lines: [said(6, 'ann', 'Let me check')] }],
    });
    expect(interaction.actionError).toBeNull();
    interaction.stop();
  });

  it('closes the open interaction the retention purge removed, and says why', async () => {
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('old');
    await settle();
    expect(interaction.detail?.id).toBe('old');
    // Another one purged changes nothing here.
    fake.api.emitChanges({ purged: ['other'] });
    expect(interaction.detail?.id).toBe('old');
    fake.api.emitChanges({ purged: ['other', 'old'] });
    expect(interaction.detail).toBeNull();
    expect(interaction.missing).toBe(true);
    expect(interaction.purgedWhileOpen).toBe(true);
    // Another one opened: nothing purged is said of it.
    interaction.select('b');
    await settle();
    expect(interaction.purgedWhileOpen).toBe(false);
    expect(interaction.detail?.id).toBe('b');
    interaction.stop();
  });

  it("forgets an action's network failure once the link is back, and keeps any other", async () => {
    const session = useSessionStore();
    session.start();
    const linkState = (state: 'connected' | 'reconnecting') => {
      fake.api.emit('switchboard:session:connectionChanged', {
        connection: { state, reason: '' },
        serverUrl: 'http://127.0.0.1:8090',
        userName: 'agent1',
        demo: true,
        passwordRemembered: false,
      });
    };
    linkState('reconnecting');
    const interaction = useInteractionStore();
    interaction.select('a');
    fake.api.answer('switchboard:interactions:stopProcessing', () =>
      Promise.resolve({
        ok: false,
        error: { kind: 'network', message: 'The server cannot be reached.' },
      }),
    );
    await interaction.done();
    expect(interaction.actionError?.kind).toBe('network');
    linkState('connected');
    await settle();
    expect(interaction.actionError).toBeNull();

    fake.api.answer('switchboard:interactions:stopProcessing', () =>
      Promise.resolve({ ok: false, error: { kind: 'invalidState', message: 'not now' } }),
    );
    await interaction.done();
    linkState('reconnecting');
    linkState('connected');
    await settle();
    expect(interaction.actionError?.kind).toBe('invalidState');

    // A chat line that did not go is still not sent once the link is back: it stays said.
    fake.api.answer('switchboard:interactions:sendMessage', () =>
      Promise.resolve({ ok: false, error: { kind: 'timeout', message: 'No answer in time.' } }),
    );
    expect(await interaction.sendMessage('Are you there?')).toBe(false);
    linkState('reconnecting');
    linkState('connected');
    await settle();
    expect(interaction.actionError?.kind).toBe('timeout');
    expect(interaction.actionContext).toBe('Your message may not have been sent');
    expect(interaction.actionAdvice).toBe('If it does not show in the chat, send it again.');
    session.stop();
  });

  it('a transfer the server refuses keeps the half-typed message and says why; one it takes says where it went', async () => {
    fake.api.answer('switchboard:interactions:transfer', (_id, target) =>
      Promise.resolve(
        target === 'nobody'
          ? { ok: false, error: { kind: 'notFound', message: 'No agent nobody' } }
          : { ok: true, value: undefined },
      ),
    );
    const interaction = useInteractionStore();
    interaction.select('a');
    interaction.composerText = 'Let me pass you to';
    expect(await interaction.transfer('nobody', 'nobody')).toBe(false);
    expect(interaction.actionError).toEqual({ kind: 'notFound', message: 'No agent nobody' });
    expect(interaction.notice).toBeNull();
    expect(interaction.composerText).toBe('Let me pass you to');

    expect(await interaction.transfer('u2', 'Priya Raman')).toBe(true);
    expect(asked().at(-1)).toEqual({
      channel: 'switchboard:interactions:transfer',
      args: ['a', 'u2'],
    });
    expect(interaction.actionError).toBeNull();
    expect(interaction.notice).toBe('Offered to Priya Raman: it is theirs once they accept it.');
    expect(interaction.composerText).toBe('');
  });

  it('isolates a colleague’s name from the directory in the sentence it says of the transfer: its override stops where the name does', async () => {
    fake.api.answer('switchboard:interactions:transfer', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    const interaction = useInteractionStore();
    interaction.select('a');
    expect(await interaction.transfer('u2', '\u202ePriya\u2067')).toBe(true);
    expect(interaction.notice).toBe(
      'Offered to \u2068\u202ePriya\u2067\u2069\u2069: it is theirs once they accept it.',
    );
  });

  it('places the open interaction in a queue and says which', async () => {
    fake.api.answer('switchboard:interactions:placeInQueue', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    const interaction = useInteractionStore();
    interaction.select('a');
    expect(await interaction.placeInQueue('Overflow')).toBe(true);
    expect(asked().at(-1)).toEqual({
      channel: 'switchboard:interactions:placeInQueue',
      args: ['a', 'Overflow'],
    });
    expect(interaction.notice).toBe('Placed in the queue Overflow.');
  });

  it('says its notice in the language the desk switches to while it shows', async () => {
    fake.api.answer('switchboard:interactions:placeInQueue', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    fake.api.answer('switchboard:interactions:saveTranscript', () =>
      Promise.resolve({ ok: true, value: { path: '/home/agent/chat.html' } }),
    );
    const interaction = useInteractionStore();
    interaction.select('a');
    expect(await interaction.placeInQueue('Overflow')).toBe(true);
    try {
      // Was: the sentence stayed as said, in English, under a German desk.
      setLocale('de');
      expect(interaction.notice).toBe('In die Warteschlange Overflow gestellt.');
      setLocale('es');
      expect(interaction.notice).toBe('Puesta en la cola Overflow.');
      await interaction.saveTranscript();
      expect(interaction.notice).toBe('Guardado en /home/agent/chat.html');
      setLocale('en');
      expect(interaction.notice).toBe('Saved to /home/agent/chat.html');
    } finally {
      setLocale('en');
    }
  });

  it("drops what an action said of the open interaction's leaving once it is back in the agent's hands", async () => {
    fake.api.answer('switchboard:interactions:placeInWorkbin', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    fake.api.answer(GET, (id) => Promise.resolve({ ok: true, value: chat(id as string) }));
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(await interaction.placeInWorkbin('wb-1', 'Follow-up')).toBe(true);
    expect(interaction.notice).toBe('Placed in the workbin Follow-up.');
    // Its end, as the server tells it, leaves the notice: it says why it ended.
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Completed', 9)] });
    expect(interaction.notice).toBe('Placed in the workbin Follow-up.');
    // Taken back from the workbin: the notice is over.
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Accepted', 10)] });
    expect(interaction.notice).toBeNull();
    interaction.stop();
  });

  it('asks for the focus after Accept', async () => {
    const interaction = useInteractionStore();
    interaction.select('a');
    await interaction.accept();
    expect(interaction.focusRequest).toEqual({ id: 'a', target: 'work' });
    interaction.focusHandled();
    interaction.openAccepted('b');
    expect(interaction.selectedId).toBe('b');
    expect(interaction.focusRequest).toEqual({ id: 'b', target: 'work' });
    interaction.select('a');
    expect(interaction.focusRequest).toBeNull();
  });

  it('opens an accepted interaction without reading it again when it is the open one', async () => {
    const interaction = useInteractionStore();
    interaction.select('a');
    await settle();
    expect(asked().map((call) => call.args)).toEqual([['a']]);
    interaction.openAccepted('a');
    await settle();
    expect(asked().map((call) => call.args)).toEqual([['a']]);
    expect(interaction.focusRequest).toEqual({ id: 'a', target: 'work' });
    // Another one is opened, and read.
    interaction.openAccepted('b');
    await settle();
    expect(asked().map((call) => call.args)).toEqual([['a'], ['b']]);
    expect(interaction.detail?.id).toBe('b');
  });

  it('drops a detail that comes back after clear()', async () => {
    const loading = deferred<unknown>();
    fake.api.answer(GET, () => loading.promise);
    const interaction = useInteractionStore();
    interaction.select('a');
    await settle();
    expect(asked().map((call) => call.channel)).toEqual([GET]);
    interaction.clear();
    loading.resolve({ ok: true, value: chat('a') });
    await settle();
    expect(interaction.detail).toBeNull();
    expect(interaction.loading).toBe(false);
  });

  it('keeps the detail shown when a refetch fails, with the error beside it', async () => {
    const interaction = useInteractionStore();
    interaction.select('a');
    await settle();
    expect(interaction.detail?.id).toBe('a');
    fake.api.answer(GET, () =>
      Promise.resolve({ ok: false, error: { kind: 'timeout', message: 'busy' } }),
    );
    interaction.select('a');
    await settle();
    expect(interaction.detail?.id).toBe('a');
    expect(interaction.loadError).toEqual({ kind: 'timeout', message: 'busy' });
  });
});

describe('the interaction store folding change sets', () => {
  const channels = () => asked().map((call) => call.channel);
  const eventIds = (detail: InteractionDetail | null) =>
    detail?.transcript.map((event) => event.eventId);

  /** A store with chat 'a' open, fetched with `transcript`, following change sets. */
  async function opened(transcript = [sampleLine(1)]) {
    fake.api.answer(GET, () =>
      Promise.resolve({ ok: true, value: sampleDetail('a', 'Accepted', 10, transcript) }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(interaction.detail?.id).toBe('a');
    return interaction;
  }

  it('appends pushed lines to the open chat without fetching it again', async () => {
    const interaction = await opened();
    fake.api.emitChanges({
      transcripts: [
        { interactionId: 'a', lines: [sampleLine(2), sampleLine(3)] },
        { interactionId: 'b', lines: [sampleLine(9)] },
      ],
    });
    fake.api.emitChanges({ transcripts: [{ interactionId: 'a', lines: [sampleLine(3)] }] });
    await settle();
    expect(eventIds(interaction.detail)).toEqual([1, 2, 3]);
    expect(channels()).toEqual([GET]);
    interaction.stop();
  });

  it('shows the header a change set carries, and whether the agent may write', async () => {
    fake.api.answer(GET, () =>
      Promise.resolve({ ok: true, value: sampleDetail('a', 'Invited', 5) }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(interaction.working).toBe(false);
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Accepted', 6)] });
    expect(interaction.working).toBe(true);
    expect(interaction.capabilities.has('StopProcessing')).toBe(true);
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Completed', 7)] });
    expect(interaction.detail?.phase).toBe('ended');
    expect(interaction.working).toBe(false);
    expect(channels()).toEqual([GET]);
    interaction.stop();
  });

  it('a refused hand-on names what and whom; one the server did not answer in time may have happened, and stays said once the link is back', async () => {
    const session = useSessionStore();
    session.start();
    const interaction = await opened();
    fake.api.emitChanges({
      interactions: [sampleHead('a', 'Accepted', 10, { consultingWith: 'u2' })],
    });
    fake.api.answer('switchboard:interactions:startChatConsultation', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    expect(await interaction.startConsultation('u2', 'Priya Raman')).toBe(true);
    // Each answer its own error, as each crosses IPC.
    const refused = () =>
      Promise.resolve({ ok: false, error: { kind: 'serverError', message: 'HTTP 503' } });
    fake.api.answer('switchboard:interactions:completeTransfer', refused);
    fake.api.answer('switchboard:interactions:completeConference', refused);
    expect(await interaction.completeTransfer()).toBe(false);
    expect(interaction.actionContext).toBe('Could not complete the transfer to Priya Raman');
    expect(await interaction.completeConference()).toBe(false);
    expect(interaction.actionContext).toBe('Could not complete the conference with Priya Raman');

    const noAnswer = () =>
      Promise.resolve({ ok: false, error: { kind: 'timeout', message: 'No answer in time.' } });
    fake.api.answer('switchboard:interactions:completeTransfer', noAnswer);
    expect(await interaction.completeTransfer()).toBe(false);
    expect(interaction.actionContext).toBe(
      'The transfer to Priya Raman may not have been completed',
    );
    expect(interaction.actionAdvice).toBe('Wait a moment: if the chat has not changed, try again.');
    for (const [channel, call, context] of [
      [
        'transfer',
        () => interaction.transfer('u2', 'Priya Raman'),
        'The transfer to Priya Raman may not have gone through',
      ],
      [
        'placeInQueue',
        () => interaction.placeInQueue('Overflow'),
        'It may not have been placed in the queue Overflow',
      ],
      [
        'placeInWorkbin',
        () => interaction.placeInWorkbin('wb1', 'Later'),
        'It may not have been placed in the workbin Later',
      ],
    ] as const) {
      fake.api.answer(`switchboard:interactions:${channel}`, noAnswer);
      expect(await call()).toBe(false);
      expect(interaction.actionContext).toBe(context);
      expect(interaction.actionAdvice).toBe('Wait a moment: if it is still with you, try again.');
    }
    // The session checks the link after a request that timed out: the link being back says
    // nothing of whether the hand-on went through.
    fake.api.emit('switchboard:session:connectionChanged', {
      connection: { state: 'connected', reason: '' },
      serverUrl: 'http://127.0.0.1:8090',
      userName: 'agent1',
      demo: true,
      passwordRemembered: false,
    });
    await settle();
    expect(interaction.actionContext).toBe('It may not have been placed in the workbin Later');
    session.stop();
    interaction.stop();
  });

  it('follows main on whether a consultation is open, naming the colleague as picked; a refusal shows nothing', async () => {
    fake.api.answer('switchboard:interactions:startChatConsultation', (_id, target) =>
      Promise.resolve(
        target === 'agent1'
          ? {
              ok: false,
              error: { kind: 'invalidState', message: 'An agent cannot consult itself' },
            }
          : { ok: true, value: undefined },
      ),
    );
    fake.api.answer('switchboard:interactions:completeConference', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    const interaction = await opened();
    expect(await interaction.startConsultation('agent1', 'agent1')).toBe(false);
    expect(interaction.consultant).toBeUndefined();
    expect(interaction.actionError?.message).toBe('An agent cannot consult itself');

    // Open once main says so (its change set, which comes before the answer), by the name the
    // agent picked.
    const answering = deferred<unknown>();
    fake.api.answer('switchboard:interactions:startChatConsultation', () => answering.promise);
    const consulting = interaction.startConsultation('u2', 'Priya Raman');
    expect(interaction.consultant).toBeUndefined();
    fake.api.emitChanges({
      interactions: [sampleHead('a', 'Accepted', 10, { consultingWith: 'u2' })],
    });
    expect(interaction.consultant).toBe('Priya Raman');
    answering.resolve({ ok: true, value: undefined });
    expect(await consulting).toBe(true);
    expect(interaction.notice).toBe(
      'Consulting Priya Raman: they see the chat, the customer does not see them.',
    );
    // She joined (seen by agents only), under the name the server gives her.
    fake.api.emitChanges({
      transcripts: [
        {
          interactionId: 'a',
          lines: [party(2, 'joined', 'u2', 'Int', 'Priya')],
        },
      ],
    });
    expect(interaction.consultant).toBe('Priya Raman');
    expect(interaction.participants.map((participant) => participant.role)).toEqual(['consulting']);

    expect(await interaction.completeConference()).toBe(true);
    expect(interaction.notice).toBe('In conference with Priya Raman.');
    // Main forgets it (completed): she reads as an agent of the conference.
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Accepted', 10)] });
    expect(interaction.consultant).toBeUndefined();
    expect(interaction.participants.map((participant) => participant.role)).toEqual(['agent']);
    interaction.stop();
  });

  it('a consultation main remembers shows after the window reloads, named by a stand-in until the colleague joins, then as the server names them', async () => {
    fake.api.answer(GET, () =>
      Promise.resolve({
        ok: true,
        value: sampleDetail('a', 'Accepted', 10, [sampleLine(1)], { consultingWith: 'u2' }),
      }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(interaction.consultant).toBe('the consulted agent');
    // Once the colleague joined, by the name the server gives them.
    fake.api.emitChanges({
      transcripts: [
        {
          interactionId: 'a',
          lines: [party(2, 'joined', 'u2', 'Int', 'Priya')],
        },
      ],
    });
    expect(interaction.consultant).toBe('Priya');
    interaction.stop();
  });

  it('"In conference with …" goes once the colleague left, and "Consulting …" once the consultation is over', async () => {
    fake.api.answer('switchboard:interactions:startConference', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    fake.api.answer('switchboard:interactions:startChatConsultation', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    const joined = (eventId: number, id: string, name: string) =>
      party(eventId, 'joined', id, 'All', name);
    const interaction = await opened([joined(1, 'c', 'Tom'), joined(2, 'a1', 'Ann')]);
    expect(await interaction.startConference('u2', 'Priya Raman')).toBe(true);
    // True before she joined (she is on her way), and while she is there.
    expect(interaction.notice).toBe('In conference with Priya Raman.');
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [joined(3, 'p', 'Priya')] }],
    });
    expect(interaction.notice).toBe('In conference with Priya Raman.');
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [party(4, 'left', 'p', 'All', 'Priya')] }],
    });
    expect(interaction.inConference).toBe(false);
    expect(interaction.notice).toBeNull();

    expect(await interaction.startConsultation('u3', 'Jonas Berg')).toBe(true);
    fake.api.emitChanges({
      interactions: [sampleHead('a', 'Accepted', 10, { consultingWith: 'u3' })],
    });
    expect(interaction.notice).toBe(
      'Consulting Jonas Berg: they see the chat, the customer does not see them.',
    );
    // Jonas left: main closes the consultation.
    fake.api.emitChanges({ interactions: [sampleHead('a', 'Accepted', 11)] });
    expect(interaction.notice).toBeNull();
    interaction.stop();
  });

  it('adds a colleague in one step and leaves the conference; a refusal says why and changes nothing', async () => {
    fake.api.answer('switchboard:interactions:startConference', (_id, target) =>
      Promise.resolve(
        target === 'jonas'
          ? { ok: false, error: { kind: 'invalidState', message: 'Agent jonas is not logged in' } }
          : { ok: true, value: undefined },
      ),
    );
    fake.api.answer('switchboard:interactions:endConference', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    const joined = (eventId: number, id: string, name: string) =>
      party(eventId, 'joined', id, 'All', name);
    const interaction = await opened([joined(1, 'c', 'Tom'), joined(2, 'a1', 'Ann')]);
    expect(interaction.inConference).toBe(false);

    expect(await interaction.startConference('jonas', 'Jonas Berg')).toBe(false);
    expect(interaction.actionError?.message).toBe('Agent jonas is not logged in');
    // Said before the server's reason: whom the agent tried to add, as the agent knows them.
    expect(interaction.actionContext).toBe('Could not add Jonas Berg to the chat');
    // Worded when shown: it follows the desk's language, as the rest of the alert does.
    setLocale('de');
    try {
      expect(interaction.actionContext).toBe('Jonas Berg konnte nicht zum Chat hinzugefügt werden');
    } finally {
      setLocale('en');
    }
    expect(interaction.notice).toBeNull();
    // An error the desk sets itself carries no earlier context.
    interaction.actionError = { kind: 'invalidState', message: 'Choose a disposition first' };
    expect(interaction.actionContext).toBeUndefined();

    expect(await interaction.startConference('u2', 'Priya Raman')).toBe(true);
    expect(interaction.notice).toBe('In conference with Priya Raman.');
    // No consultation: the chat's party events say who is in it.
    expect(interaction.consultant).toBeUndefined();
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [joined(3, 'p', 'Priya')] }],
    });
    expect(interaction.participants.map((participant) => participant.role)).toEqual([
      'customer',
      'agent',
      'agent',
    ]);
    expect(interaction.inConference).toBe(true);

    interaction.composerText = 'half-typed';
    expect(await interaction.leaveConference()).toBe(true);
    expect(interaction.notice).toBe('You left the conference: the chat stays with your colleague.');
    expect(interaction.composerText).toBe('');
    interaction.stop();
  });

  it('sends to the agents only where another agent is in the chat and the agent chose so, and forgets the choice once nobody is', async () => {
    const interaction = await opened([party(1, 'joined', 'c'), party(2, 'joined', 'ann')]);
    const sent = () =>
      fake.api.calls
        .filter((call) => call.channel === 'switchboard:interactions:sendMessage')
        .map((call) => call.args[2]);
    // Alone with the customer: nothing to choose, and asking changes nothing.
    expect(interaction.mayWriteToAgents).toBe(false);
    interaction.writingToAgents = true;
    expect(interaction.writingToAgents).toBe(false);
    await interaction.sendMessage('Hello');

    // Priya joins (a conference): the agent may write to the agents only.
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [party(3, 'joined', 'p')] }],
    });
    expect(interaction.mayWriteToAgents).toBe(true);
    await interaction.sendMessage('To everyone');
    interaction.writingToAgents = true;
    await interaction.sendMessage('Between us');
    expect(sent()).toEqual([undefined, undefined, 'Int']);
    // Another conference opened and this one again: the choice is this chat's, and kept.
    fake.api.answer(GET, (id) =>
      Promise.resolve({
        ok: true,
        value: sampleDetail(id as string, 'Accepted', 10, conference()),
      }),
    );
    interaction.select('b');
    await settle();
    expect(interaction.mayWriteToAgents).toBe(true);
    expect(interaction.writingToAgents).toBe(false);
    interaction.select('a');
    await settle();
    expect(interaction.writingToAgents).toBe(true);

    // Priya leaves: the choice goes with her, and stays gone when someone joins again.
    fake.api.emitChanges({ transcripts: [{ interactionId: 'a', lines: [party(4, 'left', 'p')] }] });
    expect(interaction.writingToAgents).toBe(false);
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [party(5, 'joined', 'p')] }],
    });
    expect(interaction.writingToAgents).toBe(false);
    await interaction.sendMessage('Welcome back');
    expect(sent().at(-1)).toBeUndefined();
    interaction.stop();
  });

  it('drops the choice of a chat whose other agents left while another chat was open, and says so; a hand-over drops it too', async () => {
    let transcriptOfA = conference();
    fake.api.answer(GET, (id) =>
      Promise.resolve({
        ok: true,
        value: sampleDetail(id as string, 'Accepted', 10, id === 'a' ? transcriptOfA : []),
      }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    interaction.writingToAgents = true;
    expect(interaction.writingToAgents).toBe(true);
    interaction.select('b');
    await settle();
    // Priya left chat a meanwhile; a is read again without her.
    transcriptOfA = [...transcriptOfA, party(4, 'left', 'p')];
    interaction.select('a');
    await settle();
    expect(interaction.writingToAgents).toBe(false);
    expect(interaction.notice).toBe(
      'No other agent is in the chat now: your next message goes to the customer.',
    );
    // She comes back: the agent chooses again.
    fake.api.emitChanges({
      transcripts: [{ interactionId: 'a', lines: [party(5, 'joined', 'p')] }],
    });
    expect(interaction.mayWriteToAgents).toBe(true);
    expect(interaction.writingToAgents).toBe(false);
    transcriptOfA = [...transcriptOfA, party(5, 'joined', 'p')];

    // Chosen, then the chat transferred: nothing of it is left should it come back.
    interaction.writingToAgents = true;
    fake.api.answer('switchboard:interactions:transfer', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    expect(await interaction.transfer('u2', 'Priya Raman')).toBe(true);
    interaction.select('b');
    await settle();
    interaction.select('a');
    await settle();
    expect(interaction.mayWriteToAgents).toBe(true);
    expect(interaction.writingToAgents).toBe(false);
    interaction.stop();
  });

  it('offers the agents only from the moment this desk consults, before the colleague joined; never to the consulted colleague', async () => {
    const interaction = await opened();
    expect(interaction.mayWriteToAgents).toBe(false);
    fake.api.emitChanges({
      interactions: [sampleHead('a', 'Accepted', 10, { consultingWith: 'u2' })],
    });
    expect(interaction.mayWriteToAgents).toBe(true);
    interaction.stop();

    fake.api.answer(GET, () =>
      Promise.resolve({
        ok: true,
        value: sampleDetail('b', 'InvitedConference', 10, [
          { eventId: 1, kind: 'joined', authorId: 'c', authorName: 'Tom', authorType: 'Client' },
          { eventId: 2, kind: 'joined', authorId: 'a1', authorName: 'Ann', authorType: 'Agent' },
          {
            eventId: 3,
            kind: 'joined',
            authorId: 'p',
            authorName: 'Priya',
            authorType: 'Agent',
            visibility: 'Int',
          },
        ]),
      }),
    );
    interaction.start();
    interaction.select('b');
    await settle();
    expect(interaction.consulted).toBe(true);
    expect(interaction.mayWriteToAgents).toBe(false);
    interaction.stop();
  });

  it("sends the consulted colleague's lines to the agents only, as her box says, and tells her once the consultation becomes her chat or a conference", async () => {
    // Priya (p), consulted by Ann (a1) on Tom's chat.
    const consultedOn = [
      party(1, 'joined', 'c'),
      party(2, 'joined', 'a1'),
      party(3, 'joined', 'p', 'Int'),
    ];
    fake.api.answer(GET, (id) =>
      Promise.resolve({
        ok: true,
        value: sampleDetail(id as string, 'InvitedConference', 10, consultedOn),
      }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(interaction.consulted).toBe(true);
    const sent = () =>
      fake.api.calls
        .filter((call) => call.channel === 'switchboard:interactions:sendMessage')
        .map((call) => call.args[2]);
    // Said to the agents only, whatever the server made of the consultation meanwhile (Ann may
    // have completed it as the line left: the server's default would then be everyone).
    await interaction.sendMessage('Between us, refund it');
    expect(sent()).toEqual(['Int']);
    expect(interaction.notice).toBeNull();

    // A line typed for the agents (the placeholder that said so hidden by it), then Ann completes
    // the consultation as a transfer: the chat is Priya's, and her next line goes to the customer.
    interaction.composerText = 'He has tried this before';
    fake.api.emitChanges({
      interactions: [sampleHead('a', 'Accepted', 11)],
      transcripts: [{ interactionId: 'a', lines: [party(4, 'left', 'a1')] }],
    });
    expect(interaction.consulted).toBe(false);
    expect(interaction.notice).toBe(
      'The consultation is over: your next message goes to the customer.',
    );
    expect(interaction.composerText).toBe('He has tried this before');
    await interaction.sendMessage('Your refund is on its way');
    expect(sent().at(-1)).toBeUndefined();

    // Completed as a conference on another chat: said too; going from it to another is not.
    interaction.select('b');
    await settle();
    expect(interaction.consulted).toBe(true);
    interaction.select('d');
    expect(interaction.notice).toBeNull();
    interaction.select('b');
    await settle();
    fake.api.emitChanges({ interactions: [sampleHead('b', 'PropertiesChanged', 11)] });
    expect(interaction.notice).toBe(
      'The consultation is over: your next message goes to the customer.',
    );
    // Leaving it, or the chat ending, is no such news.
    interaction.select('c');
    await settle();
    fake.api.emitChanges({ interactions: [sampleHead('c', 'Completed', 11)] });
    expect(interaction.notice).not.toBe(
      'The consultation is over: your next message goes to the customer.',
    );
    interaction.stop();
  });

  it('says the chat went on without the consulted colleague when its owner handed it on, and that it ended when it did', async () => {
    const consultedOn = [
      party(1, 'joined', 'c', 'All', 'Tom'),
      party(2, 'joined', 'a1', 'All', 'Ann'),
      party(3, 'joined', 'p', 'Int', 'Priya'),
    ];
    fake.api.answer(GET, (id) =>
      Promise.resolve({
        ok: true,
        value: sampleDetail(id as string, 'InvitedConference', 10, consultedOn),
      }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(interaction.consulted).toBe(true);
    // Ann transfers the chat to a queue: every agent leaves it, the customer stays.
    fake.api.emitChanges({
      interactions: [sampleHead('a', 'Completed', 11)],
      transcripts: [
        {
          interactionId: 'a',
          lines: [party(4, 'left', 'a1', 'All', 'Ann'), party(5, 'left', 'p', 'Int', 'Priya')],
        },
      ],
    });
    expect(interaction.notice).toBe('Ann handed the chat on: you are no longer in it.');

    // Ann ends the chat on another: the customer leaves it too.
    interaction.select('b');
    await settle();
    fake.api.emitChanges({
      interactions: [sampleHead('b', 'Completed', 11)],
      transcripts: [
        {
          interactionId: 'b',
          lines: [
            party(4, 'left', 'a1', 'All', 'Ann'),
            party(5, 'left', 'p', 'Int', 'Priya'),
            party(6, 'left', 'c', 'All', 'Tom'),
          ],
        },
      ],
    });
    expect(interaction.notice).toBe('Ann ended the chat.');
    interaction.stop();
  });

  it('tells a consultation from a conference it was invited into by who joined internally', async () => {
    const line = (eventId: number, id: string, visibility: string) => ({
      eventId,
      kind: 'joined' as const,
      authorId: id,
      authorName: id,
      authorType: id === 'c' ? 'Client' : 'Agent',
      visibility,
    });
    let transcript = [line(1, 'c', 'All'), line(2, 'a1', 'All'), line(3, 'p', 'Int')];
    fake.api.answer(GET, () =>
      Promise.resolve({
        ok: true,
        value: sampleDetail('a', 'InvitedConference', 10, transcript),
      }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    expect(interaction.consulted).toBe(true);
    expect(interaction.inConference).toBe(false);
    // The same state after StartConference: she joined as the customer sees her.
    transcript = [line(1, 'c', 'All'), line(2, 'a1', 'All'), line(3, 'p', 'All')];
    interaction.select('a');
    await settle();
    expect(interaction.consulted).toBe(false);
    expect(interaction.inConference).toBe(true);
    interaction.stop();
  });

  it('keeps lines and heads pushed while the detail was being fetched', async () => {
    const loading = deferred<unknown>();
    fake.api.answer(GET, () => loading.promise);
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('a');
    await settle();
    // Committed after main read the detail, before the answer left: the answer lacks them.
    fake.api.emitChanges({
      interactions: [sampleHead('a', 'Accepted', 12, { subject: 'Now accepted' })],
      transcripts: [{ interactionId: 'a', lines: [sampleLine(2), sampleLine(3)] }],
    });
    // One the answer already has, folded again: still once.
    fake.api.emitChanges({ transcripts: [{ interactionId: 'a', lines: [sampleLine(1)] }] });
    loading.resolve({ ok: true, value: sampleDetail('a', 'Invited', 10, [sampleLine(1)]) });
    await settle();
    expect(eventIds(interaction.detail)).toEqual([1, 2, 3]);
    expect(interaction.detail).toMatchObject({ state: 'Accepted', subject: 'Now accepted' });
    expect(channels()).toEqual([GET]);
    interaction.stop();
  });

  it('does not lose a line pushed while the open interaction is read again', async () => {
    const interaction = await opened([sampleLine(1)]);
    const again = deferred<unknown>();
    fake.api.answer(GET, () => again.promise);
    interaction.select('a');
    await settle();
    fake.api.emitChanges({ transcripts: [{ interactionId: 'a', lines: [sampleLine(2)] }] });
    expect(eventIds(interaction.detail)).toEqual([1, 2]);
    again.resolve({ ok: true, value: sampleDetail('a', 'Accepted', 10, [sampleLine(1)]) });
    await settle();
    expect(eventIds(interaction.detail)).toEqual([1, 2]);
    interaction.stop();
  });

  it('reads an interaction that was not in the cache once main has stored it (a reply draft)', async () => {
    fake.api.answer(GET, () => Promise.resolve({ ok: true, value: null }));
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('draft');
    await settle();
    expect(interaction.missing).toBe(true);
    // About another interaction: nothing to read.
    fake.api.emitChanges({ interactions: [sampleHead('other', 'Invited', 3)] });
    await settle();
    expect(channels()).toEqual([GET]);

    const draft = sampleDetail('draft', 'ReplyCreated', 4, [], { channel: 'email' });
    fake.api.answer(GET, () => Promise.resolve({ ok: true, value: draft }));
    fake.api.emitChanges({ interactions: [sampleHead('draft', 'ReplyCreated', 4)] });
    await settle();
    expect(channels()).toEqual([GET, GET]);
    expect(interaction.missing).toBe(false);
    expect(interaction.detail?.id).toBe('draft');
    interaction.stop();
  });

  it('reads again when the interaction was stored while the first read found nothing', async () => {
    const loading = deferred<unknown>();
    fake.api.answer(GET, () => loading.promise);
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('draft');
    await settle();
    fake.api.emitChanges({ interactions: [sampleHead('draft', 'ReplyCreated', 4)] });
    fake.api.answer(GET, () =>
      Promise.resolve({ ok: true, value: sampleDetail('draft', 'ReplyCreated', 4) }),
    );
    loading.resolve({ ok: true, value: null });
    await settle();
    expect(channels()).toEqual([GET, GET]);
    expect(interaction.detail?.id).toBe('draft');
    interaction.stop();
  });

  it('replaces the e-mail, and shows a downloaded attachment', async () => {
    fake.api.answer(GET, () =>
      Promise.resolve({
        ok: true,
        value: sampleDetail('m', 'Accepted', 10, [], { channel: 'email' }),
      }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('m');
    await settle();
    const email = { to: ['desk@example.com'], cc: [], text: 'Hello', attachments: [] };
    fake.api.emitChanges({
      emails: [{ interactionId: 'm', email, attachments: [{ id: 'x', name: 'invoice.txt' }] }],
    });
    expect(interaction.detail?.email).toEqual(email);
    fake.api.emit('switchboard:attachments:downloaded', {
      interactionId: 'm',
      attachment: { id: 'x', name: 'invoice.txt', localPath: '/data/invoice.txt' },
    });
    expect(interaction.detail?.attachments).toEqual([
      { id: 'x', name: 'invoice.txt', localPath: '/data/invoice.txt' },
    ]);
    expect(channels()).toEqual([GET]);
    interaction.stop();
  });

  it('folds where a download stands onto the open e-mail, and never reads it again for it', async () => {
    fake.api.answer(GET, () =>
      Promise.resolve({
        ok: true,
        value: {
          ...sampleDetail('m', 'Accepted', 10, [], { channel: 'email' }),
          attachments: [{ id: 'x', name: 'video.mp4', size: 100 }],
          downloads: { x: { phase: 'downloading', received: 10, total: 100 } },
        },
      }),
    );
    const interaction = useInteractionStore();
    interaction.start();
    interaction.select('m');
    await settle();
    expect(interaction.detail?.downloads).toEqual({
      x: { phase: 'downloading', received: 10, total: 100 },
    });
    const told = (interactionId: string, download: unknown) => {
      fake.api.emit('switchboard:attachments:download', {
        interactionId,
        attachmentId: 'x',
        download,
      });
    };
    told('m', { phase: 'retrying', inMs: 2_000 });
    expect(interaction.detail?.downloads).toEqual({ x: { phase: 'retrying', inMs: 2_000 } });
    // Another interaction's download changes nothing here and reads nothing.
    told('other', { phase: 'failed' });
    fake.api.emit('switchboard:attachments:downloaded', {
      interactionId: 'm',
      attachment: { id: 'x', name: 'video.mp4', size: 100, localPath: '/data/video.mp4' },
    });
    expect(interaction.detail?.downloads).toEqual({});
    // A late progress of a file stored is not shown over it.
    told('m', { phase: 'downloading', received: 90, total: 100 });
    expect(interaction.detail?.downloads).toEqual({});
    await settle();
    expect(channels()).toEqual([GET]);
    interaction.stop();
  });

  it('leaves what an action changes to the change set: no fetch after it', async () => {
    const interaction = await opened();
    expect(await interaction.sendMessage('Hello')).toBe(true);
    await settle();
    expect(channels()).toEqual([GET, 'switchboard:interactions:sendMessage']);
    interaction.stop();
  });

  describe('what main keeps for a page loaded again', () => {
    const kept = () =>
      fake.api.calls
        .filter((call) => call.channel.startsWith(PAGE))
        .map((call) => [call.channel.slice(PAGE.length), ...call.args]);

    it('tells main of every change of the open interaction and of each message box, in order', async () => {
      const interaction = await opened(conference());
      interaction.composerText = 'Hal';
      interaction.composerText = 'Half';
      interaction.writingToAgents = true;
      expect(await interaction.sendMessage('Half')).toBe(true);
      interaction.composerText = 'Then';
      // The chat ends: its box goes, here and in main.
      fake.api.emitChanges({ interactions: [sampleHead('a', 'Completed', 20)] });
      expect(kept()).toEqual([
        ['keepOpen', 'a'],
        ['keepChatDraft', 'a', { text: 'Hal', agentsOnly: false }],
        ['keepChatDraft', 'a', { text: 'Half', agentsOnly: false }],
        ['keepChatDraft', 'a', { text: 'Half', agentsOnly: true }],
        ['keepChatDraft', 'a', { text: '', agentsOnly: true }],
        ['keepChatDraft', 'a', { text: 'Then', agentsOnly: true }],
        ['keepChatDraft', 'a', { text: '', agentsOnly: false }],
      ]);
      interaction.select(null);
      expect(kept().at(-1)).toEqual(['keepOpen', null]);
      interaction.stop();
    });

    it('opens what main kept and fills the message boxes, the choice of audience with them', async () => {
      fake.api.answer(GET, (id) =>
        Promise.resolve({
          ok: true,
          value: sampleDetail(id as string, 'Accepted', 10, conference()),
        }),
      );
      fake.api.answer('switchboard:page:memory', () =>
        Promise.resolve({
          ok: true,
          value: {
            open: 'a',
            chats: [
              { interactionId: 'a', text: 'Between us, ', agentsOnly: true },
              { interactionId: 'b', text: 'Dear customer', agentsOnly: false },
            ],
          },
        }),
      );
      const interaction = useInteractionStore();
      interaction.start();
      await interaction.restore();
      await settle();
      expect(interaction.selectedId).toBe('a');
      expect(interaction.detail?.id).toBe('a');
      expect(interaction.composerText).toBe('Between us, ');
      expect(interaction.writingToAgents).toBe(true);
      interaction.select('b');
      await settle();
      expect(interaction.composerText).toBe('Dear customer');
      expect(interaction.writingToAgents).toBe(false);
      interaction.stop();
    });

    it('does not restore the choice of audience of a chat opened meanwhile with no other agent in it', async () => {
      fake.api.answer(GET, (id) =>
        Promise.resolve({
          ok: true,
          value: sampleDetail(id as string, 'Accepted', 10, [
            party(1, 'joined', 'c'),
            party(2, 'joined', 'ann'),
          ]),
        }),
      );
      const memory = deferred<unknown>();
      fake.api.answer('switchboard:page:memory', () => memory.promise);
      const interaction = useInteractionStore();
      interaction.start();
      const restored = interaction.restore();
      interaction.select('a');
      await settle();
      memory.resolve({
        ok: true,
        value: { open: 'a', chats: [{ interactionId: 'a', text: 'Hi', agentsOnly: true }] },
      });
      await restored;
      expect(interaction.composerText).toBe('Hi');
      // Priya joins later: the conference starts with everyone, not with the old choice.
      fake.api.emitChanges({
        transcripts: [{ interactionId: 'a', lines: [party(3, 'joined', 'p')] }],
      });
      expect(interaction.mayWriteToAgents).toBe(true);
      expect(interaction.writingToAgents).toBe(false);
      interaction.stop();
    });

    it('keeps what the agent did before main answered, and drops an answer that comes after a sign-out', async () => {
      const memory = deferred<unknown>();
      fake.api.answer('switchboard:page:memory', () => memory.promise);
      const interaction = useInteractionStore();
      interaction.start();
      interaction.select('b');
      interaction.composerText = 'Typed meanwhile';
      const restored = interaction.restore();
      memory.resolve({
        ok: true,
        value: { open: 'a', chats: [{ interactionId: 'b', text: 'Older', agentsOnly: false }] },
      });
      await restored;
      expect(interaction.selectedId).toBe('b');
      expect(interaction.composerText).toBe('Typed meanwhile');

      const late = deferred<unknown>();
      fake.api.answer('switchboard:page:memory', () => late.promise);
      const again = interaction.restore();
      interaction.clear();
      late.resolve({
        ok: true,
        value: { open: 'a', chats: [{ interactionId: 'a', text: 'Not yours', agentsOnly: false }] },
      });
      await again;
      expect(interaction.selectedId).toBeNull();
      interaction.select('a');
      expect(interaction.composerText).toBe('');
      interaction.stop();
    });
  });

  it('folds nothing once cleared', async () => {
    const interaction = await opened();
    interaction.clear();
    fake.api.emitChanges({ transcripts: [{ interactionId: 'a', lines: [sampleLine(2)] }] });
    await settle();
    expect(interaction.detail).toBeNull();
    expect(channels()).toEqual([GET]);
    interaction.stop();
  });
});

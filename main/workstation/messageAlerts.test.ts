import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeSet, ChatEvent } from '../../common/model';
import { useSignedInDesks } from '../../tests/support/signedInDesks';
import { useSimulator } from '../../tests/support/simulatorHarness';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../cache/database';
import { CacheStore } from '../cache/store';
import { ENGLISH, createTranslator } from '../i18n/translator';
import { CacheWriter, emptyChangeSet } from './cacheWriter';
import { answersCustomer } from '../../common/chatReply';
import { MessageAlerts } from './messageAlerts';
import { TITLE_MAX_CHARS } from './alerts';

let nextId = 0;
function said(authorType: string, text: string, visibility = 'All'): ChatEvent {
  nextId += 1;
  return {
    eventId: nextId,
    kind: 'message',
    authorType,
    authorName: authorType === 'Client' ? 'Tom Baker' : 'Agent',
    text,
    visibility,
  };
}

function lines(interactionId: string, ...chat: ChatEvent[]): ChangeSet {
  return { ...emptyChangeSet(), transcripts: [{ interactionId, lines: chat }] };
}

describe('MessageAlerts', () => {
  const window = { hidden: true, quiet: false };
  const alerts = (answering = (id: string) => id !== 'invited') =>
    new MessageAlerts({
      words: ENGLISH,
      hidden: () => window.hidden,
      quiet: () => window.quiet,
      answering,
    });
  afterEach(() => {
    window.hidden = true;
    window.quiet = false;
  });

  it('shows a customer’s line while the window is out of sight, one per chat, the next replacing it', () => {
    const messages = alerts();
    const first = messages.fold(lines('c1', said('Client', 'Hello?')));
    expect(first.show).toEqual([
      {
        id: 'message-1',
        kind: 'message',
        title: 'New message from Tom Baker',
        body: 'Hello?',
        actions: [],
        sound: false,
        interactionId: 'c1',
      },
    ]);
    // Two lines in one commit: one notification, of the last.
    const next = messages.fold(lines('c1', said('Client', 'Anyone'), said('Client', 'there?')));
    expect(next.show).toMatchObject([{ id: 'message-2', body: 'there?', replaces: 'message-1' }]);
    expect(messages.chatOf('message-2')).toBe('c1');
    expect(messages.chatOf('message-1')).toBeUndefined();
    // Another chat has its own.
    expect(messages.fold(lines('c2', said('Client', 'Hi'))).show).toMatchObject([
      { id: 'message-3', interactionId: 'c2' },
    ]);
    expect(messages.clear().sort()).toEqual(['message-2', 'message-3']);
  });

  it('titles it with the customer’s name on one line, cut, without the direction controls and line breaks a name can carry', () => {
    const messages = alerts();
    const named = (authorName: string): ChatEvent => ({ ...said('Client', 'Hi'), authorName });
    // A right-to-left override left open, and a line break: the title reads as the desk words it.
    expect(messages.fold(lines('c1', named('\u202eTom\nBaker\u2067'))).show).toMatchObject([
      { title: 'New message from Tom Baker' },
    ]);
    // 5,000 characters without a space: the title is cut to what a notification holds.
    const long = messages.fold(lines('c2', named('x'.repeat(5000)))).show[0]?.title ?? '';
    expect(long).toHaveLength(TITLE_MAX_CHARS);
    expect(long).toBe(`New message from ${'x'.repeat(TITLE_MAX_CHARS - 18)}…`);
  });

  it('closes it once an agent answers the customer or the chat ends; a line to the agents only answers nobody', () => {
    const messages = alerts();
    messages.fold(lines('c1', said('Client', 'Hello?')));
    expect(messages.fold(lines('c1', said('Agent', 'Who has him?', 'Int')))).toEqual({
      show: [],
      close: [],
    });
    expect(messages.fold(lines('c1', said('Agent', 'Hi Tom')))).toEqual({
      show: [],
      close: ['message-1'],
    });
    // Answered and written to again in one commit: the new line shows.
    const both = messages.fold(lines('c1', said('Agent', 'One moment'), said('Client', 'OK')));
    expect(both.show).toMatchObject([{ id: 'message-2', body: 'OK' }]);
    const ended: ChangeSet = {
      ...emptyChangeSet(),
      interactions: [
        {
          id: 'c1',
          channel: 'chat',
          state: 'Completed',
          phase: 'ended',
          firstSeenAt: 1,
          updatedAt: 2,
          to: [],
          capabilities: [],
          userData: {},
        },
      ],
    };
    expect(messages.fold(ended)).toEqual({ show: [], close: ['message-2'] });
  });

  it('shows nothing while the window is in sight, under Do Not Disturb, or for a chat the agent does not answer', () => {
    const messages = alerts();
    window.hidden = false;
    expect(messages.fold(lines('c1', said('Client', 'Hello?'))).show).toEqual([]);
    window.hidden = true;
    window.quiet = true;
    expect(messages.fold(lines('c1', said('Client', 'Hello?'))).show).toEqual([]);
    window.quiet = false;
    expect(messages.fold(lines('invited', said('Client', 'Hello?'))).show).toEqual([]);
    // Agents' own lines and the bot's never show.
    expect(messages.fold(lines('c1', said('Agent', 'Hi'), said('External', 'Bot'))).show).toEqual(
      [],
    );
  });

  it('is for the chat’s owner: not a colleague consulted on it, who reads its earlier lines again', () => {
    const store = new CacheStore(openDatabase(':memory:'));
    const writer = new CacheWriter({
      store,
      account: { serverUrl: 'https://gws.example', userName: 'priya' },
      attachmentsDir: join(tmpdir(), 'switchboard-unused'),
      log: { debug: () => undefined, warn: () => undefined },
    });
    const messages = alerts((id) => answersCustomer(writer.headOf(id)));
    const shown: string[] = [];
    writer.onCommit((commit) => {
      shown.push(...messages.fold(commit.changes).show.map((alert) => alert.body));
    });
    const chat = (state: string) => ({
      id: 'c',
      channel: 'chat',
      state,
      capabilities: [],
      userData: {},
    });
    // Consulted: the history read on joining replays Tom's unanswered line.
    writer.apply({ type: 'interactionUpdated', interaction: chat('InvitedConference') });
    writer.apply({
      type: 'chatEventsReceived',
      interactionId: 'c',
      events: [said('Client', 'Where is my parcel?'), said('Client', 'ok, waiting')],
    });
    expect(shown).toEqual([]);
    // Transferred to her: now she answers him.
    writer.apply({ type: 'interactionUpdated', interaction: chat('Accepted') });
    writer.apply({
      type: 'chatEventsReceived',
      interactionId: 'c',
      events: [said('Client', 'Hello?')],
    });
    expect(shown).toEqual(['Hello?']);
    store.db.close();
  });

  it('words it in the desk’s language', () => {
    const messages = new MessageAlerts({
      words: createTranslator('de'),
      hidden: () => true,
      quiet: () => false,
      answering: () => true,
    });
    expect(messages.fold(lines('c1', said('Client', 'Hallo?'))).show[0]?.title).toBe(
      'Neue Nachricht von Tom Baker',
    );
  });
});

// The desk's part, against the real simulator, cache and GWS client: the window hidden (a
// recorder), the customer writes, the agent clicks the notification.
describe('the desk telling of customers’ lines while its window is out of sight', () => {
  const harness = useSimulator();
  const desks = useSignedInDesks();

  it('notifies of the customer’s line, brings the window up on the chat when clicked, and closes it once answered', async () => {
    const simulator = await harness.start();
    const view = { hidden: false };
    const { desk, os } = await desks.open(simulator, { hidden: () => view.hidden });
    const { handlers } = desk;
    const id = simulator.control.startChat({ customerNickName: 'Tom Baker', subject: 'Parcel' });
    await expect.poll(async () => (await handlers.interactions.get(id))?.state).toBe('Invited');
    await handlers.interactions.accept(id, undefined);
    await expect.poll(async () => (await handlers.interactions.get(id))?.state).toBe('Accepted');
    const messageAlerts = () => os.shown.filter((alert) => alert.kind === 'message');

    // In sight: the row tells of it, no notification.
    simulator.control.customerSays(id, 'Are you there?');
    await expect
      .poll(async () => (await handlers.interactions.get(id))?.transcript.at(-1)?.text)
      .toBe('Are you there?');
    expect(messageAlerts()).toEqual([]);

    view.hidden = true;
    simulator.control.customerSays(id, 'My parcel is 3 days late.');
    await expect.poll(() => messageAlerts().length).toBe(1);
    const [alert] = messageAlerts();
    expect(alert).toMatchObject({
      title: 'New message from Tom Baker',
      body: 'My parcel is 3 days late.',
      interactionId: id,
      sound: false,
    });
    if (alert === undefined) throw new Error('no notification');
    desk.alertClicked(alert.id);
    expect(os.focused.at(-1)).toBe(id);

    await handlers.interactions.sendMessage(id, 'Sorry, Tom: let me look.', undefined);
    await expect.poll(() => os.closed).toContain(alert.id);
  });
});

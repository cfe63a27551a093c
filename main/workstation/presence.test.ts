import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelState, GwsEvent } from '../../common/model';
import type { StoredChannelStates } from '../cache/deskState';
import { createOperations, type GwsOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';
import { useSimulator } from '../../tests/support/simulatorHarness';
import { emptyChangeSet } from './cacheWriter';
import { agentStateOf, mergeChannels, Presence } from './presence';

const silent = { warn: () => undefined };

function channel(name: string, state: string, extra: Partial<ChannelState> = {}): ChannelState {
  return { channel: name, state, dnd: false, ...extra };
}

describe('mergeChannels', () => {
  it('merges by channel and applies an all-channels DND entry to every known channel', () => {
    const known = [channel('chat', 'Ready'), channel('email', 'NotReady', { reason: 'Lunch' })];
    const merged = mergeChannels(known, [channel('*', 'Unknown', { dnd: true })]);
    expect(merged).toEqual([
      channel('chat', 'Ready', { dnd: true }),
      channel('email', 'NotReady', { reason: 'Lunch', dnd: true }),
    ]);
    expect(mergeChannels(merged, [channel('chat', 'NotReady')])).toEqual([
      channel('chat', 'NotReady'),
      channel('email', 'NotReady', { reason: 'Lunch', dnd: true }),
    ]);
    const alone = mergeChannels([], [channel('*', 'NotReady', { dnd: true })]);
    expect(alone).toEqual([channel('*', 'NotReady', { dnd: true })]);
    expect(mergeChannels(alone, [channel('chat', 'Ready')])).toEqual([channel('chat', 'Ready')]);
  });

  it('drops the channels a read of all of them leaves out, but not on an empty read', () => {
    const known = [channel('chat', 'Ready'), channel('email', 'NotReady', { dnd: true })];
    // A resync's read of /me: chat was taken from the agent; email keeps its DND.
    const emailReady = { channel: 'email', state: 'Ready' };
    expect(mergeChannels(known, [emailReady], true)).toEqual([
      channel('email', 'Ready', { dnd: true }),
    ]);
    // A notification names what changed only: the others stay.
    expect(mergeChannels(known, [emailReady])).toHaveLength(2);
    // A read that lists no channel at all tells nothing of them.
    expect(mergeChannels(known, [], true)).toEqual(known);
  });

  it('keeps a channel’s DND through a report that names no DND state (003’s Ready sample)', () => {
    // DND on for every channel (003's DND sample), then the chat channel made Ready: its
    // notification carries no `dndState`, and DND was not turned off.
    const underDnd = mergeChannels(
      [channel('chat', 'NotReady'), channel('email', 'NotReady')],
      [channel('*', 'NotReady', { dnd: true })],
    );
    const ready = { channel: 'chat', state: 'Ready', displayName: 'Ready' };
    expect(mergeChannels(underDnd, [ready])).toEqual([
      channel('chat', 'Ready', { displayName: 'Ready', dnd: true }),
      channel('email', 'NotReady', { dnd: true }),
    ]);
    // A channel first heard of without one is not under DND.
    expect(mergeChannels([], [{ channel: 'chat', state: 'Ready' }])).toEqual([
      channel('chat', 'Ready'),
    ]);
  });
});

describe('agentStateOf', () => {
  it('keeps each channel’s own DND, and calls the agent DND only on /me or on every channel', () => {
    const chatOnly = agentStateOf(
      [channel('email', 'Ready'), channel('chat', 'NotReady', { dnd: true })],
      3,
    );
    expect(chatOnly.dnd).toBe(false);
    expect(chatOnly.channels.map((known) => [known.channel, known.dnd])).toEqual([
      ['email', false],
      ['chat', true],
    ]);
    expect(
      agentStateOf([
        channel('email', 'NotReady', { dnd: true }),
        channel('chat', 'NotReady', { dnd: true }),
      ]).dnd,
    ).toBe(true);
    // 003's DND sample names no channel: it is the agent's, before any channel is known.
    expect(agentStateOf([channel('*', 'NotReady', { dnd: true })]).dnd).toBe(true);
    expect(agentStateOf([]).dnd).toBe(false);
  });
});

describe('Presence', () => {
  it('answers the stored states offline, the session’s from its change sets', () => {
    const stored = { at: 5, channels: [channel('chat', 'NotReady', { dnd: true })] };
    const presence = new Presence({
      operations: () => undefined,
      stored: () => stored,
      log: silent,
    });
    expect(presence.state()).toEqual({ channels: stored.channels, dnd: true, at: 5 });
    expect(presence.channels).toEqual([]);

    // A change set before any session is not the agent's live state.
    const ready = agentStateOf([channel('chat', 'Ready'), channel('email', 'Ready')], 9);
    expect(presence.fold({ ...emptyChangeSet(), agent: ready })).toBe(false);

    expect(presence.signedIn()).toEqual({ channels: [], dnd: false });
    expect(presence.fold(emptyChangeSet())).toBe(false);
    expect(presence.fold({ ...emptyChangeSet(), agent: ready })).toBe(true);
    expect(presence.state()).toEqual(ready);
    expect(presence.channels.map((known) => known.state)).toEqual(['Ready', 'Ready']);
    expect(presence.dnd).toBe(false);

    expect(presence.signedOut()).toEqual({ channels: stored.channels, dnd: true, at: 5 });
    expect(presence.dnd).toBe(false);
  });

  it('answers no channels when nothing was ever stored', () => {
    expect(
      new Presence({ operations: () => undefined, stored: () => undefined, log: silent }).state(),
    ).toEqual({ channels: [], dnd: false });
  });
});

// Against the real simulator through a signed-in GwsSession: the commands reach the server, the
// server's channel reports come back, and the reasons are the contact center's own.

const harness = useSimulator();
const sessions: GwsSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.signOut()));
});

async function signedIn(): Promise<{ ops: GwsOperations; events: GwsEvent[] }> {
  const simulator = await harness.start();
  const session = new GwsSession({
    serverUrl: simulator.url,
    credentials: { userName: 'agent1', password: 'demo' },
    mediaChannels: ['email', 'chat'],
  });
  sessions.push(session);
  const events: GwsEvent[] = [];
  session.onEvent((event) => events.push(event));
  const result = await session.signIn();
  if (!result.ok) throw new Error(result.error.message);
  return { ops: createOperations(session.requester, { apiUrl: session.http.apiUrl }), events };
}

function presenceWith(
  operations: () => GwsOperations | undefined,
  stored?: StoredChannelStates,
): { presence: Presence; warnings: string[] } {
  const warnings: string[] = [];
  const presence = new Presence({
    operations,
    stored: () => stored,
    log: { warn: (message) => warnings.push(message) },
  });
  return { presence, warnings };
}

/** Folds the session's channel reports into presence, as the cache writer's commits carry them. */
function reported(presence: Presence, events: GwsEvent[]): void {
  for (const event of events.splice(0))
    if (event.type === 'channelStateChanged')
      presence.fold({
        ...emptyChangeSet(),
        agent: agentStateOf(mergeChannels(presence.channels, event.channels), 1),
      });
}

describe('Presence against the simulator', () => {
  it('refuses commands while signed out', async () => {
    const { presence } = presenceWith(() => undefined);
    await expect(presence.setReady()).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(presence.setDoNotDisturb(true)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(await presence.loadReasons()).toEqual([]);
  });

  it('reads the contact center’s Not Ready reasons, and refuses one it does not have', async () => {
    const { ops } = await signedIn();
    const { presence } = presenceWith(() => ops);
    const heard: (readonly unknown[])[] = [];
    presence.onReasons((reasons) => heard.push(reasons));
    const reasons = await presence.notReadyReasons();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((reason) => reason.displayName !== '')).toBe(true);
    expect(heard).toEqual([reasons]);
    await expect(presence.setNotReady(undefined, 'NoSuchReason')).rejects.toMatchObject({
      kind: 'invalidArgument',
    });
  });

  it('forgets reasons read for a session that ended meanwhile', async () => {
    const { ops } = await signedIn();
    let current: GwsOperations | undefined = ops;
    const { presence } = presenceWith(() => current);
    const loading = presence.loadReasons();
    current = undefined;
    await loading;
    expect(presence.reasons()).toEqual([]);
  });

  it('sets a reason on every channel the server reported, and stays quiet while DND is asked for', async () => {
    const { ops, events } = await signedIn();
    const { presence } = presenceWith(() => ops);
    presence.signedIn();
    await expect
      .poll(() => events.some((event) => event.type === 'channelStateChanged'))
      .toBe(true);
    reported(presence, events);
    const reason = (await presence.notReadyReasons()).find(
      (candidate) => candidate.operationName !== 'NotReady',
    );
    if (reason === undefined) throw new Error('the simulator lists no custom Not Ready reason');
    await presence.setNotReady(undefined, reason.operationName);
    await expect
      .poll(() => {
        reported(presence, events);
        return presence.state().channels.map((channel) => channel.state);
      })
      .toEqual(['NotReady', 'NotReady']);

    expect(presence.quiet).toBe(false);
    const asking = presence.setDoNotDisturb(true);
    expect(presence.quiet).toBe(true);
    await asking;
    await expect
      .poll(() => {
        reported(presence, events);
        return presence.state().dnd;
      })
      .toBe(true);
    expect(presence.quiet).toBe(true);
  });

  it('keeps a channel’s own DND on that channel: the agent is not DND, and alerts are not quieted', async () => {
    const { ops, events } = await signedIn();
    const { presence } = presenceWith(() => ops);
    presence.signedIn();
    /** Each channel as presence knows it once it has folded what the session reported. */
    const channels = () => {
      reported(presence, events);
      return presence.state().channels.map((known) => [known.channel, known.state, known.dnd]);
    };
    await presence.setReady();
    await expect.poll(() => channels().map(([, state]) => state)).toEqual(['Ready', 'Ready']);

    const answer = await ops.setChannelDoNotDisturb('chat', true);
    expect(answer.ok).toBe(true);
    await expect.poll(channels).toEqual([
      ['email', 'Ready', false],
      ['chat', 'NotReady', true],
    ]);
    expect(presence.state().dnd).toBe(false);
    expect(presence.dnd).toBe(false);
    expect(presence.quiet).toBe(false);

    // E-mail too: every channel is under DND, which leaves the agent no work at all.
    expect((await ops.setChannelDoNotDisturb('email', true)).ok).toBe(true);
    await expect
      .poll(() => {
        channels();
        return presence.dnd;
      })
      .toBe(true);
    expect(presence.quiet).toBe(true);

    expect((await ops.setChannelDoNotDisturb('chat', false)).ok).toBe(true);
    await expect.poll(channels).toEqual([
      ['email', 'NotReady', true],
      ['chat', 'Ready', false],
    ]);
    expect(presence.dnd).toBe(false);
  });
});

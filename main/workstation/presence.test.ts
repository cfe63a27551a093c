import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelState, GwsEvent } from '../../common/model';
import type { StoredChannelStates } from '../cache/deskState';
import { createOperations, type GwsOperations } from '../gws/operations';
import { GwsSession } from '../gws/session';
import { useSimulator } from '../../tests/support/simulatorHarness';
import { emptyChangeSet } from './cacheWriter';
import { agentStateOf, mergeChannels, Presence } from './presence';

// Presence against the real simulator through a signed-in GwsSession: the commands reach the
// server, the server's channel reports come back as events, and the reasons are the contact
// center's own.

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

const merged = new WeakMap<Presence, ChannelState[]>();

/** A channel report as the cache writer passes it on: merged, in a change set presence folds. */
function report(presence: Presence, update: readonly ChannelState[], at: number): void {
  const channels = mergeChannels(merged.get(presence) ?? [], update);
  merged.set(presence, channels);
  presence.fold({ ...emptyChangeSet(), agent: agentStateOf(channels, at) });
}

/** Feeds the session's channel reports to presence, as the desk does (through change sets). */
function reported(presence: Presence, events: readonly GwsEvent[]): void {
  for (const event of events)
    if (event.type === 'channelStateChanged') report(presence, event.channels, 1);
}

describe('Presence', () => {
  it('shows the stored channel states while signed out, and the session’s once signed in', () => {
    const chat: ChannelState = { channel: 'chat', state: 'NotReady', reason: 'Lunch', dnd: true };
    const { presence } = presenceWith(() => undefined, { at: 42, channels: [chat] });
    expect(presence.agentState(false)).toEqual({ channels: [chat], dnd: true, at: 42 });
    expect(presence.agentState(true)).toEqual({ channels: [], dnd: false });
    expect(presence.fold(emptyChangeSet())).toBe(false);
    report(presence, [{ channel: 'email', state: 'Ready', dnd: false }], 7);
    report(presence, [{ channel: 'chat', state: 'Ready', dnd: false }], 8);
    expect(presence.agentState(true)).toEqual({
      channels: [
        { channel: 'email', state: 'Ready', dnd: false },
        { channel: 'chat', state: 'Ready', dnd: false },
      ],
      dnd: false,
      at: 8,
    });
    presence.signedOut();
    expect(presence.agentState(true)).toEqual({ channels: [], dnd: false });
  });

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
    await expect
      .poll(() => events.some((event) => event.type === 'channelStateChanged'))
      .toBe(true);
    reported(presence, events);
    const reason = (await presence.notReadyReasons()).find(
      (candidate) => candidate.operationName !== 'NotReady',
    );
    if (reason === undefined) throw new Error('the simulator lists no custom Not Ready reason');
    events.length = 0;
    await presence.setNotReady(undefined, reason.operationName);
    await expect
      .poll(() => {
        reported(presence, events);
        return presence.agentState(true).channels.map((channel) => channel.state);
      })
      .toEqual(['NotReady', 'NotReady']);

    expect(presence.quiet).toBe(false);
    const asking = presence.setDoNotDisturb(true);
    expect(presence.quiet).toBe(true);
    await asking;
    await expect
      .poll(() => {
        reported(presence, events);
        return presence.agentState(true).dnd;
      })
      .toBe(true);
    expect(presence.quiet).toBe(true);
  });
});

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
});

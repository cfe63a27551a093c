import { describe, expect, it } from 'vitest';
import type { ChannelState } from '../../common/model';
import { emptyChangeSet } from './cacheWriter';
import { agentStateOf, mergeChannels, Presence } from './presence';

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

describe('Presence', () => {
  it('answers the stored states offline, the session’s from its change sets', () => {
    const stored = { at: 5, channels: [channel('chat', 'NotReady', { dnd: true })] };
    const presence = new Presence(() => stored);
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
    expect(new Presence(() => undefined).state()).toEqual({ channels: [], dnd: false });
  });
});

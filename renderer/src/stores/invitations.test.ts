import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InteractionSummary } from '../../../common/model';
import { setLocale } from '../i18n';
import { settle, stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { sampleHead } from '../testing/samples';
import { useInboxStore } from './inbox';
import { SENTENCE_AFTER_LAST_MS, TOLD_TOGETHER_MS, useInvitationsStore } from './invitations';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

const T0 = 1_700_000_000_000;

function invitation(id: string, from: string): InteractionSummary {
  return {
    id,
    channel: 'chat',
    state: 'Invited',
    phase: 'invited',
    from,
    firstSeenAt: T0,
    updatedAt: T0,
  };
}

beforeEach(() => {
  stubAnimationFrames();
  fake.api.reset();
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.useRealTimers();
});

/** The inbox store, started and loaded from main, which answers what `rows` gives at each read. */
async function inboxReading(
  rows: () => InteractionSummary[],
): Promise<ReturnType<typeof useInboxStore>> {
  fake.api.answer('switchboard:interactions:inbox', () =>
    Promise.resolve({ ok: true, value: rows() }),
  );
  const inbox = useInboxStore();
  inbox.start();
  inbox.load();
  await settle();
  return inbox;
}

/**
 * Tom's chat invitation in the inbox (read from main), then the clock stopped at its arrival
 * (fake timers from here on); answers the invitations store.
 */
async function tomInvitedAtT0(): Promise<ReturnType<typeof useInvitationsStore>> {
  await inboxReading(() => [invitation('chat-1', 'Tom')]);
  vi.useFakeTimers({ now: T0 });
  return useInvitationsStore();
}

describe('the invitations store', () => {
  it('counts down each second but speaks once as it arrives, once at ten seconds left and once when it ran out', async () => {
    const invitations = await tomInvitedAtT0();
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 30, timedOut: false });
    const arrival = 'New invitation: Chat from Tom, 30 seconds to accept.';
    expect(invitations.announcement).toBe(arrival);

    vi.advanceTimersByTime(19_000);
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 11, timedOut: false });
    expect(invitations.announcement).toBe(arrival);
    vi.advanceTimersByTime(1_000);
    expect(invitations.announcement).toBe('Chat from Tom: 10 seconds left to accept.');
    // Not every second: the sentence stays as it was while the countdown goes on.
    vi.advanceTimersByTime(5_000);
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 5, timedOut: false });
    expect(invitations.announcement).toBe('Chat from Tom: 10 seconds left to accept.');
    vi.advanceTimersByTime(5_000);
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 0, timedOut: true });
    expect(invitations.announcement).toBe('Chat from Tom timed out; the server will withdraw it.');
  });

  it("counts on when the PC's clock is set back an hour, neither longer nor from the start", async () => {
    const invitations = await tomInvitedAtT0();
    vi.advanceTimersByTime(5_000);
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 25, timedOut: false });
    // An NTP correction, or the time set by hand: the wall clock goes back, time does not.
    vi.setSystemTime(Date.now() - 60 * 60_000);
    vi.advanceTimersByTime(1_000);
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 24, timedOut: false });
    // A row pushed after the jump (its state changed) keeps the countdown where it was.
    fake.api.emitChanges({ interactions: [sampleHead('chat-1', 'Invited', T0 + 6_000)] });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 23, timedOut: false });
    vi.advanceTimersByTime(23_000);
    expect(invitations.countdownOf('chat-1')).toEqual({ secondsLeft: 0, timedOut: true });
    invitations.clear();
  });

  it('says its sentence in the language the desk switches to while it stands', async () => {
    const invitations = await tomInvitedAtT0();
    expect(invitations.announcement).toBe('New invitation: Chat from Tom, 30 seconds to accept.');
    try {
      // Was: the English sentence stayed in the region under a German desk.
      setLocale('de');
      expect(invitations.announcement).toBe(
        'Neue Einladung: Chat von Tom, 30 Sekunden zum Annehmen.',
      );
      vi.advanceTimersByTime(20_000);
      expect(invitations.announcement).toBe('Chat von Tom: noch 10 Sekunden zum Annehmen.');
      setLocale('es');
      expect(invitations.announcement).toBe('Chat de Tom: quedan 10 segundos para aceptar.');
    } finally {
      setLocale('en');
    }
    invitations.clear();
  });

  it('lets the last sentence go a little after no invitation waits, and keeps it while one does', async () => {
    const invitations = await tomInvitedAtT0();
    vi.advanceTimersByTime(20_000);
    expect(invitations.announcement).toBe('Chat from Tom: 10 seconds left to accept.');
    // Withdrawn: the sentence stays long enough to be spoken, then goes.
    fake.api.emitChanges({ interactions: [sampleHead('chat-1', 'Revoked', T0 + 20_000)] });
    await vi.advanceTimersByTimeAsync(20);
    expect(invitations.countdownOf('chat-1')).toBeUndefined();
    expect(invitations.announcement).toBe('Chat from Tom: 10 seconds left to accept.');
    vi.advanceTimersByTime(SENTENCE_AFTER_LAST_MS);
    expect(invitations.announcement).toBe('');
    invitations.clear();
  });

  it('says an invitation the server withdrew, not one the agent rejected, several in one sentence', async () => {
    // The page's monotonic clock too: each withdrawal comes well after the one before.
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'performance'] });
    let rows = ['Tom', 'Ann', 'Bo', 'Cy'].map((name, index) =>
      invitation(`chat-${String(index + 1)}`, name),
    );
    await inboxReading(() => rows);
    const invitations = useInvitationsStore();
    invitations.start();
    expect(invitations.announcement).toBe('4 new invitations.');

    // The customer gave up: the row goes, and a screen reader hears why.
    rows = rows.slice(1);
    fake.api.emitChanges({
      interactions: [sampleHead('chat-1', 'Revoked', T0 + 5_000, { from: 'Tom' })],
    });
    await settle();
    expect(invitations.announcement).toBe('Chat from Tom: the invitation was withdrawn.');
    expect(invitations.countdownOf('chat-1')).toBeUndefined();

    // The agent's own Reject is recorded as Rejected: nothing is said of it.
    fake.api.emitChanges({
      interactions: [sampleHead('chat-2', 'Rejected', T0 + 6_000, { from: 'Ann' })],
    });
    await settle();
    expect(invitations.announcement).toBe('Chat from Tom: the invitation was withdrawn.');

    // Two taken back in one commit, a while later: one sentence.
    vi.advanceTimersByTime(TOLD_TOGETHER_MS);
    fake.api.emitChanges({
      interactions: [
        sampleHead('chat-3', 'Revoked', T0 + 7_000, { from: 'Bo' }),
        sampleHead('chat-4', 'Revoked', T0 + 7_000, { from: 'Cy' }),
      ],
    });
    await settle();
    expect(invitations.announcement).toBe('2 invitations were withdrawn.');
    invitations.stop();
    invitations.clear();
  });

  it('does not say the withdrawal of an invitation whose time-out it said', async () => {
    const invitations = await tomInvitedAtT0();
    invitations.start();
    vi.advanceTimersByTime(30_000);
    expect(invitations.announcement).toBe('Chat from Tom timed out; the server will withdraw it.');
    fake.api.emitChanges({
      interactions: [sampleHead('chat-1', 'Revoked', T0 + 30_000, { from: 'Tom' })],
    });
    await vi.advanceTimersByTimeAsync(20);
    expect(invitations.announcement).toBe('Chat from Tom timed out; the server will withdraw it.');
    invitations.stop();
    invitations.clear();
  });

  it('speaks invitations arriving together as one sentence, and each only once', async () => {
    // The clock stands at the invitations' arrival (the page's monotonic one moved by hand); the
    // timers stay real for the loads.
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'performance'] });
    let rows = [invitation('chat-1', 'Tom')];
    const inbox = await inboxReading(() => rows);
    const invitations = useInvitationsStore();
    expect(invitations.announcement).toBe('New invitation: Chat from Tom, 30 seconds to accept.');
    vi.advanceTimersByTime(TOLD_TOGETHER_MS);
    rows = [invitation('chat-1', 'Tom'), invitation('chat-2', 'Ann'), invitation('chat-3', 'Bo')];
    inbox.load();
    await settle();
    expect(invitations.announcement).toBe('2 new invitations.');
    invitations.clear();
  });

  it('speaks a burst main commits in several change sets as one sentence with its whole count', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'performance'] });
    let rows = [invitation('chat-1', 'Tom')];
    const inbox = await inboxReading(() => rows);
    const invitations = useInvitationsStore();
    invitations.start();
    expect(invitations.announcement).toBe('New invitation: Chat from Tom, 30 seconds to accept.');
    // The rest of the burst, in the next change sets (a few milliseconds apart, 200 ms on a
    // loaded machine): the sentence counts them all.
    vi.advanceTimersByTime(200);
    rows = [invitation('chat-1', 'Tom'), invitation('chat-2', 'Ann')];
    inbox.load();
    await settle();
    expect(invitations.announcement).toBe('2 new invitations.');
    vi.advanceTimersByTime(200);
    rows = [...rows, invitation('chat-3', 'Bo')];
    inbox.load();
    await settle();
    expect(invitations.announcement).toBe('3 new invitations.');
    // Withdrawn as they came, in two change sets: one sentence for the three.
    rows = [];
    fake.api.emitChanges({
      interactions: [sampleHead('chat-1', 'Revoked', T0 + 5_000, { from: 'Tom' })],
    });
    await settle();
    expect(invitations.announcement).toBe('Chat from Tom: the invitation was withdrawn.');
    fake.api.emitChanges({
      interactions: [
        sampleHead('chat-2', 'Revoked', T0 + 5_000, { from: 'Ann' }),
        sampleHead('chat-3', 'Revoked', T0 + 5_000, { from: 'Bo' }),
      ],
    });
    await settle();
    expect(invitations.announcement).toBe('3 invitations were withdrawn.');
    invitations.stop();
    invitations.clear();
  });

  it("shows main's count of invitations waiting, read once and then followed", async () => {
    fake.api.answer('switchboard:app:invitationsWaiting', () =>
      Promise.resolve({ ok: true, value: 102 }),
    );
    const invitations = useInvitationsStore();
    invitations.start();
    await invitations.load();
    expect(invitations.waiting).toBe(102);
    fake.api.emit('switchboard:app:invitationsChanged', { waiting: 7 });
    expect(invitations.waiting).toBe(7);
    invitations.clear();
    expect(invitations.waiting).toBe(0);
  });
});

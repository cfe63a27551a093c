import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InteractionSummary } from '../../../common/model';
import { stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { sampleDetail } from '../testing/samples';
import { useInboxStore } from './inbox';
import { useInteractionStore } from './interaction';
import { useShortcutsStore } from './shortcuts';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  const { settledClient } = await import('../lib/settledClient');
  fake.api = fakeApi();
  return { api: settledClient(fake.api.client, () => undefined) };
});

/** A chat the agent works on; its customer waits since `since` when given. */
function chat(id: string, since?: number): InteractionSummary {
  return {
    id,
    channel: 'chat',
    state: 'Accepted',
    phase: 'working',
    firstSeenAt: 1,
    updatedAt: 2,
    ...(since === undefined ? {} : { awaitingReplySince: since }),
  };
}

beforeEach(() => {
  stubAnimationFrames();
  fake.api.reset();
  // Opening a chat reads it (its transcript is not what these tests are about).
  fake.api.answer('switchboard:interactions:get', (id) =>
    Promise.resolve({ ok: true, value: sampleDetail(id as string, 'Accepted', 2) }),
  );
  // Showing the history reads its first page.
  fake.api.answer('switchboard:interactions:history', () =>
    Promise.resolve({ ok: true, value: [] }),
  );
  setActivePinia(createPinia());
});

describe('the shortcut to the chat waiting longest', () => {
  it('goes to the chat waiting longest but the open one, whether the open one’s answer was stored yet or not', () => {
    const inbox = useInboxStore();
    const interaction = useInteractionStore();
    const shortcuts = useShortcutsStore();
    const press = () => {
      void shortcuts.run('longestWaiting');
      return interaction.selectedId;
    };
    // A waited longest, then B, then C.
    inbox.items = [chat('C', 300), chat('A', 100), chat('B', 200), chat('answered')];
    expect(press()).toBe('A');
    expect(interaction.focusRequest).toMatchObject({ id: 'A', target: 'work' });
    expect(press()).toBe('B');
    expect(press()).toBe('A');
    // In B, the agent has just sent an answer: before main stores it, B still waits.
    interaction.select('B');
    expect(press()).toBe('A');
    interaction.select('B');
    inbox.items = [chat('C', 300), chat('A', 100), chat('B'), chat('answered')];
    expect(press()).toBe('A');
    // The only one waiting, open: nothing to go to, and the key does what it would.
    inbox.items = [chat('A', 100), chat('B')];
    expect(shortcuts.run('longestWaiting')).toBe(false);
    expect(interaction.selectedId).toBe('A');
    // The history on show: the inbox comes back, with the chat.
    inbox.showTab('history');
    interaction.select('B');
    expect(press()).toBe('A');
    expect(inbox.tab).toBe('inbox');
  });
});

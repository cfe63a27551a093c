import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InteractionSummary } from '../../../common/model';
import { stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { sampleDetail } from '../testing/samples';
import { useAgentStore } from './agent';
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

describe('the shortcuts to the newest invitation', () => {
  it('answer the invitation offered last, the inbox’s top invited row, though an earlier one was first seen later', () => {
    const inbox = useInboxStore();
    const shortcuts = useShortcutsStore();
    fake.api.answer('switchboard:interactions:accept', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    fake.api.answer('switchboard:interactions:reject', () =>
      Promise.resolve({ ok: true, value: undefined }),
    );
    const invited = (
      id: string,
      firstSeenAt: number,
      updatedAt: number,
      channel = 'chat',
    ): InteractionSummary => ({
      id,
      channel,
      state: 'Invited',
      phase: 'invited',
      firstSeenAt,
      updatedAt,
      offeredAt: updatedAt,
    });
    // A chat offered at 10:00:50; then the e-mail the agent handed to a queue at 9:00 came back
    // to them at 10:01 (offered again, as a timed-out invitation is): its chime is the last.
    const cameBack = invited('mail-back', 9 * 3_600_000, 10 * 3_600_000 + 60_000, 'email');
    const chat = invited('chat-new', 10 * 3_600_000 + 50_000, 10 * 3_600_000 + 50_000);
    inbox.items = [cameBack, chat];
    const answered = (channel: string) =>
      fake.api.calls.filter((call) => call.channel === channel).map((call) => call.args[0]);
    void shortcuts.run('acceptInvitation');
    expect(answered('switchboard:interactions:accept')).toEqual(['mail-back']);
    // Answered, it is the chat's turn; a row main has not announced in this session (none of
    // its offer's time) goes by its own time.
    const unannounced: InteractionSummary = { ...chat };
    delete unannounced.offeredAt;
    inbox.items = [unannounced, { ...cameBack, state: 'Accepted', phase: 'working' }];
    void shortcuts.run('rejectInvitation');
    expect(answered('switchboard:interactions:reject')).toEqual(['chat-new']);
  });
});

describe('the Not Ready shortcut', () => {
  it('asks why while the reasons are still being read, and goes Not Ready at once only where none are listed', async () => {
    const agent = useAgentStore();
    const shortcuts = useShortcutsStore();
    agent.state = {
      channels: [{ channel: 'chat', state: 'Ready', dnd: false }],
      dnd: false,
      at: 1,
    };
    // Just after sign-in: the state came first, the reasons not yet. A site that asks for a
    // reason got a Not Ready without one.
    expect(await shortcuts.run('notReady')).toBe(true);
    expect(shortcuts.reasonsOpen).toBe(true);
    expect(fake.api.calls.map((call) => call.channel)).not.toContain(
      'switchboard:agent:setNotReady',
    );
    shortcuts.reasonsOpen = false;
    // Read, and the contact center lists none: nothing to ask "why" about.
    agent.reasons = [];
    agent.reasonsRead = true;
    expect(await shortcuts.run('notReady')).toBe(true);
    expect(shortcuts.reasonsOpen).toBe(false);
  });
});

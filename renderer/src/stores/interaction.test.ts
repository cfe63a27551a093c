import { phaseOf } from '../../../common/interactionStates';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InteractionDetail } from '../../../common/model';
import { deferred, settle, stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { useInteractionStore } from './interaction';

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const GET = 'switchboard:interactions:get';

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
    fake.api.emit('switchboard:interactions:ended', { interactionId: 'b' });
    expect(interaction.composerText).toBe('');
    interaction.select('a');
    expect(interaction.composerText).toBe('For a');
    interaction.clear();
    interaction.select('a');
    expect(interaction.composerText).toBe('');
    interaction.stop();
  });

  it("applies an action's error only while its interaction is open", async () => {
    const ending = deferred<unknown>();
    fake.api.answer('switchboard:interactions:stopProcessing', () => ending.promise);
    const interaction = useInteractionStore();
    interaction.select('a');
    const done = interaction.done();
    interaction.select('b');
    ending.resolve({ ok: false, error: { kind: 'invalidState', message: 'not now' } });
    await done;
    expect(interaction.actionError).toBeNull();
    expect(interaction.busy).toBeNull();
  });

  it('opens a reply draft only when the agent is still on the e-mail', async () => {
    const replying = deferred<unknown>();
    fake.api.answer('switchboard:interactions:reply', () => replying.promise);
    const interaction = useInteractionStore();
    interaction.select('a');
    const reply = interaction.reply();
    interaction.select('b');
    replying.resolve({ ok: true, value: 'draft-1' });
    await reply;
    expect(interaction.selectedId).toBe('b');
    expect(interaction.focusRequest).toBeNull();

    fake.api.answer('switchboard:interactions:reply', () =>
      Promise.resolve({ ok: true, value: 'draft-2' }),
    );
    await interaction.reply();
    expect(interaction.selectedId).toBe('draft-2');
    expect(interaction.focusRequest).toEqual({ id: 'draft-2', target: 'draft' });
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

  it('drops a detail that comes back after clear()', async () => {
    const loading = deferred<unknown>();
    fake.api.answer(GET, () => loading.promise);
    const interaction = useInteractionStore();
    interaction.select('a');
    await settle();
    expect(fake.api.calls.map((call) => call.channel)).toEqual([GET]);
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

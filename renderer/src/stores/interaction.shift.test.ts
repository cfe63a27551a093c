import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, watchEffect } from 'vue';
import type { Result } from '../../../common/errors';
import { deferred, settle, stubAnimationFrames, type FakeApi } from '../testing/fakeApi';
import { heapKept } from '../testing/heap';
import { sampleDetail, sampleHead } from '../testing/samples';
import { useInteractionStore } from './interaction';

// What the interaction store keeps over a shift: an agent opens, answers and finishes thousands
// of chats, and nothing of an ended one may stay in the renderer's memory: not in the store's
// maps (counted), nor in what Vue keeps for reading them (the heap after a forced collection).

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

const STOP = 'switchboard:interactions:stopProcessing';

beforeEach(() => {
  stubAnimationFrames();
  fake.api.reset();
  fake.api.answer('switchboard:interactions:get', (id) =>
    Promise.resolve({ ok: true, value: sampleDetail(id as string, 'Accepted', 2) }),
  );
  setActivePinia(createPinia());
});
afterEach(settle);

describe('the interaction store over a shift', () => {
  it(
    "keeps nothing of the chats that ended, in its maps or in Vue's",
    { timeout: 120_000 },
    async () => {
      const interaction = useInteractionStore();
      interaction.start();
      let seen: unknown;
      const read = (values: unknown) => {
        seen = values;
      };
      /** The chat's view, as mounted while it is open: it reads what the view reads. */
      const view = () => {
        const scope = effectScope();
        scope.run(() => {
          watchEffect(() => {
            read([
              interaction.busy,
              interaction.actionError,
              interaction.composerText,
              interaction.writingToAgents,
              interaction.failedActions,
            ]);
          });
        });
        return scope;
      };
      let serial = 0;
      /**
       * One chat of the shift: opened, a line written and sent, Done; its end pushed after Done's
       * answer, or, every other chat, before it (the server may announce it first).
       */
      const oneChat = async () => {
        const id = `chat-${String(serial++).padStart(8, '0')}`;
        let shown = view();
        interaction.select(id);
        await settle();
        interaction.composerText = 'Let me look at your order.';
        // The view goes and comes back (another interaction looked at, the window reloaded).
        shown.stop();
        shown = view();
        await interaction.sendMessage('Let me look at your order.');
        const ended = () => {
          fake.api.emitChanges({ interactions: [sampleHead(id, 'Completed', 3)] });
        };
        if (serial % 2 === 0) {
          await interaction.done();
          ended();
        } else {
          const answer = deferred<Result<void>>();
          fake.api.answer(STOP, () => answer.promise);
          const done = interaction.done();
          ended();
          answer.resolve({ ok: true, value: undefined });
          await done;
          fake.api.answer(STOP, () => Promise.resolve({ ok: true, value: undefined }));
        }
        shown.stop();
        fake.api.calls.splice(0);
      };
      const chats = async (count: number) => {
        for (let n = 0; n < count; n++) await oneChat();
      };

      await chats(300);
      expect(interaction.keptCount()).toBe(0);
      const before = heapKept();
      await chats(1500);
      const grown = heapKept() - before;
      expect(seen).toBeDefined();
      expect(interaction.keptCount()).toBe(0);
      // Measured over 3,000 chats: 1.7 MB when Vue kept a dependency for each chat's id in the
      // store's reactive maps (~500 bytes a chat, so ~750 kB over these 1,500); ~170 kB since,
      // V8's own bookkeeping (about half that over 1,500).
      expect(grown).toBeLessThan(400_000);
    },
  );
});

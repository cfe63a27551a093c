import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, effectScope, watchEffect } from 'vue';
import { settle, type FakeApi } from '../testing/fakeApi';
import { heapKept } from '../testing/heap';
import { MAX_KEPT_SENDERS, useMailViewStore } from './mailView';

// What the e-mail view's store keeps over a shift: every e-mail shown reads its sender's
// remote-image choice and its inline images in the view's computeds, and nothing of it may stay
// once the e-mail is closed (the heap after a forced collection); the senders' answers are the
// latest ones.

const fake = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));
vi.mock('../api', async () => {
  const { fakeApi } = await import('../testing/fakeApi');
  fake.api = fakeApi();
  return { api: fake.api.client };
});

beforeEach(() => {
  fake.api.reset();
  fake.api.answer('switchboard:mail:remoteImagesAllowed', () =>
    Promise.resolve({ ok: true, value: false }),
  );
  fake.api.answer('switchboard:mail:inlineImage', () =>
    Promise.resolve({ ok: true, value: { dataUrl: 'data:image/png;base64,AA==' } }),
  );
  setActivePinia(createPinia());
});

describe('the e-mail view store over a shift', () => {
  it(
    'keeps nothing of the e-mails closed, and the latest senders only',
    { timeout: 120_000 },
    async () => {
      const mailView = useMailViewStore();
      let seen: unknown;
      let serial = 0;
      /** One HTML e-mail from a new sender, shown (as EmailView reads it) and closed. */
      const oneEmail = async () => {
        const id = `mail-${String(serial++).padStart(8, '0')}`;
        const from = `Customer ${String(serial)} <customer${String(serial)}@example.com>`;
        const attachments = ['logo', 'invoice'];
        const scope = effectScope();
        scope.run(() => {
          const imagesAllowed = computed(() => mailView.remoteImagesAllowedFor(from) ?? false);
          const images = computed(() => mailView.imagesOf(id, attachments));
          watchEffect(() => {
            seen = [imagesAllowed.value, images.value];
          });
        });
        await mailView.checkRemoteImages(from);
        await mailView.loadInlineImages(id, ['logo']);
        scope.stop();
        fake.api.calls.splice(0);
      };
      const emails = async (count: number) => {
        for (let n = 0; n < count; n++) await oneEmail();
      };

      await emails(500);
      const before = heapKept();
      await emails(3000);
      const grown = heapKept() - before;
      expect(seen).toBeDefined();
      // The latest senders' answers, not every sender's of the shift.
      expect(mailView.remoteImagesBySender.size).toBe(MAX_KEPT_SENDERS);
      // Measured over 3,000 e-mails: 1.9 MB when Vue kept the keys each closed e-mail's view
      // had read (~650 bytes an e-mail); ~240 kB since, V8's own bookkeeping.
      expect(grown).toBeLessThan(600_000);
      await settle();
    },
  );
});

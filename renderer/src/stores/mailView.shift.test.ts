import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, effectScope, watchEffect } from 'vue';
import { deferred, settle, type FakeApi } from '../testing/fakeApi';
import type { Result } from '../../../common/errors';
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

describe('the e-mail view store over a sign-out', () => {
  it("takes no answer asked for by the agent who signed out as the next agent's", async () => {
    const mailView = useMailViewStore();
    const sender = 'Newsletter <news@example.com>';
    const allowedForAna = deferred<Result<boolean>>();
    const allowing = deferred<Result<void>>();
    const image = deferred<Result<{ dataUrl: string }>>();
    fake.api.answer('switchboard:mail:remoteImagesAllowed', () => allowedForAna.promise);
    fake.api.answer('switchboard:mail:allowRemoteImages', () => allowing.promise);
    fake.api.answer('switchboard:mail:inlineImage', () => image.promise);
    // Ana's e-mail asks whether her sender's images load, she allows another, an image loads.
    const checking = mailView.checkRemoteImages(sender);
    const setting = mailView.setRemoteImages('Shop <shop@example.com>', true);
    const loading = mailView.loadInlineImages('mail-1', ['logo']);

    // She signs out; main answers for her after it.
    mailView.clear();
    allowedForAna.resolve({ ok: true, value: true });
    allowing.resolve({ ok: false, error: { kind: 'internal', message: 'disk full' } });
    image.resolve({ ok: true, value: { dataUrl: 'data:image/png;base64,AA==' } });
    await Promise.all([checking, setting, loading]);

    // Ben's e-mail from the same sender asks main for his choice: Ana's does not load his images.
    expect(mailView.remoteImagesAllowedFor(sender)).toBeUndefined();
    expect(mailView.remoteImagesAllowedFor('Shop <shop@example.com>')).toBeUndefined();
    expect(mailView.error).toBeNull();
    expect(mailView.busy).toBe(false);
    expect(mailView.imagesOf('mail-1', ['logo']).size).toBe(0);
    await settle();
  });
});

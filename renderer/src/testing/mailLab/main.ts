import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { contract, createClient, type SwitchboardClient } from '../../../../common/contract';
import type { Result } from '../../../../common/errors';
import type { LabMail, MailLab } from './labTypes';

/**
 * A page that mounts the real e-mail view (EmailView and its frame) over a stand-in contract
 * client, for the mail-view tests in Chromium (tests/e2e/mailView*.test.ts): the sanitizer
 * pipeline's cases and the hostile-mail corpus. Not part of the app's build.
 */
const calls: { channel: string; args: readonly unknown[] }[] = [];
const images: Record<string, string> = {};
const hits: string[] = [];

const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
const client: SwitchboardClient = createClient(contract, {
  invoke: (channel, args) => {
    calls.push({ channel, args });
    if (channel === 'switchboard:mail:inlineImage') {
      const dataUrl = images[String(args[1])];
      // Each answer in a task of its own, as Electron's IPC replies come.
      return new Promise((resolve) =>
        setTimeout(() => {
          resolve(
            dataUrl === undefined
              ? { ok: false, error: { kind: 'notFound', message: 'not downloaded' } }
              : { ok: true, value: { dataUrl } },
          );
        }, 0),
      );
    }
    if (channel === 'switchboard:mail:remoteImagesAllowed') return ok(false);
    return ok(undefined);
  },
  subscribe: () => () => undefined,
});
(window as unknown as { switchboard: SwitchboardClient }).switchboard = client;

// What a payload that ran would call: counted, never expected.
(window as unknown as { __hit: (id: unknown) => void }).__hit = (id) => {
  hits.push(String(id));
};
window.addEventListener('message', (event) => {
  hits.push(`message:${String(event.data)}`);
});

const { mountLab, sanitize, sanitizeSliced, slicesOfLastSanitize, sanitizeChunksOfLastSanitize } =
  await import('./lab');
const pinia = createPinia();
const lab: MailLab = {
  calls,
  images,
  hits,
  ...(await mountLab(createApp, pinia)),
  sanitize,
  sanitizeSliced,
  slicesOfLastSanitize,
  sanitizeChunksOfLastSanitize,
};
(window as unknown as { __mailLab: MailLab }).__mailLab = lab;
export type { LabMail };

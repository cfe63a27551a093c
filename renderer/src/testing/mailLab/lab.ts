import type { Pinia } from 'pinia';
import { type App, type Component, defineComponent, h, nextTick, shallowRef } from 'vue';
import EmailView from '../../components/EmailView.vue';
import { lastSlicedSanitize, safeMailDocument, safeMailDocumentSliced } from '../../lib/mailHtml';
import { i18n } from '../../i18n';
import type { FrameFindings, LabMail, MailLab } from './labTypes';

export const sanitize = safeMailDocument;
export const sanitizeSliced = safeMailDocumentSliced;
export const slicesOfLastSanitize = () => lastSlicedSanitize?.slices;
export const sanitizeChunksOfLastSanitize = () => lastSlicedSanitize?.sanitizeChunks;

/** How long frames may take to load once no mail's safe document is being made. */
const FRAMES_LOAD_MS = 5_000;

/**
 * Resolves when every mail on the page has its frame and the frame its safe document loaded, or
 * {@link FRAMES_LOAD_MS} after the last mail's safe document was made (a frame that navigated
 * away never loads; `inspect` counts it). Making them has no bound of its own: the big mails are
 * sanitized a slice at a time, slower on a loaded machine (a clean run framed 10 of 12 within a
 * fixed five seconds from the start); the test's time-out ends a wait that never would.
 */
async function framesLoaded(): Promise<void> {
  let deadline = performance.now() + FRAMES_LOAD_MS;
  for (;;) {
    const frames = [...document.querySelectorAll<HTMLIFrameElement>('iframe.mail-frame')];
    const loaded = frames.filter((frame) => {
      const doc = frame.contentDocument;
      return doc?.readyState === 'complete' && doc.querySelector('meta[http-equiv]') !== null;
    });
    // A mail whose safe document is still being made has no frame yet.
    const making = document.querySelectorAll('[data-testid="email-html-loading"]').length;
    if (making === 0 && loaded.length === frames.length) return;
    if (making > 0) deadline = performance.now() + FRAMES_LOAD_MS;
    else if (performance.now() >= deadline) return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

function findingsOf(doc: Document): FrameFindings {
  const all = [...doc.querySelectorAll('*')];
  const attributes = all.flatMap((element) => [...element.attributes]);
  return {
    scripts: doc.querySelectorAll('script').length,
    handlers: attributes.filter((attribute) => /^on/iu.test(attribute.name)).length,
    embeds: doc.querySelectorAll('iframe, frame, object, embed, applet, portal').length,
    forms: doc.querySelectorAll('form, input, button, textarea, select').length,
    // The view's own three meta elements (charset, policy, referrer, color scheme) are expected.
    metas: doc.querySelectorAll(
      'meta[http-equiv]:not([http-equiv="Content-Security-Policy"]), base, link',
    ).length,
    hrefs: attributes.filter(
      (attribute) =>
        /(^|:)href$|^src(set)?$|^action$|^formaction$|^background$|^poster$|^data$/iu.test(
          attribute.name,
        ) && !(attribute.name === 'src' && attribute.value.startsWith('data:image/')),
    ).length,
    remoteImages: doc.querySelectorAll('img:not([src^="data:image/"])').length,
    cssLoads: [
      ...doc.querySelectorAll('style'),
      ...all.filter((element) => element.hasAttribute('style')),
    ]
      .map((element) =>
        element.localName === 'style' ? element.textContent : (element.getAttribute('style') ?? ''),
      )
      .filter((css) => /url\s*\(|src\s*\(|@import|image-set/iu.test(css)).length,
    foreign: doc.querySelectorAll('svg, math').length,
    // A template's content is out of querySelectorAll's reach, here as in the rewrite.
    templates: doc.querySelectorAll('template').length,
    navigated: 0,
  };
}

/** Mounts the lab's view: the real EmailView once per mail shown. */
export async function mountLab(
  createApp: (root: Component) => App,
  pinia: Pinia,
): Promise<Pick<MailLab, 'render' | 'inspect'>> {
  const mails = shallowRef<readonly LabMail[]>([]);
  const Lab = defineComponent({
    setup: () => () =>
      h(
        'div',
        { class: 'lab' },
        mails.value.map((mail) =>
          h('section', { key: mail.id, class: 'lab__mail', 'data-mail-id': mail.id }, [
            h(EmailView, {
              interactionId: mail.id,
              email: {
                from: mail.from ?? 'sender@example.com',
                to: ['support@example.com'],
                cc: [],
                subject: mail.subject ?? `Mail ${mail.id}`,
                ...(mail.text === undefined ? {} : { text: mail.text }),
                ...(mail.html === undefined ? {} : { html: mail.html }),
                attachments: (mail.attachments ?? []).map(({ id, name, mimeType }) => ({
                  id,
                  name,
                  ...(mimeType === undefined ? {} : { mimeType }),
                })),
              },
              attachments: mail.attachments ?? [],
              remoteImagesAllowed: mail.remoteImagesAllowed === true,
            }),
          ]),
        ),
      ),
  });
  const app = createApp(Lab);
  // The e-mail view speaks through vue-i18n, as in the desk (English: the page's language).
  app.use(pinia).use(i18n);
  app.mount('#app');
  await nextTick();
  return {
    render: async (next) => {
      mails.value = next;
      await nextTick();
      await framesLoaded();
    },
    inspect: () => {
      const frames = [...document.querySelectorAll<HTMLIFrameElement>('iframe.mail-frame')];
      const total: Record<string, number> = { frames: frames.length };
      for (const frame of frames) {
        const doc = frame.contentDocument;
        // A frame whose document is not the view's safe one any more went somewhere else.
        if (doc?.querySelector('meta[http-equiv="Content-Security-Policy"]') == null) {
          total.navigated = (total.navigated ?? 0) + 1;
          continue;
        }
        for (const [key, value] of Object.entries(
          findingsOf(doc) as unknown as Record<string, number>,
        ))
          total[key] = (total[key] ?? 0) + value;
      }
      return total as unknown as FrameFindings & { frames: number };
    },
  };
}

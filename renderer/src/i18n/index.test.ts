import { afterEach, describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { i18n, setLocale, t } from '.';

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202E';
const OVERRIDDEN = `${RLO}Tom`;

describe("the renderer's vue-i18n", () => {
  afterEach(() => {
    setLocale('en');
  });

  it('isolates a value holding a right-to-left override in every language, the words left as they are', () => {
    expect(t('interaction.endedUnder.by', { name: OVERRIDDEN })).toBe(
      `${FSI}${OVERRIDDEN}${PDI} ended the chat.`,
    );
    setLocale('de');
    expect(t('tray.notification.newChatFrom', { from: OVERRIDDEN })).toBe(
      `Neuer Chat von ${FSI}${OVERRIDDEN}${PDI}`,
    );
  });

  it('gives plain values and numbers back as they are, and a value isolated before once', () => {
    expect(t('interaction.endedUnder.by', { name: 'Tom Baker' })).toBe('Tom Baker ended the chat.');
    expect(t('interaction.endedUnder.by', { name: `${FSI}${OVERRIDDEN}${PDI}` })).toBe(
      `${FSI}${OVERRIDDEN}${PDI} ended the chat.`,
    );
    expect(t('email.address.invalid', { first: 'x', more: 2 }, 3)).toBe(
      '"x" and 2 more are not e-mail addresses.',
    );
  });

  it('chooses the plural form by count with an isolated value in it', () => {
    expect(t('email.address.invalid', { first: OVERRIDDEN, more: 0 }, 1)).toBe(
      `"${FSI}${OVERRIDDEN}${PDI}" is not an e-mail address.`,
    );
    expect(t('tray.invitationsWaiting', 2)).toBe('2 invitations waiting');
  });

  it('still sets the slots of <i18n-t> into its sentence', async () => {
    const app = createSSRApp({
      render: () =>
        h(
          // The global component vue-i18n's plugin registers.
          app.component('i18n-t') as never,
          { keypath: 'interaction.sentNote.bcc', scope: 'global', tag: 'p' },
          { list: () => h('span', OVERRIDDEN) },
        ),
    });
    app.use(i18n);
    // The slot's VNodes as they are (the <!--[--> marks are the server renderer's fragment).
    expect(await renderToString(app)).toBe(
      `<p>Bcc: <!--[--><span>${OVERRIDDEN}</span><!--]--></p>`,
    );
  });
});

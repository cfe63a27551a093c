import {
  compile,
  createCoreContext,
  fallbackWithLocaleChain,
  registerLocaleFallbacker,
  registerMessageCompiler,
  registerMessageResolver,
  resolveValue,
  translate,
} from '@intlify/core-base';
import { isolatingValues } from '../../common/i18n/isolatingCompiler';
import { pickLocale, type Locale } from '../../common/i18n/locales';
import { MESSAGES } from '../../common/i18n/messages';
import type { MessageKey, MessageValues, Translate } from '../../common/i18n/translate';

// vue-i18n's engine ships its parts separately so that a bundle carries only what it uses; the
// renderer's vue-i18n registers them itself, main registers them once here: the message
// compiler (`{name}`, plurals; each text value set in isolated, as the renderer's is), the
// resolver of dotted keys, and the fallback to English.
registerMessageCompiler(isolatingValues(compile));
registerMessageResolver(resolveValue);
registerLocaleFallbacker(fallbackWithLocaleChain);

/**
 * Main's words: the tray menu and tooltip and the OS notifications, in the desk's language, from
 * the same catalogs (common/i18n) and with the same message syntax as the renderer's vue-i18n.
 */
export interface Translator {
  /** The language in effect. */
  readonly locale: Locale;
  /** A message with its named values: `t('tray.menu.quit')`, `t('tray.notification.newChatFrom', { from })`. */
  readonly t: Translate;
  /** A plural message for `count` (`{count}` is filled in): `plural('tray.invitationsWaiting', 3)`. */
  plural(key: MessageKey, count: number, values?: MessageValues): string;
  /** Switches the language; listeners hear it only when it changed. */
  setLocale(locale: Locale): void;
  /** Called after each change of language (the tray and notifications word things again). */
  onLocaleChanged(listener: (locale: Locale) => void): () => void;
}

/**
 * A translator starting in `locale` (English, the catalogs' source, fills any gap). Its values
 * are set in isolated (the registered compiler) unless `valuesAsSent`.
 */
export function createTranslator(
  locale: Locale,
  { valuesAsSent = false }: { readonly valuesAsSent?: boolean } = {},
): Translator {
  const context = createCoreContext({
    locale,
    fallbackLocale: 'en',
    messages: MESSAGES,
    // A missing key is a programming error the type of MessageKey already rules out; the
    // warnings would only be noise in the log.
    missingWarn: false,
    fallbackWarn: false,
  });
  // The engine's own compiler: each value as it is, no FSI … PDI added. Set on the context made,
  // not passed to createCoreContext, which then prints a warning that custom compilers are
  // experimental (on the command line's standard error too).
  if (valuesAsSent) context.messageCompiler = compile;
  const listeners = new Set<(locale: Locale) => void>();
  let current = locale;
  // Made once per language (constructing one is costly; the tray words its counts on each change).
  let counts = new Intl.NumberFormat(current);

  // The engine answers a number only for a key it cannot resolve, which MessageKey rules out.
  const t: Translate = (key, values) =>
    String(values === undefined ? translate(context, key) : translate(context, key, { ...values }));

  return {
    get locale() {
      return current;
    },
    t,
    plural: (key, count, values) => {
      // Written as the desk's page writes it ("1,000 invitations waiting", German "1.000"): the
      // tray and the notifications beside the inbox's badge and lists.
      const written = counts.format(count);
      return String(
        translate(context, key, count, { named: { count: written, n: written, ...values } }),
      );
    },
    setLocale: (next) => {
      if (next === current) return;
      current = next;
      counts = new Intl.NumberFormat(next);
      context.locale = next;
      for (const listener of [...listeners]) listener(next);
    },
    onLocaleChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * A translator in the OS's language: the first of its preferred languages (Electron's
 * `app.getPreferredSystemLanguages()`) the desk speaks, else English.
 */
export function translatorForSystem(preferred: readonly string[]): Translator {
  return createTranslator(pickLocale(preferred));
}

/**
 * English words for what main says in English whatever the desk's language (the log, and the
 * comparisons of states as words). Never switched.
 */
export const ENGLISH: Translator = createTranslator('en');

/**
 * English with each value set in as the server sent it, not isolated: for documents that leave
 * the desk (a saved transcript, the command line's output), where an FSI … PDI the desk added
 * would be characters in the agent's file that no one wrote, and the command line prints them
 * as `<U+2068>` … `<U+2069>`. Never switched.
 */
export const ENGLISH_AS_SENT: Translator = createTranslator('en', { valuesAsSent: true });

import { compile } from '@intlify/core-base';
import { computed, shallowRef } from 'vue';
import { createI18n } from 'vue-i18n';
import { isolatingValues } from '../../../common/i18n/isolatingCompiler';
import { pickLocale, regionalLocale, type Locale } from '../../../common/i18n/locales';
import { MESSAGES, type MessageSchema } from '../../../common/i18n/messages';
import type { Translate } from '../../../common/i18n/translate';

declare module 'vue-i18n' {
  // Types every `t()` / `$t()` key against the English catalog: a typo fails vue-tsc.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}

/**
 * The OS's preferred languages as main reads them (AppInfo `systemLanguages`), once told: the
 * tray and the notifications speak by them, so the window must too.
 */
const mainsSystemLanguages = shallowRef<readonly string[]>([]);

/**
 * The OS's preferred languages, most preferred first (reactive): main's list, or until main
 * told one (or where its host cannot tell), the page's. The page's alone is Chromium's
 * application locale: on a system preferring French, then German, the tray spoke German and the
 * window English.
 */
function systemLanguages(): readonly string[] {
  if (mainsSystemLanguages.value.length > 0) return mainsSystemLanguages.value;
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

/** Takes the OS's preferred languages as main read them (AppInfo `systemLanguages`). */
export function takeSystemLanguages(languages: readonly string[]): void {
  mainsSystemLanguages.value = languages;
}

/**
 * The renderer's one vue-i18n instance (Composition API mode). It starts in the OS's language;
 * the agent's language setting, once read, moves it with {@link setLocale}. Components use
 * `useI18n()` or `$t`; stores and lib/ modules use {@link t} from here.
 */
export const i18n = createI18n<[MessageSchema], Locale, false>({
  // Composition API mode; v11 still needs the flag (the default goes away with v12).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  legacy: false,
  locale: pickLocale(systemLanguages()),
  fallbackLocale: 'en',
  messages: MESSAGES,
  // Every text value set into a sentence is isolated here, not by each caller (common/bidi.ts).
  // vue-i18n's own compiler compiles the catalogs at run time (no build-time precompiling).
  messageCompiler: isolatingValues(compile),
});

/** Translates outside a component (stores, lib/); reactive inside a render like `$t`. */
export const t = i18n.global.t;
/** Writes a number as the desk's language does ("1,000", German "1.000"), outside a component. */
export const n = i18n.global.n;

/**
 * The same catalogs with each value set in as it is, not isolated: for words that leave the desk
 * with the agent's text (the line above a reply's quote goes to the customer), where an FSI … PDI
 * added for the desk's own screen would be characters no one wrote, sent in the e-mail.
 */
const valuesAsSent = createI18n<[MessageSchema], Locale, false>({
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: MESSAGES,
  messageCompiler: compile,
});

/** {@link t} in the desk's language with its values as they are: for text sent out of the desk. */
export const tAsSent: Translate = (key, values = {}) => {
  valuesAsSent.global.locale.value = i18n.global.locale.value;
  return valuesAsSent.global.t(key, values);
};

/** The language in effect now (reactive). */
export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Worked out once per change of language (every time and size on screen asks for it). */
const formatting = computed(() => regionalLocale(currentLocale(), systemLanguages()));

/**
 * The tag dates, times and numbers are written in (reactive): the desk's language with the OS's
 * region for it ({@link regionalLocale}: `es-MX`, `de-AT`), else the language alone.
 */
export function formattingLocale(): string {
  return formatting.value;
}

/** Switches the desk's language, and the page's `lang` (screen readers pronounce by it). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export { systemLanguages };

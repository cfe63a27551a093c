/**
 * The languages the desk speaks, and how one is chosen. Pure data, used by the renderer (its
 * vue-i18n instance) and by main (tray menu and OS notifications), so both speak the same one.
 */

/** The desk's languages, English first: it is the fallback for anything missing elsewhere. */
export const SUPPORTED_LOCALES = ['en', 'de', 'es'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** The language setting: one of the desk's languages, or whatever the OS says (`system`). */
export const LANGUAGE_CHOICES = ['system', ...SUPPORTED_LOCALES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/**
 * Each language named in itself, as language pickers do (an agent who cannot read the current
 * language must still find their own), so these are deliberately not translated.
 */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
};

export function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The desk's language for the OS's preferred ones (BCP 47 tags, most preferred first, as
 * `navigator.languages` or Electron's `app.getPreferredSystemLanguages()` give them): the first
 * whose primary subtag the desk speaks (`de-AT` → `de`), else English.
 */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
    if (isLocale(language)) return language;
  }
  return 'en';
}

/** The language in effect: the agent's choice, or the OS's when the choice is `system`. */
export function resolveLocale(choice: LanguageChoice, preferred: readonly string[]): Locale {
  return choice === 'system' ? pickLocale(preferred) : choice;
}

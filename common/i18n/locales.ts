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

/**
 * The tag to write dates, times and numbers in for the desk's language `locale`: the first of
 * the OS's preferred languages (`preferred`) in that language with its region (`es-MX`, `de-AT`,
 * `en-GB`), else the language alone. A Mexican agent's desk speaks Spanish, and writes `1.5 MB`
 * and `4:41 p.m.` as Mexico does, not Spain's `1,5 MB` and `16:41`; a tag the runtime cannot
 * read is passed over.
 */
export function regionalLocale(locale: Locale, preferred: readonly string[]): string {
  for (const tag of preferred) {
    // Linux spells some as `de_AT`, and a few with an encoding (`de_AT.UTF-8`).
    const bcp47 = tag.split('.')[0]?.replaceAll('_', '-') ?? '';
    if (bcp47.split('-')[0]?.toLowerCase() !== locale) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(bcp47);
      if (canonical !== undefined) return canonical;
    } catch {
      // Not a language tag (RangeError): the next one, else the language alone.
    }
  }
  return locale;
}

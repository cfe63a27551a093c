import { resolveLocale, type LanguageChoice } from '../../../common/i18n/locales';
import type { Settings } from '../../../common/model';
import { setLocale, systemLanguages } from '../i18n';

/**
 * Puts the agent's language and theme into effect on the page: the language resolved against
 * the OS's (`system`), and the theme as `<html data-theme="light|dark">`, which styles.css
 * honours over the OS's preference; none for `system`, so the OS's light or dark applies, and
 * follows it when it changes. Called whenever the settings are read or saved (stores/app.ts).
 */
export function applyLanguageAndTheme(settings: Pick<Settings, 'language' | 'theme'>): void {
  applyLanguage(settings.language);
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (settings.theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = settings.theme;
}

/** Puts the language `choice` into effect on the page (`system`: the OS's, as main told them). */
export function applyLanguage(choice: LanguageChoice): void {
  setLocale(resolveLocale(choice, systemLanguages()));
}

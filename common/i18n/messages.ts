import de from './de';
import en from './en';
import es from './es';
import type { Catalog } from './catalog';
import type { Locale } from './locales';

/** The catalogs by language, in vue-i18n's message syntax; English is the source and fallback. */
export const MESSAGES = { en, de, es } as const satisfies Record<Locale, Catalog<typeof en>>;

/** The English catalog's shape: what `t()` keys are checked against. */
export type MessageSchema = typeof en;

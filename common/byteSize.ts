import type { Locale } from './i18n/locales';
import type { Translate } from './i18n/translate';

/** The two number styles a size is written in. */
interface NumberStyles {
  readonly whole: Intl.NumberFormat;
  readonly upToOneDecimal: Intl.NumberFormat;
}

/** Per locale, made once (constructing a formatter is costly). */
const numberStyles = new Map<Locale, NumberStyles>();

function stylesOf(locale: Locale): NumberStyles {
  let styles = numberStyles.get(locale);
  if (styles === undefined) {
    styles = {
      whole: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
      upToOneDecimal: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    };
    numberStyles.set(locale, styles);
  }
  return styles;
}

/**
 * A file's size in `locale`'s words, for lists of files and the sentences that name a limit:
 * `512 B`, `1,5 kB` in German, `340 kB`, `25 MB`. One rule for the desk (its language) and main
 * (its English log sentences), each passing its own translator.
 */
export function byteSize(size: number, locale: Locale, t: Translate): string {
  const { whole, upToOneDecimal } = stylesOf(locale);
  if (size < 1024) return t('words.byteSize.bytes', { size: whole.format(size) });
  if (size < 1024 * 1024) {
    const kilobytes = size / 1024;
    const format = size < 10 * 1024 ? upToOneDecimal : whole;
    return t('words.byteSize.kilobytes', { size: format.format(kilobytes) });
  }
  return t('words.byteSize.megabytes', { size: upToOneDecimal.format(size / (1024 * 1024)) });
}

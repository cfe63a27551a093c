import type { Translate } from './i18n/translate';

/** The two number styles a size is written in. */
interface NumberStyles {
  readonly whole: Intl.NumberFormat;
  readonly upToOneDecimal: Intl.NumberFormat;
}

/** Per locale, made once (constructing a formatter is costly). */
const numberStyles = new Map<string, NumberStyles>();

function stylesOf(locale: string): NumberStyles {
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

const KIB = 1024;
const MIB = 1024 * 1024;

/**
 * A file's size in `locale`'s words, for lists of files and the sentences that name a limit:
 * `512 B`, `1,5 kB` in German, `340 kB`, `25 MB`. One rule for the desk (its language) and main
 * (its English log sentences), each passing its own translator. A unit is kept while its number,
 * rounded as it is written, stays under 1,000: just under 1 MiB reads `1 MB`, not `1,000 kB`
 * (which looks bigger than the `1 MB` that follows it in a download's progress).
 */
export function byteSize(size: number, locale: string, t: Translate): string {
  const { whole, upToOneDecimal } = stylesOf(locale);
  if (Math.round(size) < 1000) return t('words.byteSize.bytes', { size: whole.format(size) });
  const kilobytes = size / KIB;
  // Under 10 kB with a decimal (`1.5 kB`); there the rounding never comes near 1,000.
  if (kilobytes < 10)
    return t('words.byteSize.kilobytes', { size: upToOneDecimal.format(kilobytes) });
  if (Math.round(kilobytes) < 1000)
    return t('words.byteSize.kilobytes', { size: whole.format(kilobytes) });
  return t('words.byteSize.megabytes', { size: upToOneDecimal.format(size / MIB) });
}

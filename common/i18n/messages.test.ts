import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages';

interface Tree {
  readonly [key: string]: string | Tree;
}

/** Every message as `area.key.sub` → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') flat.set(path, value);
    else for (const [inner, text] of flatten(value, path)) flat.set(inner, text);
  }
  return flat;
}

/** A message's named placeholders (`{count}`), sorted; literals such as `{'@'}` are not names. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)].map((match) => match[1] ?? '').sort();
}

/** The number of plural forms (`one | many`), which must agree for `t(key, count)`. */
function pluralForms(text: string): number {
  return text.split(/(?<!\{')\|(?!'\})/).length;
}

const english = flatten(MESSAGES.en);

describe.each(['de', 'es'] as const)('the %s catalog', (locale) => {
  const translated = flatten(MESSAGES[locale]);

  it('has exactly the English keys', () => {
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('keeps every placeholder and plural form of the English text, and leaves none empty', () => {
    const differences: string[] = [];
    for (const [key, source] of english) {
      const text = translated.get(key) ?? '';
      if (text.trim() === '') differences.push(`${key}: empty`);
      if (placeholders(text).join() !== placeholders(source).join())
        differences.push(
          `${key}: placeholders ${placeholders(text).join()} ≠ ${placeholders(source).join()}`,
        );
      if (pluralForms(text) !== pluralForms(source))
        differences.push(`${key}: ${pluralForms(text)} plural forms ≠ ${pluralForms(source)}`);
    }
    expect(differences).toEqual([]);
  });
});

describe('the English catalog', () => {
  it('has no empty message', () => {
    expect([...english].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });
});

describe('the Spanish catalog', () => {
  /**
   * Imperatives with a pronoun that read as usted for a verb in -ar ("Reinténtelo",
   * "desactívelo"; tú says "Reinténtalo", "desactívalo"): a stressed stem, then -e- and the
   * pronoun. Verbs in -er and -ir make their tú forms so ("Ábrela", "compártelo"): those the
   * catalog uses are listed.
   */
  const USTED_AR = /\p{L}*[áéíóú]\p{L}*[^\saeiouáéíóú]e(?:lo|la|los|las|le|les)(?!\p{L})/giu;
  const TU_ER_IR = new Set([
    'ábrela',
    'ábrelo',
    'añádelas',
    'añádele',
    'compártelo',
    'escríbela',
    'pídele',
    'transfiérela',
    'transfiérelas',
  ]);

  it('speaks to the agent as tú, as its other messages do', () => {
    const usted = [...flatten(MESSAGES.es)].flatMap(([key, text]) =>
      [...text.matchAll(USTED_AR)]
        .map(([word]) => word)
        .filter((word) => !TU_ER_IR.has(word.toLowerCase()))
        .map((word) => `${key}: ${word}`),
    );
    expect(usted).toEqual([]);
  });
});

describe('the German catalog', () => {
  /**
   * One word for each thing, as a German contact center says it: an e-mail's Forward is
   * "Weiterleiten", so a transfer is "Weitergeben" (an e-mail's toolbar shows both); a
   * consultation is a "Rückfrage", not a "Beratung" (advice).
   */
  const TERMS = [
    { english: /transfer/iu, notGerman: /weiterleit/iu },
    { english: /consult/iu, notGerman: /berat/iu },
  ];

  it('says transfer and consult with one word each', () => {
    const german = flatten(MESSAGES.de);
    const mixed = [...english].flatMap(([key, source]) =>
      TERMS.filter(
        ({ english: term, notGerman }) =>
          term.test(source) && notGerman.test(german.get(key) ?? ''),
      ).map(() => `${key}: ${german.get(key) ?? ''}`),
    );
    expect(mixed).toEqual([]);
  });
});

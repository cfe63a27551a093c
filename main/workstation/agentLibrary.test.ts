import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../common/i18n/locales';
import { openDatabase } from '../cache/database';
import { EXAMPLE_RESPONSES_BY_LOCALE } from '../cache/library';
import { CacheStore } from '../cache/store';
import { AgentLibrary } from './agentLibrary';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** An agent's library on a fresh cache, in the desk's language `locale()`. */
function libraryIn(locale: () => Locale): AgentLibrary {
  const db = openDatabase(':memory:');
  opened.push(db);
  const store = new CacheStore(db);
  const accountId = store.accountId({ serverUrl: 'http://127.0.0.1:1', userName: 'ana' });
  return new AgentLibrary({ library: store.library(), accountId: () => accountId, locale });
}

describe("the agent's library", () => {
  it("offers a new agent the example responses in the desk's language, once", () => {
    let locale: Locale = 'es';
    const library = libraryIn(() => locale);
    const names = () => library.responses().map((response) => response.name);
    expect(names()).toEqual(['Despedida', 'Lo estoy revisando', 'Saludo']);
    expect(library.responses('paciencia')[0]?.text).toBe(
      'Gracias por su paciencia, {customer.name}. Estoy revisando «{interaction.subject}» y le respondo en breve.',
    );
    // Offered once: a later change of language adds nothing, the agent's own stay as they are.
    locale = 'de';
    expect(names()).toEqual(['Despedida', 'Lo estoy revisando', 'Saludo']);
  });

  it('offers every language the same examples, each with the same field codes', () => {
    const codes = (text: string) => [...text.matchAll(/\{[a-zA-Z.]+\}/gu)].map(([code]) => code);
    const english = EXAMPLE_RESPONSES_BY_LOCALE.en.map((example) => codes(example.text));
    for (const locale of ['de', 'es'] as const)
      expect(EXAMPLE_RESPONSES_BY_LOCALE[locale].map((example) => codes(example.text))).toEqual(
        english,
      );
    expect(
      libraryIn(() => 'de')
        .responses()
        .map((response) => response.name),
    ).toEqual(['Abschluss', 'Begrüßung', 'In Bearbeitung']);
  });
});

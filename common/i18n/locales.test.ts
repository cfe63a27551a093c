import { describe, expect, it } from 'vitest';
import { pickLocale, regionalLocale, resolveLocale } from './locales';

describe('the desk language', () => {
  it('follows the first OS language the desk speaks, by primary subtag', () => {
    expect(pickLocale(['de-AT', 'en-US'])).toBe('de');
    expect(pickLocale(['fr-FR', 'es_MX', 'de'])).toBe('es');
    expect(pickLocale(['EN-gb'])).toBe('en');
  });

  it('falls back to English when the OS offers none of the desk languages', () => {
    expect(pickLocale(['fr-FR', 'ja'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it("uses the agent's choice over the OS's unless the choice is system", () => {
    expect(resolveLocale('es', ['de-DE'])).toBe('es');
    expect(resolveLocale('system', ['de-DE'])).toBe('de');
  });

  it('writes dates and numbers with the OS’s region for the desk’s language, else the language alone', () => {
    expect(regionalLocale('es', ['fr-FR', 'es-MX', 'en-GB'])).toBe('es-MX');
    expect(regionalLocale('de', ['de_AT.UTF-8'])).toBe('de-AT');
    expect(regionalLocale('en', ['EN-gb'])).toBe('en-GB');
    // None in the desk's language (the agent chose it), or not a tag: the language alone.
    expect(regionalLocale('de', ['es-MX', 'en-US'])).toBe('de');
    expect(regionalLocale('es', ['es-!!', 'es'])).toBe('es');
    expect(regionalLocale('es', [])).toBe('es');
  });
});

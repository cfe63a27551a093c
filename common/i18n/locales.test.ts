import { describe, expect, it } from 'vitest';
import { pickLocale, resolveLocale } from './locales';

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
});

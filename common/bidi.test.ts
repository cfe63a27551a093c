import { describe, expect, it } from 'vitest';
import { isolated, ownRun } from './bidi';

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202E';
const LRI = '\u2066';

describe('isolated', () => {
  it('gives a name without direction controls back as it is, right-to-left letters too', () => {
    expect(isolated('Tom Baker')).toBe('Tom Baker');
    expect(isolated('سارة')).toBe('سارة');
    expect(isolated('')).toBe('');
  });

  it('wraps a name with an override it never closes in one isolate', () => {
    expect(isolated(`${RLO}evil`)).toBe(`${FSI}${RLO}evil${PDI}`);
  });

  it('closes the isolates the name leaves open before its own end', () => {
    expect(isolated(`${LRI}a${LRI}b`)).toBe(`${FSI}${LRI}a${LRI}b${PDI}${PDI}${PDI}`);
  });

  it('drops a PDI that closes nothing of the name’s, which would end the isolate early', () => {
    expect(isolated(`${PDI}${RLO}evil`)).toBe(`${FSI}${RLO}evil${PDI}`);
    expect(isolated(`${LRI}a${PDI}${PDI}b`)).toBe(`${FSI}${LRI}a${PDI}b${PDI}`);
  });

  it('gives text back whose controls all sit in isolates it closes (no second FSI), else isolates it', () => {
    const once = isolated(`${RLO}evil`);
    expect(isolated(once)).toBe(once);
    expect(isolated(`${LRI}${RLO}evil${PDI}`)).toBe(`${LRI}${RLO}evil${PDI}`);
    // A sentence of the desk's carrying isolated names, set into another sentence.
    const sentence = `Not ready (${once}) · ${once}`;
    expect(isolated(sentence)).toBe(sentence);
    // Opens and ends with an isolate, but the override between them reaches past the end.
    expect(isolated(`${FSI}a${PDI}${RLO}b${FSI}c${PDI}`)).toBe(
      `${FSI}${FSI}a${PDI}${RLO}b${FSI}c${PDI}${PDI}`,
    );
  });
});

describe('ownRun', () => {
  it('isolates text without direction controls too, and text with them once', () => {
    expect(ownRun('כן, רגע אחד.')).toBe(`${FSI}כן, רגע אחד.${PDI}`);
    expect(ownRun('')).toBe(`${FSI}${PDI}`);
    expect(ownRun(`${RLO}evil`)).toBe(`${FSI}${RLO}evil${PDI}`);
  });
});

import { describe, expect, it } from 'vitest';
import { makePasswordVerifier, passwordMatches, VERIFIER_COST } from './passwordVerifier';

describe('password verifiers', () => {
  it('matches the password it was made from only, with a new salt each time', async () => {
    const one = await makePasswordVerifier('Sommer 2026!');
    const two = await makePasswordVerifier('Sommer 2026!');
    expect(one).toMatchObject(VERIFIER_COST);
    expect(one.salt).toHaveLength(16);
    expect(one.hash).toHaveLength(32);
    expect(Buffer.from(one.salt).equals(Buffer.from(two.salt))).toBe(false);
    expect(Buffer.from(one.hash).equals(Buffer.from(two.hash))).toBe(false);
    // Nothing of the password is in it.
    expect(Buffer.from(one.hash).toString('latin1')).not.toContain('Sommer');
    expect(await passwordMatches('Sommer 2026!', one)).toBe(true);
    expect(await passwordMatches('Sommer 2026!', two)).toBe(true);
    expect(await passwordMatches('sommer 2026!', one)).toBe(false);
    expect(await passwordMatches('', one)).toBe(false);
  });

  it('checks a verifier with the costs it was made with', async () => {
    const cheap = await makePasswordVerifier('pw', { cost: 1024, blockSize: 8, parallelism: 1 });
    expect(cheap.cost).toBe(1024);
    expect(await passwordMatches('pw', cheap)).toBe(true);
    expect(await passwordMatches('pw', { ...cheap, cost: 2048 })).toBe(false);
  });
});

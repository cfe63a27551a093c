import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { StoredPasswordVerifier } from '../cache/deskState';

/**
 * scrypt's cost for a new verifier: N = 2^15, r = 8, p = 3, one of OWASP's equivalent minimums
 * for password storage (32 MiB, about half a second here, off the main thread). A verifier keeps
 * its own parameters, so one made with other costs is still checked as it was made.
 */
export const VERIFIER_COST = { cost: 2 ** 15, blockSize: 8, parallelism: 3 } as const;

/** scrypt's cost parameters: N, r and p. */
export interface VerifierCost {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelism: number;
}
const SALT_BYTES = 16;
const HASH_BYTES = 32;

function derive(
  password: string,
  salt: Uint8Array,
  length: number,
  cost: VerifierCost,
): Promise<Buffer> {
  const options: ScryptOptions = {
    N: cost.cost,
    r: cost.blockSize,
    p: cost.parallelism,
    // scrypt needs 128 · N · r bytes; Node's default ceiling (32 MiB) is just short of it.
    maxmem: 256 * cost.cost * cost.blockSize,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** A new verifier for `password`, with a random salt. */
export async function makePasswordVerifier(
  password: string,
  cost: VerifierCost = VERIFIER_COST,
): Promise<StoredPasswordVerifier> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, cost);
  return { salt: new Uint8Array(salt), hash: new Uint8Array(hash), ...cost };
}

/** Whether `password` is the one `verifier` was made from (compared in constant time). */
export async function passwordMatches(
  password: string,
  verifier: StoredPasswordVerifier,
): Promise<boolean> {
  const hash = await derive(password, verifier.salt, verifier.hash.length, verifier);
  return hash.length === verifier.hash.length && timingSafeEqual(hash, verifier.hash);
}

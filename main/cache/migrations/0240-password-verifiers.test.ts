import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { DeskStateStore, type StoredPasswordVerifier } from '../deskState';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 240);
const ANN = { serverUrl: 'https://a.example', userName: 'ann' };
const VERIFIER: StoredPasswordVerifier = {
  salt: new Uint8Array(16).fill(7),
  hash: new Uint8Array(32).fill(9),
  cost: 2 ** 15,
  blockSize: 8,
  parallelism: 3,
};

describe('migration 0240: password verifiers for the offline review', () => {
  it('keeps one verifier per account, replaced and forgotten, gone with its account (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ANN);
    const bob = store.accountId({ ...ANN, userName: 'bob' });
    const state = new DeskStateStore(db);
    expect(state.passwordVerifier(ann)).toBeUndefined();
    state.savePasswordVerifier(ann, VERIFIER);
    expect(new DeskStateStore(db).passwordVerifier(ann)).toEqual(VERIFIER);
    expect(state.passwordVerifier(bob)).toBeUndefined();
    const next = { ...VERIFIER, salt: new Uint8Array(16).fill(1), cost: 2 ** 16 };
    state.savePasswordVerifier(ann, next);
    expect(state.passwordVerifier(ann)).toEqual(next);
    // No password-shaped column: only the salt, the hash and scrypt's costs.
    expect(
      (db.prepare('PRAGMA table_info(password_verifiers)').all() as { name: string }[]).map(
        (column) => column.name,
      ),
    ).toEqual(['account_id', 'salt', 'hash', 'cost', 'block_size', 'parallelism']);
    // A salt or hash too short to be one of ours is refused by the table itself.
    expect(() => {
      state.savePasswordVerifier(bob, { ...VERIFIER, salt: new Uint8Array(4) });
    }).toThrow(/CHECK/);
    state.forgetPasswordVerifier(ann);
    expect(state.passwordVerifier(ann)).toBeUndefined();
    state.savePasswordVerifier(ann, VERIFIER);
    db.prepare('DELETE FROM accounts WHERE id = ?').run(ann);
    expect(db.prepare('SELECT count(*) FROM password_verifiers').pluck().get()).toBe(0);
    db.close();
  });

  it('upgrades a cache holding accounts and sealed passwords: all kept, no verifier yet', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const store = new CacheStore(db);
    const ann = store.accountId(ANN);
    const before = new DeskStateStore(db);
    before.saveSealedPassword(ann, new Uint8Array([1, 2, 3]));
    before.saveLastAccount({ ...ANN, demo: false });
    // Before 0240 there is no verifier to read, and none to forget.
    expect(before.passwordVerifier(ann)).toBeUndefined();
    before.forgetPasswordVerifier(ann);
    expect(db.pragma('user_version', { simple: true })).toBe(BEFORE.at(-1)?.version);
    const accounts = db.prepare('SELECT * FROM accounts').all();

    migrate(db);

    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const after = new DeskStateStore(db);
    expect(db.prepare('SELECT * FROM accounts').all()).toEqual(accounts);
    expect(after.sealedPassword(ann)).toEqual(new Uint8Array([1, 2, 3]));
    expect(after.lastAccount()).toEqual({ ...ANN, demo: false });
    // Cached before verifiers: none until its next online sign-in.
    expect(after.passwordVerifier(ann)).toBeUndefined();
    after.savePasswordVerifier(ann, VERIFIER);
    expect(after.passwordVerifier(ann)).toEqual(VERIFIER);
    db.close();
  });
});

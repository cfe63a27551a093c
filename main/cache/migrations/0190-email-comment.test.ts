import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase } from '../database';
import { CacheStore } from '../store';
import { MIGRATIONS } from './index';

const BEFORE = MIGRATIONS.filter((migration) => migration.version < 190);
const ACCOUNT = { serverUrl: 'https://a.example', userName: 'ann' };
const EMAIL = {
  from: 'maria@example.com',
  to: ['support@example.com'],
  cc: [],
  subject: 'Invoice 42',
  text: 'Please resend it.',
  attachments: [],
};

describe('migration 0190: the comment of an e-mail', () => {
  it('keeps the comment the server gives, and a later notification without one keeps it (:memory:)', () => {
    const db = openDatabase(':memory:');
    const store = new CacheStore(db);
    const ann = store.accountId(ACCOUNT);
    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Call back before Monday' })).toBe(true);
    expect(store.emailOf(ann, 'e1').email?.comment).toBe('Call back before Monday');
    // GWS repeats the content: the same again changes nothing; without the comment, it stays.
    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Call back before Monday' })).toBe(false);
    expect(store.putEmail(ann, 'e1', EMAIL)).toBe(false);
    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: 'Called, no answer' })).toBe(true);
    expect(store.emailOf(ann, 'e1').email?.comment).toBe('Called, no answer');
    // Given empty: the notes were cleared.
    expect(store.putEmail(ann, 'e1', { ...EMAIL, comment: '' })).toBe(true);
    expect(store.emailOf(ann, 'e1').email).not.toHaveProperty('comment');
    db.close();
  });

  it('upgrades a cache holding e-mails: each is kept as it was, with no comment', () => {
    const db = openDatabase(':memory:', { migrations: BEFORE });
    const ann = new CacheStore(db).accountId(ACCOUNT);
    db.prepare(
      `INSERT INTO emails (account_id, interaction_id, from_address, to_addresses, subject, text, html)
       VALUES (?, 'old', 'maria@example.com', '["support@example.com"]', 'Invoice 41', 'Thanks', '<p>Thanks</p>')`,
    ).run(ann);
    expect(db.pragma('user_version', { simple: true })).toBe(180);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const store = new CacheStore(db);
    expect(store.emailOf(ann, 'old').email).toEqual({
      from: 'maria@example.com',
      to: ['support@example.com'],
      cc: [],
      subject: 'Invoice 41',
      text: 'Thanks',
      html: '<p>Thanks</p>',
      attachments: [],
    });
    // Its next notification brings the comment.
    expect(store.putEmail(ann, 'old', { ...EMAIL, subject: 'Invoice 41', comment: 'VIP' })).toBe(
      true,
    );
    expect(store.emailOf(ann, 'old').email?.comment).toBe('VIP');
    db.close();
  });
});

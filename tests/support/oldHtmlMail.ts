import type { CacheStore } from '../../main/cache/store';

/**
 * Caches an HTML-only e-mail (`old-mail`, a two-cell table "Wombat | Zeppelin") under `account`
 * with the search words an older htmlToText made of it: the cells run together as
 * "WombatZeppelin", so only a reindex finds "Zeppelin".
 */
export function cacheMailWithOldWords(store: CacheStore, account: number): void {
  store.upsertInteraction(
    account,
    { id: 'old-mail', channel: 'email', state: 'Accepted', capabilities: [], userData: {} },
    1_000,
  );
  const html = '<table><tr><td>Wombat</td><td>Zeppelin</td></tr></table>';
  store.putEmail(
    account,
    'old-mail',
    { to: [], cc: [], subject: 'Order 7', text: '', html, attachments: [] },
    () => 'WombatZeppelin',
  );
}

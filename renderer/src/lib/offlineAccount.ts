import { DEMO_ACCOUNT_URL, type CachedAccount } from '../../../common/model';
import { t } from '../i18n';

/**
 * An account in words: "agent1 on gws.example.com:8090", or "agent1 on the demo server" for the
 * built-in simulator (whose cache is kept apart from its changing port), in the desk's language.
 */
export function accountLabel(account: {
  serverUrl: string;
  userName: string;
  demo: boolean;
}): string {
  if (account.demo || account.serverUrl === DEMO_ACCOUNT_URL)
    return t('shell.account.demo', { user: account.userName });
  try {
    return t('shell.account.server', {
      user: account.userName,
      server: new URL(account.serverUrl).host,
    });
  } catch {
    return t('shell.account.server', { user: account.userName, server: account.serverUrl });
  }
}

/** A server address as the cache keys it: origin and path, no trailing `/` (as main does). */
function cacheKeyOf(serverUrl: string): string {
  try {
    const url = new URL(serverUrl.trim());
    return `${url.origin}${url.pathname.replace(/\/+$/u, '')}`;
  } catch {
    return serverUrl.trim();
  }
}

/**
 * The cached account the sign-in form names (its server and user), if this machine holds one:
 * the only one the form offers to open offline, so that the next agent at a shared desk is
 * not shown whose caches it holds. `demo`: the form's server is the built-in simulator.
 */
export function cachedAccountNamed(
  accounts: readonly CachedAccount[],
  typed: { serverUrl: string; userName: string; demo: boolean },
): CachedAccount | undefined {
  const userName = typed.userName.trim();
  const serverUrl = cacheKeyOf(typed.serverUrl);
  return accounts.find(
    (account) =>
      account.userName === userName &&
      (account.demo ? typed.demo : !typed.demo && account.serverUrl === serverUrl),
  );
}

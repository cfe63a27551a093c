import { DEMO_ACCOUNT_URL } from '../../../common/model';
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

import { DEMO_ACCOUNT_URL } from '../../../common/model';

/**
 * An account in words: "agent1 on gws.example.com:8090", or "agent1 on the demo server" for the
 * built-in simulator (whose cache is kept apart from its changing port).
 */
export function accountLabel(account: {
  serverUrl: string;
  userName: string;
  demo: boolean;
}): string {
  if (account.demo || account.serverUrl === DEMO_ACCOUNT_URL)
    return `${account.userName} on the demo server`;
  try {
    return `${account.userName} on ${new URL(account.serverUrl).host}`;
  } catch {
    return `${account.userName} on ${account.serverUrl}`;
  }
}

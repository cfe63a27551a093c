import { PreparedStatements } from './preparedStatements';
import { senderAddress } from '../../common/mailSenders';

/**
 * The senders whose remote images an account's agent allowed (migration 0040). Addresses are
 * normalized by {@link senderAddress} on the way in and on every lookup. Statements are
 * prepared once per connection; every method is one statement.
 */
export class RemoteImageSenders extends PreparedStatements {
  /** Remembers that `sender`'s remote images are shown; answers false for no usable address. */
  allow(accountId: number, sender: string, at: number): boolean {
    const address = senderAddress(sender);
    if (address === undefined) return false;
    this.statement(
      `INSERT INTO remote_image_senders (account_id, address, allowed_at) VALUES (?, ?, ?)
       ON CONFLICT (account_id, address) DO UPDATE SET allowed_at = excluded.allowed_at`,
    ).run(accountId, address, at);
    return true;
  }

  /** Blocks `sender`'s remote images again. */
  forget(accountId: number, sender: string): void {
    const address = senderAddress(sender);
    if (address === undefined) return;
    this.statement('DELETE FROM remote_image_senders WHERE account_id = ? AND address = ?').run(
      accountId,
      address,
    );
  }

  /** Whether the agent allowed `sender`'s remote images. */
  allowed(accountId: number, sender: string | undefined): boolean {
    const address = sender === undefined ? undefined : senderAddress(sender);
    if (address === undefined) return false;
    return (
      this.statement('SELECT 1 FROM remote_image_senders WHERE account_id = ? AND address = ?').get(
        accountId,
        address,
      ) !== undefined
    );
  }
}

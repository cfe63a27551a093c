import type { WorkbinContent, WorkbinEntry } from '../../common/model';
import { PreparedStatements } from './preparedStatements';

interface WorkbinRow {
  workbin_id: string;
  name: string;
  read_at: number;
}

interface EntryRow {
  workbin_id: string;
  interaction_id: string;
  channel: string | null;
  subject: string | null;
  from_address: string | null;
  placed_at: number | null;
}

function entryOf(row: EntryRow): WorkbinEntry {
  return {
    interactionId: row.interaction_id,
    ...(row.channel === null ? {} : { channel: row.channel }),
    ...(row.subject === null ? {} : { subject: row.subject }),
    ...(row.from_address === null ? {} : { from: row.from_address }),
    ...(row.placed_at === null ? {} : { placedAt: row.placed_at }),
  };
}

/** `TestWorkbin/PrivateView` of 003's id `VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=`, or undefined. */
function decodedId(workbinId: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(workbinId)) return undefined;
  const decoded = Buffer.from(workbinId, 'base64').toString('utf8');
  return decoded.includes('/') ? decoded : undefined;
}

/**
 * The agent's workbins and their content (migration 0090), per account: what the server last
 * listed, kept so that the Workbins panel reads offline, and kept current by the workbin
 * notifications between reads. Writes belong inside the cache's transaction.
 */
export class WorkbinStore extends PreparedStatements {
  /**
   * Replaces the account's workbins and all their content with what the server just answered,
   * in its order; a workbin it no longer lists is forgotten with its entries.
   */
  replaceAll(accountId: number, workbins: readonly WorkbinContent[], readAt: number): void {
    this.statement('DELETE FROM workbins WHERE account_id = ?').run(accountId);
    const insertWorkbin = this.statement(
      `INSERT INTO workbins (account_id, workbin_id, name, position, read_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    for (const [position, workbin] of workbins.entries()) {
      insertWorkbin.run(accountId, workbin.workbinId, workbin.name, position, Math.trunc(readAt));
      for (const entry of workbin.entries) this.putEntry(accountId, workbin.workbinId, entry);
    }
  }

  /** The account's workbins with their content as last stored, and when they were read; or none. */
  read(accountId: number): { workbins: WorkbinContent[]; readAt: number } | undefined {
    const rows = this.statement(
      'SELECT workbin_id, name, read_at FROM workbins WHERE account_id = ? ORDER BY position',
    ).all(accountId) as WorkbinRow[];
    if (rows.length === 0) return undefined;
    const entries = this.statement(
      `SELECT workbin_id, interaction_id, channel, subject, from_address, placed_at
       FROM workbin_entries WHERE account_id = ?
       ORDER BY placed_at IS NULL, placed_at, interaction_id`,
    ).all(accountId) as EntryRow[];
    // Grouped in one pass, in the query's order: filtering all entries once per workbin read
    // workbins × entries rows.
    const entriesOf = new Map<string, WorkbinEntry[]>();
    for (const entry of entries) {
      const grouped = entriesOf.get(entry.workbin_id);
      if (grouped === undefined) entriesOf.set(entry.workbin_id, [entryOf(entry)]);
      else grouped.push(entryOf(entry));
    }
    return {
      workbins: rows.map((row) => ({
        workbinId: row.workbin_id,
        name: row.name,
        entries: entriesOf.get(row.workbin_id) ?? [],
      })),
      readAt: Math.max(...rows.map((row) => row.read_at)),
    };
  }

  /**
   * The stored id of the workbin a notification names: its id, its name, or (as 003's
   * `workbinInfo.workbinTypeId`) the configuration name its base64 id starts with
   * (`TestWorkbin` → `VGVzdFdvcmtiaW4vUHJpdmF0ZVZpZXc=`); undefined for a workbin never listed.
   */
  resolve(accountId: number, named: string): string | undefined {
    const rows = this.statement(
      'SELECT workbin_id, name, read_at FROM workbins WHERE account_id = ? ORDER BY position',
    ).all(accountId) as WorkbinRow[];
    const found =
      rows.find((row) => row.workbin_id === named) ??
      rows.find((row) => row.name === named) ??
      rows.find((row) => decodedId(row.workbin_id)?.startsWith(`${named}/`) === true);
    return found?.workbin_id;
  }

  /** Stores (or updates) one interaction of a listed workbin's content. */
  putEntry(accountId: number, workbinId: string, entry: WorkbinEntry): void {
    this.statement(
      `INSERT INTO workbin_entries
         (account_id, workbin_id, interaction_id, channel, subject, from_address, placed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, workbin_id, interaction_id) DO UPDATE SET
         channel = excluded.channel, subject = excluded.subject,
         from_address = excluded.from_address, placed_at = excluded.placed_at`,
    ).run(
      accountId,
      workbinId,
      entry.interactionId,
      entry.channel ?? null,
      entry.subject ?? null,
      entry.from ?? null,
      entry.placedAt === undefined ? null : Math.trunc(entry.placedAt),
    );
  }

  /** The stored entry of an interaction in a workbin, if any. */
  entry(accountId: number, workbinId: string, interactionId: string): WorkbinEntry | undefined {
    const row = this.statement(
      `SELECT workbin_id, interaction_id, channel, subject, from_address, placed_at
       FROM workbin_entries WHERE account_id = ? AND workbin_id = ? AND interaction_id = ?`,
    ).get(accountId, workbinId, interactionId) as EntryRow | undefined;
    return row === undefined ? undefined : entryOf(row);
  }

  /**
   * Forgets a workbin's stored content (before a complete content replaces it); answers the
   * interactions it held.
   */
  clearEntries(accountId: number, workbinId: string): string[] {
    return this.statement(
      'DELETE FROM workbin_entries WHERE account_id = ? AND workbin_id = ? RETURNING interaction_id',
    )
      .pluck()
      .all(accountId, workbinId) as string[];
  }

  /** Takes an interaction out of a workbin's stored content; answers whether it was there. */
  removeEntry(accountId: number, workbinId: string, interactionId: string): boolean {
    return (
      this.statement(
        `DELETE FROM workbin_entries
         WHERE account_id = ? AND workbin_id = ? AND interaction_id = ?`,
      ).run(accountId, workbinId, interactionId).changes > 0
    );
  }
}

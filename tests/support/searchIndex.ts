import type { Database } from 'better-sqlite3';
import type { InteractionSnapshot } from '../../common/model';

/**
 * FTS5's own check that the search index holds exactly the stored documents (external
 * content; rank 1 checks their text too): throws when it does not.
 */
export function indexMatchesDocuments(db: Database): void {
  db.prepare("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)").run();
}

/** An accepted interaction's snapshot, its subject naming it, for tests of what search finds. */
export function acceptedSnapshot(id: string, channel: 'chat' | 'email'): InteractionSnapshot {
  return { id, channel, state: 'Accepted', subject: `About ${id}`, capabilities: [], userData: {} };
}

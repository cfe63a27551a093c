import { PreparedStatements } from './preparedStatements';
import type { StandardResponse, StandardResponseDraft } from '../../common/model';

/**
 * The examples a new agent is offered on the first read of the library: they show what a
 * standard response is and how its field codes are filled. Deleted like any other.
 */
export const EXAMPLE_RESPONSES: readonly Pick<StandardResponse, 'name' | 'text'>[] = [
  {
    name: 'Greeting',
    text: 'Hello {customer.name},\n\nthank you for contacting us. My name is {agent.firstName} and I will take care of your request.',
  },
  {
    name: 'Looking into it',
    text: 'Thank you for your patience, {customer.name}. I am looking into "{interaction.subject}" now and will come back to you shortly.',
  },
  {
    name: 'Closing',
    text: 'Is there anything else I can help you with today?\n\nKind regards,\n{agent.name}',
  },
];

interface ResponseRow {
  id: number;
  name: string;
  text: string;
  updated_at: number;
}

function responseOf(row: ResponseRow): StandardResponse {
  return { id: row.id, name: row.name, text: row.text, updatedAt: row.updated_at };
}

/** `%`, `_` and `\` matched as themselves in a LIKE pattern (ESCAPE '\'). */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The agent's library in the tables of migration 0060: one signature and a list of standard
 * responses per account. Statements are prepared once per connection; every method is one
 * statement or one transaction.
 */
export class LibraryStore extends PreparedStatements {
  /** The account's signature; empty when the agent never wrote one. */
  signature(accountId: number): string {
    const row = this.statement('SELECT signature FROM agent_library WHERE account_id = ?').get(
      accountId,
    ) as { signature: string } | undefined;
    return row?.signature ?? '';
  }

  saveSignature(accountId: number, signature: string): void {
    this.statement(
      `INSERT INTO agent_library (account_id, signature) VALUES (?, ?)
       ON CONFLICT (account_id) DO UPDATE SET signature = excluded.signature`,
    ).run(accountId, signature);
  }

  /**
   * The account's standard responses by name (case-insensitive); with `search`, only those whose
   * name or text contains it (case-insensitive for ASCII letters, as SQLite's LIKE). The first
   * read of an account adds {@link EXAMPLE_RESPONSES}, once.
   */
  responses(accountId: number, search?: string, now = Date.now()): StandardResponse[] {
    this.offerExamples(accountId, now);
    const text = search?.trim() ?? '';
    const rows =
      text === ''
        ? this.statement(
            'SELECT id, name, text, updated_at FROM standard_responses WHERE account_id = ? ORDER BY name COLLATE NOCASE, id',
          ).all(accountId)
        : this.statement(
            `SELECT id, name, text, updated_at FROM standard_responses
             WHERE account_id = ? AND (name LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')
             ORDER BY name COLLATE NOCASE, id`,
          ).all(accountId, likePattern(text), likePattern(text));
    return (rows as ResponseRow[]).map(responseOf);
  }

  /**
   * Creates a response (no `id`) or changes the account's response `id`; answers it as kept,
   * or undefined when the account has no response `id`.
   */
  saveResponse(
    accountId: number,
    draft: StandardResponseDraft,
    now = Date.now(),
  ): StandardResponse | undefined {
    const name = draft.name.trim();
    if (draft.id === undefined) {
      const { lastInsertRowid } = this.statement(
        'INSERT INTO standard_responses (account_id, name, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).run(accountId, name, draft.text, now, now);
      return { id: Number(lastInsertRowid), name, text: draft.text, updatedAt: now };
    }
    const { changes } = this.statement(
      'UPDATE standard_responses SET name = ?, text = ?, updated_at = ? WHERE account_id = ? AND id = ?',
    ).run(name, draft.text, now, accountId, draft.id);
    return changes === 0 ? undefined : { id: draft.id, name, text: draft.text, updatedAt: now };
  }

  /** Deletes the account's response `id`; answers whether there was one. */
  deleteResponse(accountId: number, id: number): boolean {
    return (
      this.statement('DELETE FROM standard_responses WHERE account_id = ? AND id = ?').run(
        accountId,
        id,
      ).changes > 0
    );
  }

  private offerExamples(accountId: number, now: number): void {
    const row = this.statement(
      'SELECT responses_offered FROM agent_library WHERE account_id = ?',
    ).get(accountId) as { responses_offered: number } | undefined;
    if (row?.responses_offered === 1) return;
    this.db.transaction(() => {
      for (const example of EXAMPLE_RESPONSES) this.saveResponse(accountId, example, now);
      this.statement(
        `INSERT INTO agent_library (account_id, responses_offered) VALUES (?, 1)
         ON CONFLICT (account_id) DO UPDATE SET responses_offered = 1`,
      ).run(accountId);
    })();
  }
}

import { PreparedStatements } from './preparedStatements';
import type { Locale } from '../../common/i18n/locales';
import type { StandardResponse, StandardResponseDraft } from '../../common/model';

/** A standard response offered as an example: its name and text (with field codes). */
export type ExampleResponse = Pick<StandardResponse, 'name' | 'text'>;

/**
 * The examples a new agent is offered on the first read of the library: they show what a
 * standard response is and how its field codes are filled. Deleted like any other.
 */
export const EXAMPLE_RESPONSES: readonly ExampleResponse[] = [
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

/**
 * The examples in each of the desk's languages: they go to customers as they are, so an agent
 * whose desk speaks Spanish gets Spanish ones. Kept here rather than in the i18n catalogs, whose
 * message syntax would read the field codes' braces as its own.
 */
export const EXAMPLE_RESPONSES_BY_LOCALE: Readonly<Record<Locale, readonly ExampleResponse[]>> = {
  en: EXAMPLE_RESPONSES,
  es: [
    {
      name: 'Saludo',
      text: 'Hola, {customer.name}:\n\nGracias por contactarnos. Me llamo {agent.firstName} y me ocupo de su solicitud.',
    },
    {
      name: 'Lo estoy revisando',
      text: 'Gracias por su paciencia, {customer.name}. Estoy revisando «{interaction.subject}» y le respondo en breve.',
    },
    {
      name: 'Despedida',
      text: '¿Hay algo más en lo que pueda ayudarle hoy?\n\nUn saludo,\n{agent.name}',
    },
  ],
  de: [
    {
      name: 'Begrüßung',
      text: 'Guten Tag {customer.name},\n\nvielen Dank für Ihre Nachricht. Mein Name ist {agent.firstName}, ich kümmere mich um Ihr Anliegen.',
    },
    {
      name: 'In Bearbeitung',
      text: 'Vielen Dank für Ihre Geduld, {customer.name}. Ich sehe mir „{interaction.subject}“ gerade an und melde mich in Kürze.',
    },
    {
      name: 'Abschluss',
      text: 'Kann ich Ihnen heute noch mit etwas anderem helfen?\n\nMit freundlichen Grüßen\n{agent.name}',
    },
  ],
};

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
   * read of an account adds `examples` ({@link EXAMPLE_RESPONSES} unless the caller has them in
   * the agent's language), once.
   */
  responses(
    accountId: number,
    search?: string,
    now = Date.now(),
    examples: readonly ExampleResponse[] = EXAMPLE_RESPONSES,
  ): StandardResponse[] {
    this.offerExamples(accountId, now, examples);
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

  private offerExamples(
    accountId: number,
    now: number,
    examples: readonly ExampleResponse[],
  ): void {
    const offered = () =>
      (
        this.statement('SELECT responses_offered FROM agent_library WHERE account_id = ?').get(
          accountId,
        ) as { responses_offered: number } | undefined
      )?.responses_offered === 1;
    if (offered()) return;
    // Asked again under the write lock (BEGIN IMMEDIATE, waited for): another process on the
    // cache (a second desk on the same data folder) may have offered them since the first look.
    // Read outside it, both found none offered and the agent got every example twice.
    this.db
      .transaction(() => {
        if (offered()) return;
        for (const example of examples) this.saveResponse(accountId, example, now);
        this.statement(
          `INSERT INTO agent_library (account_id, responses_offered) VALUES (?, 1)
           ON CONFLICT (account_id) DO UPDATE SET responses_offered = 1`,
        ).run(accountId);
      })
      .immediate();
  }
}

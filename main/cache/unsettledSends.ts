import { z } from 'zod';
import { OutgoingEmailSchema } from '../../common/gwsOperations';
import {
  AttachmentInfoSchema,
  InteractionDetailSchema,
  type AttachmentInfo,
  type InteractionDetail,
} from '../../common/model';
import { PreparedStatements } from './preparedStatements';

/** Send's changes (`email_object`) as validated: what a kept Send asked the server to send. */
export type SendChanges = z.output<typeof OutgoingEmailSchema>;

/** An e-mail Send whose fate the desk could not learn, as the cache keeps it (migration 0280). */
export interface UnsettledSend {
  readonly interactionId: string;
  readonly changes: SendChanges | undefined;
  /** Every file on the draft when the caller named them; undefined: the cache's list. */
  readonly files: readonly AttachmentInfo[] | undefined;
  /** The draft as the cache held it before Send; undefined with none cached. */
  readonly draft: InteractionDetail | undefined;
  /** When the Send was attempted (ms). */
  readonly attemptedAt: number;
}

interface UnsettledSendRow {
  interaction_id: string;
  changes: string | null;
  files: string | null;
  draft: string | null;
  attempted_at: number;
}

/** JSON of a column read back with its schema; throws when it does not parse. */
function parsed<T>(schema: z.ZodType<T>, json: string | null): T | undefined {
  return json === null ? undefined : schema.parse(JSON.parse(json));
}

/**
 * The row as the Send it keeps, or an error naming it when a column does not parse (never
 * written so): the caller skips it and leaves it stored, for what it carried may be what a
 * customer got.
 */
function unsettledSendOf(row: UnsettledSendRow): UnsettledSend | Error {
  try {
    return {
      interactionId: row.interaction_id,
      changes: parsed(OutgoingEmailSchema, row.changes),
      files: parsed(z.array(AttachmentInfoSchema), row.files),
      draft: parsed(InteractionDetailSchema, row.draft),
      attemptedAt: row.attempted_at,
    };
  } catch (error) {
    return new Error(
      `the unsettled Send of ${row.interaction_id} does not read back: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * E-mail Sends whose fate the desk could not learn (migration 0280), per account and keyed by
 * the draft's interaction id: kept from before the request leaves until the server's answer, or
 * a later question, settles it, so that a restarted desk resumes asking. Every method is one
 * statement.
 */
export class UnsettledSendStore extends PreparedStatements {
  /** Keeps a Send as attempted (replacing an earlier Send of the same draft). */
  keep(accountId: number, send: UnsettledSend): void {
    this.statement(
      `INSERT INTO unsettled_sends (account_id, interaction_id, changes, files, draft, attempted_at)
       VALUES (@accountId, @interactionId, @changes, @files, @draft, @attemptedAt)
       ON CONFLICT (account_id, interaction_id) DO UPDATE SET
         changes = excluded.changes, files = excluded.files, draft = excluded.draft,
         attempted_at = excluded.attempted_at`,
    ).run({
      accountId,
      interactionId: send.interactionId,
      changes: send.changes === undefined ? null : JSON.stringify(send.changes),
      files: send.files === undefined ? null : JSON.stringify(send.files),
      draft: send.draft === undefined ? null : JSON.stringify(send.draft),
      attemptedAt: Math.trunc(send.attemptedAt),
    });
  }

  /**
   * Every unsettled Send of the account, the oldest first; one whose columns do not read back
   * comes as an Error naming it (it stays stored).
   */
  list(accountId: number): (UnsettledSend | Error)[] {
    return (
      this.statement(
        `SELECT interaction_id, changes, files, draft, attempted_at FROM unsettled_sends
         WHERE account_id = ? ORDER BY attempted_at, interaction_id`,
      ).all(accountId) as UnsettledSendRow[]
    ).map(unsettledSendOf);
  }

  /** Whether a Send of the draft is kept unsettled (its detail says so: `sendInDoubt`). */
  holds(accountId: number, interactionId: string): boolean {
    return (
      this.statement(
        'SELECT 1 FROM unsettled_sends WHERE account_id = ? AND interaction_id = ?',
      ).get(accountId, interactionId) !== undefined
    );
  }

  /** Forgets a Send, settled or given up; answers whether one was kept. */
  forget(accountId: number, interactionId: string): boolean {
    return (
      this.statement('DELETE FROM unsettled_sends WHERE account_id = ? AND interaction_id = ?').run(
        accountId,
        interactionId,
      ).changes > 0
    );
  }
}

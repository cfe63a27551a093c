import { PreparedStatements } from './preparedStatements';
import { storedJson } from './storedJson';
import { z } from 'zod';
import {
  DraftAttachmentSchema,
  DraftKindSchema,
  type Draft,
  type DraftAttachment,
  type DraftFields,
} from '../../common/model';

interface DraftRow {
  interaction_id: string;
  kind: string;
  parent_id: string | null;
  to_addresses: string;
  cc_addresses: string;
  bcc_addresses: string;
  subject: string;
  text: string;
  attachments: string;
  updated_at: number;
}

const StoredAttachments = z.array(DraftAttachmentSchema);

/** The files of a stored draft; a column that does not parse (never written so) reads as none. */
function attachmentsOf(json: string): DraftAttachment[] {
  return storedJson(json, StoredAttachments) ?? [];
}

function draftOf(row: DraftRow): Draft {
  const kind = DraftKindSchema.safeParse(row.kind);
  return {
    interactionId: row.interaction_id,
    kind: kind.success ? kind.data : 'new',
    ...(row.parent_id === null ? {} : { parentId: row.parent_id }),
    to: row.to_addresses,
    cc: row.cc_addresses,
    bcc: row.bcc_addresses,
    subject: row.subject,
    text: row.text,
    attachments: attachmentsOf(row.attachments),
    updatedAt: row.updated_at,
  };
}

/**
 * E-mail drafts as the agent types them (migration 0050), per account and keyed by the draft's
 * interaction id. A draft outlives its interaction: nothing here looks at `interactions`, and
 * only {@link discard} removes one. Statements are prepared once per connection; every method is
 * one statement.
 */
export class DraftStore extends PreparedStatements {
  /** Stores a draft's fields as they are now (all of them: the last save wins). */
  save(accountId: number, fields: DraftFields, at: number): Draft {
    const updatedAt = Math.trunc(at);
    this.statement(
      `INSERT INTO drafts (account_id, interaction_id, kind, parent_id, to_addresses, cc_addresses,
         bcc_addresses, subject, text, attachments, updated_at)
       VALUES (@accountId, @interactionId, @kind, @parentId, @to, @cc, @bcc, @subject, @text,
         @attachments, @updatedAt)
       ON CONFLICT (account_id, interaction_id) DO UPDATE SET
         kind = excluded.kind, parent_id = excluded.parent_id, to_addresses = excluded.to_addresses,
         cc_addresses = excluded.cc_addresses, bcc_addresses = excluded.bcc_addresses,
         subject = excluded.subject, text = excluded.text, attachments = excluded.attachments,
         updated_at = excluded.updated_at`,
    ).run({
      accountId,
      interactionId: fields.interactionId,
      kind: fields.kind,
      parentId: fields.parentId ?? null,
      to: fields.to,
      cc: fields.cc,
      bcc: fields.bcc,
      subject: fields.subject,
      text: fields.text,
      attachments: JSON.stringify(fields.attachments),
      updatedAt,
    });
    return { ...fields, updatedAt };
  }

  /** The stored draft of an interaction, if any. */
  get(accountId: number, interactionId: string): Draft | undefined {
    const row = this.statement(
      'SELECT * FROM drafts WHERE account_id = ? AND interaction_id = ?',
    ).get(accountId, interactionId) as DraftRow | undefined;
    return row === undefined ? undefined : draftOf(row);
  }

  /** Every stored draft of the account, the last changed first. */
  list(accountId: number): Draft[] {
    return (
      this.statement(
        'SELECT * FROM drafts WHERE account_id = ? ORDER BY updated_at DESC, interaction_id',
      ).all(accountId) as DraftRow[]
    ).map(draftOf);
  }

  /** Forgets a draft (sent, cancelled or discarded); answers whether there was one. */
  discard(accountId: number, interactionId: string): boolean {
    return (
      this.statement('DELETE FROM drafts WHERE account_id = ? AND interaction_id = ?').run(
        accountId,
        interactionId,
      ).changes > 0
    );
  }
}

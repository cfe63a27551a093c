import { z } from 'zod';
import { channelTitle } from './agentStates';
import { chatParticipants } from './chatParticipants';
import type { Translate } from './i18n/translate';
import type { InteractionDetail, InteractionSummary } from './model';

/**
 * The rules for leaving work behind (issue 14, "no abandoned work"), shared by the desk's
 * dialog and the tray's native one so that both list the same interactions in the same words.
 */

/** What the agent is about to do that would leave interactions in progress. */
export type LeaveAction = 'signOut' | 'quit';

/**
 * An interaction in progress, as the guard lists it: what the cache knows of it, worded by
 * whoever shows it, in the desk's language ({@link workWords}: main/workstation/leaveQuestion.ts
 * for the native dialog, LeaveGuardDialog.vue for the desk's own).
 */
export const WorkInProgressSchema = z.object({
  id: z.string(),
  /** Its channel as GWS names it (`chat`, `email`, …). */
  channel: z.string(),
  /** What it is about, when it says. */
  subject: z.string().optional(),
  /** Who it is with: the sender or customer, when the cache knows. */
  customer: z.string().optional(),
});
export type WorkInProgress = z.infer<typeof WorkInProgressSchema>;

/**
 * The interactions signing out or quitting would abandon: those the agent has taken and not
 * finished. Invitations are left out: ending the contact-center session withdraws them, and
 * GWS offers them to another agent.
 */
export function workInProgress(rows: readonly InteractionSummary[]): WorkInProgress[] {
  return rows
    .filter((row) => row.phase === 'working' || row.phase === 'other')
    .map((row) => {
      const subject = nonEmpty(row.subject);
      const customer = nonEmpty(row.from);
      return {
        id: row.id,
        channel: row.channel,
        ...(subject === undefined ? {} : { subject }),
        ...(customer === undefined ? {} : { customer }),
      };
    });
}

/**
 * An interaction in progress in words, in the language of `t`: its subject, customer and kind,
 * "(no subject)" and "unknown customer" when the cache does not know them.
 */
export function workWords(
  work: WorkInProgress,
  t: Translate,
): { subject: string; customer: string; kind: string } {
  return {
    subject: work.subject ?? t('interaction.noSubject'),
    customer: work.customer ?? t('interaction.leave.unknownCustomer'),
    kind: channelTitle(work.channel, t),
  };
}

/** `text` trimmed, or undefined when nothing is left. */
function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * Whether the customer is still in a chat the agent works on, as the chat's party lines in the
 * cache say (common/chatParticipants.ts). Done on such a chat ends the chat first
 * (main/workstation/finishing.ts), so that the customer is never left alone in the session.
 */
export function customerStillInChat(
  detail: Pick<InteractionDetail, 'channel' | 'phase' | 'transcript'>,
): boolean {
  if (detail.channel !== 'chat' || detail.phase !== 'working') return false;
  return chatParticipants(detail.transcript, false).some(
    (participant) => participant.role === 'customer',
  );
}

import { z } from 'zod';
import { chatParticipants } from './chatParticipants';
import type { InteractionDetail, InteractionSummary } from './model';

/**
 * The rules for leaving work behind (issue 14, "no abandoned work"), shared by the desk's
 * dialog and the tray's native one so that both list the same interactions in the same words.
 */

/** What the agent is about to do that would leave interactions in progress. */
export type LeaveAction = 'signOut' | 'quit';

/** An interaction in progress, as the guard lists it. */
export const WorkInProgressSchema = z.object({
  id: z.string(),
  /** What it is about: the subject, else "(no subject)". */
  subject: z.string(),
  /** Who it is with: the sender or customer, when the cache knows. */
  customer: z.string(),
  /** Chat, E-mail, … */
  kind: z.string(),
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
    .map((row) => ({
      id: row.id,
      subject: nonEmpty(row.subject) ?? '(no subject)',
      customer: nonEmpty(row.from) ?? 'unknown customer',
      kind: kindOf(row.channel),
    }));
}

/** `text` trimmed, or undefined when nothing is left. */
function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The channel as a word the agent knows. */
export function kindOf(channel: string): string {
  if (channel === 'email') return 'E-mail';
  if (channel === 'chat') return 'Chat';
  return channel.charAt(0).toUpperCase() + channel.slice(1);
}

/** The guard's words for an action: its question, its explanation and its confirming button. */
export function leaveWords(
  action: LeaveAction,
  count: number,
): { title: string; message: string; confirm: string; cancel: string } {
  const them = count === 1 ? 'this interaction' : `these ${String(count)} interactions`;
  return action === 'signOut'
    ? {
        title: 'Sign out with work in progress?',
        message: `You are still working on ${them}. Signing out leaves the customer waiting until another agent takes over.`,
        confirm: 'Sign out anyway',
        cancel: 'Cancel',
      }
    : {
        title: 'Quit with work in progress?',
        message: `You are still working on ${them}. Quitting signs you out and leaves the customer waiting until another agent takes over.`,
        confirm: 'Quit anyway',
        cancel: 'Cancel',
      };
}

/** One interaction as a line of text (the native dialog's list). */
export function workLine(work: WorkInProgress): string {
  return `${work.kind}: ${work.subject} (${work.customer})`;
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

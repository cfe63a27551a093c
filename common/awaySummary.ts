import type { AwaySummary } from './model';

/** "1 invitation" / "2 invitations". */
function count(n: number, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** What changed during the gap, in one sentence: "1 invitation withdrawn, 2 interactions ended or moved." */
export function awayChanges(summary: AwaySummary): string {
  const withdrawn = summary.items.filter((item) => item.change === 'withdrawn').length;
  const ended = summary.items.length - withdrawn;
  const parts: string[] = [];
  if (withdrawn > 0) parts.push(`${count(withdrawn, 'invitation', 'invitations')} withdrawn`);
  if (ended > 0) parts.push(`${count(ended, 'interaction', 'interactions')} ended or moved`);
  return parts.length === 0 ? 'Nothing was withdrawn or ended.' : `${parts.join(', ')}.`;
}

/**
 * The "while you were away" summary in one line, the same in the desk's panel and in the
 * notification raised when the window is hidden: what changed, then what became of the agent's
 * state. E.g. "1 invitation withdrawn, 1 interaction ended or moved. Your state was restored:
 * Ready on chat, e-mail."
 */
export function awayHeadline(summary: AwaySummary): string {
  const changes = awayChanges(summary);
  return summary.restore === undefined ? changes : `${changes} ${summary.restore.message}`;
}

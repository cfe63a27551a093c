import { isCustomerType } from './chatParticipants';
import { compact } from './compact';
import { CONSULTED_STATE } from './interactionStates';
import type { ChatEvent, InteractionSummary } from './model';

/**
 * Whether the customer of a chat is waiting for an answer, and since when: the first message the
 * customer wrote after the last message an agent sent them. An agent's line seen by agents only
 * (`Int`) answers nobody; a party that is neither (000's External: a bot, the system) neither
 * waits nor answers; the customer leaving ends the wait. Notices and joins change nothing.
 *
 * Main works it out of each live chat's transcript (main/cache/store.ts `awaitingReply`) and
 * keeps it current as lines come, folding them through here: folding lines one delivery at a
 * time gives what folding them all at once would.
 *
 * @param since when the customer started waiting before these lines; undefined: not waiting.
 * @param lines the transcript lines, in order.
 * @param untimedAt the time of a line the server did not time.
 */
export function awaitingReplySince(
  since: number | undefined,
  lines: readonly ChatEvent[],
  untimedAt: number,
): number | undefined {
  let waiting = since;
  for (const line of lines) {
    if (endsWait(line)) waiting = undefined;
    else if (line.kind === 'message' && isCustomerType(line.authorType ?? ''))
      waiting ??= line.at ?? untimedAt;
  }
  return waiting;
}

/** Whether a line can start or end a wait: what {@link awaitingReplySince} reads. */
export function changesWait(line: ChatEvent): boolean {
  return line.kind === 'message' || line.kind === 'left';
}

/** The most of a chat's last line a row carries: the row shows one line of it. */
export const LAST_LINE_TEXT_LIMIT = 160;

/**
 * The line a live chat's row shows (InteractionSummary `lastLine`): the last of `lines` (in
 * order) that {@link changesWait}, a message (to anyone) or a party leaving, its text cut to
 * {@link LAST_LINE_TEXT_LIMIT}; undefined when there is none. Main works it out of the
 * transcript's tail with the wait and the renderer carries it on through new lines, both here.
 */
export function lastLineOf(lines: readonly ChatEvent[]): ChatEvent | undefined {
  const line = lines.findLast(changesWait);
  if (line === undefined) return undefined;
  // What a row needs of it, the same whether read from the cache or carried through new lines.
  const { eventId, kind, authorType, authorName, text, visibility, at } = line;
  return compact({
    eventId,
    kind,
    authorType,
    authorName,
    // By code points: a cut through a surrogate pair would show a broken character.
    text:
      text === undefined || text.length <= LAST_LINE_TEXT_LIMIT
        ? text
        : Array.from(text).slice(0, LAST_LINE_TEXT_LIMIT).join(''),
    visibility,
    at,
  });
}

/**
 * Whether a line ends any wait before it: an agent's message to everyone, or the customer
 * leaving. The lines from the last such one on are all a chat's wait depends on.
 */
export function endsWait(line: ChatEvent): boolean {
  const type = line.authorType ?? '';
  if (line.kind === 'left') return isCustomerType(type);
  return line.kind === 'message' && type.toLowerCase() === 'agent' && line.visibility !== 'Int';
}

/**
 * Whether this agent is the one to answer the chat's customer: works on it, and was not
 * consulted on it nor added to its conference ({@link CONSULTED_STATE}: the owner answers).
 */
export function answersCustomer(
  row: Pick<InteractionSummary, 'phase' | 'state'> | undefined,
): boolean {
  return row?.phase === 'working' && row.state !== CONSULTED_STATE;
}

/**
 * Since when the customer of a chat this agent answers ({@link answersCustomer}) has waited for
 * the agent's answer, as its row says (main's `awaitingReplySince`, from
 * {@link awaitingReplySince}); undefined when nobody waits for this agent: answered, or not a
 * chat the agent answers (an invitation, an ended chat, one the agent was consulted on). The
 * inbox's badges, the open chat's header, the way back to the list, the shortcut to the chat
 * waiting longest and the tray all go by this.
 */
export function waitingForAgentSince(
  row: Pick<InteractionSummary, 'phase' | 'state' | 'awaitingReplySince'>,
): number | undefined {
  return answersCustomer(row) ? row.awaitingReplySince : undefined;
}

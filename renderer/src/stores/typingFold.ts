import { isTypingNotice, type ChangeSet, type ChatEvent } from '../../../common/model';
import { t } from '../i18n';
import { isolated } from '../../../common/bidi';

/** Someone in a chat who is typing now, as the desk last heard. */
export interface Typist {
  /** Who it is within the chat: the party's id, else its name. */
  readonly key: string;
  /** The party's name; absent when the chat gives none (said as "The customer" when shown). */
  readonly name?: string;
  /** When the desk heard the TypingStarted (ms, the renderer's monotonic clock), for the time-out. */
  readonly since: number;
}

/** Who is typing, per interaction; interactions where nobody is are absent. */
export type TypingState = ReadonlyMap<string, readonly Typist[]>;

/**
 * How long a TypingStarted counts without a TypingStopped or a line from the same party: a
 * customer whose browser closed mid-word never sends the stop.
 */
export const TYPING_TIMEOUT_MS = 15_000;

function keyOf(event: ChatEvent): string {
  return event.authorId ?? event.authorName ?? event.authorType ?? 'someone';
}

/**
 * Folds one change set into who is typing: a TypingStarted adds its party, a TypingStopped, a
 * message or the party leaving removes it, in event order (one commit may carry a line and a
 * notice of the same party, and a resync old notices before newer lines). Agents' notices are
 * left out: the agent's own typing comes back from the server, and is not news to the agent.
 * An interaction that ended has nobody typing.
 */
export function foldTyping(state: TypingState, changes: ChangeSet, now: number): TypingState {
  const touched = new Map<string, ChatEvent[]>();
  const collect = (interactionId: string, events: readonly ChatEvent[]) => {
    const known = touched.get(interactionId);
    if (known === undefined) touched.set(interactionId, [...events]);
    else known.push(...events);
  };
  for (const { interactionId, notices } of changes.typing ?? []) collect(interactionId, notices);
  for (const { interactionId, lines } of changes.transcripts) collect(interactionId, lines);
  const ended = changes.interactions.filter((head) => head.phase === 'ended');
  if (touched.size === 0 && !ended.some((head) => state.has(head.id))) return state;

  const next = new Map(state);
  for (const [interactionId, events] of touched) {
    const typists = new Map((next.get(interactionId) ?? []).map((typist) => [typist.key, typist]));
    for (const event of events.sort((a, b) => a.eventId - b.eventId)) {
      if (event.authorType === 'Agent') continue;
      const key = keyOf(event);
      if (isTypingNotice(event) && event.noticeType === 'TypingStarted') {
        typists.set(key, {
          key,
          ...(event.authorName === undefined ? {} : { name: event.authorName }),
          since: now,
        });
      } else if (isTypingNotice(event) || event.kind === 'message' || event.kind === 'left') {
        typists.delete(key);
      }
    }
    if (typists.size === 0) next.delete(interactionId);
    else next.set(interactionId, [...typists.values()]);
  }
  for (const head of ended) next.delete(head.id);
  return next;
}

/** Drops the typists heard of longer than `timeoutMs` ago (their TypingStopped never came). */
export function expireTyping(
  state: TypingState,
  now: number,
  timeoutMs = TYPING_TIMEOUT_MS,
): TypingState {
  let changed = false;
  const next = new Map<string, readonly Typist[]>();
  for (const [interactionId, typists] of state) {
    const fresh = typists.filter((typist) => now - typist.since < timeoutMs);
    if (fresh.length !== typists.length) changed = true;
    if (fresh.length > 0) next.set(interactionId, fresh);
  }
  return changed ? next : state;
}

/** The earliest moment a typist of `state` times out; undefined when nobody is typing. */
export function nextExpiry(state: TypingState, timeoutMs = TYPING_TIMEOUT_MS): number | undefined {
  let earliest: number | undefined;
  for (const typists of state.values()) {
    for (const typist of typists) {
      const at = typist.since + timeoutMs;
      if (earliest === undefined || at < earliest) earliest = at;
    }
  }
  return earliest;
}

/**
 * "Anna is typing…", "Anna and Bo are typing…", in the desk's language (worded when shown, so a
 * change of language applies to it at once); undefined when nobody is.
 */
export function typingSentence(typists: readonly Typist[] | undefined): string | undefined {
  if (typists === undefined || typists.length === 0) return undefined;
  // Each name the sentence gets is isolated by the message engine (common/i18n/isolatingCompiler);
  // the names joined into one list here are isolated one by one, which the engine cannot do.
  const names = typists.map((typist) => typist.name ?? t('chat.typing.theCustomer'));
  if (names.length === 1) return t('chat.typing.one', { name: names[0] ?? '' });
  return t('chat.typing.many', {
    names: names.slice(0, -1).map(isolated).join(', '),
    last: names.at(-1) ?? '',
  });
}

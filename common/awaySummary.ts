import { agentWideDnd, channelSummary } from './agentStates';
import type { MessageKey, Translate } from './i18n/translate';
import type { AwaySummary, InteractionHead, Restore } from './model';

/**
 * How the "while you were away" sentences are worded: a message, and a message counted (plural
 * forms, `{count}` filled in). Main passes its translator (the notification, in the desk's
 * language; the log, in English), the renderer its vue-i18n.
 */
export interface AwayWording {
  readonly t: Translate;
  plural(key: MessageKey, count: number): string;
}

/** What changed during the gap, in one sentence: "1 invitation withdrawn, 2 interactions ended or moved." */
export function awayChanges(summary: AwaySummary, words: AwayWording): string {
  const withdrawnCount = summary.items.filter((item) => item.change === 'withdrawn').length;
  const endedCount = summary.items.length - withdrawnCount;
  const withdrawn = words.plural('inbox.away.invitationsWithdrawn', withdrawnCount);
  const ended = words.plural('inbox.away.interactionsEnded', endedCount);
  if (withdrawnCount > 0 && endedCount > 0) return words.t('inbox.away.both', { withdrawn, ended });
  if (withdrawnCount > 0) return words.t('inbox.away.one', { change: withdrawn });
  if (endedCount > 0) return words.t('inbox.away.one', { change: ended });
  return words.t('inbox.away.nothing');
}

/**
 * What restoring the agent's state came to, in one sentence: "Your state was restored: Ready on
 * chat, e-mail." or why the server refused, in its own words.
 */
export function restoreSentence(restore: Restore, t: Translate): string {
  if (restore.outcome === 'restored') {
    // The agent-wide DND is said once, at the end; a channel's own reads "Do not disturb on chat".
    const state = channelSummary(restore.channels, t, restore.dnd);
    return restore.dnd
      ? t('inbox.away.restoredWithDoNotDisturb', { state })
      : t('inbox.away.restored', { state });
  }
  const told = restore.reason ?? t('inbox.away.noReason');
  switch (restore.outcome) {
    case 'sessionRefused':
      return t('inbox.away.sessionRefused', { reason: told });
    case 'dndRefused':
      return t('inbox.away.doNotDisturbRefused', { reason: told });
    case 'channelsRefused': {
      // Whether DND was the agent's as a whole is a fact of all the channels, not of either part.
      const wideDnd = agentWideDnd([...restore.kept, ...restore.refused]);
      const refused = channelSummary(restore.refused, t, wideDnd);
      const reason =
        restore.unlistedReason === undefined
          ? told
          : t('inbox.away.reasonNotListed', { name: restore.unlistedReason });
      return restore.kept.length === 0
        ? t('inbox.away.channelsRefused', { refused, reason })
        : t('inbox.away.channelsPartlyRefused', {
            kept: channelSummary(restore.kept, t, wideDnd),
            refused,
            reason,
          });
    }
  }
}

/**
 * The "while you were away" summary in one line (the notification raised when the window is
 * hidden): what changed, then what became of the agent's state. E.g. "1 invitation withdrawn, 1
 * interaction ended or moved. Your state was restored: Ready on chat, e-mail."
 */
export function awayHeadline(summary: AwaySummary, words: AwayWording): string {
  const changes = awayChanges(summary, words);
  return summary.restore === undefined
    ? changes
    : `${changes} ${restoreSentence(summary.restore, words.t)}`;
}

/**
 * Folds a new "while you were away" summary into the one on screen: the agent has not dismissed
 * the earlier gap's news, so it stays, with the later gap's items after it (an interaction once,
 * as it last changed); the state and its restoring are the newest.
 */
export function mergeAway(shown: AwaySummary | null, next: AwaySummary): AwaySummary {
  if (shown === null) return next;
  const items = new Map(shown.items.map((item) => [item.id, item]));
  for (const item of next.items) {
    items.delete(item.id);
    items.set(item.id, item);
  }
  const restore = next.restore ?? shown.restore;
  return {
    at: next.at,
    items: [...items.values()],
    agent: next.agent,
    ...(restore === undefined ? {} : { restore }),
  };
}

/**
 * The summary without the interactions a change set shows in play again — an invitation
 * withdrawn during the gap and offered anew, an interaction back in the agent's hands: the
 * summary must not call "withdrawn" what the inbox offers with Accept. The same object when none
 * of its items is among `heads`.
 */
export function withoutInPlayAgain<Summary extends Pick<AwaySummary, 'items'>>(
  summary: Summary,
  heads: readonly Pick<InteractionHead, 'id' | 'phase'>[],
): Summary {
  const inPlay = new Set(heads.filter((head) => head.phase !== 'ended').map((head) => head.id));
  if (!summary.items.some((item) => inPlay.has(item.id))) return summary;
  return { ...summary, items: summary.items.filter((item) => !inPlay.has(item.id)) };
}

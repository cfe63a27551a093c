import { isolated } from './bidi';
import type { MessageKey, Translate } from './i18n/translate';
import type { ChannelState } from './model';

/**
 * How agent states read in plain words, the same in the tray (main) and the window (renderer):
 * channel names, whether a channel is Ready, why it is not, and a one-line summary. The words
 * are the `words` catalog's (common/i18n); each side passes its translator.
 */

/** Between the groups of a summary. */
const SEPARATOR = ' · ';

/** The channels the catalog names, by GWS channel name (`*` stands for all of them). */
const CHANNEL_KEYS: Readonly<Record<string, 'all' | 'email' | 'chat' | 'sms' | 'voice'>> = {
  '*': 'all',
  email: 'email',
  chat: 'chat',
  sms: 'sms',
  voice: 'voice',
};

/**
 * How a channel is named in plain words (`email` → `e-mail`, in German `E-Mail`); a channel the
 * catalog does not know keeps the server's name.
 */
export function channelLabel(channel: string, t: Translate): string {
  const key = CHANNEL_KEYS[channel.toLowerCase()];
  // A channel the catalog does not know is named as the server names it, in its own isolate.
  return key === undefined ? isolated(channel) : t(`words.channel.${key}`);
}

/**
 * A channel's name to start a label or a sentence with (`email` → `E-mail`); a channel the
 * catalog does not know keeps the server's name, its first letter in upper case.
 */
export function channelTitle(channel: string, t: Translate): string {
  const key = CHANNEL_KEYS[channel.toLowerCase()];
  if (key !== undefined) return t(`words.channelTitle.${key}`);
  return channel.charAt(0).toUpperCase() + channel.slice(1);
}

/** Whether two state names are the same word, ignoring case and punctuation (`Not Ready`). */
export function sameWord(a: string, b: string): boolean {
  const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/gu, '');
  return squash(a) === squash(b);
}

export function isReady(channel: ChannelState): boolean {
  return sameWord(channel.state, 'Ready');
}

/** Not Ready, whatever the reason or work mode. */
export function isNotReady(channel: ChannelState): boolean {
  return sameWord(channel.state, 'NotReady');
}

/**
 * Logged out of the channel: `Logout`, the T-Server state 003 ("Agent States") gives the
 * Offline agent state, which a channel's `userState` carries when that state is matched, or
 * `LoggedOut`. Read only as `LoggedOut`, a server saying `Logout` had the desk show the agent
 * "Not ready (Offline)", never start the lost contact-center session again and refuse every
 * state chosen there.
 */
export function isLoggedOut(channel: ChannelState): boolean {
  return sameWord(channel.state, 'LoggedOut') || sameWord(channel.state, 'Logout');
}

/**
 * Why a channel is not ready, in the server's words: the reason, else the state's display name
 * when it says more than "Not Ready" (After Call Work, Lunch, …), else its work mode.
 */
export function notReadyReason(channel: ChannelState): string | undefined {
  if (channel.reason !== undefined && channel.reason.trim() !== '') return channel.reason.trim();
  const name = channel.displayName?.trim();
  if (name !== undefined && name !== '' && !sameWord(name, 'NotReady') && !sameWord(name, 'DND'))
    return name;
  const workMode = channel.workMode?.trim();
  if (workMode !== undefined && workMode !== '' && !sameWord(workMode, 'Unknown')) return workMode;
  return undefined;
}

/** What a channel's state reads as in the tooltip: "Ready", "Not ready (Lunch)", "Logged out". */
export function stateWords(channel: ChannelState, t: Translate): string {
  if (isReady(channel)) return t('words.state.ready');
  if (isLoggedOut(channel)) return t('words.state.loggedOut');
  if (sameWord(channel.state, 'Unknown')) return t('words.state.unknown');
  const reason = notReadyReason(channel);
  if (reason === undefined) return t('words.state.notReady');
  return t('words.state.notReadyBecause', { reason: reasonWords(reason, t) });
}

/**
 * A Not Ready reason as the desk words it wherever it shows (the state's summary, the menus, the
 * Not Ready dialog): the server's own words for the common reasons come in English, so the
 * catalog's are used for them ("AfterCallWork" → "After-call work"); any other as the server
 * names it.
 */
export function reasonWords(reason: string, t: Translate): string {
  const known = KNOWN_REASONS.find(([name]) => sameWord(reason, name));
  // Any other is the server's text, set in the desk's words as a name is: isolated.
  return known === undefined ? isolated(reason) : t(known[1]);
}

/**
 * What one channel's state reads as, its Do Not Disturb included: "Do not disturb" for a
 * logged-in channel under DND (which the server reports as plain Not Ready), else
 * {@link stateWords}.
 */
export function channelStateWords(channel: ChannelState, t: Translate): string {
  return channel.dnd && !isLoggedOut(channel)
    ? t('words.state.doNotDisturb')
    : stateWords(channel, t);
}

/** Reasons the servers name in English whose words the catalog has. */
const KNOWN_REASONS: readonly (readonly [string, MessageKey])[] = [
  ['AfterCallWork', 'words.state.afterCallWork'],
];

/**
 * Whether Do Not Disturb holds for the agent as a whole: DND on `/me` (which every channel
 * reports, or one entry without a channel, `'*'`), or DND on each channel of its own, which
 * leaves the agent no work either. One channel under DND of its own is that channel's state
 * only: the agent still takes work on the others.
 */
export function agentWideDnd(channels: readonly ChannelState[]): boolean {
  return channels.length > 0 && channels.every((channel) => channel.dnd);
}

/**
 * "Ready on chat, e-mail · Not ready (Lunch) on voice": channels grouped by state, Ready first.
 * A channel under Do Not Disturb of its own reads "Do not disturb" (the server reports it Not
 * Ready) and comes before the rest: the header cuts the summary to its width, and that is the
 * exception the agent must not miss ("Do not disturb on chat · Ready on e-mail"). When the DND is
 * the agent's as a whole (`wideDnd`, by default {@link agentWideDnd} of the channels given), the
 * callers say it once and the channels read as reported.
 */
export function channelSummary(
  channels: readonly ChannelState[],
  t: Translate,
  wideDnd = agentWideDnd(channels),
): string {
  const groups = new Map<string, string[]>();
  const ownDnd = (channel: ChannelState): boolean =>
    !wideDnd && channel.dnd && !isLoggedOut(channel);
  const rank = (channel: ChannelState): number => (ownDnd(channel) ? 0 : isReady(channel) ? 1 : 2);
  const ordered = [...channels].sort((a, b) => rank(a) - rank(b));
  for (const channel of ordered) {
    const words = ownDnd(channel) ? t('words.state.doNotDisturb') : stateWords(channel, t);
    const labels = groups.get(words) ?? [];
    labels.push(channelLabel(channel.channel, t));
    groups.set(words, labels);
  }
  return Array.from(groups, ([state, labels]) =>
    t('words.stateOnChannels', { state, channels: labels.join(', ') }),
  ).join(SEPARATOR);
}

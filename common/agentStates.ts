import type { ChannelState } from './model';

/**
 * How agent states read in plain words, the same in the tray (main) and the window (renderer):
 * channel names, whether a channel is Ready, why it is not, and a one-line summary.
 */

/** Between the groups of a summary. */
const SEPARATOR = ' · ';

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  '*': 'all channels',
  email: 'e-mail',
  chat: 'chat',
  sms: 'SMS',
  voice: 'voice',
};

/** How a channel is named in plain words (`email` → `e-mail`). */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel.toLowerCase()] ?? channel;
}

/** Whether two state names are the same word, ignoring case and punctuation (`Not Ready`). */
export function sameWord(a: string, b: string): boolean {
  const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/gu, '');
  return squash(a) === squash(b);
}

export function isReady(channel: ChannelState): boolean {
  return sameWord(channel.state, 'Ready');
}

function isLoggedOut(channel: ChannelState): boolean {
  return sameWord(channel.state, 'LoggedOut');
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
function stateWords(channel: ChannelState): string {
  if (isReady(channel)) return 'Ready';
  if (isLoggedOut(channel)) return 'Logged out';
  if (sameWord(channel.state, 'Unknown')) return 'State unknown';
  const reason = notReadyReason(channel);
  return reason === undefined ? 'Not ready' : `Not ready (${reason})`;
}

/** "Ready on chat, e-mail · Not ready (Lunch) on voice": channels grouped by state, Ready first. */
export function channelSummary(channels: readonly ChannelState[]): string {
  const groups = new Map<string, string[]>();
  const ordered = [...channels].sort((a, b) => Number(isReady(b)) - Number(isReady(a)));
  for (const channel of ordered) {
    const words = stateWords(channel);
    const labels = groups.get(words) ?? [];
    labels.push(channelLabel(channel.channel));
    groups.set(words, labels);
  }
  return Array.from(groups, ([words, labels]) => `${words} on ${labels.join(', ')}`).join(
    SEPARATOR,
  );
}

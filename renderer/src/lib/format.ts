import type { AgentIdentity } from '../../../common/model';

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A list's time column: the time of day for today, the day and time before. */
export function shortTime(at: number | undefined, now = Date.now()): string {
  if (at === undefined) return '';
  const date = new Date(at);
  return date.toDateString() === new Date(now).toDateString()
    ? timeOfDay.format(date)
    : dayAndTime.format(date);
}

/** Date and time to the second, for tooltips and `<time>` titles. */
export function fullTime(at: number | undefined): string {
  return at === undefined ? '' : full.format(new Date(at));
}

export function isoTime(at: number | undefined): string | undefined {
  return at === undefined ? undefined : new Date(at).toISOString();
}

/** `email` → `E-mail`, `chat` → `Chat`; other media as the server names them. */
export function channelLabel(channel: string): string {
  switch (channel) {
    case 'email':
      return 'E-mail';
    case 'chat':
      return 'Chat';
    default:
      return channel.charAt(0).toUpperCase() + channel.slice(1);
  }
}

/**
 * GWS states in words: `ReplyCreated` → `Reply created`, `NotReady` → `Not ready`. A property
 * change after Accept is GWS bookkeeping; to the agent the interaction is still accepted.
 */
export function stateLabel(state: string): string {
  if (state === 'PropertiesChanged') return 'Accepted';
  const words = state.replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function agentName(agent: AgentIdentity): string {
  const name = [agent.firstName, agent.lastName].filter(Boolean).join(' ');
  return name === '' ? agent.userName : name;
}

export function byteSize(size: number | undefined): string {
  if (size === undefined) return '';
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(size < 10 * 1024 ? 1 : 0)} kB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

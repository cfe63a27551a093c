import { ref } from 'vue';
import { channelLabel } from '../../../common/agentStates';
import type { AgentIdentity } from '../../../common/model';

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * The day as of the last midnight the page saw. {@link shortTime} reads it, so a render that
 * shows times depends on it and runs again when the day changes: rows on screen at midnight
 * gain their day. The timer is armed on the first read (tests that pass `now` never start it).
 */
const currentDay = ref('');
let midnightTimer: ReturnType<typeof setTimeout> | undefined;

function followMidnight(): void {
  const now = new Date();
  currentDay.value = now.toDateString();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  // A second past midnight, so that the new date is surely there (timers may fire early).
  midnightTimer = setTimeout(followMidnight, midnight.getTime() - now.getTime() + 1_000);
}

/**
 * Today, computed at each call (a timer held back by a sleeping machine cannot make it stale);
 * reading {@link currentDay} makes the caller's render follow midnight.
 */
function today(): string {
  if (midnightTimer === undefined) followMidnight();
  const day = new Date().toDateString();
  return day === currentDay.value ? currentDay.value : day;
}

/**
 * Today as a string that changes at midnight. A render that caches its output (`v-memo`) keys
 * on it, so that times shown as "today's" gain their day when the day changes.
 */
export function currentDayKey(): string {
  return today();
}

/** A list's time column: the time of day for today, the day and time before. */
export function shortTime(at: number | undefined, now?: number): string {
  if (at === undefined) return '';
  const date = new Date(at);
  const day = now === undefined ? today() : new Date(now).toDateString();
  return date.toDateString() === day ? timeOfDay.format(date) : dayAndTime.format(date);
}

/** Date and time to the second, for tooltips and `<time>` titles. */
export function fullTime(at: number | undefined): string {
  return at === undefined ? '' : full.format(new Date(at));
}

export function isoTime(at: number | undefined): string | undefined {
  return at === undefined ? undefined : new Date(at).toISOString();
}

/**
 * A channel's name to start a label or a sentence with: common/agentStates.ts' words (the tray
 * says the same), capitalized (`email` → `E-mail`, `chat` → `Chat`).
 */
export function channelTitle(channel: string): string {
  return capitalized(channelLabel(channel));
}

/** The first letter in upper case, the rest as it is (`e-mail` → `E-mail`, `SMS` stays). */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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

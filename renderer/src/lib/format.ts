import { ref } from 'vue';
import * as agentStates from '../../../common/agentStates';
import { byteSize as sizeInWords } from '../../../common/byteSize';
import { isCustomerType } from '../../../common/chatParticipants';
import { stateToTheAgent } from '../../../common/interactionStates';
import type { AwayWording } from '../../../common/awaySummary';
import type { MessageKey, Translate } from '../../../common/i18n/translate';
import type { ChannelState, ChatEvent, InteractionSummary } from '../../../common/model';
import { isolated, ownRun } from '../../../common/bidi';
import type { ForwardWording, QuoteWording } from './compose';
import { formattingLocale, i18n, t, tAsSent } from '../i18n';

/**
 * Dates, times, numbers and the shared words (agent states, channels, interaction states) in the
 * desk's language. Every function reads the vue-i18n locale ({@link formattingLocale}, reactive),
 * so a render that shows their output runs again when the agent switches language.
 */

/** common/'s words through the renderer's vue-i18n instance. */
export const translate: Translate = (key, values) =>
  values === undefined ? t(key) : t(key, values);

/** The timezone the page's dates are in (this machine's, which the agent may change). */
function zoneNow(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The timezone as of the page's last look at the date ({@link followMidnight}): a date
 * formatter keeps the timezone it was made in, so one is made per timezone, and a render that
 * shows times depends on it. A laptop taken home to another timezone went on showing times in
 * the old one (a page opened there, in the new) until the desk was restarted.
 */
const currentZone = ref(zoneNow());

/**
 * A formatter per locale, timezone and style, made once (constructing one is costly). The locale
 * is the desk's language with the OS's region for it ({@link formattingLocale}: `es-MX`).
 */
function formatters<T>(make: (locale: string) => T): () => T {
  const made = new Map<string, T>();
  return () => {
    const locale = formattingLocale();
    const key = `${locale} ${currentZone.value}`;
    let formatter = made.get(key);
    if (formatter === undefined) {
      formatter = make(locale);
      made.set(key, formatter);
    }
    return formatter;
  };
}

/**
 * A time of day as the locale writes it short: "8:08 AM" in English, "08:08" in German (a fixed
 * two-digit hour wrote "08:08 AM", which no English clock shows).
 */
const timeOfDay = formatters((locale) => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }));
/**
 * A day and time, its hour written as {@link timeOfDay} writes it so that both kinds of row
 * agree. `timeStyle` cannot go with `month` and does not resolve to an `hour` option, so the
 * locale's short time of 1:00 is read for it.
 */
const dayAndTime = formatters((locale) => {
  const oneOClock = new Intl.DateTimeFormat(locale, { timeStyle: 'short' })
    .formatToParts(new Date(2000, 0, 1, 1, 0))
    .find((part) => part.type === 'hour')?.value;
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    hour: oneOClock?.length === 2 ? '2-digit' : 'numeric',
    minute: '2-digit',
  });
});
const full = formatters(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
);
const dayAndShortTime = formatters(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
);
const whole = formatters((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));

/**
 * Names compared as the desk's language orders them, whatever their case or accents, but each
 * letter where that language puts it: Spanish "Ñandú" after "Nube", German "Änderung" among the
 * A's. (SQLite's NOCASE, main's order, put every name beginning with Ä or Ñ after Z.)
 */
const names = formatters((locale) => new Intl.Collator(locale, { sensitivity: 'base' }));

/** Compares two names in the alphabetical order of the desk's language (reactive, as above). */
export function compareNames(a: string, b: string): number {
  return names().compare(a, b);
}

/**
 * The day as of the last midnight the page saw. {@link shortTime} reads it, so a render that
 * shows times depends on it and runs again when the day changes: rows on screen at midnight
 * gain their day. The timer is armed on the first read (tests that pass `now` never start it).
 */
const currentDay = ref('');
let midnightTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The longest wait between two looks at the date. A sleeping machine holds timers back by as
 * long as it slept: one set for midnight at 10 pm, the laptop shut until 7 am, fired at 9 am,
 * and yesterday's rows read as today's for two hours after waking.
 */
const DAY_CHECK_MS = 60_000;

function followMidnight(): void {
  const now = new Date();
  // Assigning the same day (or timezone) again triggers no render.
  currentDay.value = now.toDateString();
  currentZone.value = zoneNow();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  // A second past midnight, so that the new date is surely there (timers may fire early).
  const untilMidnight = midnight.getTime() - now.getTime() + 1_000;
  midnightTimer = setTimeout(followMidnight, Math.min(untilMidnight, DAY_CHECK_MS));
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
 * Today as a string that changes at midnight and with the timezone. A render that caches its
 * output (`v-memo`) keys on it, so that times shown as "today's" gain their day when the day
 * changes, and all are told in the new timezone.
 */
export function currentDayKey(): string {
  return `${today()} ${currentZone.value}`;
}

/** A list's time column: the time of day for today, the day and time before. */
export function shortTime(at: number | undefined, now?: number): string {
  if (at === undefined) return '';
  const date = new Date(at);
  const day = now === undefined ? today() : new Date(now).toDateString();
  return date.toDateString() === day ? timeOfDay().format(date) : dayAndTime().format(date);
}

/** Date and time to the second, for tooltips and `<time>` titles. */
export function fullTime(at: number | undefined): string {
  return at === undefined ? '' : full().format(new Date(at));
}

/**
 * The line above a quoted original in the desk's language (`Am 02.12.2026, 04:10 schrieb
 * Maria:`), for the text that goes to the customer.
 */
export function quoteWording(): QuoteWording {
  return {
    // The author as the e-mail names them: this line is sent, not only shown.
    dated: (author, date) => tAsSent('email.composer.quote.dated', { author, date }),
    undated: (author) => tAsSent('email.composer.quote.undated', { author }),
    someone: t('email.composer.quote.someone'),
    formatDate: (ms) => dayAndShortTime().format(new Date(ms)),
  };
}

/** The forwarded message's block in the desk's language (see lib/compose.ts forwardText). */
export function forwardWording(): ForwardWording {
  return {
    heading: t('email.composer.forwarded.heading'),
    from: t('email.composer.forwarded.from'),
    date: t('email.composer.forwarded.date'),
    subject: t('email.composer.forwarded.subject'),
    to: t('email.composer.forwarded.to'),
    cc: t('email.composer.forwarded.cc'),
    formatDate: (ms) => dayAndShortTime().format(new Date(ms)),
  };
}

export function isoTime(at: number | undefined): string | undefined {
  return at === undefined ? undefined : new Date(at).toISOString();
}

/** A channel's name to start a label or a sentence with (`email` → `E-mail`), as the tray says it. */
export function channelTitle(channel: string): string {
  return agentStates.channelTitle(channel, translate);
}

/** A channel's name in a sentence (`email` → `e-mail`), as the tray says it. */
export function channelLabel(channel: string): string {
  return agentStates.channelLabel(channel, translate);
}

/**
 * The wording of the "while you were away" sentences (common/awaySummary.ts), the desk's
 * panel's: counts in the locale's digits.
 */
export const awayWording: AwayWording = {
  t: translate,
  plural: (key, count) => t(key, { count: whole().format(count) }, count),
};

/** A Not Ready reason in the desk's words (common/agentStates.ts `reasonWords`). */
export function reasonWords(reason: string): string {
  return agentStates.reasonWords(reason, translate);
}

/** "Ready on chat, e-mail · Not ready (Lunch) on voice", in the tray's words. */
export function channelSummary(channels: readonly ChannelState[]): string {
  return agentStates.channelSummary(channels, translate);
}

/** One channel's state in the tray's words, Do Not Disturb included ("Do not disturb"). */
export function channelStateWords(channel: ChannelState): string {
  return agentStates.channelStateWords(channel, translate);
}

/**
 * GWS interaction states in words: `ReplyCreated` → `Draft`. A property change after
 * Accept is GWS bookkeeping; to the agent the interaction is still accepted. A state the
 * catalog does not know (a deployment's own) is spelt out from its name: `OnReview` → `On review`.
 */
export function stateLabel(state: string): string {
  const known = stateToTheAgent(state);
  const key = `words.interactionState.${known}`;
  if (/^\w+$/u.test(known) && i18n.global.te(key, 'en')) return t(key as MessageKey);
  const words = state.replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/**
 * Whether a row's last line shows the customer's words alone ({@link lastLineWords}): the row
 * sets their direction from their first letter (`dir="auto"`). Not a sentence of the desk's: a
 * Hebrew name at its start turned "דנה left the chat" around ("left the chat" first).
 */
export function isCustomersOwnWords(line: ChatEvent): boolean {
  return line.kind === 'message' && isCustomerType(line.authorType ?? '');
}

/**
 * A live chat's last line as its row shows it (InteractionSummary `lastLine`), on one line: the
 * customer's words as they are (the row names them above), anyone else's after their name
 * (marked when only the agents saw them), a party leaving in a sentence ("Tom Baker left the
 * chat"); undefined for a message with no words, so that the row shows its subject instead.
 */
export function lastLineWords(line: ChatEvent): string | undefined {
  const who = line.authorName ?? line.authorType ?? t('chat.transcript.unknownAuthor');
  if (line.kind === 'left') return t('inbox.row.lastLineLeft', { who });
  const text = (line.text ?? '').replace(/\s+/gu, ' ').trim();
  if (text === '') return undefined;
  if (isCustomersOwnWords(line)) return text;
  // After a name, the words read in their own direction: a Hebrew line after "Agent:", read
  // left to right with the sentence, had its full stop before it.
  return line.visibility === 'Int'
    ? t('inbox.row.lastLineToAgents', { who, text: ownRun(text) })
    : t('inbox.row.lastLineBy', { who, text: ownRun(text) });
}

/** Who an interaction is with, in words (see {@link partyOf}). */
export interface Party {
  readonly name: string;
  /** The address behind a person's name (a tooltip), when the name is not the address. */
  readonly address?: string;
}

/**
 * Who an interaction is with, as the lists and the detail's header name them: for an e-mail the
 * agent writes, whom it goes to (its sender is the desk's own mailbox, never the customer);
 * else the person the mail names, the address behind it; else the sender or chat nickname. Each
 * name {@link isolated}: its direction controls stay in it.
 */
export function partyOf(
  item: Partial<Pick<InteractionSummary, 'sentTo' | 'fromName' | 'from'>>,
): Party | undefined {
  if (item.sentTo !== undefined)
    return {
      name:
        item.sentTo === ''
          ? t('interaction.noRecipientYet')
          : t('interaction.sentTo', { to: item.sentTo }),
    };
  if (item.fromName !== undefined)
    return { name: isolated(item.fromName), ...(item.from ? { address: item.from } : {}) };
  return item.from === undefined || item.from === '' ? undefined : { name: isolated(item.from) };
}

/**
 * The tooltip of a list row's party: the address behind a person's name, or the whole list of
 * recipients an e-mail the agent writes goes to (a long one is cut short in the row).
 */
export function rowTitle(
  item: Partial<Pick<InteractionSummary, 'sentTo' | 'fromName' | 'from'>>,
): string | undefined {
  const party = partyOf(item);
  return item.sentTo ? party?.name : party?.address;
}

/** A file's size in the desk's language (common/byteSize.ts): `512 B`, `1,5 kB` in German. */
export function byteSize(size: number | undefined): string {
  return size === undefined ? '' : sizeInWords(size, formattingLocale(), translate);
}

/**
 * How long someone has waited, in whole minutes, in the desk's language: `<1 min`, `4 min`,
 * `1 h 05 min` (a list's badge says no more; its title says the same in a sentence).
 */
export function waitedFor(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return t('inbox.wait.underAMinute');
  if (minutes < 60) return t('inbox.wait.minutes', { count: minutes });
  return t('inbox.wait.hours', {
    hours: Math.floor(minutes / 60),
    minutes: String(minutes % 60).padStart(2, '0'),
  });
}

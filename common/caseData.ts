import { decodeEncodedWords } from './encodedWords';
import type { UserData } from './model';

/**
 * An interaction's case data (its GWS `userData`) as the agent reads it: the business keys the
 * customer's case is about, and the keys routing and the platform attach for themselves.
 */

/**
 * The keys an agent may edit when the settings were never changed. A fixed list rather than
 * "every business key present": routing strategies attach business-looking keys (a segment
 * chosen by the IVR, a contact id) that the agent must not rewrite, so editing is opt-in per key.
 */
export const DEFAULT_EDITABLE_CASE_KEYS: readonly string[] = [
  'Notes',
  'CustomerSegment',
  'ServiceType',
];

/** The disposition codes offered when the settings were never changed. */
export const DEFAULT_DISPOSITION_CODES: readonly string[] = [
  'Resolved',
  'Follow-up needed',
  'Escalated',
  'No answer needed',
];

/** The userData key a disposition is stored under when the settings were never changed. */
export const DEFAULT_DISPOSITION_KEY = 'DispositionCode';

/**
 * Routing strategies' keys: `R` then a capitalised word (RTargetAgentSelected,
 * RStrategyName, RRequestedSkill). A business key merely starting with R (Region, RMANumber)
 * does not match: the letter after the R is lower case, or the word after it is an acronym.
 */
const ROUTING_KEY = /^R[A-Z][a-z]/u;
/**
 * Keys the platform attaches: contact-based routing, mail headers, private and Genesys keys. The
 * mail headers are `Header_Date`, `Header_Message-ID`, … in 003's samples; 000's text, extracted
 * from a PDF, lost the underscore (`Header Content-Type`), and both are read.
 */
const SYSTEM_PREFIXES = ['CBR-', 'Header_', 'Header ', '_', 'GCTI_', 'IW_'] as const;

/** Whether a userData key is attached by routing or the platform rather than about the case. */
export function isSystemCaseKey(key: string): boolean {
  return ROUTING_KEY.test(key) || SYSTEM_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** One key of the case data with its value as text. */
export interface CaseDataEntry {
  readonly key: string;
  readonly value: string;
}

/** A userData value as one line of text: strings as they are, anything else as JSON. */
export function caseValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  // A function or symbol has no JSON (a key read off Object.prototype would be one).
  const json = JSON.stringify(value) as string | undefined;
  return json ?? '';
}

/**
 * The value of one case-data key, only if the case data holds it: a key the settings name is
 * typed by a person, and `constructor` or `toString` read as a plain property would find
 * Object.prototype's function instead of nothing.
 */
export function caseValueOf(userData: UserData, key: string): unknown {
  return Object.hasOwn(userData, key) ? userData[key] : undefined;
}

/**
 * Whether what the agent typed for a key (as Save sends it: trimmed) would change the value the
 * case data holds: unchanged, there is nothing to save, nor anything lost by leaving it.
 */
export function changesCaseValue(userData: UserData, key: string, typed: string): boolean {
  return typed.trim() !== caseValueText(caseValueOf(userData, key));
}

/**
 * What Save sends for a key's text as typed (trimmed): a number where the server holds a number
 * and the text is that kind of number written as the server writes it (GWS's KVList tells an
 * integer from a string: a routing strategy or a report reading the key as a number found a
 * string after any edit), the text otherwise ("007" stays text).
 */
export function caseValueToSend(current: unknown, typed: string): string | number {
  if (typeof current !== 'number' || !/^-?\d+(\.\d+)?$/u.test(typed)) return typed;
  const number = Number(typed);
  return Number.isFinite(number) && String(number) === typed ? number : typed;
}

/**
 * The case data split for reading: business keys first (in the server's order), routing and
 * system keys apart so the view can fold them away.
 */
export function splitCaseData(userData: UserData): {
  readonly business: CaseDataEntry[];
  readonly system: CaseDataEntry[];
} {
  const business: CaseDataEntry[] = [];
  const system: CaseDataEntry[] = [];
  for (const [key, value] of Object.entries(userData)) {
    (isSystemCaseKey(key) ? system : business).push({ key, value: caseValueText(value) });
  }
  return { business, system };
}

/**
 * Keys whose values are an e-mail's headers as the mail server attached them, RFC 2047 encoded
 * words and all (`=?UTF-8?B?…?=`): the subject and the sender's name.
 */
const MAIL_HEADER_CASE_KEYS: ReadonlySet<string> = new Set(['Subject', 'FromPersonal']);

/**
 * A case-data value as the panel shows it: a mail header's encoded words decoded, any other
 * value as it is. For display only: what an edit starts from, and is saved, is the stored value.
 */
export function caseValueShown(key: string, value: string): string {
  return MAIL_HEADER_CASE_KEYS.has(key) ? decodeEncodedWords(value) : value;
}

/** The disposition stored on an interaction under `key`, or undefined when none was chosen. */
export function dispositionOf(userData: UserData, key: string): string | undefined {
  const value = caseValueText(caseValueOf(userData, key)).trim();
  return value === '' ? undefined : value;
}

/** The sentence refusing Done while a required disposition is missing. */
export const DISPOSITION_REQUIRED_SENTENCE = 'Choose a disposition before marking this Done.';

/**
 * Why Done must wait, or undefined when it may go: the settings require a disposition and the
 * server holds none under their key (a choice still pending does not count until confirmed).
 */
export function doneRefusal(
  settings: { readonly dispositionRequired: boolean; readonly dispositionKey: string },
  userData: UserData,
): string | undefined {
  if (!settings.dispositionRequired) return undefined;
  return dispositionOf(userData, settings.dispositionKey) === undefined
    ? DISPOSITION_REQUIRED_SENTENCE
    : undefined;
}

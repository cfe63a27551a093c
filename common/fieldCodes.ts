import { personalNameOf, shownSenderName } from './mailSenders';
import type { AgentIdentity, ChatEvent, EmailContent, InteractionDetail, UserData } from './model';

/**
 * Field codes of standard responses: `{customer.name}` and the like, filled from the
 * interaction the agent is answering. Pure, for the renderer (and tests) to use as they are.
 */

/** What the field codes are filled from: the interaction's parts the desk knows. */
export interface FieldSource {
  readonly subject?: string;
  /** Sender of an e-mail, or the customer of a chat, as the interaction's row names it. */
  readonly from?: string;
  readonly userData?: UserData;
  readonly email?: Pick<EmailContent, 'from' | 'subject'>;
  readonly transcript?: readonly Pick<ChatEvent, 'kind' | 'authorType' | 'authorName'>[];
  readonly agent?: Pick<AgentIdentity, 'userName' | 'firstName' | 'lastName'>;
}

/**
 * The field source of an interaction the agent is writing in, and of the agent. An e-mail
 * draft (a reply, a forward) knows little of the customer itself: pass the e-mail it answers as
 * `original`, whose sender, attached data and subject fill what the draft lacks.
 */
export function fieldSourceOf(
  detail: InteractionDetail | null | undefined,
  agent: FieldSource['agent'],
  original?: InteractionDetail | null,
): FieldSource {
  const customer = original ?? detail;
  const subject = original?.email?.subject ?? original?.subject ?? detail?.subject;
  const from = customer?.from ?? detail?.from;
  const email = original?.email ?? detail?.email;
  return {
    ...(subject === undefined ? {} : { subject }),
    ...(from === undefined ? {} : { from }),
    ...(email === undefined ? {} : { email }),
    userData: { ...(detail?.userData ?? {}), ...(original?.userData ?? {}) },
    transcript: detail?.transcript ?? [],
    ...(agent === undefined ? {} : { agent }),
  };
}

/** The codes a standard response may hold, with what each stands for (the editor lists them). */
export const FIELD_CODES = {
  'customer.name': 'Customer name',
  'customer.firstName': 'Customer first name',
  'customer.email': 'Customer e-mail address',
  'interaction.subject': 'Subject',
  'agent.name': 'Your name',
  'agent.firstName': 'Your first name',
} as const;
export type FieldCode = keyof typeof FIELD_CODES;

/**
 * Genesys' own field codes (`<$ Contact.FirstName $>`, as eServices / Knowledge Manager standard
 * responses carry them, pasted into the library) that stand for one of the desk's codes: its
 * system variables, by name in lower case (Genesys writes them in any case).
 */
const GENESYS_VARIABLES: Readonly<Record<string, FieldCode>> = {
  'contact.fullname': 'customer.name',
  'contact.firstname': 'customer.firstName',
  'contact.primaryemailaddress': 'customer.email',
  'interaction.fromaddress': 'customer.email',
  'interaction.subject': 'interaction.subject',
  'agent.fullname': 'agent.name',
  'agent.firstname': 'agent.firstName',
};

/** What expanding a text came to. */
export interface Expansion {
  /** The text with every code that has a value replaced; the others left as they were. */
  readonly text: string;
  /**
   * Codes the desk does not know (a typo, a Genesys variable or formula it has no value for),
   * each whole as the text holds it (`{order.id}`, `<$ Contact.Title $>`): left visible, to be
   * corrected by hand.
   */
  readonly unknown: readonly string[];
  /** Known codes this interaction has no value for (a chat without a name): left visible. */
  readonly missing: readonly MissingCode[];
}

/**
 * A known code with no value here: as the text holds it (`{customer.firstName}`, or Genesys'
 * `<$Contact.FirstName$>`, which is what the agent must find and replace) and what it stands for.
 */
export interface MissingCode {
  readonly written: string;
  readonly code: FieldCode;
}

/**
 * A field code: `{word.word}` (letters, digits, `_`, `.` and `-` between single braces), or
 * Genesys' `<$ … $>` around a variable or a formula.
 */
const CODE = /\{([A-Za-z][\w.-]{0,63})\}|<\$([^$<>]{1,200})\$>/g;

/**
 * What a code found by {@link CODE} stands for: one of the desk's codes, or null (unknown). The
 * braces name the desk's codes as they are; of Genesys' form, only a bare system variable the
 * desk has a value for.
 */
function meaningOf(braced: string | undefined, genesys: string | undefined): FieldCode | null {
  if (braced !== undefined) return isFieldCode(braced) ? braced : null;
  return GENESYS_VARIABLES[(genesys ?? '').trim().toLowerCase()] ?? null;
}
const ADDRESS = /[^\s<>@,;"]+@[^\s<>@,;"]+/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isFieldCode(code: string): code is FieldCode {
  return Object.hasOwn(FIELD_CODES, code);
}

/** `"Ann Example" <ann@example.com>` → `Ann Example`; a bare address has no name. */
function displayNameOf(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const match = /^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$/.exec(address);
  const name = text(match?.[1]);
  // Checked as FromPersonal is: a name that is another address is no customer's name.
  return name === undefined ? undefined : shownSenderName(name, address);
}

function addressOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : ADDRESS.exec(value)?.[0];
}

/** The customer's name: attached data first (GWS's FirstName/LastName), then what the mail or chat says. */
function customerName(source: FieldSource): { full?: string; first?: string } {
  const data = source.userData ?? {};
  const first = text(data.FirstName);
  const last = text(data.LastName);
  if (first !== undefined || last !== undefined)
    return {
      full: [first, last].filter(Boolean).join(' '),
      ...(first === undefined ? {} : { first }),
    };
  const named =
    // The sender's name as the lists, the mail view and the reply's quote show it (quotes taken
    // off, a name that is another address refused): read raw, "Müller, Jörg" in quotes gave
    // "Dear Jörg\"," and a phishing name went into the answer as the customer's.
    personalNameOf(data, source.email?.from ?? source.from ?? null) ??
    displayNameOf(source.email?.from) ??
    source.transcript?.find(
      (line) => line.kind === 'joined' && line.authorType === 'Client' && text(line.authorName),
    )?.authorName ??
    (source.from !== undefined && addressOf(source.from) === undefined
      ? text(source.from)
      : undefined);
  if (named === undefined) return {};
  return personalName(named);
}

/** What follows a name's comma when it is no first name: "Jones, Jr.", "Lee, PhD", "Acme, Inc.". */
const NAME_SUFFIX = /^(?:jr|sr|i{2,3}|iv|v|phd|md|esq|mba|inc|ltd|llc|gmbh|co)\.?$/i;

/**
 * A name as a display name or a chat nickname gives it. "Jensen, Maria" (the directory's and
 * Outlook's "last, first" order) is Maria Jensen, first name Maria: read as written, its first
 * name was "Jensen,".
 */
function personalName(named: string): { full: string; first: string } {
  const [last, given, ...more] = named.split(',').map((part) => part.trim());
  if (more.length === 0 && last && given && !NAME_SUFFIX.test(given)) {
    return { full: `${given} ${last}`, first: given.split(/\s+/)[0] ?? given };
  }
  return { full: named, first: named.split(/\s+/)[0]?.replace(/,$/, '') ?? named };
}

/** The value of each code for this interaction (absent: it has none). */
export function fieldValues(source: FieldSource): Partial<Record<FieldCode, string>> {
  const customer = customerName(source);
  const data = source.userData ?? {};
  const email =
    addressOf(source.email?.from) ??
    addressOf(text(data.FromAddress)) ??
    addressOf(text(data.EmailAddress)) ??
    addressOf(source.from);
  const agent = source.agent;
  const agentFirst = text(agent?.firstName);
  const agentFull =
    [agentFirst, text(agent?.lastName)].filter(Boolean).join(' ') || text(agent?.userName);
  const values: Record<FieldCode, string | undefined> = {
    'customer.name': customer.full,
    'customer.firstName': customer.first,
    'customer.email': email,
    'interaction.subject':
      text(source.email?.subject) ?? text(source.subject) ?? text(data.Subject),
    'agent.name': agentFull,
    'agent.firstName': agentFirst ?? agentFull,
  };
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/**
 * Fills the field codes of `template` from `source`. A code the desk does not know, or one
 * this interaction has no value for, stays as it was written, and is named in the answer so
 * the view can flag it. Values are inserted as they are (text, never markup).
 */
export function expandFieldCodes(template: string, source: FieldSource): Expansion {
  const values = fieldValues(source);
  const unknown = new Set<string>();
  const missing = new Map<string, MissingCode>();
  const expanded = template.replace(
    CODE,
    (whole, braced: string | undefined, genesys: string | undefined) => {
      const code = meaningOf(braced, genesys);
      if (code === null) {
        unknown.add(whole);
        return whole;
      }
      const value = values[code];
      if (value === undefined) {
        missing.set(whole, { written: whole, code });
        return whole;
      }
      return value;
    },
  );
  return { text: expanded, unknown: [...unknown], missing: [...missing.values()] };
}

/** The codes inserted responses left as written: unknown ones, and known ones with no value. */
export type LeftCodes = Pick<Expansion, 'unknown' | 'missing'>;

/** No code left by any response. */
export const NO_LEFT_CODES: LeftCodes = { unknown: [], missing: [] };

/** The codes left by earlier responses and by the one just inserted, each once. */
export function withLeftCodes(before: LeftCodes, inserted: LeftCodes): LeftCodes {
  const missing = new Map(before.missing.map((left) => [left.written, left]));
  for (const left of inserted.missing)
    if (!missing.has(left.written)) missing.set(left.written, left);
  return {
    unknown: [...new Set([...before.unknown, ...inserted.unknown])],
    missing: [...missing.values()],
  };
}

/**
 * Of the codes responses left unfilled, those `text` still holds as written: what the view
 * names before the text goes out (null: none). Read from the text itself, not from the last
 * response inserted: a second response, or a line sent elsewhere, does not hide a code still
 * there, and one the agent filled by hand is no longer named.
 */
export function leftCodesIn(text: string, left: LeftCodes): Expansion | null {
  if (left.unknown.length + left.missing.length === 0) return null;
  const present = new Set<string>();
  for (const [whole] of text.matchAll(CODE)) present.add(whole);
  const unknown = left.unknown.filter((code) => present.has(code));
  const missing = left.missing.filter(({ written }) => present.has(written));
  return unknown.length + missing.length === 0 ? null : { text, unknown, missing };
}

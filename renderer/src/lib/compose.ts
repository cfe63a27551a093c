/**
 * The pure rules of writing an e-mail on the desk: the subject of a reply or forward, the
 * quoted original, and the checking of addresses the agent types. No Vue, no API: the composer
 * (components/EmailComposer.vue) and its tests use them as they are.
 */
import { entryAddress, splitAddressList } from '../../../common/addressLists';
import { senderAddress } from '../../../common/mailSenders';

/** What the agent is writing: an answer to the sender, to everyone, a forward, or a new mail. */
export type ComposeKind = 'reply' | 'replyAll' | 'forward' | 'new';

/**
 * Prefixes that already mark a subject as a reply, as mail programs write them in the sender's
 * language (Outlook's localized ones among them): English `Re`, German `AW`, Nordic `SV`/`VS`,
 * Dutch `Antw`, Italian `R`/`RIF`, Portuguese `RES`, Polish and Czech `Odp`, Turkish `YNT`,
 * Indonesian `BLS`, Greek `ΑΠ`/`ΣΧΕΤ`, Russian `Отв`/`Ответ`, Hebrew `השב`, Arabic `رد`, Chinese
 * `回复`/`答复`/`回覆`, Japanese `返信`, Korean `회신`/`답장`; also with a counter (`Re[2]:`,
 * `Re(3):`), any case, and the full-width colon of CJK text (`回复：`).
 */
const REPLY_PREFIX =
  /^\s*(re|aw|sv|vs|antw|r|rif|res|odp|ynt|bls|απ|σχετ|отв|ответ|השב|رد|回复|答复|回覆|返信|회신|답장)\s*(\[\d+\]|\(\d+\))?\s*[:：]/iu;

/**
 * Prefixes that already mark a subject as a forward: `Fwd`, `Fw`, German `WG`, French `TR`,
 * Spanish `RV`, Dutch `Doorst`, Italian `I`, Portuguese `ENC`, Swedish `VB`, Finnish `VL`,
 * Icelandic `FS`, Polish `PD`, Czech `PŘ`, Turkish `İLT`, Indonesian `TRS`, Greek `ΠΡΘ`, Russian
 * `Пересл`, Hebrew `הועבר`, Chinese `转发`/`轉寄`/`转寄`, Japanese `転送`, Korean `전달`; any case,
 * either colon.
 */
const FORWARD_PREFIX =
  /^\s*(fwd|fw|wg|tr|rv|doorst|i|enc|vb|vl|fs|pd|př|[iİ]lt|trs|πρθ|пересл|הועבר|转发|轉寄|转寄|転送|전달)\s*[:：]/iu;

/**
 * The prefix a reply or forward puts before the original subject, or '' when there is none to
 * add. The rule: a reply gets `Re: ` unless the subject already begins with a reply prefix
 * ({@link REPLY_PREFIX}: `Re:`, `AW:`, `SV:`, `回复：`, `YNT:`, `Re[2]:`…); a forward gets `Fwd: `
 * unless it already begins with a forward prefix ({@link FORWARD_PREFIX}: `Fwd:`, `WG:`, `TR:`,
 * `RV:`, `ENC:`…). Only the
 * beginning is looked at: answering `Fwd: Re: x` gives `Re: Fwd: Re: x`, as mail programs do.
 * A new e-mail has no prefix.
 */
export function subjectPrefix(kind: ComposeKind, subject: string): string {
  if (kind === 'reply' || kind === 'replyAll') return REPLY_PREFIX.test(subject) ? '' : 'Re: ';
  if (kind === 'forward') return FORWARD_PREFIX.test(subject) ? '' : 'Fwd: ';
  return '';
}

/** The subject of a reply or forward to an e-mail whose subject is `subject`. */
export function prefixedSubject(kind: ComposeKind, subject: string | undefined): string {
  const original = (subject ?? '').trim();
  return `${subjectPrefix(kind, original)}${original}`.trim();
}

/** The e-mail being answered, as far as quoting needs it. */
export interface QuotedOriginal {
  /** Who wrote it: a name when known, else the address. */
  readonly author: string;
  /** When it arrived (ms since the epoch), if known. */
  readonly at?: number;
  readonly text?: string;
}

/**
 * The words of the line above a quote, in the language the agent writes in (the desk's): it goes
 * to the customer with the reply.
 */
export interface QuoteWording {
  /** `On 2 Dec 2026, 04:10, Maria wrote:` */
  readonly dated: (author: string, date: string) => string;
  /** `Maria wrote:` */
  readonly undated: (author: string) => string;
  /** Who wrote it when the original names no one. */
  readonly someone: string;
  readonly formatDate: (ms: number) => string;
}

const englishDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** English, for callers without a desk language (and the rules' tests). */
export const ENGLISH_QUOTE: QuoteWording = {
  dated: (author, date) => `On ${date}, ${author} wrote:`,
  undated: (author) => `${author} wrote:`,
  someone: 'the sender',
  formatDate: (ms) => englishDate.format(ms),
};

/** The line that introduces a quote: `On 2 Dec 2026, 04:10, Maria wrote:`. */
export function quoteIntro(
  original: QuotedOriginal,
  wording: QuoteWording = ENGLISH_QUOTE,
): string {
  const author = original.author.trim() === '' ? wording.someone : original.author.trim();
  return original.at === undefined
    ? wording.undated(author)
    : wording.dated(author, wording.formatDate(original.at));
}

/**
 * The original below a plain-text reply: the intro line, then each line of the original behind
 * `> ` (a line already quoted gets one more `>` without a space, so `> old` becomes `>> old`,
 * and an empty line a bare `>`). Line ends become `\n`.
 */
export function quoteText(original: QuotedOriginal, wording?: QuoteWording): string {
  const lines = (original.text ?? '').replace(/\r\n?/gu, '\n').replace(/\n+$/u, '').split('\n');
  const quoted = lines.map((line) => {
    if (line === '') return '>';
    return line.startsWith('>') ? `>${line}` : `> ${line}`;
  });
  return [quoteIntro(original, wording), ...quoted].join('\n');
}

/** The e-mail being forwarded, as the block above its text names it. */
export interface ForwardedOriginal extends QuotedOriginal {
  /** The sender's address, beside the name when both are known. */
  readonly from?: string;
  readonly subject?: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
}

/** The words of a forwarded message's block, in the desk's language (it goes out with it). */
export interface ForwardWording {
  readonly heading: string;
  readonly from: string;
  readonly date: string;
  readonly subject: string;
  readonly to: string;
  readonly cc: string;
  readonly formatDate: (ms: number) => string;
}

/**
 * The original below a forward, as mail programs forward: a block naming its sender (name and
 * address), date, subject and recipients — whoever gets the forward needs them, and the
 * forward's own headers name the agent — then its text as it was, not quoted line by line.
 * A field the original lacks is left out.
 */
export function forwardText(original: ForwardedOriginal, wording: ForwardWording): string {
  const name = original.author.trim();
  const address = original.from?.trim() ?? '';
  const sender =
    name !== '' && address !== '' && name !== address ? `${name} <${address}>` : name || address;
  const fields: [string, string][] = [
    [wording.from, sender],
    [wording.date, original.at === undefined ? '' : wording.formatDate(original.at)],
    [wording.subject, original.subject?.trim() ?? ''],
    [wording.to, original.to.join(', ')],
    [wording.cc, original.cc.join(', ')],
  ];
  const text = (original.text ?? '').replace(/\r\n?/gu, '\n').replace(/\n+$/u, '');
  return [
    wording.heading,
    ...fields.filter(([, value]) => value !== '').map(([label, value]) => `${label} ${value}`),
    '',
    text,
  ].join('\n');
}

/**
 * Whom a Reply all copies: the server's Cc (002: the original's Cc), and the original's other
 * recipients in To, which 002's ReplyAll leaves out (its To is the sender; its From is the
 * mailbox the customer wrote to). Never the mailbox itself (`from`: the draft's sender, the
 * desk's own address), nor anyone the draft already names; each address once, whatever its case.
 * With the draft's sender unknown only the server's Cc is copied (one of the original's To is
 * the desk's own mailbox, and copying it would send the reply back into the queue), still
 * without anyone the draft's To names and each address once: a customer who copied herself was
 * left in Cc beside her To, and got the answer twice.
 */
export function replyAllCc(
  serverCc: readonly string[],
  originalTo: readonly string[],
  draft: { readonly from: string | undefined; readonly to: readonly string[] },
): string[] {
  const named = new Set(
    [...(draft.from === undefined ? [] : [draft.from]), ...draft.to].map(
      (address) => senderAddress(address) ?? address,
    ),
  );
  const copied = draft.from === undefined ? serverCc : [...serverCc, ...originalTo];
  return copied.filter((address) => {
    const key = senderAddress(address) ?? address;
    if (named.has(key)) return false;
    named.add(key);
    return true;
  });
}

/**
 * The text of a new draft: an empty first line for the agent to write on, then the signature
 * (if any), then the quote (if any), each under a blank line. Nothing at all when both are empty.
 */
export function initialDraftText(signature: string, quote: string): string {
  const trimmedSignature = signature.replace(/\s+$/u, '');
  const blocks = [
    ...(trimmedSignature.trim() === '' ? [] : [trimmedSignature]),
    ...(quote === '' ? [] : [quote]),
  ];
  return blocks.length === 0 ? '' : ['', ...blocks].join('\n\n');
}

// ---- addresses ----------------------------------------------------------------------------------

/**
 * One address as the desk takes it: a local part and a domain with at least one dot, no spaces,
 * no `<>`, `,`, `;`, quotes or brackets. Stricter than RFC 5322 on purpose: what passes here
 * also passes the contract's check (common/gwsOperations.ts `Addresses`) and every server.
 * Letters are any script's (RFC 6531/6532: `jörg@bücher.de`, `josé@correo.es`, `пётр@почта.рф`):
 * the server hands such a customer's address over as a reply's To, and an ASCII-only check left
 * the agent a reply that Send refused ("not an e-mail address") with no way to answer.
 */
const ADDRESS =
  /^[\p{L}\p{M}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{M}\p{N}-]+(\.[\p{L}\p{M}\p{N}-]+)+$/u;

/** The agent's typing of one address field, checked. */
export interface AddressCheck {
  /** The addresses, as typed (a `Name <address>` form gives its address). */
  readonly addresses: string[];
  /** What was typed that is not an address, in order. */
  readonly invalid: string[];
  /** One plain sentence about the first invalid entry, or undefined when all are fine. */
  readonly message: string | undefined;
}

/** Whether one address (no name, no brackets) looks like an e-mail address. */
export function isAddress(address: string): boolean {
  if (!ADDRESS.test(address) || address.length > 254) return false;
  const [local = '', domain = ''] = address.split('@');
  return (
    local.length <= 64 &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    domain
      .split('.')
      .every((label) => label !== '' && !label.startsWith('-') && !label.endsWith('-'))
  );
}

/**
 * Checks what the agent typed in To, Cc or Bcc: addresses separated by `,` or `;` (spaces and
 * line breaks around them do not matter), each bare (`ann@example.com`) or with a name
 * (`Ann Lee <ann@example.com>`, `"Lee, Ann" <ann@example.com>`: a quoted name's comma
 * separates nothing). An empty field is valid and has no addresses.
 */
export function checkAddresses(typed: string): AddressCheck {
  const entries = splitAddressList(typed, { lineBreaks: true });
  const addresses: string[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const address = entryAddress(entry);
    if (isAddress(address)) addresses.push(address);
    else invalid.push(entry);
  }
  const first = invalid[0];
  return {
    addresses,
    invalid,
    message:
      first === undefined
        ? undefined
        : invalid.length === 1
          ? `"${first}" is not an e-mail address.`
          : `"${first}" and ${invalid.length - 1} more are not e-mail addresses.`,
  };
}

import { DEFAULT_DISPOSITION_KEY, dispositionOf } from '../../common/caseData';
import { handedOnShown, handedOnWords } from '../../common/handOffWords';
import { emailWords } from '../../common/htmlText';
import { showsNothing, withLineBreaksAs, withoutInvisible } from '../../common/visibleText';
import { ENGLISH_AS_SENT } from '../i18n/translator';
import type { ChatEvent, InteractionDetail, Reply } from '../../common/model';

/**
 * One cached interaction as a readable document: a chat transcript or an e-mail with its header
 * fields and attachments, as plain text or as a self-contained HTML page (everything escaped, no
 * script, no remote content). The CLI prints it; the desktop saves it where the agent chooses.
 */

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Local time as `YYYY-MM-DD HH:MM`. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const time = new Date(ms);
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/**
 * A list's time with the UTC offset it was told in (`2026-11-01 01:10 -05:00`). Without it the
 * hour lived twice when the clocks go back printed two different instants alike, and a list
 * newest first read backwards there. With its first space a `T` and its second gone it is
 * ISO 8601 (`2026-11-01T01:10-05:00`).
 */
export function formatZonedTime(ms: number): string {
  const eastOfUtc = -new Date(ms).getTimezoneOffset();
  const minutes = Math.abs(eastOfUtc);
  const offset = `${eastOfUtc < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  return `${formatTime(ms)} ${offset}`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&#39;');
}

/**
 * A chat message's own line breaks, kept, each following line indented: a customer who writes
 * "hello⏎[12:00] Agent: refund approved" cannot make one message pass for two lines of the
 * transcript.
 */
function continued(text: string): string {
  return withLineBreaksAs(text, '\n    ');
}

/**
 * How a transcript sets the words it writes (`word`) and a value someone else wrote (`value`: a
 * name, a message, a notice): as they are in text; escaped in a page, each value in a `<bdi>`.
 */
interface LineForm {
  readonly word: (text: string) => string;
  readonly value: (text: string) => string;
}

const AS_TEXT: LineForm = { word: (text) => text, value: (text) => text };

/**
 * A page's values each in an isolate of its own, as the desk shows them (common/bidi.ts): a
 * customer's name ending in a right-to-left override (U+202E) turned the rest of its line around,
 * so that a message written backwards read "Ann Agent: Your refund … is approved" in the saved
 * page, and a Hebrew or Arabic name took the colon and a message's first number into its own
 * right-to-left run ("500 :דני"). Markup, not characters: the file's text is as it was sent.
 */
const AS_PAGE: LineForm = {
  word: escapeHtml,
  value: (text) => `<bdi>${escapeHtml(text)}</bdi>`,
};

function chatLine(event: ChatEvent, form: LineForm = AS_TEXT): string | undefined {
  const { word, value } = form;
  const at = event.at === undefined ? '' : `[${formatTime(event.at)}] `;
  // A name is one line, whatever the customer typed into it. A line seen by agents only (`Int`:
  // "Agents only", a consulted colleague) says so, as the desk's transcript does: the customer
  // never read it, and a saved transcript is what the contact center keeps of what they were told.
  const who =
    value((event.authorName ?? event.authorType ?? 'someone').replace(/\s+/gu, ' ')) +
    word(event.visibility === 'Int' ? ' (internal)' : '');
  switch (event.kind) {
    case 'message':
      return `${at}${who}: ${value(continued(event.text ?? ''))}`;
    case 'joined':
      return `${at}* ${who}${word(' joined')}`;
    case 'left':
      return `${at}* ${who}${word(' left')}`;
    case 'notice':
      // Typing notices are noise in a transcript; other notices (e.g. a pushed URL) are kept.
      return event.noticeType?.startsWith('Typing') === true
        ? undefined
        : `${at}* ${who}: ${event.noticeType === undefined ? word('notice') : value(event.noticeType.replace(/\s+/gu, ' '))}${event.text === undefined ? '' : ` ${value(continued(event.text))}`}`;
  }
}

function attachmentLine(
  attachment: InteractionDetail['attachments'][number],
  { word, value }: LineForm = AS_TEXT,
): string {
  const facts = [
    attachment.size === undefined ? undefined : `${attachment.size} bytes`,
    attachment.mimeType,
  ].filter((fact) => fact !== undefined);
  const where =
    attachment.localPath === undefined ? word('not downloaded') : value(attachment.localPath);
  return `${value(attachment.name)}${word(facts.length > 0 ? ` (${facts.join(', ')})` : '')}: ${where}`;
}

/** The e-mail's body as text: the text part, else the HTML part made text. */
function emailBody(detail: InteractionDetail): string | undefined {
  return detail.email === undefined ? undefined : emailWords(detail.email);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === '' ? undefined : text;
}

/**
 * What a transcript is called, on its page and in the file name the save dialog offers: the
 * subject, else the channel and id. A subject of nothing but spaces (an e-mail sent without one
 * arrives as `""`) is none: it was taken as given, and the dialog offered "html" and "txt" (the
 * sanitizer drops a leading dot and spaces), a file without an extension that no program opens,
 * and the page had an empty heading.
 */
export function transcriptTitle(
  detail: Pick<InteractionDetail, 'channel' | 'id' | 'subject' | 'email'>,
): string {
  return shownSubject(detail) ?? `${detail.channel} ${detail.id}`;
}

/**
 * The subject a transcript shows: the e-mail's, else the interaction's, when it names anything a
 * file name keeps. Spaces, dots and characters that show nothing are none ("..." or a lone
 * zero-width space made the file name "txt", the sanitizer dropping all of them).
 */
function shownSubject(detail: Pick<InteractionDetail, 'subject' | 'email'>): string | undefined {
  return [detail.email?.subject, detail.subject].find(
    (text) => text !== undefined && /[^\s.]/u.test(withoutInvisible(text)),
  );
}

/** How a transcript reads the interaction's case data. */
export interface TranscriptOptions {
  /** The userData key the disposition is stored under (the setting; DispositionCode by default). */
  readonly dispositionKey?: string;
}

/** Header fields of a transcript, in order; absent ones left out. */
function headerFields(detail: InteractionDetail, options: TranscriptOptions): [string, string][] {
  const email = detail.email;
  const fields: [string, string | undefined][] = [
    ['Interaction', detail.id],
    ['Channel', detail.channel],
    ['State', detail.state],
    // Any subject that shows something, "..." too (only the title wants one a file name keeps).
    [
      'Subject',
      [email?.subject, detail.subject].find((text) => text !== undefined && !showsNothing(text)),
    ],
    ['From', email?.from ?? detail.from],
    ['To', nonEmpty((email?.to ?? detail.to).join(', '))],
    ['Cc', nonEmpty(email?.cc.join(', '))],
    ['Bcc', nonEmpty(email?.bcc?.join(', '))],
    ['Sent', email?.sentAt === undefined ? undefined : formatTime(email.sentAt)],
    ['Queue', detail.queue],
    ['Comment', nonEmpty(email?.comment)],
    [
      'Disposition',
      dispositionOf(detail.userData, options.dispositionKey ?? DEFAULT_DISPOSITION_KEY),
    ],
    ['First seen', formatTime(detail.firstSeenAt)],
    ['Accepted', detail.acceptedAt === undefined ? undefined : formatTime(detail.acceptedAt)],
    ['Ended', detail.endedAt === undefined ? undefined : formatTime(detail.endedAt)],
    // Over because the agent handed it on: where to, in the header's language.
    ['Handed on', handedOnText(detail)],
  ];
  return fields.filter((field): field is [string, string] => field[1] !== undefined);
}

/**
 * Where the agent handed the interaction on, when that is why it is over for them, and when:
 * "Transferred to Priya Raman at 2026-12-04 09:00" (History's words, the saved page's and the
 * CLI's). Undefined otherwise.
 */
export function handedOnText(
  item: Pick<InteractionDetail, 'phase' | 'handedOn'>,
): string | undefined {
  const handOff = handedOnShown(item);
  return handOff === undefined
    ? undefined
    : `${handedOnWords(handOff, ENGLISH_AS_SENT.t)} at ${formatTime(handOff.at)}`;
}

/** The header lines of a reply in an exported thread: when it went, and to whom. */
function replyFields(reply: Reply): [string, string][] {
  const email = reply.email;
  const fields: [string, string | undefined][] = [
    ['Sent', email?.sentAt === undefined ? undefined : formatTime(email.sentAt)],
    ['State', email?.sentAt === undefined ? reply.state : undefined],
    ['Subject', email?.subject ?? reply.subject],
    ['To', nonEmpty((email?.to ?? reply.to).join(', '))],
    ['Cc', nonEmpty(email?.cc.join(', '))],
    ['Bcc', nonEmpty(email?.bcc?.join(', '))],
  ];
  return fields.filter((field): field is [string, string] => field[1] !== undefined);
}

function replyBody(reply: Reply): string {
  return emailBody({ ...reply, transcript: [] }) ?? '(no text)';
}

/**
 * A transcript as text. `replies` (an e-mail's thread: what the agent sent in answer to it)
 * follow the e-mail, each with its addresses and text.
 */
export function transcriptText(
  detail: InteractionDetail,
  replies: readonly Reply[] = [],
  options: TranscriptOptions = {},
): string {
  // Field values come from the customer too (a chat's subject, a sender's name, a file's
  // name): their line breaks stay inside the field, as a chat message's do.
  const field = ([name, value]: [string, string]) => `${name}: ${continued(value)}`;
  const lines = headerFields(detail, options).map(field);
  const chat = detail.transcript
    .map((event) => chatLine(event))
    .filter((line) => line !== undefined);
  const body = emailBody(detail);
  if (chat.length > 0) lines.push('', ...chat);
  if (body !== undefined) lines.push('', body);
  if (chat.length === 0 && body === undefined) lines.push('', '(no content cached)');
  if (detail.attachments.length > 0)
    lines.push(
      '',
      'Attachments:',
      ...detail.attachments.map((a) => `  ${continued(attachmentLine(a))}`),
    );
  for (const [index, reply] of replies.entries()) {
    lines.push('', `--- Reply ${index + 1} of ${replies.length} ---`);
    lines.push(...replyFields(reply).map(field));
    lines.push('', replyBody(reply));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A self-contained page: inline style, a Content-Security-Policy that allows nothing else, and
 * every cached value escaped. The e-mail's HTML body is untrusted: it is shown as text (made
 * from it) and as escaped source, never embedded as markup.
 */
export function transcriptHtml(
  detail: InteractionDetail,
  replies: readonly Reply[] = [],
  options: TranscriptOptions = {},
): string {
  const title = transcriptTitle(detail);
  const header = headerFields(detail, options)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const chat = detail.transcript
    .map((event) => ({ event, line: chatLine(event, AS_PAGE) }))
    .filter(({ line }) => line !== undefined)
    .map(
      ({ event, line }) =>
        `<li class="${event.kind === 'message' ? 'message' : 'notice'}">${line ?? ''}</li>`,
    )
    .join('\n');
  const body = emailBody(detail);
  const html = detail.email?.html;
  const attachments = detail.attachments
    .map((attachment) => `<li>${attachmentLine(attachment, AS_PAGE)}</li>`)
    .join('\n');
  const sections = [
    `<table>\n${header}\n</table>`,
    chat === '' ? '' : `<h2>Transcript</h2>\n<ol class="chat">\n${chat}\n</ol>`,
    body === undefined ? '' : `<h2>Message</h2>\n<pre class="body">${escapeHtml(body)}</pre>`,
    html === undefined
      ? ''
      : `<details><summary>Original HTML (shown as source, not rendered)</summary>\n<pre class="source">${escapeHtml(html)}</pre></details>`,
    attachments === '' ? '' : `<h2>Attachments</h2>\n<ul>\n${attachments}\n</ul>`,
    chat === '' && body === undefined ? '<p><em>No content cached.</em></p>' : '',
    ...replies.map(
      (reply, index) =>
        `<h2>Reply ${index + 1} of ${replies.length}</h2>\n<table>\n${replyFields(reply)
          .map(
            ([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
          )
          .join('\n')}\n</table>\n<pre class="body">${escapeHtml(replyBody(reply))}</pre>`,
    ),
  ].filter((section) => section !== '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; }
th { text-align: left; padding-right: 1rem; vertical-align: top; color: #555; }
ol.chat { list-style: none; padding: 0; }
ol.chat li { white-space: pre-wrap; overflow-wrap: anywhere; }
li.notice { color: #666; font-style: italic; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: 0.75rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${sections.join('\n')}
</body>
</html>
`;
}

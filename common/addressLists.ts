import { withoutInvisible } from './visibleText';

/**
 * The entries of a list of e-mail addresses as one string (a header's `To`, what the agent types
 * in Cc): split at `,` and `;`, and at line breaks when `lineBreaks` says so, but not inside a
 * quoted name nor inside `<…>`: `"Jensen, Maria" <maria@example.com>, bob@example.com` is two
 * entries, not three (split at every comma, the name's halves were two entries that are no
 * addresses, and a Reply all that copied them could not be sent until the agent mended them).
 * A backslash inside quotes keeps the next character (`"Lee \"Ann\", Jr." <ann@example.com>`).
 * A quote or `<` left open to the end protects nothing: the string is split at every separator
 * then, as before, rather than run one broken entry into all that follows. Entries are trimmed;
 * empty ones left out.
 *
 * In a header (`groups`), a group (RFC 5322 3.4: `Order team: ann@example.com, bob@example.com;`)
 * gives its members, not its name: a name without `@` before a `:` is dropped. Mail sent to a
 * mailbox by Bcc alone comes with `To: undisclosed-recipients:;`, an empty group: taken as an
 * entry, a Reply all copied "undisclosed-recipients:" into Cc, and Send stayed refused until the
 * agent found it. Not in what the agent types: there `ann:bob@example.com` is a slip the
 * composer shows as no address, never a name dropped unseen.
 */
export function splitAddressList(
  text: string,
  { lineBreaks = false, groups = false }: { lineBreaks?: boolean; groups?: boolean } = {},
): string[] {
  const entries: string[] = [];
  let start = 0;
  let quoted = false;
  let bracketed = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '\\') index += 1;
      else if (character === '"') quoted = false;
    } else if (bracketed) {
      if (character === '>') bracketed = false;
    } else if (character === '"') quoted = true;
    else if (character === '<') bracketed = true;
    else if (groups && character === ':' && !text.slice(start, index).includes('@'))
      start = index + 1;
    else if (character === ',' || character === ';' || (lineBreaks && character === '\n')) {
      entries.push(text.slice(start, index));
      start = index + 1;
    }
  }
  if (quoted || bracketed) return trimmed(text.split(lineBreaks ? /[,;\n]/u : /[,;]/u));
  entries.push(text.slice(start));
  return trimmed(entries);
}

/**
 * One entry of such a list as its address: `Ann Lee <ann@example.com>` → `ann@example.com`; an
 * entry without `<…>` as it is, trimmed, and without the characters that show nothing
 * (common/visibleText.ts): an address copied from a web page or a chat often brings a zero-width
 * space or a direction mark along, and the composer refused it as `"ann@example.com" is not an
 * e-mail address`, naming what looked exactly like an address.
 */
export function entryAddress(entry: string): string {
  // Taken off before the `<…>` is looked for: a mark after the `>` hid the brackets too.
  const seen = withoutInvisible(entry).trim();
  return (/^[^<>]*<([^<>]+)>$/u.exec(seen)?.[1] ?? seen).trim();
}

function trimmed(entries: readonly string[]): string[] {
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

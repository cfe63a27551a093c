import { LinkifyIt } from 'linkify-it';

/** A stretch of a chat line: its text, and the web address it is when it is one. */
export interface ChatTextPart {
  readonly text: string;
  /** The address to ask about (LinkConfirm): `https://` added to one typed without a scheme. */
  readonly url?: string;
}

/**
 * Web addresses as customers type them: with `https://` or `http://`, or bare with a known
 * top-level domain (`www.shop.example.com`, `shop.com/orders/7`). Punctuation that ends the
 * sentence, and a bracket the address did not open, stay text (linkify-it's rules). Not e-mail
 * addresses, `mailto:`, `ftp:` or protocol-relative `//host`: the shell opens only https pages
 * (common/externalLinks.ts), and an agent has no use for the rest as links.
 */
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false })
  .add('mailto:', null)
  .add('ftp:', null)
  .add('//', null);
// A bare address is asked about as https: the http linkify-it would add is refused by the shell.
linkify.normalize = (match) => {
  if (match.schema === '') match.url = `https://${match.url}`;
};

/** The line's text cut into plain stretches and web addresses, in order (one part: no link). */
export function chatTextParts(text: string): ChatTextPart[] {
  const matches = linkify.match(text);
  if (matches === null) return [{ text }];
  const parts: ChatTextPart[] = [];
  let from = 0;
  for (const match of matches) {
    if (match.index > from) parts.push({ text: text.slice(from, match.index) });
    parts.push({ text: match.raw, url: match.url });
    from = match.lastIndex;
  }
  if (from < text.length) parts.push({ text: text.slice(from) });
  return parts;
}

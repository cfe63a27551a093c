/** The line that opens a signature (RFC 3676's "-- "), so mail programs can tell it apart. */
export const SIGNATURE_SEPARATOR = '-- ';

/**
 * A new draft's text with the agent's signature: the agent's text (usually empty), a blank line,
 * the signature, and then the quoted original (a reply's or forward's), so that the signature
 * sits above the quote as in any mail program. Without a signature the draft is left as it is.
 */
export function withSignature(text: string, signature: string, quoted = ''): string {
  const kept = signature.replace(/\s+$/u, '');
  const body = text.replace(/\s+$/u, '');
  const signed = kept === '' ? body : `${body}\n\n${SIGNATURE_SEPARATOR}\n${kept}`;
  const quote = quoted.replace(/^\s+/u, '');
  return quote === '' ? signed : `${signed}\n\n${quote}`;
}

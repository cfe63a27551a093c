/**
 * C0 and C1 controls, DEL, zero-width characters, bidirectional marks, embeddings, overrides and
 * isolates, word joiners and the BOM: characters a reader cannot see that change what is shown.
 * A right-to-left override makes `invoice‮fdp.exe` read "invoiceexe.pdf".
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/** The text without the characters of {@link INVISIBLE}: what a reader sees is what it is. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

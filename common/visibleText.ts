/**
 * Controls (C0, DEL, C1) and format characters (zero-width ones, bidirectional marks,
 * embeddings, overrides and isolates, word joiners, the soft hyphen, the BOM, tags): characters
 * a reader cannot see that change what is shown. A right-to-left override makes
 * `invoice‮fdp.exe` read "invoiceexe.pdf".
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** The text without the characters of {@link INVISIBLE}: what a reader sees is what it is. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

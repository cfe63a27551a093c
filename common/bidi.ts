/**
 * Names come from customers and other servers, direction controls included: a right-to-left
 * override (U+202E) a name opens and never closes turned the desk's own words after it around
 * ("Tom (customer)" read as "moT )remotsuc("; the header's date took the name's letters into its
 * middle). {@link isolated} keeps a name's controls inside it, and the name as typed, wherever the
 * desk's words carry one: the renderer's and main's alike (the tray's tooltip). File names and
 * the OS notifications, which cut and clean a text whole, lose them instead (common/visibleText.ts).
 */

/** Embeddings, overrides and their end (LRE RLE PDF LRO RLO), isolates and theirs (LRI RLI FSI PDI). */
const DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const ISOLATE_OPENERS: ReadonlySet<string> = new Set(['\u2066', '\u2067', '\u2068']);
const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

/**
 * `text` as one isolated run (Unicode's FSI … PDI, UAX #9): what it opens ends where it does, and
 * its direction is its own first letter's. Each isolate it leaves open is closed first (the last
 * PDI would close that one instead of ours), a PDI closing nothing of its own is dropped (it would
 * close ours early), and the PDI closes every embedding and override opened in it. Text without
 * direction controls is given back as it is.
 */
export function isolated(text: string): string {
  if (!DIRECTION_CONTROL.test(text)) return text;
  let open = 0;
  let balanced = '';
  for (const character of text) {
    if (character === POP_DIRECTIONAL_ISOLATE) {
      if (open === 0) continue;
      open -= 1;
    } else if (ISOLATE_OPENERS.has(character)) open += 1;
    balanced += character;
  }
  return (
    FIRST_STRONG_ISOLATE + balanced + POP_DIRECTIONAL_ISOLATE.repeat(open) + POP_DIRECTIONAL_ISOLATE
  );
}

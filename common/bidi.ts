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
 * direction controls is given back as it is, and so is text whose controls all sit in isolates
 * it closes: a name isolated before, or a sentence carrying such names, set into a sentence in
 * turn (common/i18n/isolatingCompiler.ts), where a second FSI would add nothing.
 */
export function isolated(text: string): string {
  if (!DIRECTION_CONTROL.test(text) || keepsItsControlsInside(text)) return text;
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

/**
 * Whether every direction control in `text` sits inside an isolate it closes again: nothing it
 * opens reaches past its end, and no PDI of its own closes an isolate around it. Text without
 * controls, a name isolated before, and a sentence of the desk's carrying isolated names are such
 * text. (All the controls are single UTF-16 code units.)
 */
function keepsItsControlsInside(text: string): boolean {
  let open = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text.charAt(index);
    if (ISOLATE_OPENERS.has(character)) {
      open += 1;
    } else if (character === POP_DIRECTIONAL_ISOLATE) {
      if (open === 0) return false;
      open -= 1;
    } else if (open === 0 && DIRECTION_CONTROL.test(character)) {
      // An embedding, override or PDF outside every isolate acts past the text's end.
      return false;
    }
  }
  return open === 0;
}

/**
 * `text` as one isolated run whatever it holds (FSI … PDI, its own controls kept inside as
 * {@link isolated} keeps them): words set into the desk's sentence that must read in their own
 * direction, as a Hebrew line after "Agent:" does, its full stop at its end (left), and that must
 * not turn the sentence's words around them. {@link isolated} leaves text without direction
 * controls as it is, which keeps names in most sentences unmarked; this does not.
 */
export function ownRun(text: string): string {
  const run = isolated(text);
  return run === text ? FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE : run;
}

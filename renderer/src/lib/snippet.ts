import { MATCH_END, MATCH_START } from '../../../common/searchSnippet';

/** One run of a search snippet: plain text, or a word the search matched. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

/** Text with any stray marker left out (a start never closed, an end never opened). */
function unmarked(text: string): string {
  return text.replaceAll(MATCH_START, '').replaceAll(MATCH_END, '');
}

/**
 * Splits a search snippet, whose matched words the cache puts between {@link MATCH_START} and
 * {@link MATCH_END}, into runs the
 * template renders as text nodes (the matches inside `<mark>`). Splitting instead of rewriting
 * the snippet into HTML is what keeps `v-html`, and so the customer's words, away from the DOM
 * parser. An unclosed start is dropped, its words shown as they are.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (text === '') return;
    const last = parts.at(-1);
    if (last?.match === match) parts[parts.length - 1] = { text: last.text + text, match };
    else parts.push({ text, match });
  };
  let rest = snippet;
  for (;;) {
    const open = rest.indexOf(MATCH_START);
    const close = open === -1 ? -1 : rest.indexOf(MATCH_END, open + 1);
    if (open === -1 || close === -1) {
      push(unmarked(rest), false);
      return parts;
    }
    push(unmarked(rest.slice(0, open)), false);
    push(rest.slice(open + 1, close), true);
    rest = rest.slice(close + 1);
  }
}

/** One run of a search snippet: plain text, or a word the search matched. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

/**
 * Splits a search snippet, whose matched words the cache puts between `[` and `]`, into runs the
 * template renders as text nodes (the matches inside `<mark>`). Splitting instead of rewriting
 * the snippet into HTML is what keeps `v-html`, and so the customer's words, away from the DOM
 * parser. An unclosed `[` is shown as it is.
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
    const open = rest.indexOf('[');
    const close = open === -1 ? -1 : rest.indexOf(']', open + 1);
    if (open === -1 || close === -1) {
      push(rest, false);
      return parts;
    }
    push(rest.slice(0, open), false);
    push(rest.slice(open + 1, close), true);
    rest = rest.slice(close + 1);
  }
}

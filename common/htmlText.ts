/**
 * An e-mail's HTML as plain text, for what needs its words and not its look: a saved
 * transcript, a sent e-mail's search document, the original quoted under a reply or a forward
 * (the renderer's composer writes plain text). Pure string work, for main and the page alike.
 */

import { decodeHTML, decodeHTMLAttribute } from 'entities';

/*
 * Character references are decoded by `entities` (the decoder of htmlparser2 and of Vue's
 * template compiler) as an HTML5 parser decodes them: all 2,231 named references (`&rsquo;`,
 * `&eacute;`, `&mdash;`: customers' HTML is full of them, and a hand-kept list of six left them
 * as written in a reply's quote and out of search), the legacy ones without a semicolon in text
 * (`&copy 2026`) but not in attribute values (`?a=1&copy=2` stays a URL), numeric references
 * beyond Unicode or to surrogates as U+FFFD, and the C1 range as Windows-1252. Linear, and it
 * never throws.
 */

/**
 * Which `htmlToText` made a text: the search documents of HTML-only e-mails hold its words, and
 * the cache records per account the version that made them (migration 0250). Add one whenever
 * a change here makes different words of some HTML (a cell, an entity, an element shown or
 * hidden): the desk then makes the documents of the mail it cached before again, in the
 * background (main/workstation/htmlReindex.ts), so that yesterday's mail is found by the words
 * the agent sees. A change of layout alone (line breaks, quote marks) may leave it as it is.
 */
export const HTML_TEXT_VERSION = 1;

/**
 * Quote levels and list indents shown at most: deeper ones are shown at this depth, so that
 * hostile nesting (10,000 blockquotes) cannot make the text grow with the square of its size.
 */
const MAX_QUOTE_DEPTH = 40;
const MAX_LIST_INDENT = 10;

/** A `<hr>` in text. */
const RULE = '-'.repeat(24);

/**
 * The end tags of the elements whose contents are never shown: raw text to an HTML tokenizer
 * (script, style; their `<` start no tags) and the page's title.
 */
const SCRIPT_END = /<\/script[\t\n\f\r />]/giu;
const STYLE_END = /<\/style[\t\n\f\r />]/giu;
const TITLE_END = /<\/title[\t\n\f\r />]/giu;

/** Where element `name`'s hidden raw text ends (its end tag), for those that have one. */
function rawTextEnd(name: string): RegExp | undefined {
  if (name === 'script') return SCRIPT_END;
  if (name === 'style') return STYLE_END;
  return name === 'title' ? TITLE_END : undefined;
}

/** Elements that start and end on lines of their own (besides those handled one by one below). */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'html',
  'main',
  'nav',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
]);

/** HTML's white space (not nbsp), which a browser collapses to one space within a paragraph. */
const SPACES = /[\t\n\f\r ]{2,}|[\t\n\f\r]/gu;
/** Text with something to show, not only white space. */
const VISIBLE = /[^\t\n\f\r ]/u;
/** A line end in `<pre>`. */
const LINE_END = /\r\n?|\n/u;

const NBSP = /\u00a0/gu;

/** `text` with its no-break spaces as spaces (they only escape collapsing until the line is done). */
function withSpaces(text: string): string {
  return text.includes('\u00a0') ? text.replace(NBSP, ' ') : text;
}

/** Whether the UTF-16 code `c` is an ASCII letter (a tag name's first character). */
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

/**
 * Where the tag whose attributes start at `from` ends (the index of its `>`), a quoted value
 * taken whole as an HTML tokenizer does (`title="a>b"`); -1 when the HTML ends first.
 */
function tagEnd(html: string, from: number): number {
  let at = from;
  while (at < html.length) {
    const c = html.charCodeAt(at);
    if (c === 62) return at;
    at += 1;
    if (c !== 61) continue;
    while (at < html.length && isSpaceCode(html.charCodeAt(at))) at += 1;
    const quote = html.charAt(at);
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, at + 1);
      if (close < 0) return -1;
      at = close + 1;
    }
  }
  return -1;
}

/**
 * A paragraph's vertical margins as blank lines: whether there is one above it and one below.
 *
 * A browser gives `<p>` a margin of one line above and below, and a plain-text reader expects
 * the blank line it makes: the HTML standard's `innerText` puts two line ends around a `<p>` (one
 * around a `<div>`), and Thunderbird's plain-text serializer (its "reply as plain text", its
 * plain-text part of an HTML mail) keeps one empty line around each paragraph. Both go by the
 * element alone; that double-spaces Outlook's mail, whose `<p class=MsoNormal>` paragraphs
 * are one line each (its style sheet sets `margin:0`) and whose blank lines are paragraphs of
 * their own (`<o:p>&nbsp;</o:p>`). So Word's and Outlook's `Mso…` paragraphs count as having no
 * margin, and an inline style's margins (Google Docs writes `margin-top:0pt;margin-bottom:0pt`
 * on each line; Outlook `margin-bottom:12.0pt` where it does leave a gap) win over both. A
 * margin counts when it is more than a trace (Outlook's `.0001pt` is its way to write zero).
 */
function paragraphMargins(attributes: string): { top: boolean; bottom: boolean } {
  const margin = (value: string | undefined): boolean => parseFloat(value ?? '') > 0.01;
  const styled = /(?:^|\s)mso/iu.test(attributeOf(attributes, 'class') ?? '');
  let top = !styled;
  let bottom = !styled;
  for (const declaration of (attributeOf(attributes, 'style') ?? '').split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const values = declaration
      .slice(colon + 1)
      .replace(IMPORTANT, '')
      .trim()
      .split(/\s+/u);
    if (property === 'margin') {
      // One to four values: top, then right, then bottom (the top's when not given), then left.
      top = margin(values[0]);
      bottom = margin(values[2] ?? values[0]);
    } else if (property === 'margin-top') top = margin(values[0]);
    else if (property === 'margin-bottom') bottom = margin(values[0]);
  }
  return { top, bottom };
}

/** One attribute in a tag: its name, and its value double-quoted, single-quoted or bare. */
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/gu;

/** The value of attribute `name` in a tag's attribute text, references decoded. */
function attributeOf(attributes: string, name: string): string | undefined {
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(attributes); match !== null; match = ATTRIBUTE.exec(attributes)) {
    if (match[1]?.toLowerCase() === name)
      return decodeHTMLAttribute(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return undefined;
}

const URL_DROPS = /[\t\n\r]/gu;
const SHOWN_SCHEME = /^(https?|mailto):/iu;
const URL_ESCAPES = /[ <>]/gu;
const URL_ESCAPE: Readonly<Record<string, string>> = { ' ': '%20', '<': '%3C', '>': '%3E' };

/**
 * A link's target as it may be shown beside its words: http, https and mailto only (never
 * `javascript:` or `data:`), with what a URL parser drops dropped and what would end `<…>` escaped.
 */
function shownTarget(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  const cleaned = href.replace(URL_DROPS, '').trim();
  if (!SHOWN_SCHEME.test(cleaned)) return undefined;
  return cleaned.replace(URL_ESCAPES, (character) => URL_ESCAPE[character] ?? character);
}

/**
 * Elements with no contents and no end tag: hidden, such an element is only not shown (a hidden
 * `<br>` breaks no line, a hidden `<hr>` draws none); it opens nothing to skip.
 */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/**
 * Whether end tag `name`, when it closes an element opened before a hidden one, closes the hidden
 * element with it, as a browser does (`<td><span hidden>x</td>`: the cell's end ends the hiding,
 * not the end of the mail): blocks, list items and cells. Those opened inside the hidden element
 * are counted while skipping it, to tell them apart.
 */
function closesAncestor(name: string): boolean {
  return BLOCKS.has(name) || ['blockquote', 'li', 'ol', 'td', 'th', 'ul'].includes(name);
}

/**
 * What may hide a start tag's element: a `hidden` attribute, a `display:` that may be `none`
 * (maybe written as a character reference). Sought in the whole HTML ahead of the tags (see
 * `mayHide`), so that a tag's attributes are read closely only when it may be hidden:
 * reading every tag's took a third more time on a newsletter (its `overflow:hidden`,
 * `display:block` are everywhere, hence not merely `hidden` and `display`).
 */
const MAY_HIDE = /[\s"'/]hidden(?=[\s=/>])|display\s*:\s*[n&]/giu;
const IMPORTANT = /\s*!\s*important\s*$/iu;

/**
 * Whether an inline style hides its element: its `display` is `none`, in any case and spacing,
 * the last declaration winning unless an earlier one is `!important`.
 *
 * `visibility:hidden` does not count: the element keeps its space and a child can be
 * `visibility:visible` and shown, so skipping all it holds would drop words on screen (hidden
 * preheaders set `display:none` as well). Nor does Outlook's `mso-hide:all` alone: it hides
 * from Outlook what other programs, and the desk's view, show, with Outlook's version in an
 * `<!--[if mso]>` comment that is dropped here; skipping both would lose those words entirely.
 */
function styleHides(style: string): boolean {
  let none = false;
  let important = false;
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0 || declaration.slice(0, colon).trim().toLowerCase() !== 'display') continue;
    const value = declaration.slice(colon + 1);
    const isImportant = IMPORTANT.test(value);
    if (important && !isImportant) continue;
    important = isImportant;
    none = value.replace(IMPORTANT, '').trim().toLowerCase() === 'none';
  }
  return none;
}

/** Whether a start tag's attributes hide the element: `hidden`, or a style of `display:none`. */
function attributesHide(attributes: string): boolean {
  if (attributeOf(attributes, 'hidden') !== undefined) return true;
  const style = attributeOf(attributes, 'style');
  return style !== undefined && styleHides(style);
}

/**
 * Whether start tag `name` ends hidden element `hidden` without its end tag, as an HTML parser
 * ends an open `<p>` at a block, an `<li>` at the next item, a cell at the next cell or row.
 * `opened` counts the containers opened inside the hidden element: an item of a list opened
 * inside it does not end it.
 */
function startEndsHidden(
  hidden: string,
  name: string,
  opened: ReadonlyMap<string, number>,
): boolean {
  switch (hidden) {
    case 'p':
      return BLOCKS.has(name) || ['blockquote', 'hr', 'li', 'ol', 'pre', 'ul'].includes(name);
    case 'li':
      return name === 'li' && (opened.get('ul') ?? 0) + (opened.get('ol') ?? 0) === 0;
    case 'dd':
    case 'dt':
      return (name === 'dd' || name === 'dt') && (opened.get('dl') ?? 0) === 0;
    case 'td':
    case 'th':
      return ['td', 'th', 'tr'].includes(name) && (opened.get('table') ?? 0) === 0;
    case 'tr':
      return name === 'tr' && (opened.get('table') ?? 0) === 0;
    default:
      return false;
  }
}

/** A line of the text: its words, and how many quote levels it sits in. */
interface Line {
  readonly depth: number;
  readonly text: string;
}

/**
 * Turns an (untrusted) HTML body into plain text with the structure a plain-text reader needs,
 * as a browser would lay it out:
 *
 * - a blockquote's lines behind `>` per level (`>> ` two deep), as mail programs quote in text,
 *   so that a reply's own `> ` adds one more level above the customer's thread (Gmail's indent
 *   button, a blockquote with `border:none`, is no quote and stays unmarked);
 * - list items as `- ` and `1. `, nested lists indented;
 * - a link whose words are not its target as `words <target>` (http, https, mailto), an image
 *   as its `alt` text in brackets (`[Logo]`; nothing when it has none, as decorative images and
 *   tracking pixels have none), a linked image as `[Logo] <target>`;
 * - a blank line between paragraphs (`<p>`) that have a margin (see paragraphMargins), within a
 *   quote behind its `>`; none where the quote level changes, which marks the edge already;
 * - table cells on one row separated by ` | `, `<hr>` as a line of dashes;
 * - what the mail never shows left out: scripts, styles, the title, templates and elements hidden
 *   by `hidden` or `display:none` (a newsletter's preheader, a mobile-only menu), so that a reply
 *   quotes no words the agent never saw;
 * - white space collapsed within a paragraph (HTML source line ends are no line breaks: Outlook
 *   wraps its source at 76 columns), `<pre>` kept as it is, `<br>` and block ends as line ends,
 *   at most one empty line in a row.
 *
 * One pass over the HTML, in time linear in its length, and never throws: unclosed tags,
 * comments and quotes end where a browser ends them (at the end of the HTML).
 */
export function htmlToText(html: string): string {
  const lines: Line[] = [];
  let line = '';
  /**
   * Whether the line ends in a space, kept apart rather than read off `line` (built a piece at a
   * time) at every word: reading it there took half the time of a 100,000-cell table row.
   */
  let lineEndsInSpace = false;
  /** Something is on the current line: a word, an nbsp, a list marker. */
  let hasContent = false;
  let lineDepth = 0;
  /** Collapsed white space waits before the next word. */
  let space = false;
  /** A table cell started after words on this line: ` | ` goes before its first word. */
  let cellPending = false;
  /** A table cell started with nothing but a list item's marker before it on the line. */
  let cellOpensLine = false;
  /** Where on the line that cell started. */
  let cellFrom = 0;
  /**
   * The line holds only spacer cells (`<td>&nbsp;</td>`) since `cellFrom`: the next cell's words
   * replace them rather than follow a separator, and a row of spacers alone stays an empty line.
   */
  let spacersOnly = false;
  let depth = 0;
  /** For each open blockquote, whether it is a quote level. */
  const blockquotes: boolean[] = [];
  /**
   * Open lists; `item` is the open item's marker as spaces (empty when none): the item's lines
   * after its first (after a `<br>`, a second paragraph, a nested list) start with it, under the
   * marker's words, as a browser shows them.
   */
  const lists: { ordered: boolean; next: number; item: string }[] = [];
  let preDepth = 0;
  let skipPreNewline = false;
  let link: { target: string | undefined; words: string } | null = null;
  /**
   * The line holds a list item's marker and nothing yet: a block opening in the item (Google
   * Docs' and Markdown's `<li><p>`, Outlook on the web's `<li><div>`) goes on it, as a browser
   * shows it, rather than leave the marker alone on its line.
   */
  let markerOnly = false;
  /**
   * A blank line is due before the next line with words, from a paragraph's margin: put then
   * only if the line before has words and is at the same quote level, so that margins never make
   * a run of blank lines, nor one at the start or end of the text or at a quote's edge.
   */
  let blankLineDue = false;
  /** The open paragraph has a margin below it (there is no `<p>` within a `<p>`). */
  let paragraphMarginBelow = false;
  /**
   * The hidden element being skipped (`hidden`, `display:none`, a `<template>`): its name, how
   * many elements of that name are open in it counting itself (its end is the end tag that
   * closes the first), and the elements opened in it by name (see closesAncestor).
   */
  let hidden: { name: string; nesting: number; opened: Map<string, number> } | null = null;
  /** Where MAY_HIDE next matches in the HTML after the last tag read, its length if nowhere. */
  let mayHideAt = -1;
  /** Whether the attributes from `from` to `to` may hide their element; linear over the HTML. */
  const mayHide = (from: number, to: number): boolean => {
    if (mayHideAt < from) {
      MAY_HIDE.lastIndex = from;
      const found = MAY_HIDE.exec(html);
      mayHideAt = found === null ? html.length : found.index;
    }
    return mayHideAt < to;
  };

  const put = (piece: string): void => {
    markerOnly = false;
    spacersOnly = false;
    if (!hasContent) {
      lineDepth = depth;
      line += lists.at(-1)?.item ?? '';
    }
    hasContent = true;
    line += piece;
    if (piece !== '') lineEndsInSpace = piece.endsWith(' ');
    // Only as much as tells whether the words are the target.
    if (link?.target !== undefined && link.words.length <= link.target.length) link.words += piece;
  };
  const endLine = (): void => {
    const trimmed = withSpaces(line).trimEnd();
    // The signature separator keeps its space: `-- ` is how mail programs find a signature.
    const text = trimmed === '--' && (space || line.startsWith('-- ')) ? '-- ' : trimmed;
    const at = hasContent ? lineDepth : depth;
    const before = lines.at(-1);
    if (blankLineDue && text !== '' && before?.text !== '' && before?.depth === at)
      lines.push({ depth: at, text: '' });
    blankLineDue = false;
    const last = lines.at(-1);
    const repeatedEmpty =
      text === '' && (last === undefined || (last.text === '' && last.depth === at));
    if (!repeatedEmpty || preDepth > 0) lines.push({ depth: at, text });
    line = '';
    lineEndsInSpace = false;
    hasContent = false;
    space = false;
    cellPending = false;
    cellOpensLine = false;
    spacersOnly = false;
    markerOnly = false;
  };
  /** A block's start or end: the line ends if anything is on it. */
  const breakLine = (): void => {
    if (hasContent) endLine();
  };
  const word = (piece: string): void => {
    // A spacer cell (`<td>&nbsp;</td>`) puts no separator of its own, first on its row or not.
    const spacer = (cellPending || cellOpensLine) && /^\u00a0+$/u.test(piece);
    if (cellPending) {
      if (spacer) return;
      cellPending = false;
      if (spacersOnly) {
        line = line.slice(0, cellFrom);
        hasContent = line !== '';
        lineEndsInSpace = line.endsWith(' ');
      } else put(' | ');
      space = false;
    }
    const opensWithSpacer = cellOpensLine && spacer;
    cellOpensLine = false;
    if (space && hasContent && !lineEndsInSpace) put(' ');
    space = false;
    put(piece);
    spacersOnly = opensWithSpacer;
  };
  const text = (raw: string): void => {
    if (hidden !== null) return;
    if (preDepth === 0 && !VISIBLE.test(raw)) {
      // Only white space (most text between a newsletter's tags): at most one space.
      space = true;
      return;
    }
    let decoded = decodeHTML(raw);
    if (preDepth > 0) {
      if (skipPreNewline) decoded = decoded.replace(/^\r?\n/u, '');
      skipPreNewline = false;
      decoded.split(LINE_END).forEach((piece, index) => {
        if (index > 0) endLine();
        if (piece !== '') put(piece);
      });
      return;
    }
    const collapsed = decoded.replace(SPACES, ' ');
    const from = collapsed.startsWith(' ') ? 1 : 0;
    const to = collapsed.endsWith(' ') ? collapsed.length - 1 : collapsed.length;
    if (from === 1) space = true;
    if (from >= to) return;
    word(collapsed.slice(from, to));
    if (to < collapsed.length) space = true;
  };
  const closeLink = (): void => {
    if (link === null) return;
    const { target, words } = link;
    link = null;
    if (target === undefined) return;
    const shown = withSpaces(words).trim();
    const same = [target, target.replace(/^mailto:/iu, ''), target.replace(/\/$/u, '')];
    if (shown === '' || same.includes(shown)) return;
    space = true;
    word(`<${target}>`);
  };
  const listMarker = (): void => {
    breakLine();
    const list = lists.at(-1);
    const indent = '  '.repeat(Math.min(Math.max(lists.length - 1, 0), MAX_LIST_INDENT));
    const marker = list?.ordered === true ? `${indent}${String(list.next++)}. ` : `${indent}- `;
    if (list !== undefined) list.item = '';
    put(marker);
    if (list !== undefined) list.item = ' '.repeat(marker.length);
    markerOnly = true;
  };

  /** A start tag; `attributes` are its attributes' HTML for the tags that read them, else ''. */
  const startTag = (name: string, attributes: string): void => {
    if (name === 'br') {
      endLine();
      return;
    }
    if (name === 'p') {
      const margins = paragraphMargins(attributes);
      // On a list item's marker's line, as any block (see markerOnly): no line above it to leave.
      if (!markerOnly) {
        breakLine();
        if (margins.top) blankLineDue = true;
      }
      paragraphMarginBelow = margins.bottom;
      return;
    }
    if (BLOCKS.has(name)) {
      if (!markerOnly) breakLine();
      return;
    }
    switch (name) {
      case 'td':
      case 'th':
        // A list item's marker is no cell before this one (`<li><table><tr><td>`).
        if (hasContent && !markerOnly) cellPending = true;
        else {
          cellOpensLine = true;
          cellFrom = line.length;
        }
        return;
      case 'li':
        listMarker();
        return;
      case 'ul':
      case 'ol': {
        breakLine();
        const start = name === 'ol' ? parseInt(attributeOf(attributes, 'start') ?? '', 10) : NaN;
        lists.push({ ordered: name === 'ol', next: Number.isFinite(start) ? start : 1, item: '' });
        return;
      }
      case 'blockquote': {
        breakLine();
        // Gmail's indent button writes a blockquote with no border: an indent, not a quote.
        const style = attributeOf(attributes, 'style') ?? '';
        const quote =
          attributeOf(attributes, 'type')?.toLowerCase() === 'cite' ||
          !/border(-left)?\s*:\s*none/iu.test(style);
        blockquotes.push(quote);
        if (quote) depth += 1;
        return;
      }
      case 'pre':
        breakLine();
        preDepth += 1;
        skipPreNewline = true;
        return;
      case 'hr':
        breakLine();
        put(RULE);
        endLine();
        return;
      case 'a':
        closeLink();
        link = { target: shownTarget(attributeOf(attributes, 'href')), words: '' };
        return;
      case 'img': {
        const alt = (attributeOf(attributes, 'alt') ?? '').replace(SPACES, ' ').trim();
        if (alt === '') return;
        // Its own word, apart from the words or the link target before it.
        space = true;
        word(`[${alt}]`);
        return;
      }
      default:
    }
  };
  const endTag = (name: string): void => {
    if (BLOCKS.has(name) || name === 'li') {
      // An empty block in an item (`<li><div></div>`) leaves the marker for the words after it.
      if (!markerOnly || name === 'li') breakLine();
      if (name === 'p' && paragraphMarginBelow && !markerOnly) blankLineDue = true;
      if (name === 'p') paragraphMarginBelow = false;
      const list = lists.at(-1);
      if (name === 'li' && list !== undefined) list.item = '';
      return;
    }
    switch (name) {
      case 'ul':
      case 'ol':
        breakLine();
        lists.pop();
        return;
      case 'blockquote':
        breakLine();
        if (blockquotes.pop() === true) depth -= 1;
        return;
      case 'pre':
        breakLine();
        preDepth = Math.max(preDepth - 1, 0);
        return;
      case 'a':
        closeLink();
        return;
      default:
    }
  };

  /** An end tag met while skipping a hidden element. */
  const hiddenEndTag = (name: string): void => {
    if (hidden === null) return;
    if (name === hidden.name) {
      hidden.nesting -= 1;
      if (hidden.nesting === 0) hidden = null;
      return;
    }
    if (!closesAncestor(name)) return;
    const opened = hidden.opened.get(name) ?? 0;
    if (opened > 0) {
      hidden.opened.set(name, opened - 1);
      return;
    }
    // It closes a container opened before the hidden element, and the hidden element with it.
    hidden = null;
    endTag(name);
  };

  let at = 0;
  let textFrom = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) break;
    const next = html.charCodeAt(open + 1);
    const closing = next === 47; // '/'
    if (next === 33 || next === 63 || (closing && !isLetter(html.charCodeAt(open + 2)))) {
      // A comment, `<!DOCTYPE …>`, `<![if …]>`, `<?…>` or `</ …>`: nothing shown.
      if (open > textFrom) text(html.slice(textFrom, open));
      let end: number;
      if (html.startsWith('<!--', open)) {
        const empty = /^-?>/u.exec(html.slice(open + 4, open + 6));
        end = empty === null ? html.indexOf('-->', open + 4) + 2 : open + 3 + empty[0].length;
        if (end < 2) end = html.length;
      } else if (closing && html.charCodeAt(open + 2) === 62) end = open + 2;
      else {
        end = html.indexOf('>', open + 2);
        if (end < 0) end = html.length;
      }
      at = textFrom = end + 1;
      continue;
    }
    if (!isLetter(closing ? html.charCodeAt(open + 2) : next)) {
      // A `<` that starts no tag is a character of the text.
      at = open + 1;
      continue;
    }
    if (open > textFrom) text(html.slice(textFrom, open));
    const nameFrom = open + (closing ? 2 : 1);
    let nameTo = nameFrom;
    while (nameTo < html.length) {
      const c = html.charCodeAt(nameTo);
      if (isSpaceCode(c) || c === 47 || c === 62) break;
      nameTo += 1;
    }
    const name = html.slice(nameFrom, nameTo).toLowerCase();
    const end = tagEnd(html, nameTo);
    if (end < 0) {
      // A tag the HTML ends inside is dropped, as a browser drops it.
      textFrom = html.length;
      break;
    }
    at = textFrom = end + 1;
    if (closing) {
      if (hidden === null) endTag(name);
      else hiddenEndTag(name);
      continue;
    }
    const close = rawTextEnd(name);
    if (hidden !== null && startEndsHidden(hidden.name, name, hidden.opened)) hidden = null;
    if (hidden !== null) {
      if (name === hidden.name) hidden.nesting += 1;
      else if (closesAncestor(name)) hidden.opened.set(name, (hidden.opened.get(name) ?? 0) + 1);
    } else if (
      close === undefined &&
      (name === 'template' || (mayHide(nameTo, end) && attributesHide(html.slice(nameTo, end))))
    ) {
      if (!VOID.has(name)) hidden = { name, nesting: 1, opened: new Map() };
    } else {
      const readsAttributes = ['a', 'blockquote', 'img', 'ol', 'p'].includes(name);
      startTag(name, readsAttributes ? html.slice(nameTo, end) : '');
    }
    if (close !== undefined) {
      close.lastIndex = at;
      const found = close.exec(html);
      if (found === null) {
        // Unclosed: the rest of the HTML is its raw text.
        textFrom = html.length;
        break;
      }
      const closeEnd = html.indexOf('>', found.index);
      at = textFrom = closeEnd < 0 ? html.length : closeEnd + 1;
    }
  }
  if (textFrom < html.length) text(html.slice(textFrom));
  closeLink();
  endLine();
  while (lines.length > 0 && lines.at(-1)?.text === '') lines.pop();
  const start = lines.findIndex((entry) => entry.text !== '');
  return lines
    .slice(Math.max(start, 0))
    .map(({ depth: level, text: words }) => {
      if (level === 0) return words;
      const marks = '>'.repeat(Math.min(level, MAX_QUOTE_DEPTH));
      return words === '' ? marks : `${marks} ${words}`;
    })
    .join('\n');
}

/**
 * An e-mail's words: its text part, else its HTML part made text, for a quote, a transcript and
 * search. A blank text part counts as none: an HTML-only mail often comes with `Text` empty, and
 * its words are then only in its HTML. Undefined when it has neither. `textOfHtml` makes the
 * HTML text (the cache writer passes the text a worker made of a large one).
 */
export function emailWords(
  email: {
    readonly text?: string | undefined;
    readonly html?: string | undefined;
  },
  textOfHtml: (html: string) => string = htmlToText,
): string | undefined {
  if (email.text !== undefined && email.text.trim() !== '') return email.text;
  return email.html === undefined ? undefined : textOfHtml(email.html);
}

import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import { isSafeExternalUrl } from '../../../common/externalLinks';
import { currentLocale, t } from '../i18n';
import type { MailAttachmentRef, MailHtmlOptions, SafeMail } from './mailHtmlTypes';

/**
 * An e-mail's HTML body made safe to show: sanitized by DOMPurify, then rewritten so that
 * nothing in it can reach the network or the desk, and wrapped in a document of its own (with
 * its own Content-Security-Policy) for a sandboxed frame's `srcdoc`. The frame is the second
 * wall, the policy the third: a mail that got past one still meets the others.
 *
 * What the mail keeps: its text, layout, tables, inline styles and `<style>` rules (without
 * anything in them that loads: `url()`, `src()`, `@import`, `image-set()`), links (http, https and
 * mailto only, which the view intercepts), `data:` raster images, and `cid:` images resolved to
 * the e-mail's attachments. What it loses: scripts, event handlers, forms, frames, objects,
 * SVG and MathML, templates, meta refresh, base and link elements, and remote images until the
 * agent allows them for the sender; even then only those a link could open (https on a public
 * host name: never an IP address, localhost or an intranet name, which a mail could use to make
 * the desk send requests into the agent's network).
 */

export type { MailAttachmentRef, MailHtmlOptions, SafeMail } from './mailHtmlTypes';

/** Raster images a `data:` URL in a mail may carry (SVG can carry script; it is not one). */
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]*$/iu;
/** What DOMPurify lets through as a URL at all; the rewrite below narrows it per attribute. */
const ALLOWED_URI = /^(?:https?:|mailto:|cid:|data:image\/(?:png|gif|jpe?g|webp);base64,)/iu;
/** Links the agent may follow (after seeing them): the view decides what opens. */
const LINK = /^(?:https?:|mailto:)/iu;
/**
 * Where a link's target is kept in the safe document (mail's own `data-` attributes are removed,
 * so only the rewrite sets it).
 */
export const LINK_ATTRIBUTE = 'data-switchboard-href';

/** Elements removed, their text kept (a form's labels, a frame's fallback). */
const FORBID_TAGS = [
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'meta',
  'link',
  'base',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'portal',
  'dialog',
  'svg',
  'math',
  // A template's content is a separate document fragment that querySelectorAll does not enter,
  // so the rewrite below would never see what is in it.
  'template',
];
const FORBID_ATTR = [
  'srcset',
  'action',
  'formaction',
  'ping',
  'background',
  'poster',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'target',
  'xlink:href',
  'usemap',
];

/**
 * A mail's CSS without anything that loads or hides a load: comments go, `url()` and `src()`
 * (CSS's other function for a resource's address) become `none`, and a text still holding an
 * escape (`\75 rl(` is `url(`), `@import`, `image-set()` or `expression()` is dropped whole,
 * since such tricks are not worth keeping the rest for.
 */
export function safeCss(css: string): string {
  const text = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/gu, '');
  // `<` too: no rule needs it, and a style element's text is written out raw.
  if (text.includes('\\') || text.includes('<')) return '';
  const withoutUrls = text.replace(/(?:url|src)\s*\(\s*(?:"[^"]*"|'[^']*'|[^)]*)\s*\)/giu, 'none');
  if (
    /url\s*\(|src\s*\(|@import|@namespace|image-set|expression\s*\(|behavior|binding/iu.test(
      withoutUrls,
    )
  )
    return '';
  return withoutUrls;
}

/** `cid:<logo.png@x>` → `logo.png@x` (lower case), the Content-ID a `cid:` URL names. */
function contentIdOf(src: string): string {
  let value = src.slice(4).trim();
  try {
    value = decodeURIComponent(value);
  } catch {
    // A stray `%` is left as it is: it is still a name to match.
  }
  return value.replace(/^<|>$/gu, '').trim().toLowerCase();
}

/**
 * The attachment a `cid:` reference means. GWS describes an attachment by id, name, size and
 * type only (003), not by its Content-ID, so the reference is matched against the document id,
 * the file name, and the Content-ID's left part (`logo.png@01DA…` names `logo.png`). Nothing
 * depends on Content-Disposition: an inline part sent without one matches the same way.
 *
 * `matched` holds what the mail's earlier references matched, by Content-ID (the caller keeps
 * it for one mail, in document order; this adds to it). Two inline images of one name
 * (`image001.png@01DA…` and `image001.png@01DB…`: Outlook's names, an image of a forwarded mail
 * and one of the signature) differ only in the Content-ID GWS does not give: each new Content-ID
 * takes the next attachment of that name not yet taken, as mailers write the parts in the order
 * the HTML shows them. Each showed the first one's picture.
 */
export function attachmentForContentId(
  src: string,
  attachments: readonly MailAttachmentRef[],
  matched = new Map<string, MailAttachmentRef>(),
): MailAttachmentRef | undefined {
  const contentId = contentIdOf(src);
  if (contentId === '') return undefined;
  const known = matched.get(contentId);
  if (known !== undefined) return known;
  const leftPart = contentId.split('@')[0] ?? '';
  const taken = new Set(matched.values());
  const byName = (name: string) => {
    const named = attachments.filter((a) => a.name.trim().toLowerCase() === name);
    return named.find((a) => !taken.has(a)) ?? named[0];
  };
  const attachment =
    attachments.find((a) => a.id.toLowerCase() === contentId) ??
    byName(contentId) ??
    (leftPart === '' ? undefined : byName(leftPart));
  if (attachment !== undefined) matched.set(contentId, attachment);
  return attachment;
}

let purifier: Purifier | undefined;
/** One DOMPurify instance of this module's own, so its configuration is not the app's. */
function sanitizer(): Purifier {
  return (purifier ??= DOMPurify(window));
}

function placeholder(doc: Document, image: Element, label: string, kind: string): HTMLElement {
  const box = doc.createElement('span');
  box.className = `switchboard-image switchboard-image--${kind}`;
  box.setAttribute('role', 'img');
  const alt = (image.getAttribute('alt') ?? '').trim();
  box.setAttribute('aria-label', alt === '' ? label : `${label}: ${alt}`);
  box.textContent = alt === '' ? label : `${label}: ${alt}`;
  const width = Number.parseInt(image.getAttribute('width') ?? '', 10);
  const height = Number.parseInt(image.getAttribute('height') ?? '', 10);
  // The placeholder keeps the image's place in the layout, within reason.
  if (width > 0) box.style.width = `${String(Math.min(width, 600))}px`;
  if (height > 0) box.style.minHeight = `${String(Math.min(height, 400))}px`;
  return box;
}

/** The policy of the mail's document: nothing runs, nothing loads but images it may show. */
export function mailContentSecurityPolicy(remoteImages: 'blocked' | 'allowed'): string {
  return [
    "default-src 'none'",
    "script-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src data:${remoteImages === 'allowed' ? ' https:' : ''}`,
    "font-src 'none'",
    "media-src 'none'",
    "connect-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "child-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The frame's own look: a white sheet whatever the desk's theme (mail is written for one), the
 * mail's own colors over it, and images no wider than the frame.
 */
const BASE_STYLE = `
html { background: #fff; color: #1f2328; color-scheme: light; }
body { margin: 0; padding: 12px 16px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; }
table { max-width: 100%; }
pre { white-space: pre-wrap; }
a[data-switchboard-href] { color: #0b5cad; text-decoration: underline; cursor: pointer; }
.switchboard-image { display: inline-flex; align-items: center; justify-content: center; box-sizing: border-box; max-width: 100%; min-width: 8em; min-height: 2.2em; padding: 4px 8px; border: 1px dashed #8c959f; border-radius: 4px; background: #f6f8fa; color: #57606a; font: 12px/1.3 system-ui, sans-serif; vertical-align: middle; }
`;

/** Safe documents kept: the open e-mail's, and the few the agent goes back and forth between. */
const KEPT_DOCUMENTS = 4;

/** A safe document made, with what it was made from. */
interface KeptDocument {
  readonly html: string;
  readonly locale: string;
  readonly options: MailHtmlOptions;
  readonly safe: SafeMail;
}
/** The latest first. */
const keptDocuments: KeptDocument[] = [];

/** Whether two sets of options make the same document of the same HTML. */
function sameOptions(a: MailHtmlOptions, b: MailHtmlOptions): boolean {
  return (
    a.remoteImages === b.remoteImages &&
    a.attachments.length === b.attachments.length &&
    a.attachments.every(
      (attachment, index) =>
        attachment.id === b.attachments[index]?.id && attachment.name === b.attachments[index].name,
    ) &&
    a.inlineImages.size === b.inlineImages.size &&
    [...a.inlineImages].every(([id, dataUrl]) => b.inlineImages.get(id) === dataUrl)
  );
}

/**
 * The e-mail's HTML as a safe document for a sandboxed frame (see the module's comment). Pure
 * but for the DOM it parses in (the renderer's window, or a test's).
 *
 * The latest few documents are kept and given again for the same HTML, options and language:
 * the view asks again each time the agent comes back to the e-mail.
 *
 * This is the whole work in one task: a 1.6 MB newsletter held the renderer's main thread
 * 130–890 ms in Chromium (the more, the busier the machine). The view uses
 * {@link safeMailDocumentSliced}; this one is what the tests hold the sliced one to, document
 * for document.
 */
export function safeMailDocument(html: string, options: MailHtmlOptions): SafeMail {
  return keptMailDocument(html, options) ?? keep(html, options, sanitizedMail(html, options));
}

/**
 * The same document as `safeMailDocument`, made in slices so that no one task holds the
 * renderer's main thread for the whole of a big mail: the HTML is parsed a piece at a time
 * into an inert document (no browsing context: nothing in it runs or loads), DOMPurify then
 * sanitizes that tree with the very same configuration ~1,000 elements a task (see
 * `purifiedInSlices`), and the rewrite and the serializing follow in tasks of their own. A kept
 * document is given at once.
 *
 * Once `signal` aborts (the view went on to another mail) no further slice runs and the promise
 * rejects with the signal's reason: slices of documents nobody will see would otherwise share
 * the main thread with, and delay, the one the agent opened.
 */
export async function safeMailDocumentSliced(
  html: string,
  options: MailHtmlOptions,
  signal?: AbortSignal,
): Promise<SafeMail> {
  const kept = keptMailDocument(html, options);
  if (kept !== undefined) return kept;
  const slices = { count: 0 };
  const nextSlice = async () => {
    slices.count += 1;
    await new Promise((resolve) => setTimeout(resolve, 0));
    signal?.throwIfAborted();
  };
  // An inert document's parser is the one API that parses HTML a piece at a time
  // (DOMParser takes the whole string in one task).
  const parsed = window.document.implementation.createHTMLDocument('');
  /* eslint-disable @typescript-eslint/no-deprecated -- incremental parsing, see above */
  const write = (text: string) => {
    parsed.write(text);
  };
  /* eslint-enable @typescript-eslint/no-deprecated */
  parsed.open();
  // DOMPurify's own FORCE_BODY prefix: a mail's leading <style> lands in the body, and
  // DOMPurify removes this first element of a body it is given, as of one it parsed itself.
  write('<remove></remove>');
  for (let at = 0; at < html.length; at += PARSE_SLICE_CHARS) {
    write(html.slice(at, at + PARSE_SLICE_CHARS));
    await nextSlice();
  }
  parsed.close();
  let body: HTMLElement;
  let sanitizeChunks: SanitizeChunks | undefined;
  try {
    ({ body, chunks: sanitizeChunks } = await purifiedInSlices(parsed, nextSlice));
  } catch (error) {
    if (!(error instanceof UncutChunk)) throw error;
    // Not expected with this DOMPurify; should a newer one judge a cut element otherwise, the
    // mail is still made safe, as before the slicing, in one task.
    console.error('The mail was sanitized in one task', error);
    body = purified(html);
  }
  await nextSlice();
  const rewrite = rewriting(body, options);
  while (!rewrite.step(REWRITE_SLICE_ELEMENTS)) await nextSlice();
  const safe = keep(html, options, rewrite.finish());
  lastSlicedSanitize = { slices: slices.count + 1, sanitizeChunks };
  return safe;
}

/** Characters of HTML parsed per slice (a 1.6 MB mail: 25 slices of a few ms each). */
const PARSE_SLICE_CHARS = 64 * 1024;
/** Elements rewritten per slice. */
const REWRITE_SLICE_ELEMENTS = 1_000;

/**
 * Elements DOMPurify sanitizes per slice (with their ancestors' copies, see `chunksOf`; a
 * 1.6 MB newsletter: 10 slices).
 */
const SANITIZE_SLICE_ELEMENTS = 1_000;
/** Ancestors a chunk is cut inside at most: deeper, a big subtree is sanitized whole. */
const MAX_CUT_DEPTH = 32;
/**
 * Elements a chunk may be cut inside: layout containers that DOMPurify, with PURIFY_CONFIG and
 * no hooks, keeps whatever they hold, so that cutting their content into parts changes nothing
 * about them. Each is allowed and not forbidden, an HTML name that is no SVG or MathML one (its
 * namespace check passes under an HTML parent), not an element whose text DOMPurify judges
 * (style, noscript and the like), and not a form (a form's named children can clobber it). The
 * part of the check that looks at an element's content (an element with no element child whose
 * text looks like markup is removed) never applies: a cut element always holds an element, the
 * next ancestor copy or one of the chunk's own elements.
 */
const CUTTABLE = new Set([
  'article',
  'aside',
  'b',
  'blockquote',
  'center',
  'dd',
  'div',
  'dl',
  'em',
  'font',
  'footer',
  'header',
  'i',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
]);
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/**
 * A part of the parsed body sanitized in one slice: some children of one element (`nodes`),
 * under copies of that element and its ancestors up to the body (`ancestors`, outermost first:
 * none for the body's own children), so that DOMPurify checks every node under the very parent
 * it has in the whole tree. `before[level]` and `after[level]` are text and comments beside
 * `ancestors[level]`, inside its parent: text cut off from every element would be judged alone.
 */
interface Chunk {
  /** Elements DOMPurify walks for it: its own and its ancestors' copies. */
  readonly elements: number;
  readonly ancestors: readonly Element[];
  readonly nodes: readonly Node[];
  readonly before: Node[][];
  readonly after: Node[][];
}

/** Each element's count of elements, itself included (one pass, the deepest first). */
function elementCounts(root: Element): Map<Element, number> {
  const counts = new Map<Element, number>();
  const all = [...root.getElementsByTagName('*')];
  for (let at = all.length - 1; at >= 0; at--) {
    const element = all[at];
    if (element === undefined) continue;
    let count = 1;
    for (const child of element.children) count += counts.get(child) ?? 1;
    counts.set(element, count);
  }
  return counts;
}

/**
 * The body's content cut into chunks of at most SANITIZE_SLICE_ELEMENTS elements where it can be:
 * a child too big for one chunk is cut inside if it is CUTTABLE (and not too deep), else it is a
 * chunk of its own. In document order: their sanitized contents, put together, are the body.
 */
function chunksOf(body: HTMLElement): Chunk[] {
  const counts = elementCounts(body);
  const chunks: Chunk[] = [];
  // Text before a cut element, for the first chunk inside it.
  let leading: { level: number; nodes: Node[] }[] = [];
  const emit = (ancestors: readonly Element[], nodes: Node[], elements: number) => {
    const chunk: Chunk = {
      elements: elements + ancestors.length,
      ancestors,
      nodes,
      before: ancestors.map(() => []),
      after: ancestors.map(() => []),
    };
    for (const { level, nodes: text } of leading) chunk.before[level]?.push(...text);
    leading = [];
    chunks.push(chunk);
  };
  const cuttable = (node: Node, depth: number): node is Element =>
    node instanceof Element &&
    node.namespaceURI === HTML_NAMESPACE &&
    CUTTABLE.has(node.localName) &&
    // DOMPurify removes an element whose `is` it removes, content and all.
    !node.hasAttribute('is') &&
    depth < MAX_CUT_DEPTH;
  const cut = (parent: Element, ancestors: readonly Element[]) => {
    let group: Node[] = [];
    let groupElements = 0;
    for (const child of [...parent.childNodes]) {
      const count = child instanceof Element ? (counts.get(child) ?? 1) : 0;
      if (count > SANITIZE_SLICE_ELEMENTS && cuttable(child, ancestors.length)) {
        if (groupElements > 0) emit(ancestors, group, groupElements);
        else if (group.length > 0) leading.push({ level: ancestors.length, nodes: group });
        group = [];
        groupElements = 0;
        cut(child, [...ancestors, child]);
        continue;
      }
      if (count > 0 && groupElements > 0 && groupElements + count > SANITIZE_SLICE_ELEMENTS) {
        emit(ancestors, group, groupElements);
        group = [];
        groupElements = 0;
      }
      group.push(child);
      groupElements += count;
    }
    if (groupElements > 0 || (ancestors.length === 0 && chunks.length === 0))
      emit(ancestors, group, groupElements);
    // Text after a cut element: it follows the last chunk inside it.
    else if (group.length > 0) chunks.at(-1)?.after[ancestors.length]?.push(...group);
  };
  cut(body, []);
  return chunks;
}

/** A chunk as DOMPurify is given it: a body holding the chunk under copies of its ancestors. */
function chunkBody(doc: Document, chunk: Chunk): HTMLElement {
  const container = doc.createElement('body');
  // DOMPurify's FORCE_BODY removes the first child of a body it is given (see the parse above).
  container.append(doc.createElement('remove'));
  let inner: Element = container;
  chunk.ancestors.forEach((ancestor, level) => {
    // Without its children, with its attributes: DOMPurify judges it as it judges the original.
    const copy = ancestor.cloneNode(false) as Element;
    inner.append(...(chunk.before[level] ?? []), copy, ...(chunk.after[level] ?? []));
    inner = copy;
  });
  inner.append(...chunk.nodes);
  return container;
}

/** The sliced sanitize met a chunk not shaped as `CUTTABLE` promises: the one-task path is used. */
class UncutChunk extends Error {}

/**
 * Puts a sanitized chunk into the body being made: its content goes into the sanitized copy kept
 * of its innermost ancestor (the first chunk under an ancestor brings that copy in, with its
 * attributes as sanitized; later ones bring only what they hold).
 */
function putTogether(
  sanitized: Element,
  into: Element,
  chunk: Chunk,
  kept: Map<Element, Element>,
): void {
  const copyAt = (container: Element, level: number): Element => {
    const ancestor = chunk.ancestors[level];
    const [copy, ...others] = container.children;
    if (ancestor === undefined || copy === undefined || others.length > 0)
      throw new UncutChunk(`a copy of <${String(ancestor?.localName)}> went missing`);
    if (copy.localName !== ancestor.localName)
      throw new UncutChunk(`<${ancestor.localName}> came back as <${copy.localName}>`);
    return copy;
  };
  const merge = (from: Element, to: Element, level: number): void => {
    if (level === chunk.ancestors.length) {
      to.append(...from.childNodes);
      return;
    }
    const copy = copyAt(from, level);
    for (const node of [...from.childNodes]) {
      const ancestor = chunk.ancestors[level];
      const keptCopy = ancestor && kept.get(ancestor);
      if (node !== copy || ancestor === undefined) to.append(node);
      else if (keptCopy !== undefined) merge(copy, keptCopy, level + 1);
      else {
        // The first chunk inside this ancestor: its copy, and those of the ones below, are kept.
        let inner = copy;
        kept.set(ancestor, copy);
        for (let deeper = level + 1; deeper < chunk.ancestors.length; deeper++) {
          inner = copyAt(inner, deeper);
          const deeperAncestor = chunk.ancestors[deeper];
          if (deeperAncestor !== undefined) kept.set(deeperAncestor, inner);
        }
        to.append(copy);
      }
    }
  };
  merge(sanitized, into, 0);
}

/**
 * The sanitized body of an inert document, as `purified` makes it in one task, made a chunk of
 * at most ~SANITIZE_SLICE_ELEMENTS elements per slice. DOMPurify is called as in one task (the
 * same configuration, a body to import, walk and return), once per chunk; every node of a chunk
 * is under the same parent as in the whole tree, and nothing DOMPurify decides about a node
 * depends on anything outside its subtree and its parent (no hooks are set), so the chunks'
 * results put together are the one-task result, node for node. Nodes move only as nodes (no
 * HTML is written out and parsed again on the way), between inert documents.
 */
async function purifiedInSlices(
  parsed: Document,
  nextSlice: () => Promise<void>,
): Promise<{ body: HTMLElement; chunks?: SanitizeChunks }> {
  // The types say a body is always there; a document can have none.
  const dirty = parsed.body as HTMLElement | null;
  // A <frameset> document's "body" is the frameset: nothing of it shows.
  if (dirty?.localName !== 'body') return { body: purified(dirty) };
  // What DOMPurify's FORCE_BODY would remove from the whole body (the leading <remove>).
  dirty.firstChild?.remove();
  const result = window.document.implementation.createHTMLDocument('').body;
  const kept = new Map<Element, Element>();
  const chunks = chunksOf(dirty);
  let first = true;
  for (const chunk of chunks) {
    if (!first) await nextSlice();
    first = false;
    putTogether(purified(chunkBody(parsed, chunk)), result, chunk, kept);
  }
  const largest = chunks.reduce((most, chunk) => Math.max(most, chunk.elements), 0);
  return { body: result, chunks: { count: chunks.length, largest } };
}

/** How the latest sliced sanitize went (the tests' check that a big mail is not one task). */
export let lastSlicedSanitize:
  { readonly slices: number; readonly sanitizeChunks: SanitizeChunks | undefined } | undefined;
/** The chunks DOMPurify was given in a sliced sanitize, and the elements of the largest. */
export interface SanitizeChunks {
  readonly count: number;
  readonly largest: number;
}

/** The kept document for this HTML, options and language, now the latest; or none. */
export function keptMailDocument(html: string, options: MailHtmlOptions): SafeMail | undefined {
  const locale = currentLocale();
  const at = keptDocuments.findIndex(
    (kept) => kept.html === html && kept.locale === locale && sameOptions(kept.options, options),
  );
  const found = at === -1 ? undefined : keptDocuments.splice(at, 1)[0];
  if (found === undefined) return undefined;
  keptDocuments.unshift(found);
  return found.safe;
}

function keep(html: string, options: MailHtmlOptions, safe: SafeMail): SafeMail {
  // A copy of the options: the caller's map or list may change after this call.
  keptDocuments.unshift({
    html,
    locale: currentLocale(),
    options: {
      attachments: options.attachments.map(({ id, name }) => ({ id, name })),
      inlineImages: new Map(options.inlineImages),
      remoteImages: options.remoteImages,
    },
    safe,
  });
  keptDocuments.length = Math.min(keptDocuments.length, KEPT_DOCUMENTS);
  return safe;
}

/** DOMPurify's configuration: what a mail may keep at all (the rewrite narrows it). */
const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOWED_URI_REGEXP: ALLOWED_URI,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // A mail often starts with its <style>: without this the parser would drop it as head content.
  FORCE_BODY: true,
  RETURN_DOM: true,
} as const;

/** The sanitized body of a mail (its HTML, or the body of an inert document parsed from it). */
function purified(dirty: string | HTMLElement | null): HTMLElement {
  const sanitized =
    dirty === null ? null : (sanitizer().sanitize(dirty, PURIFY_CONFIG) as HTMLElement | null);
  // A mail that is a <frameset> parses to a document without a body: nothing of it shows.
  return sanitized ?? window.document.implementation.createHTMLDocument('').body;
}

function sanitizedMail(html: string, options: MailHtmlOptions): SafeMail {
  const rewrite = rewriting(purified(html), options);
  while (!rewrite.step(Number.POSITIVE_INFINITY));
  return rewrite.finish();
}

/**
 * The rewrite of a sanitized body (images, styles, links), done `step` elements at a time, and
 * the safe document made of it.
 */
function rewriting(
  body: HTMLElement,
  options: MailHtmlOptions,
): { step(elements: number): boolean; finish(): SafeMail } {
  const doc = body.ownerDocument;
  let blockedImages = 0;
  const inline = new Set<string>();
  /** The attachments the mail's `cid:` references matched so far (see attachmentForContentId). */
  const matchedContentIds = new Map<string, MailAttachmentRef>();
  const images = [...body.querySelectorAll('img')];
  let imagesDone = 0;
  let elements: Element[] | undefined;
  let at = 0;

  function rewriteImage(image: HTMLImageElement): void {
    const src = (image.getAttribute('src') ?? '').trim();
    image.removeAttribute('src');
    if (/^cid:/iu.test(src)) {
      const attachment = attachmentForContentId(src, options.attachments, matchedContentIds);
      const dataUrl = attachment && options.inlineImages.get(attachment.id);
      if (attachment === undefined) {
        image.replaceWith(placeholder(doc, image, t('email.image.missing'), 'missing'));
      } else if (dataUrl === undefined || !DATA_IMAGE.test(dataUrl)) {
        inline.add(attachment.id);
        image.replaceWith(placeholder(doc, image, t('email.image.pending'), 'pending'));
      } else {
        inline.add(attachment.id);
        image.setAttribute('src', dataUrl);
      }
    } else if (DATA_IMAGE.test(src)) {
      image.setAttribute('src', src);
    } else if (options.remoteImages === 'allowed' && isSafeExternalUrl(src)) {
      // The links' rule: an allowed sender still cannot point the desk at the agent's network.
      image.setAttribute('src', src);
      image.setAttribute('referrerpolicy', 'no-referrer');
    } else if (/^https?:/iu.test(src)) {
      blockedImages += 1;
      image.replaceWith(placeholder(doc, image, t('email.image.blocked'), 'blocked'));
    } else {
      image.replaceWith(placeholder(doc, image, t('email.image.notShown'), 'missing'));
    }
  }

  function rewriteElement(element: Element): void {
    const style = element.getAttribute('style');
    if (style !== null) {
      const cleaned = safeCss(style);
      if (cleaned.trim() === '') element.removeAttribute('style');
      else element.setAttribute('style', cleaned);
    }
    if (element.localName === 'style') element.textContent = safeCss(element.textContent);
    if (element.localName === 'a') {
      // The target moves out of `href`, so that nothing in the frame can follow it: the view
      // reads it from here, shows it, and opens it only through the desk.
      const href = (element.getAttribute('href') ?? '').trim();
      element.removeAttribute('href');
      if (LINK.test(href)) {
        element.setAttribute(LINK_ATTRIBUTE, href);
        element.setAttribute('role', 'link');
        element.setAttribute('tabindex', '0');
      }
    } else if (element.hasAttribute('href')) {
      // Only links link: `<area href>` and the like would navigate where the view does not look.
      element.removeAttribute('href');
    }
  }

  return {
    step(count) {
      // The images first: their replacements are elements of the pass after.
      if (imagesDone < images.length) {
        const end = Math.min(images.length, imagesDone + count);
        for (const image of images.slice(imagesDone, end)) rewriteImage(image);
        imagesDone = end;
        return false;
      }
      elements ??= [...body.querySelectorAll('*')];
      const end = Math.min(elements.length, at + count);
      for (const element of elements.slice(at, end)) rewriteElement(element);
      at = end;
      return at === elements.length;
    },
    finish() {
      const policy = mailContentSecurityPolicy(options.remoteImages);
      const document =
        '<!doctype html><html><head><meta charset="utf-8">' +
        `<meta http-equiv="Content-Security-Policy" content="${policy}">` +
        '<meta name="referrer" content="no-referrer">' +
        '<meta name="color-scheme" content="light">' +
        `<style>${BASE_STYLE}</style></head><body>${body.innerHTML}</body></html>`;
      return { document, blockedImages, inlineAttachmentIds: [...inline] };
    },
  };
}

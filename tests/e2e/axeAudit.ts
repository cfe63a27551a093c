import { createRequire } from 'node:module';
import type { Frame, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { frames } from './deskHarness';

/**
 * axe-core (a real accessibility engine, the one browser devtools use) run inside a desk page:
 * the rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. Every
 * finding is a failure; there is no allow-list.
 */

/** The rule sets issue 15 asks every view to pass. */
export const AXE_RULE_SETS = [
  'wcag2a',
  'wcag2aa',
  'wcag21a',
  'wcag21aa',
  'wcag22aa',
  'best-practice',
] as const;

/** The colour schemes every state is checked in. */
export const COLOR_SCHEMES = ['light', 'dark'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

// axe-core's script, read once: the engine is injected as source so that it runs inside the
// page (through the DevTools protocol, which the renderer's Content-Security-Policy does not
// govern) and inside each same-origin frame, such as the sandboxed mail frame.
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** One axe finding as a line a reader can act on. */
interface Finding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

/** What the in-page code reads and calls (the tests compile without the DOM's types). */
interface AxeScope {
  axe?: {
    readonly _audit: {
      readonly rules: readonly { id: string; pageLevel: boolean; matches?: unknown }[];
    };
    run(
      context: unknown,
      options: Readonly<Record<string, unknown>>,
    ): Promise<{
      violations: {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    }>;
  };
  readonly document: unknown;
}

/** Puts axe into `frame` unless it is there already. */
async function inject(frame: Frame): Promise<void> {
  const present = await frame.evaluate(() => (globalThis as unknown as AxeScope).axe !== undefined);
  if (!present) await frame.evaluate(AXE_SOURCE);
}

/**
 * Rules whose answer for a framed document axe decides together with the page around it: the
 * page needs one main landmark and a level-one heading somewhere among its frames, and a frame
 * inside a landmark has its content in that landmark. The desk's page answers for them.
 */
const ANSWERED_BY_THE_FRAMING_PAGE = ['landmark-one-main', 'page-has-heading-one', 'region'];

/**
 * Runs axe on `frame`'s document alone and returns its violations as readable findings. A
 * `framed` document (one the desk shows in a frame) is held to the rules axe applies inside a
 * frame: not those it runs on the top document only (page-level rules and those matching the
 * initiator only: a title, the page's language, the viewport), nor those the framing page
 * answers for.
 */
async function auditFrame(frame: Frame, framed: boolean): Promise<Finding[]> {
  await inject(frame);
  return frame.evaluate(
    async ({ ruleSets, framed, framingPageRules }) => {
      const scope = globalThis as unknown as AxeScope;
      if (scope.axe === undefined) throw new Error('axe-core is not in the frame');
      const rules = scope.axe._audit.rules;
      const initiatorOnly = rules.find((rule) => rule.id === 'document-title')?.matches;
      const topOnly = framed
        ? [
            ...rules
              .filter((rule) => rule.pageLevel || rule.matches === initiatorOnly)
              .map((rule) => rule.id),
            ...framingPageRules,
          ]
        : [];
      const results = await scope.axe.run(scope.document, {
        runOnly: { type: 'tag', values: ruleSets },
        rules: Object.fromEntries(topOnly.map((rule) => [rule, { enabled: false }])),
        resultTypes: ['violations'],
        // Each frame is audited on its own (below): a frame sandboxed without scripts cannot
        // answer axe's messages from the page around it.
        iframes: false,
      });
      return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? 'unknown',
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
          target: JSON.stringify(node.target),
          summary: (node.failureSummary ?? '').replace(/\s+/gu, ' ').trim(),
        })),
      }));
    },
    { ruleSets: [...AXE_RULE_SETS], framed, framingPageRules: ANSWERED_BY_THE_FRAMING_PAGE },
  );
}

/** Findings of frame documents already audited, per page, by scheme and document. */
const auditedFrames = new WeakMap<Page, Map<string, Finding[]>>();

/**
 * Audits what a frame shows, copied into a page of its own (its size, the same scheme): axe
 * needs timers, which a frame sandboxed without scripts (the mail frame) never runs. The copy
 * is the frame's document as it is now, images included (mail documents carry them inline).
 */
async function auditFramed(page: Page, frame: Frame, scheme: ColorScheme): Promise<Finding[]> {
  const content = await frame.content();
  // The same document in the same scheme gives the same findings: a frame that stays open
  // while the desk moves through states is audited once per scheme.
  const audited = auditedFrames.get(page) ?? new Map<string, Finding[]>();
  auditedFrames.set(page, audited);
  const known = audited.get(`${scheme}\n${content}`);
  if (known !== undefined) return known;
  const element = await frame.frameElement();
  const box = await element.boundingBox();
  const browser = page.context().browser();
  if (browser === null) throw new Error('the page has no browser to open a copy in');
  const copy = await browser.newPage({
    viewport: {
      width: Math.max(320, Math.ceil(box?.width ?? 800)),
      height: Math.max(200, Math.ceil(box?.height ?? 600)),
    },
    colorScheme: scheme,
  });
  try {
    await copy.setContent(content);
    const findings = await auditFrame(copy.mainFrame(), true);
    audited.set(`${scheme}\n${content}`, findings);
    return findings;
  } finally {
    await copy.close();
  }
}

/**
 * Runs axe on the page as it is now and on what each of its frames shows (such as the sandboxed
 * mail frame), and returns the violations as readable findings, a frame's marked with its title.
 */
export async function axeFindings(page: Page, scheme: ColorScheme): Promise<Finding[]> {
  const findings = await auditFrame(page.mainFrame(), false);
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const title = (await (await frame.frameElement()).getAttribute('title')) ?? frame.url();
    for (const finding of await auditFramed(page, frame, scheme)) {
      findings.push({
        ...finding,
        nodes: finding.nodes.map((node) => ({
          ...node,
          target: `frame "${title}" ${node.target}`,
        })),
      });
    }
  }
  return findings;
}

/** Findings as one line per element, for a failure message that says what to fix where. */
function describeFindings(state: string, findings: readonly Finding[]): string[] {
  return findings.flatMap((finding) =>
    finding.nodes.map(
      (node) =>
        `${state}: ${finding.id} (${finding.impact}) ${node.target} — ${finding.help}. ${node.summary}`,
    ),
  );
}

/**
 * Asserts that axe finds nothing on the page as it is now, in the light and then the dark colour
 * scheme (emulated as the OS would set it; the page is put back to light). `state` names what
 * is on screen, for the failure message.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const lines: string[] = [];
  for (const scheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await frames(page);
    lines.push(...describeFindings(`${state} [${scheme}]`, await axeFindings(page, scheme)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(lines).toEqual([]);
}

/** How the focused element (or the option a focused box points at) shows the keyboard. */
export interface FocusRing {
  /** The element: tag, role and name, for a failure message. */
  readonly element: string;
  readonly outlineStyle: string;
  readonly outlineWidthPx: number;
  /** The ring's contrast against the colour behind it (WCAG 1.4.11 asks 3:1). */
  readonly contrast: number;
}

/** What the in-page measuring code reads (the tests compile without the DOM's types). */
interface MeasuredElement {
  readonly tagName: string;
  readonly id: string;
  readonly parentElement: MeasuredElement | null;
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly nextElementSibling: MeasuredElement | null;
  readonly clientTop: number;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
}
interface MeasuredScope {
  readonly document: {
    readonly activeElement: MeasuredElement | null;
    getElementById(id: string): MeasuredElement | null;
  };
  getComputedStyle(element: MeasuredElement): {
    outlineStyle: string;
    outlineWidth: string;
    outlineColor: string;
    outlineOffset: string;
    borderBottomStyle: string;
    borderBottomWidth: string;
    borderBottomColor: string;
    backgroundColor: string;
  };
}

/** The channels of a computed colour, `rgb(r, g, b)` or `rgba(r, g, b, a)`. */
function channels(color: string): [number, number, number, number?] {
  return (color.match(/[\d.]+/gu) ?? []).map(Number) as [number, number, number, number?];
}

/** The colour seen behind something: the first opaque one of `backgrounds` (innermost first). */
function firstOpaque(backgrounds: readonly string[]): string {
  return (
    backgrounds.find((color) => {
      const alpha = channels(color)[3];
      return alpha === undefined || alpha === 1;
    }) ?? 'rgb(255, 255, 255)'
  );
}

/** WCAG's contrast ratio of two computed colours, to two decimals. */
export function contrastRatio(one: string, other: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = channels(color).map((value) => {
      const c = (value ?? 0) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [light, dark] = [luminance(one), luminance(other)].sort((a, b) => b - a);
  return Math.round((((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05)) * 100) / 100;
}

/**
 * Measures the focus ring of the focused element, or of the option it names with
 * aria-activedescendant (the focus stays in a type-to-filter box while arrows move the option).
 * `undefined` when nothing has the focus.
 */
export async function focusRing(page: Page): Promise<FocusRing | undefined> {
  const measured = await page.evaluate(() => {
    const scope = globalThis as unknown as MeasuredScope;
    const focused = scope.document.activeElement;
    if (focused === null || focused.tagName === 'BODY') return undefined;
    const pointed = focused.getAttribute('aria-activedescendant');
    const ringed = (pointed === null ? null : scope.document.getElementById(pointed)) ?? focused;
    const style = scope.getComputedStyle(ringed);
    // The colours behind the ring, outwards from the element (an inset ring) or from its parent
    // (a ring drawn outside it).
    const inset = Number.parseFloat(style.outlineOffset) < 0;
    const backgrounds: string[] = [];
    for (
      let node: MeasuredElement | null = inset ? ringed : ringed.parentElement;
      node !== null;
      node = node.parentElement
    ) {
      backgrounds.push(scope.getComputedStyle(node).backgroundColor);
    }
    const name =
      ringed.getAttribute('aria-label') ?? (ringed.textContent ?? '').trim().slice(0, 40);
    return {
      element: `${ringed.tagName.toLowerCase()}[role=${ringed.getAttribute('role') ?? ''}] "${name}"`,
      outlineStyle: style.outlineStyle,
      outlineWidthPx: Number.parseFloat(style.outlineWidth),
      outlineColor: style.outlineColor,
      backgrounds,
    };
  });
  if (measured === undefined) return undefined;
  const { outlineColor, backgrounds, ...ring } = measured;
  return { ...ring, contrast: contrastRatio(outlineColor, firstOpaque(backgrounds)) };
}

/** The least room between a clipping region's line and what comes under it (CSS px). */
export const CLIPPED_EDGE_GAP_PX = 4;

/**
 * What is wrong with the line along the bottom of a region that scrolls by itself, if anything:
 * where it clips its content next to another region's, a line must show the edge (solid, 1 px
 * or more, 3:1 against the surface behind it), and the region under it must begin a little
 * below that line ({@link CLIPPED_EDGE_GAP_PX}), or the two cut rows meet and read as text
 * written over text (with the line alone, at 200% zoom the cut Notes field and the cut first
 * message still touched it from both sides). `undefined` when it has both; an error when the
 * region does not clip at all (the check would then prove nothing).
 */
export async function clippedEdgeProblem(region: Locator): Promise<string | undefined> {
  const edge = await region.evaluate((element) => {
    const scope = globalThis as unknown as MeasuredScope;
    const node = element as unknown as MeasuredElement;
    const style = scope.getComputedStyle(node);
    const backgrounds: string[] = [];
    for (let behind = node.parentElement; behind !== null; behind = behind.parentElement) {
      backgrounds.push(scope.getComputedStyle(behind).backgroundColor);
    }
    const next = node.nextElementSibling;
    return {
      clips: node.scrollHeight > node.clientHeight,
      // Where the next region cuts its own content: inside its top border.
      gapPx:
        next === null
          ? Number.POSITIVE_INFINITY
          : next.getBoundingClientRect().top + next.clientTop - node.getBoundingClientRect().bottom,
      style: style.borderBottomStyle,
      widthPx: Number.parseFloat(style.borderBottomWidth),
      color: style.borderBottomColor,
      backgrounds,
    };
  });
  if (!edge.clips) throw new Error('the region shows all of its content: nothing to check');
  if (edge.style !== 'solid' || edge.widthPx < 1)
    return `no line at its edge (${edge.style} ${String(edge.widthPx)}px)`;
  const contrast = contrastRatio(edge.color, firstOpaque(edge.backgrounds));
  if (contrast < 3) return `its edge's line at ${String(contrast)}:1`;
  if (edge.gapPx < CLIPPED_EDGE_GAP_PX)
    return `what comes under it begins ${String(edge.gapPx)}px below its line`;
  return undefined;
}

/** A ring is visible: drawn, at least 2 px, at 3:1 or more against what is behind it. */
export function ringProblem(ring: FocusRing | undefined): string | undefined {
  if (ring === undefined) return 'nothing has the focus';
  if (ring.outlineStyle === 'none' || ring.outlineWidthPx < 2)
    return `${ring.element}: no focus ring (${ring.outlineStyle} ${String(ring.outlineWidthPx)}px)`;
  if (ring.contrast < 3) return `${ring.element}: focus ring at ${String(ring.contrast)}:1`;
  return undefined;
}

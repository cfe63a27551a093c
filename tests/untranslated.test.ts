import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse as parseSfc } from 'vue/compiler-sfc';

/**
 * Fails on UI text that does not go through vue-i18n (issue 15 item 4): words written into a
 * view's template, into a text attribute (`title="Close"`), or as a sentence-shaped string
 * literal in the renderer's scripts ("Not possible now"). Translated text comes from `t()` /
 * `$t()` and the catalogs in common/i18n/.

 */

const SOURCE = join(import.meta.dirname, '../renderer/src');

/** Attributes whose value is markup or data, never words an agent reads. */
const NON_TEXT_ATTRIBUTES = new Set([
  'class',
  'id',
  'type',
  'name',
  'role',
  'for',
  'autocomplete',
  'inputmode',
  'enterkeyhint',
  'method',
  'rel',
  'target',
  'href',
  'src',
  'lang',
  'dir',
  'key',
  'ref',
  'tabindex',
  'sandbox',
  'referrerpolicy',
  'spellcheck',
  'accept',
  'wrap',
  'autocapitalize',
  'size',
  'min',
  'max',
  'step',
  'width',
  'height',
  'viewbox',
  'd',
  'fill',
  'stroke',
  'xmlns',
  'focusable',
  'loading',
  'decoding',
  'draggable',
  'contenteditable',
  'translate',
  'slot',
  'is',
  'as',
  'tag',
  'mode',
  'variant',
  'kind',
  'value',
  'pattern',
  'form',
  'rows',
  'cols',
  'maxlength',
  'minlength',
  'to',
  'name',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'points',
  'cx',
  'cy',
  'r',
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'transform',
  'preserveaspectratio',
  'aria-hidden',
  'aria-live',
  'aria-atomic',
  'aria-relevant',
  'aria-controls',
  'aria-labelledby',
  'aria-describedby',
  'aria-haspopup',
  'aria-expanded',
  'aria-current',
  'aria-modal',
  'aria-orientation',
  'aria-sort',
  'aria-checked',
  'aria-selected',
  'aria-pressed',
  'aria-disabled',
  'aria-busy',
  'aria-invalid',
  'aria-required',
  'aria-readonly',
  'aria-multiselectable',
  'aria-activedescendant',
  'aria-owns',
  'aria-level',
  'aria-posinset',
  'aria-setsize',
  'aria-rowcount',
  'aria-rowindex',
  'aria-colcount',
  'aria-colindex',
  'aria-keyshortcuts',
  'aria-autocomplete',
  'aria-valuemin',
  'aria-valuemax',
  'aria-valuenow',
]);

/** Text an agent reads: something with a letter in it. Symbols ("·", "—", "×", "…") pass. */
const HAS_LETTER = /\p{L}/u;

/** A string literal shaped like a phrase or sentence: "Not possible now", "Saved to ". */
const PROSE = /^\p{Lu}[\p{Ll}’']*(?:[ ,'’.:;-]+[\p{L}’']+)+[.?!…:]?\s*$/u;

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
    if (entry.name.endsWith('.test.ts') || entry.name.endsWith('.d.ts')) return [];
    return entry.name.endsWith('.vue') || entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The few fields of Vue's template AST read here (@vue/compiler-core's `NodeTypes` numbers). */
const ELEMENT = 1;
const TEXT = 2;
const ATTRIBUTE = 6;
interface Location {
  readonly start: { readonly line: number };
}
interface TemplateNode {
  readonly type: number;
  readonly loc: Location;
  readonly content?: unknown;
  readonly props?: readonly {
    readonly type: number;
    readonly name: string;
    readonly value?: { readonly content: string };
    readonly loc: Location;
  }[];
  readonly children?: readonly unknown[];
}

function templateFindings(file: string, root: TemplateNode): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: TemplateNode): void => {
    if (node.type === TEXT && typeof node.content === 'string' && HAS_LETTER.test(node.content)) {
      findings.push({ file, line: node.loc.start.line, text: node.content.trim() });
    }
    if (node.type === ELEMENT) {
      for (const prop of node.props ?? []) {
        if (prop.type !== ATTRIBUTE || prop.value === undefined) continue;
        const name = prop.name.toLowerCase();
        if (NON_TEXT_ATTRIBUTES.has(name) || name.startsWith('data-')) continue;
        const value = prop.value.content;
        // A lone lower-case token is an option (`variant="primary"`), not a sentence.
        if (HAS_LETTER.test(value) && (/\s/.test(value.trim()) || /^\p{Lu}/u.test(value))) {
          findings.push({ file, line: prop.loc.start.line, text: `${prop.name}="${value}"` });
        }
      }
    }
    for (const child of node.children ?? []) visit(child as TemplateNode);
  };
  visit(root);
  return findings;
}

function scriptFindings(file: string, code: string, firstLine: number): Finding[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const isExempt = (node: ts.Node): boolean => {
    for (let up = node; !ts.isSourceFile(up); up = up.parent) {
      if (ts.isImportDeclaration(up) || ts.isExportDeclaration(up)) return true;
      if (ts.isLiteralTypeNode(up)) return true;
      // Log lines are for whoever reads the log, in English.
      if (ts.isCallExpression(up) && up.expression.getText(source).startsWith('console.'))
        return true;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    const text =
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node)
        ? node.text
        : undefined;
    if (text !== undefined && PROSE.test(text) && !isExempt(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + firstLine;
      findings.push({ file, line, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function findingsIn(path: string): Finding[] {
  const file = relative(SOURCE, path);
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.ts')) return scriptFindings(file, text, 1);
  const { descriptor } = parseSfc(text, { filename: file });
  const ast = descriptor.template?.ast;
  const findings = ast ? templateFindings(file, ast) : [];
  for (const block of [descriptor.script, descriptor.scriptSetup]) {
    if (block) findings.push(...scriptFindings(file, block.content, block.loc.start.line));
  }
  return findings;
}

describe('untranslated UI text', () => {
  const files = sourceFiles(SOURCE);

  it.each(files.map((path) => [relative(SOURCE, path), path]))(
    '%s has no text outside the catalogs',
    (_name, path) => {
      expect(findingsIn(path).map((finding) => `${finding.line}: ${finding.text}`)).toEqual([]);
    },
  );

  it('catches words in a template, a text attribute and a sentence in a script', () => {
    const sample = `<script setup lang="ts">
const label = 'Not possible now';
const code = 'email';
console.warn('Logged for support only');
</script>
<template>
  <button title="Close the panel" class="primary wide" aria-live="polite">Save</button>
  <span>{{ t('shell.ready') }} · —</span>
</template>`;
    const { descriptor } = parseSfc(sample, { filename: 'Sample.vue' });
    const { template, scriptSetup } = descriptor;
    if (!template?.ast || !scriptSetup) throw new Error('the sample did not parse');
    const findings = [
      ...templateFindings('Sample.vue', template.ast),
      ...scriptFindings('Sample.vue', scriptSetup.content, 1),
    ].map((finding) => finding.text);
    expect(findings.sort()).toEqual(['Not possible now', 'Save', 'title="Close the panel"']);
  });
});

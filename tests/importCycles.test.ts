import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';

// No module of the project may import itself back, directly or through others. A loop makes
// the order in which modules initialise depend on which one is loaded first (an import reads
// `undefined` or throws in its temporal dead zone), and it is the sign of two modules that are
// one. The walk reads every relative import a bundler follows: static `import` (types too: the
// loop is in the design even when the compiler erases it), `export … from`, `import()` and
// `import x = require()`, in .ts files and in the <script> blocks of .vue files.

const root = fileURLToPath(new URL('..', import.meta.url));

/** The folders held free of cycles: every layer of the application and the simulator. */
const CHECKED_FOLDERS = ['common', 'main', 'preload', 'renderer', 'simulator'] as const;

const SOURCE_FILE = /\.(ts|vue)$/;

/** Every .ts and .vue file below `folder`, skipping dependencies and build output. */
function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'out' || entry.name === 'dist') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** The code of a file as TypeScript sees it: a .vue file's <script> blocks, joined. */
function scriptOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.vue')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .map((match) => match[1] ?? '')
    .join('\n');
}

/** The file a relative specifier names, as the bundler resolves it; null when it is no source. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.vue`,
    join(base, 'index.ts'),
    // `./x.js` in TypeScript source names `./x.ts`.
    base.replace(/\.js$/, '.ts'),
  ];
  for (const candidate of candidates) {
    if (SOURCE_FILE.test(candidate) && existsSync(candidate) && statSync(candidate).isFile())
      return candidate;
  }
  return null;
}

/** The project files `file` imports by a relative specifier (assets such as .css excluded). */
function relativeImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(scriptOf(file), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
    .map((specifier) => resolveSpecifier(file, specifier))
    .filter((target): target is string => target !== null);
}

/**
 * Each import cycle among the source files of `folders` (below `base`), as the list of its
 * files relative to `base`, the first repeated at the end: one cycle per strongly connected
 * group of files (Tarjan), the shortest through the group's first file.
 */
function findImportCycles(base: string, folders: readonly string[]): string[][] {
  const files = folders.flatMap((folder) => sourceFiles(join(base, folder)));
  const graph = new Map(files.map((file) => [file, [...new Set(relativeImports(file))]]));

  // Tarjan's strongly connected components, iterative enough for a few hundred files.
  let counter = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    lowLink.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue; // outside the folders walked
      if (!index.has(next)) {
        visit(next);
        lowLink.set(file, Math.min(lowLink.get(file) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(file, Math.min(lowLink.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowLink.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      const selfImport = group.length === 1 && (graph.get(file) ?? []).includes(file);
      if (group.length > 1 || selfImport) groups.push(group);
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);

  return groups.map((group) => {
    const members = new Set(group);
    const [start] = [...group].sort();
    if (start === undefined) return [];
    // Breadth-first from `start` back to itself, inside the group: the shortest loop.
    const cameFrom = new Map<string, string>();
    const queue = [start];
    let closing: string | undefined;
    for (
      let file = queue.shift();
      file !== undefined && closing === undefined;
      file = queue.shift()
    ) {
      for (const next of graph.get(file) ?? []) {
        if (next === start) {
          closing = file;
          break;
        }
        if (members.has(next) && !cameFrom.has(next)) {
          cameFrom.set(next, file);
          queue.push(next);
        }
      }
    }
    const path = [start];
    for (let file = closing; file !== undefined && file !== start; file = cameFrom.get(file))
      path.splice(1, 0, file);
    path.push(start);
    return path.map((file) => relative(base, file).replaceAll('\\', '/'));
  });
}

describe('import cycles', () => {
  it.each(CHECKED_FOLDERS)('%s/ has none', (folder) => {
    const cycles = findImportCycles(root, [folder]);
    expect(cycles.map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('none between the checked folders either', () => {
    const cycles = findImportCycles(root, CHECKED_FOLDERS);
    expect(cycles.map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});

describe('the cycle finder', () => {
  let scratch: string | undefined;
  afterEach(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  /** Writes `files` (path → content) under a fresh folder `src/` and returns the base. */
  function project(files: Record<string, string>): string {
    scratch = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    for (const [path, content] of Object.entries(files)) {
      const full = join(scratch, 'src', path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    return scratch;
  }

  it('names the files of each loop, through every kind of import', () => {
    const base = project({
      'a.ts': "import type { B } from './b';\nexport const a = 1;",
      'b.ts': "export * from './c.js';\nexport type B = number;",
      'c.ts': "export const c = () => import('./a');",
      'view/Panel.vue':
        '<template><p/></template>\n<script setup lang="ts">\nimport { d } from "../d";\n</script>',
      'd.ts': "import x = require('./view/Panel.vue');\nexport const d = x;",
      'e.ts':
        "// import './e'\nconst text = \"import './e'\";\nexport { text };\nimport './styles.css';",
      'f.ts': "import './lib';",
      'lib/index.ts': "export { f } from '../f';",
    });
    const cycles = findImportCycles(base, ['src']);
    expect(cycles.map((cycle) => cycle.join(' → ')).sort()).toEqual([
      'src/a.ts → src/b.ts → src/c.ts → src/a.ts',
      'src/d.ts → src/view/Panel.vue → src/d.ts',
      'src/f.ts → src/lib/index.ts → src/f.ts',
    ]);
  });

  it('finds nothing in a tree without loops, and a file importing itself is a loop', () => {
    expect(
      findImportCycles(project({ 'a.ts': "import './b';", 'b.ts': "import './c';", 'c.ts': '' }), [
        'src',
      ]),
    ).toEqual([]);
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    expect(findImportCycles(project({ 'self.ts': "export * from './self';" }), ['src'])).toEqual([
      ['src/self.ts', 'src/self.ts'],
    ]);
  });
});

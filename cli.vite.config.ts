import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build, defineConfig, type UserConfig } from 'vite';

/**
 * The `switchboard` command as plain Node 22 JavaScript, in out/cli/ (`npm run build` runs this
 * after electron-vite). The project's own TypeScript is bundled; what the package lists in
 * `dependencies` stays external and is loaded from node_modules at run time, like the app's
 * main process does (better-sqlite3 is native, the CometD packages are CommonJS). Anything else
 * a bare import names is bundled too, so the output never reaches for a development dependency:
 * an installed copy (`npm ci --omit=dev`) has none.
 */
const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimePackages = Object.keys(manifest.dependencies ?? {});

/** Node's built-ins and the production dependencies (and their subpaths) are left as imports. */
function isExternal(id: string): boolean {
  if (id.startsWith('node:') || builtinModules.includes(id)) return true;
  return runtimePackages.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * The build of a plain Node 22 program: each of `input`'s entries (name → source) bundled into
 * `outDir` as `name.js`, with the imports {@link isExternal} keeps. Also the crash loop's child
 * (bench/crash.ts), which runs the cache's writer as the app's main process would.
 */
export function nodeProgramBuild(input: Record<string, string>, outDir: string): UserConfig {
  return {
    // No index.html, no public folder: a Node program.
    publicDir: false,
    // Bundle every import, except those `isExternal` keeps (Vite's SSR default would externalize
    // every package, development dependencies included).
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: true,
      target: 'node22',
      outDir,
      emptyOutDir: true,
      // Stack traces a user pastes into a bug report should be readable.
      minify: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input,
        external: isExternal,
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  };
}

/**
 * The TypeScript program at `source` built by {@link nodeProgramBuild} into `name.js` in a fresh
 * folder under out/ (so that Node finds the production dependencies in node_modules), which
 * `remove` deletes. For tests and benchmarks that start a program of the project many times:
 * through tsx each start compiled its TypeScript again (~0.5 CPU-seconds and more); built once,
 * a start costs a fraction of that.
 */
export async function builtNodeProgram(
  name: string,
  source: string,
): Promise<{ readonly path: string; remove(): void }> {
  const root = import.meta.dirname;
  mkdirSync(join(root, 'out'), { recursive: true });
  const folder = mkdtempSync(join(root, 'out', `${name}-`));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      root,
      ...nodeProgramBuild({ [name]: source }, folder),
    });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    path: join(folder, `${name}.js`),
    remove: () => {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export default defineConfig(
  nodeProgramBuild(
    {
      switchboard: resolve(import.meta.dirname, 'main/headless/switchboard.ts'),
      // The search runs on a worker thread whose script must be a file of its own, named as
      // main/cache/searchClient.ts expects it beside the module that starts it: a `.js` file
      // (ES module through package.json's "type") next to switchboard.js.
      searchWorker: resolve(import.meta.dirname, 'main/cache/searchWorker.ts'),
    },
    resolve(import.meta.dirname, 'out/cli'),
  ),
);

import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * One build for the three Electron processes. Main keeps `dependencies` external (native
 * modules such as better-sqlite3 must load from node_modules); the preload runs sandboxed, where
 * `require` reaches only 'electron', so everything it uses is bundled into one CommonJS file.
 */
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          // Full-text search runs in a worker thread: its script must be a file of its own,
          // beside index.js, where main/cache/searchClient.ts looks for it.
          searchWorker: resolve(import.meta.dirname, 'main/cache/searchWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
    plugins: [vue(), rendererSounds()],
    // vue-i18n's bundler build: Composition API only, no devtools hooks in the shipped app.
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
  },
});

/**
 * Puts resources/sounds/*.wav into the renderer as `sounds/<name>` (emitted into the build,
 * served by the dev server), where the renderer plays them by that relative URL.
 *
 * Why not an import: resources/ lies outside every layer the lint knows, and renderer/ may
 * import only renderer/ and common/ (eslint.config.js), so `import chime from
 * '../../resources/sounds/invitation.wav'` would need a hole in the layering rules. Why not
 * `publicDir`: renderer/public already holds the favicon, and the sounds belong with the other
 * generated resources (scripts/make-sound.ts writes them there). The renderer learns nothing
 * of the file system: only a URL beside index.html, allowed by the CSP's `media-src 'self'`.
 */
function rendererSounds(): Plugin {
  const folder = resolve(import.meta.dirname, 'resources/sounds');
  const soundFiles = async () =>
    (await readdir(folder)).filter((name) => name.endsWith('.wav')).sort();
  return {
    name: 'switchboard:renderer-sounds',
    configureServer(server) {
      server.middlewares.use('/sounds/', (request, response, next) => {
        void (async () => {
          try {
            const path = (request.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
            const name = decodeURIComponent(path);
            if (!(await soundFiles()).includes(name)) {
              next();
              return;
            }
            const bytes = await readFile(join(folder, name));
            response.setHeader('content-type', 'audio/wav');
            response.end(bytes);
          } catch (error) {
            next(error);
          }
        })();
      });
    },
    async generateBundle() {
      for (const name of await soundFiles()) {
        this.emitFile({
          type: 'asset',
          fileName: `sounds/${name}`,
          source: await readFile(join(folder, name)),
        });
      }
    },
  };
}

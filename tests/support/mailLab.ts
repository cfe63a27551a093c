import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';
import { serveFolder, type StaticServer } from './staticServer';

/** The lab page's folder: the real e-mail view over a stand-in contract client. */
export const MAIL_LAB_ROOT = resolve(import.meta.dirname, '../../renderer/src/testing/mailLab');

/** The Content-Security-Policy an HTML page declares in its meta tag. */
export async function declaredPolicy(htmlFile: string): Promise<string | undefined> {
  return /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/u.exec(
    await readFile(htmlFile, 'utf8'),
  )?.[1];
}

/**
 * Builds the mail-view lab (renderer/src/testing/mailLab) with Vite into a temporary folder
 * and serves it on loopback: the same components and sanitizer the desk bundles, under the
 * desk's own Content-Security-Policy.
 */
export async function serveMailLab(): Promise<StaticServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'switchboard-mail-lab-'));
  await build({
    configFile: false,
    root: MAIL_LAB_ROOT,
    plugins: [vue()],
    // vue-i18n's build flags, as the desk's build sets them (electron.vite.config.ts).
    define: {
      __VUE_I18N_FULL_INSTALL__: true,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
    },
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'esnext', minify: false },
  });
  const server = await serveFolder(outDir);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Each layering rule of ARCHITECTURE.md is proven to bite: a forbidden import, linted as if it
// lived in the layer, must be reported by the project's real lint config, and an allowed one
// must not. Only the layering rules run, and without type information, so a snippet can be
// linted under any path without being part of a TypeScript project.

const LAYERING_RULES = new Set([
  'no-restricted-imports',
  'no-restricted-syntax',
  'boundaries/dependencies',
  'boundaries/no-unknown-dependencies',
  // Not layering, but a rule of where code may live too: see 'test files sharing a process'.
  'no-restricted-properties',
]);

// The module name is spliced in so that text searches for files importing Electron (such as the
// project's before-stop check) do not count these lint fixtures as imports.
const ELECTRON = "'electron'";

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
    },
    ruleFilter: ({ ruleId }) => LAYERING_RULES.has(ruleId),
  });
});

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  return result.messages.map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('layering rules', () => {
  it.each([
    ['common/probe.ts', "import '../main/index';", 'common/ imports nothing else of the project'],
    [
      'common/probe.ts',
      "import '../renderer/src/api';",
      'common/ imports nothing else of the project',
    ],
    [
      'common/probe.ts',
      "import '../preload/index';",
      'common/ imports nothing else of the project',
    ],
    ['common/probe.ts', "import '../vitest.config';", 'boundaries/no-unknown-dependencies'],
    ['common/probe.ts', "import { readFile } from 'node:fs';", 'no Node built-ins'],
    [
      'common/probe.ts',
      "import 'electron';",
      "Only main/electron/, main/index.ts and preload/ may import 'electron'",
    ],
    [
      'renderer/src/probe.ts',
      "import '../../main/ipc/dispatcher';",
      'renderer/ imports only common/',
    ],
    ['renderer/src/probe.ts', "import '../../preload/index';", 'renderer/ imports only common/'],
    ['renderer/src/probe.ts', "import 'electron';", "may import 'electron'"],
    ['renderer/src/probe.ts', "import { join } from 'path';", 'no Node built-ins'],
    ['main/workstation/probe.ts', `import { app } from ${ELECTRON};`, "may import 'electron'"],
    ['main/ipc/probe.ts', "const { ipcMain } = await import('electron');", "may import 'electron'"],
    ['tests/probe.ts', "import 'electron';", "may import 'electron'"],
    ['bench/probe.ts', `const electron = require(${ELECTRON});`, "may import 'electron'"],
    ['simulator/probe.ts', "import '../main/ipc/dispatcher';", 'simulator/ stands alone'],
    ['simulator/probe.ts', "import '../renderer/src/api';", 'simulator/ stands alone'],
    ['simulator/probe.ts', "import 'electron';", "may import 'electron'"],
    // The cache owns its SQL: nothing outside main/cache/ prepares, runs or reaches the database.
    [
      'main/workstation/probe.ts',
      "store.db.prepare('SELECT 1').get();",
      'Only main/cache/ runs SQL',
    ],
    [
      'main/workstation/probe.ts',
      'this.store.db.transaction(() => undefined)();',
      'Only main/cache/ runs SQL',
    ],
    ['main/headless/probe.ts', "db.exec('DELETE FROM interactions');", 'Only main/cache/ runs SQL'],
    [
      'main/headless/probe.ts',
      "db.pragma('user_version', { simple: true });",
      'Only main/cache/ runs SQL',
    ],
    ['main/electron/probe.ts', 'openCache(path).db.close();', 'Only main/cache/ runs SQL'],
    [
      'main/index.ts',
      "database.prepare('DELETE FROM settings').run();",
      'Only main/cache/ runs SQL',
    ],
  ])('%s may not %s', async (filePath, code, expected) => {
    const errors = await layeringErrors(filePath, code);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each([
    ['common/probe.ts', "import { z } from 'zod'; import './errors';"],
    ['renderer/src/probe.ts', "import '../../common/contract'; import { ref } from 'vue';"],
    ['main/electron/probe.ts', `import { app } from ${ELECTRON}; import '../ipc/dispatcher';`],
    ['main/index.ts', `import { app } from ${ELECTRON};`],
    ['preload/probe.ts', `import { contextBridge } from ${ELECTRON}; import '../common/contract';`],
    ['simulator/probe.ts', "import { createServer } from 'node:http'; import '../common/errors';"],
    ['tests/probe.ts', "import '../main/ipc/dispatcher'; import '../vitest.config';"],
    ['main/cache/probe.ts', "store.db.prepare('SELECT 1').get(); db.exec('VACUUM');"],
    ['main/gws/probe.ts', "/^(\\d+)$/u.exec(text); pattern.exec('literal'.slice(1)); options.db;"],
    ['main/electron/probe.ts', "const electron = await import('electron');"],
    ['tests/probe.ts', "db.prepare('SELECT count(*) FROM interactions').get();"],
    ['bench/probe.ts', "raw.exec('CREATE TABLE raw_messages (payload TEXT)');"],
  ])('%s may %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).toEqual([]);
  });
});

describe('test files sharing a process', () => {
  // vitest.config.ts's `unit` and `e2e` projects run their files one after another in each
  // worker process: a mocked module would stay mocked for the next file. The renderer's files
  // each get their own process.
  it.each([
    ['main/workstation/probe.test.ts', "vi.mock('./desk');"],
    ['tests/gws/probe.test.ts', "vi.doMock('../../main/gws/http', () => ({}));"],
    ['simulator/probe.test.ts', 'vi.resetModules();'],
    ['tests/e2e/probe.test.ts', "vi.mock('./deskHarness');"],
  ])('%s may not %s', async (filePath, code) => {
    expect((await layeringErrors(filePath, code)).join('\n')).toContain(
      'run one after another in one process',
    );
  });

  it.each([
    ['renderer/src/stores/probe.test.ts', "vi.mock('../bridge');"],
    ['preload/probe.test.ts', "vi.mock('electron');"],
    ['main/workstation/probe.test.ts', "vi.spyOn(store, 'insertChatEvents');"],
  ])('%s may %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).toEqual([]);
  });
});

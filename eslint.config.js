// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import pluginVue from 'eslint-plugin-vue';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const ELECTRON_ONLY_IN_THE_SHELL =
  "Only main/electron/, main/index.ts and preload/ may import 'electron'; keep logic where tests can run it.";
const electronImport = { name: 'electron', message: ELECTRON_ONLY_IN_THE_SHELL };
const electronSyntax = [
  {
    selector: "ImportExpression[source.value='electron']",
    message: ELECTRON_ONLY_IN_THE_SHELL,
  },
  {
    selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
    message: ELECTRON_ONLY_IN_THE_SHELL,
  },
];

// ARCHITECTURE.md, "the cache owns its SQL": statements live behind CacheStore's named methods.
const CACHE_OWNS_ITS_SQL =
  'Only main/cache/ runs SQL: add a named CacheStore method instead of preparing statements or reaching the raw database here.';
const cacheSqlSyntax = [
  // `db.prepare(…)`, `this.store.db.prepare(…)`: any prepared statement.
  { selector: "CallExpression[callee.property.name='prepare']", message: CACHE_OWNS_ITS_SQL },
  // `db.exec('…')`, `db.pragma('…')`: SQL text given literally (a RegExp's exec takes a variable).
  {
    selector:
      'CallExpression[callee.property.name=/^(exec|pragma)$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]',
    message: CACHE_OWNS_ITS_SQL,
  },
  // `store.db`, `this.store.db`, `openCache(path).db`: the store's raw connection.
  {
    selector:
      "MemberExpression[property.name='db']:matches([object.name=/store$/i], [object.property.name=/store$/i], [object.type='CallExpression'])",
    message: CACHE_OWNS_ITS_SQL,
  },
];

// vitest.config.ts's `unit` and `e2e` projects: their files share worker processes and modules.
const TEST_FILES_SHARE_A_PROCESS =
  "This folder's test files run one after another in one process, sharing its modules: pass a fake in instead of mocking a module (or test it under renderer/ or preload/, whose files each get a process).";

// common/ runs in all three processes and renderer/ in a sandboxed page: no Node built-ins.
const NO_NODE_BUILTINS =
  'common/ and renderer/ also run outside Node (in the sandboxed renderer): no Node built-ins.';
const nodeBuiltinImports = builtinModules.map((name) => ({ name, message: NO_NODE_BUILTINS }));
const nodePrefixedImports = { group: ['node:*'], message: NO_NODE_BUILTINS };

/**
 * The layering of ARCHITECTURE.md, as lint rules. tests/layering.test.ts lints a forbidden
 * import against each of these and expects the error, so removing or loosening one fails CI.
 */
export const layering = defineConfig(
  {
    name: 'switchboard/layering/electron-only-in-the-shell',
    files: ['**/*.{ts,mts,cts,vue,js,mjs,cjs}'],
    ignores: ['main/electron/**', 'main/index.ts', 'preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImport] }],
      'no-restricted-syntax': ['error', ...electronSyntax],
    },
  },
  {
    // Overrides the block above for main/ (rule options do not merge), so it repeats the
    // electron restriction.
    name: 'switchboard/layering/the-cache-owns-its-sql',
    files: ['main/**/*.ts'],
    ignores: ['main/cache/**', 'main/electron/**', 'main/index.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...cacheSqlSyntax, ...electronSyntax],
    },
  },
  {
    // main/electron/ and main/index.ts may import Electron, but they run no SQL either.
    name: 'switchboard/layering/the-cache-owns-its-sql-in-the-shell',
    files: ['main/electron/**/*.ts', 'main/index.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...cacheSqlSyntax],
    },
  },
  {
    // Overrides the block above for these folders, so it repeats the electron restriction.
    name: 'switchboard/layering/common-and-renderer-are-portable',
    files: ['common/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport, ...nodeBuiltinImports], patterns: [nodePrefixedImports] },
      ],
      // Files outside every element (the root config files) are off limits too.
      'boundaries/no-unknown-dependencies': 'error',
    },
  },
  {
    name: 'switchboard/layering/boundaries',
    files: ['**/*.{ts,mts,cts,vue,js,mjs,cjs}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.vue', '.js', '.mjs', '.json'] } },
      'boundaries/elements': [
        { type: 'common', pattern: 'common', partialMatch: false },
        { type: 'renderer', pattern: 'renderer', partialMatch: false },
        { type: 'preload', pattern: 'preload', partialMatch: false },
        { type: 'main', pattern: 'main', partialMatch: false },
        { type: 'simulator', pattern: 'simulator', partialMatch: false },
        { type: 'tooling', pattern: '{tests,bench,scripts}', partialMatch: false },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              from: { element: { type: 'common' } },
              disallow: { to: { element: { type: '!common' } } },
              message: 'common/ imports nothing else of the project.',
            },
            {
              from: { element: { type: 'renderer' } },
              disallow: { to: { element: { types: { noneOf: ['renderer', 'common'] } } } },
              message: 'renderer/ imports only common/ (reach main through the contract).',
            },
            {
              from: { element: { type: 'simulator' } },
              disallow: { to: { element: { types: { anyOf: ['main', 'renderer', 'preload'] } } } },
              message: 'simulator/ stands alone: it imports neither main/ nor renderer/.',
            },
          ],
        },
      ],
    },
  },
);

export default defineConfig(
  {
    ignores: ['out/**', 'dist/**', 'coverage/**', 'node_modules/**'],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  pluginVue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    name: 'switchboard/tests',
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      // Type-level tests assert with expectTypeOf; tsc checks them in `npm run typecheck`.
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expectTypeOf'] }],
    },
  },
  {
    // vitest.config.ts runs these folders' test files one after another in each worker process
    // (`isolate: false`): a module mocked in one file would stay mocked for the files after it.
    name: 'switchboard/tests/files-share-a-process',
    files: ['{common,main,simulator,tests}/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['mock', 'doMock', 'unmock', 'doUnmock', 'resetModules'].map((property) => ({
          object: 'vi',
          property,
          message: TEST_FILES_SHARE_A_PROCESS,
        })),
      ],
    },
  },
  layering,
  prettier,
);

// @ts-check
import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import pluginVue from 'eslint-plugin-vue';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const ELECTRON_ONLY_IN_THE_SHELL =
  "Only main/electron/, main/index.ts and preload/ may import 'electron'; keep logic where tests can run it.";

/**
 * The layering of ARCHITECTURE.md, as lint rules. tests/layering.test.ts lints a forbidden
 * import against each of these and expects the error, so removing or loosening one fails CI.
 */
export const layering = defineConfig(
  {
    name: 'switchboard/layering/resolver',
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.node.json', 'tsconfig.web.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    plugins: { 'import-x': importX },
  },
  {
    name: 'switchboard/layering/electron-only-in-the-shell',
    files: ['**/*.{ts,mts,cts,vue,js,mjs,cjs}'],
    ignores: ['main/electron/**', 'main/index.ts', 'preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: ELECTRON_ONLY_IN_THE_SHELL,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportExpression[source.value='electron']",
          message: ELECTRON_ONLY_IN_THE_SHELL,
        },
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
          message: ELECTRON_ONLY_IN_THE_SHELL,
        },
      ],
    },
  },
  {
    name: 'switchboard/layering/common-and-renderer-are-portable',
    files: ['common/**', 'renderer/**'],
    rules: {
      // The renderer is sandboxed and common/ runs in all three processes: no Node built-ins.
      'import-x/no-nodejs-modules': 'error',
    },
  },
  {
    name: 'switchboard/layering/boundaries',
    files: ['common/**', 'renderer/**', 'simulator/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: './common',
              from: './',
              except: ['./common', './node_modules'],
              message: 'common/ imports nothing else of the project.',
            },
            {
              target: './renderer',
              from: './',
              except: ['./renderer', './common', './node_modules'],
              message: 'renderer/ imports only common/ (reach main through the contract).',
            },
            {
              target: './simulator',
              from: ['./main', './renderer', './preload'],
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
  layering,
  prettier,
);

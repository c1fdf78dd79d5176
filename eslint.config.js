// Flat ESLint config: type-aware TypeScript (projectService), Svelte with the TS parser, and the layering
// rules of DESIGN.md §2 as no-restricted-imports zones (each file falls in exactly one zone, because a later
// no-restricted-imports setting replaces an earlier one instead of merging with it).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const HEAVY = {
  'tesseract.js': 'Only src/ocr/ may import tesseract.js (one adapter per heavy library).',
  'pdfjs-dist': 'Only src/pdf/ may import pdfjs-dist (one adapter per heavy library).',
  idb: 'Only src/storage/ may import idb (one adapter per heavy library).',
  fabric: 'Only src/ui/canvas/ may import fabric (one adapter per heavy library).',
};
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'));

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A module name and its subpaths ("pdfjs-dist", "pdfjs-dist/build/...") but nothing else. */
const moduleRegex = (names) => `^(${names.map(escapeRe).join('|')})(/|$)`;

/** no-restricted-imports options: forbidden heavy libraries (except `allow`), plus extra patterns. */
function restricted({ allow = [], browserLibs = false, node = false, extraPatterns = [] } = {}) {
  const patterns = Object.entries(HEAVY)
    .filter(([name]) => !allow.includes(name))
    .map(([name, message]) => ({ regex: moduleRegex([name]), message }));
  if (browserLibs) {
    patterns.push({ regex: moduleRegex(['comlink']), message: 'Pure code: no browser libraries here.' });
  }
  if (node) {
    patterns.push({
      regex: `^node:|${moduleRegex(NODE_BUILTINS)}`,
      message: 'Pure code: no Node APIs here (it runs in browser workers too).',
    });
  }
  patterns.push(...extraPatterns);
  return ['error', { patterns }];
}

/** Relative imports climbing out of src/domain from a file `depth` folders below it. */
function domainEscape(depth) {
  return {
    regex: `^(\\.\\./){${depth},}`,
    message: 'src/domain/ imports nothing outside src/domain/.',
  };
}

const TS_FILES = ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'public/models/**',
      'public/pdfjs/**',
      'node_modules/**',
      '.scratch/**',
      '.bench/**',
      'tests/fixtures/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // With noUncheckedIndexedAccess, `a[i]!` after a bounds check is the intended idiom in pixel loops.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `() => void promise` and `onclick={() => state.x()}` are fine.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Guards that pass a caller's rejection through unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Text code deliberately iterates strings by code point (`[...s]`) on NFC text.
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
        svelteConfig,
      },
    },
  },
  {
    // Plain JS config files and scripts are outside the TS projects: lint them without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // State classes keep private bookkeeping (in-flight jobs, dirty ids, pending callbacks) in plain Map/Set on
    // purpose: the UI never reads them, so making them reactive would only cost re-renders.
    files: ['src/state/**/*.svelte.ts'],
    rules: { 'svelte/prefer-svelte-reactivity': 'off' },
  },

  // ---- Layering (DESIGN.md §2) ----
  {
    files: [...TS_FILES, '**/*.js', '**/*.mjs'],
    rules: { 'no-restricted-imports': restricted() },
  },
  { files: ['src/ocr/**'], rules: { 'no-restricted-imports': restricted({ allow: ['tesseract.js'] }) } },
  { files: ['src/pdf/**'], rules: { 'no-restricted-imports': restricted({ allow: ['pdfjs-dist'] }) } },
  { files: ['src/storage/**'], rules: { 'no-restricted-imports': restricted({ allow: ['idb'] }) } },
  { files: ['src/ui/canvas/**'], rules: { 'no-restricted-imports': restricted({ allow: ['fabric'] }) } },
  {
    files: ['src/extract/**', 'src/image/**'],
    ignores: ['src/image/decode-node.ts'],
    rules: { 'no-restricted-imports': restricted({ browserLibs: true, node: true }) },
  },
  ...[1, 2, 3].map((depth) => ({
    files: [`src/domain/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': restricted({
        browserLibs: true,
        node: true,
        extraPatterns: [
          domainEscape(depth),
          // One pure package is allowed: synchronous SHA-256 for audit chains (records/audit.ts).
          {
            regex: '^(?!@noble/hashes/)[^.]',
            message: 'src/domain/ imports nothing outside src/domain/ (no packages but @noble/hashes).',
          },
        ],
      }),
    },
  })),
);

// Flat ESLint config: type-aware TypeScript (projectService), Svelte with the TS parser, and the layering
// rules of DESIGN.md §2 as no-restricted-imports zones (each file falls in exactly one zone, because a later
// no-restricted-imports setting replaces an earlier one instead of merging with it). Import strings are matched,
// not resolved paths, so each layer gets one zone per folder depth (layer()), whose patterns know how many `../`
// reach src/. tests/unit/lint/layering.test.ts proves each rule fires and that every source file lands in the
// zone of its layer.
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
  exceljs: 'Only src/exchange/xlsx.ts may import exceljs (one adapter per heavy library).',
  fflate: 'Only src/exchange/zip.ts may import fflate (one adapter per heavy library).',
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

/**
 * Import strings that, written in a file of folder `dir` (a path from the repo root, possibly with `*` parts for
 * "any folder"), reach `target` (a path from the repo root): relative paths climbing to a shared ancestor, or
 * Vite's root-absolute `/src/...`. The climb is a lower bound, so the deepest zone of a layer can cover every
 * deeper folder (climbing too far lands outside the repository, which resolves nowhere anyway).
 */
function reaching(dir, target) {
  const from = dir.split('/');
  const to = target.split('/');
  const alternatives = [`/${escapeRe(target)}`];
  // `shared` leading folders in common: climb to that ancestor, then walk down the rest of the target.
  for (let shared = 0; shared < to.length && shared <= from.length; shared++) {
    if (shared > 0 && from[shared - 1] !== to[shared - 1]) break;
    alternatives.push(`(\\./)?(\\.\\./){${from.length - shared},}${escapeRe(to.slice(shared).join('/'))}`);
  }
  return `^(${alternatives.join('|')})(/|$)`;
}

/** Folders below a layer's own folder that get a zone of their own; the last one also covers deeper folders. */
const LAYER_DEPTHS = 6;

/**
 * The zones of one layer: `dir` is the layer's folder (or a single file) from the repo root; `forbid` lists the
 * paths (from the repo root) it must not import, with the reason; `extra(dir)` adds patterns that depend on the
 * folder (domain's "nothing outside src/domain/"); the other options go to restricted().
 */
function layer(dir, { forbid = {}, exclude = [], extra = () => [], ...opts }) {
  const zone = (files, folder) => ({
    files,
    ...(exclude.length ? { ignores: exclude } : {}),
    rules: {
      'no-restricted-imports': restricted({
        ...opts,
        extraPatterns: [
          ...Object.entries(forbid).map(([target, message]) => ({
            regex: reaching(folder, target),
            message,
          })),
          ...extra(folder),
        ],
      }),
    },
  });
  if (/\.[a-z]+$/.test(dir)) return [zone([dir], dir.split('/').slice(0, -1).join('/'))];
  return Array.from({ length: LAYER_DEPTHS }, (_, depth) => {
    const folder = dir + '/*'.repeat(depth);
    return zone([depth === LAYER_DEPTHS - 1 ? `${folder}/**` : `${folder}/*`], folder);
  });
}

const DOWN =
  'imports point down: ui → state → {ocr, extract, pdf, storage, exchange} → domain (DESIGN.md §2)';
const notUp = (name, targets) =>
  Object.fromEntries(targets.map((t) => [t, `${name} must not import ${t}/: ${DOWN}.`]));
/** What the UI (components and the shell) may not import: it reaches services and workers through src/state/. */
const UI_FORBID = Object.fromEntries(
  [
    'src/storage',
    'workers',
    'src/ocr',
    'src/extract',
    'src/pdf',
    'src/exchange',
    'src/prefill',
    'src/image',
    'src/layout',
    'src/cli',
  ].map((t) => [t, `src/ui/ reaches ${t}/ only through src/state/: ${DOWN}.`]),
);
/** Layers below src/state/ (and the entry points beside them) never import the UI or its state. */
const belowState = (name) => notUp(name, ['src/ui', 'src/state']);

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
  // The storage tests build old-version databases with idb itself (a real schema upgrade is tested).
  { files: ['tests/unit/storage/**'], rules: { 'no-restricted-imports': restricted({ allow: ['idb'] }) } },
  // The export tests read the PDFs back with pdf.js itself (pages, sizes, painted images): an independent reader.
  {
    files: ['tests/unit/exchange/**', 'tests/browser/export-pdf.test.ts'],
    rules: { 'no-restricted-imports': restricted({ allow: ['pdfjs-dist'] }) },
  },
  ...layer('src/App.svelte', { forbid: UI_FORBID }),
  ...layer('src/ui', { forbid: UI_FORBID, exclude: ['src/ui/canvas/**'] }),
  ...layer('src/ui/canvas', { forbid: UI_FORBID, allow: ['fabric'] }),
  // The province screens (a second page served by the province server): components and their state, talking to the
  // server's API by fetch; nothing of the workstation's layers (no IndexedDB, no workers, no services).
  ...layer('src/province', {
    forbid: Object.fromEntries(
      [
        'src/ui',
        'src/App.svelte',
        'src/state',
        'src/storage',
        'workers',
        'src/ocr',
        'src/extract',
        'src/pdf',
        'src/prefill',
        'src/image',
        'src/layout',
        'src/cli',
        'src/exchange',
        'server',
      ].map((t) => [t, `src/province/ talks to the province server's API only, it does not import ${t}.`]),
    ),
  }),
  ...layer('src/state', { forbid: notUp('src/state/', ['src/ui', 'src/cli']) }),
  ...layer('src/storage', { forbid: belowState('src/storage/'), allow: ['idb'] }),
  ...layer('src/pdf', { forbid: belowState('src/pdf/'), allow: ['pdfjs-dist'] }),
  // Exchange builders are pure (an export worker runs them); the exceljs adapter is their one file with a library.
  ...layer('src/exchange', {
    forbid: belowState('src/exchange/'),
    browserLibs: true,
    node: true,
    exclude: ['src/exchange/xlsx.ts', 'src/exchange/zip.ts'],
  }),
  ...layer('src/exchange/xlsx.ts', { forbid: belowState('src/exchange/'), allow: ['exceljs'], node: true }),
  ...layer('src/exchange/zip.ts', { forbid: belowState('src/exchange/'), allow: ['fflate'], node: true }),
  ...layer('src/cli', { forbid: belowState('src/cli/') }),
  // The service worker registration (vite-plugin-pwa's virtual module), wired to InstallState in main.ts.
  ...layer('src/install', { forbid: belowState('src/install/') }),
  ...layer('workers', { forbid: belowState('workers/') }),
  // Pure code that runs in browser workers and in Node: no Node APIs, no browser libraries, except the Node-only
  // adapters (listed after, as their own zones).
  ...['src/extract', 'src/image', 'src/layout', 'src/prefill'].flatMap((dir) =>
    layer(dir, {
      forbid: belowState(`${dir}/`),
      browserLibs: true,
      node: true,
      exclude: ['src/image/decode-node.ts', 'src/image/encode-node.ts'],
    }),
  ),
  ...layer('src/image/decode-node.ts', { forbid: belowState('src/image/') }),
  ...layer('src/image/encode-node.ts', { forbid: belowState('src/image/') }),
  ...layer('src/ocr', {
    forbid: belowState('src/ocr/'),
    allow: ['tesseract.js'],
    node: true,
    exclude: ['src/ocr/node.ts'],
  }),
  ...layer('src/ocr/node.ts', { forbid: belowState('src/ocr/'), allow: ['tesseract.js'] }),
  // The province server (Node) shares the pure domain code and the exchange builders, nothing of the app's
  // browser layers (DESIGN.md §2).
  ...layer('server', {
    forbid: Object.fromEntries(
      [
        'src/ui',
        'src/App.svelte',
        'src/state',
        'src/storage',
        'workers',
        'src/ocr',
        'src/extract',
        'src/pdf',
        'src/prefill',
        'src/image',
        'src/layout',
        'src/cli',
      ].map((t) => [t, `server/ imports only src/domain/ and src/exchange/ of the app, not ${t}.`]),
    ),
  }),
  ...layer('src/domain', {
    browserLibs: true,
    node: true,
    extra: (folder) => [
      {
        regex: `^(\\./)?(\\.\\./){${folder.split('/').length - 1},}`,
        message: 'src/domain/ imports nothing outside src/domain/.',
      },
      // One pure package is allowed: synchronous SHA-256 for audit chains (records/audit.ts).
      {
        regex: '^(?!@noble/hashes/)[^.]',
        message: 'src/domain/ imports nothing outside src/domain/ (no packages but @noble/hashes).',
      },
    ],
  }),
);

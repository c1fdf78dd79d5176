/**
 * The layering rules of DESIGN.md §2 as eslint.config.js enforces them: snippets linted at virtual paths (the
 * repository's own config, without type information, which these rules do not need), and every source file
 * checked to land in the zone of its layer (a later no-restricted-imports setting replaces an earlier one, so a
 * file in the wrong zone would silently lose its rules).
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });
});

/** Messages of no-restricted-imports for `code` placed at `filePath` (from the repo root). */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const svelte = (script: string): string => `<script lang="ts">\n${script}\n</script>\n`;

describe('layering lint', () => {
  it('keeps src/ui/ and the shell away from storage, workers and services', async () => {
    expect(
      await restricted(
        'src/ui/screens/Book/Fake.svelte',
        svelte(`import { openRepository } from '../../../storage';\nvoid openRepository;`),
      ),
    ).toEqual([expect.stringContaining('src/ui/ reaches src/storage/ only through src/state/')]);
    // Type-only imports count too: a worker client's type reaches the UI through state.
    expect(
      await restricted(
        'src/ui/screens/Book/fake.ts',
        `import type { PrefillClient } from '../../../../workers/prefill.client';\nexport type X = PrefillClient;\n`,
      ),
    ).toEqual([expect.stringContaining('src/ui/ reaches workers/')]);
    expect(
      await restricted(
        'src/App.svelte',
        svelte(`import { openRepository } from './storage';\nvoid openRepository;`),
      ),
    ).toEqual([expect.stringContaining('src/ui/ reaches src/storage/')]);
    expect(
      await restricted('src/ui/widgets/fake.ts', `export { openPdf } from '/src/pdf/browser';\n`),
    ).toEqual([expect.stringContaining('src/ui/ reaches src/pdf/')]);
    // The canvas adapter may import fabric, and is still UI.
    expect(
      await restricted(
        'src/ui/canvas/fake.ts',
        `import { Canvas } from 'fabric';\nimport { DB_NAME } from '../../storage/schema';\nexport { Canvas, DB_NAME };\n`,
      ),
    ).toEqual([expect.stringContaining('src/ui/ reaches src/storage/')]);
    // Deeper than the per-depth zones: still caught.
    expect(
      await restricted('src/ui/a/b/c/d/e/f/g/fake.ts', `export * from '../../../../../../../../storage';\n`),
    ).toEqual([expect.stringContaining('src/ui/ reaches src/storage/')]);
  });

  it('lets src/ui/ import state, domain and its own folders (even one named like a layer)', async () => {
    expect(
      await restricted(
        'src/ui/screens/Book/fake.ts',
        [
          `import type { AppState } from '../../../state/app.svelte';`,
          `import type { Box } from '../../../domain/geometry';`,
          `import { x } from '../storage/x';`,
          `export type Y = [AppState, Box, typeof x];`,
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('lets src/state/ import storage and worker clients, never the UI', async () => {
    expect(
      await restricted(
        'src/state/fake.svelte.ts',
        [
          `import type { Repository } from '../storage';`,
          `import type { PrefillClient } from '../../workers/prefill.client';`,
          `export type X = [Repository, PrefillClient];`,
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await restricted('src/state/fake.ts', `import E from '../ui/ErrorMessage.svelte';\nexport { E };\n`),
    ).toEqual([expect.stringContaining('src/state/ must not import src/ui/')]);
  });

  it('keeps storage and the services below state', async () => {
    const storage = await restricted(
      'src/storage/fake.ts',
      [
        `import { openDB } from 'idb';`,
        `import type { AppState } from '../state/app.svelte';`,
        `import E from '../ui/ErrorMessage.svelte';`,
        `export type X = [typeof openDB, AppState, typeof E];`,
      ].join('\n'),
    );
    expect(storage).toEqual([
      expect.stringContaining('src/storage/ must not import src/state/'),
      expect.stringContaining('src/storage/ must not import src/ui/'),
    ]);
    for (const dir of ['ocr', 'extract', 'pdf', 'prefill', 'layout', 'image', 'exchange', 'cli']) {
      expect(
        await restricted(`src/${dir}/fake.ts`, `export type { AppState } from '../state/app.svelte';\n`),
        dir,
      ).toEqual([expect.stringContaining(`src/${dir}/ must not import src/state/`)]);
    }
    expect(
      await restricted('workers/fake.ts', `export type { AppState } from '../src/state/app.svelte';\n`),
    ).toEqual([expect.stringContaining('workers/ must not import src/state/')]);
  });

  it('allows no Node APIs in code that also runs in browser workers, except the Node adapters', async () => {
    for (const file of [
      'src/prefill/fake.ts',
      'src/layout/fake.ts',
      'src/ocr/fake.ts',
      'src/extract/fake.ts',
    ]) {
      expect(
        await restricted(
          file,
          `import { readFileSync } from 'node:fs';\nimport os from 'os';\nexport { readFileSync, os };\n`,
        ),
        file,
      ).toEqual([expect.stringContaining('no Node APIs'), expect.stringContaining('no Node APIs')]);
    }
    for (const file of [
      'src/ocr/node.ts',
      'src/image/decode-node.ts',
      'src/image/encode-node.ts',
      'src/cli/fake.ts',
      'src/pdf/node.ts',
    ]) {
      expect(await restricted(file, `import { join } from 'node:path';\nexport { join };\n`), file).toEqual(
        [],
      );
    }
  });

  it('lets only src/exchange/xlsx.ts import exceljs, and keeps the exchange builders pure', async () => {
    const code = `import ExcelJS from 'exceljs';\nexport { ExcelJS };\n`;
    expect(await restricted('src/exchange/xlsx.ts', code)).toEqual([]);
    for (const file of ['src/exchange/workbook.ts', 'src/state/fake.ts', 'workers/fake.ts']) {
      expect(await restricted(file, code), file).toEqual([
        expect.stringContaining('Only src/exchange/xlsx.ts may import exceljs'),
      ]);
    }
    expect(
      await restricted('src/exchange/workbook.ts', `import { join } from 'node:path';\nexport { join };\n`),
    ).toEqual([expect.stringContaining('no Node APIs')]);
  });

  it('lets server/ import src/domain/ and src/exchange/, never the UI, state or storage', async () => {
    expect(
      await restricted(
        'server/routes/fake.ts',
        [
          `import { communeByCode } from '../../src/domain/admin';`,
          `import * as workbook from '../../src/exchange/workbook';`,
          `import { createHash } from 'node:crypto';`,
          `export type X = [typeof communeByCode, typeof workbook, typeof createHash];`,
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await restricted(
        'server/fake.ts',
        [
          `import type { AppState } from '../src/state/app.svelte';`,
          `import type { Repository } from '../src/storage';`,
          `import E from '../src/ui/ErrorMessage.svelte';`,
          `import { openDB } from 'idb';`,
          `export type X = [AppState, Repository, typeof E, typeof openDB];`,
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringContaining('server/ imports only src/domain/ and src/exchange/ of the app, not src/state'),
      expect.stringContaining('not src/storage'),
      expect.stringContaining('not src/ui'),
      expect.stringContaining('Only src/storage/ may import idb'),
    ]);
  });

  it('keeps src/province/ to its own folder and src/domain/', async () => {
    expect(
      await restricted(
        'src/province/Fake.svelte',
        svelte(
          [
            `import { num } from './format';`,
            `import { bookNumberKey } from '../domain/reports';`,
            `import type { AppState } from '../state/app.svelte';`,
            `import { openRepository } from '../storage';`,
            `import { buildApp } from '../../server/app';`,
            `void [num, bookNumberKey, openRepository, buildApp];`,
            `export type X = AppState;`,
          ].join('\n'),
        ),
      ),
    ).toEqual([
      expect.stringContaining('src/province/ talks to the province server'),
      expect.stringContaining('it does not import src/storage'),
      expect.stringContaining('it does not import server'),
    ]);
  });

  it('lets only src/exchange/zip.ts import fflate, and keeps it Node-free', async () => {
    const code = `import { Zip } from 'fflate';\nexport { Zip };\n`;
    expect(await restricted('src/exchange/zip.ts', code)).toEqual([]);
    for (const file of ['src/exchange/entry-pdfs.ts', 'src/state/fake.ts', 'workers/fake.ts']) {
      expect(await restricted(file, code), file).toEqual([
        expect.stringContaining('Only src/exchange/zip.ts may import fflate'),
      ]);
    }
    expect(
      await restricted('src/exchange/zip.ts', `import { join } from 'node:path';\nexport { join };\n`),
    ).toEqual([expect.stringContaining('no Node APIs')]);
  });

  it('keeps src/domain/ pure (only @noble/hashes among packages)', async () => {
    expect(
      await restricted(
        'src/domain/records/fake.ts',
        [
          `import { sha256 } from '@noble/hashes/sha2.js';`,
          `import { nfc } from '../text/index';`,
          `import { openDB } from 'idb';`,
          `import { createHash } from 'node:crypto';`,
          `import type { Repository } from '../../storage';`,
          `export type X = [typeof sha256, typeof nfc, typeof openDB, typeof createHash, Repository];`,
        ].join('\n'),
      ),
    ).toEqual([
      expect.stringContaining('Only src/storage/ may import idb'),
      expect.stringContaining('no packages but @noble/hashes'),
      expect.stringContaining('no Node APIs'),
      expect.stringContaining('no packages but @noble/hashes'),
      expect.stringContaining('src/domain/ imports nothing outside src/domain/.'),
    ]);
  });
});

/** Source files of the app (TypeScript and Svelte), from the repo root, with / separators. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f))
    .map((f) =>
      relative(ROOT, join(ROOT, dir, f))
        .split(sep)
        .join('/'),
    );
}

/** The layering message every file of a layer must get, by the file's path. */
function expectedZone(file: string): string | null {
  if (file === 'src/App.svelte' || file.startsWith('src/ui/')) return 'src/ui/ reaches src/storage/';
  if (file.startsWith('src/state/')) return 'src/state/ must not import src/ui/';
  if (file.startsWith('src/domain/')) return 'src/domain/ imports nothing outside src/domain/.';
  if (file.startsWith('server/')) return 'server/ imports only src/domain/ and src/exchange/ of the app';
  if (file.startsWith('src/province/')) return 'src/province/ talks to the province server';
  const top = /^(src\/[a-z]+|workers)\//.exec(file)?.[1];
  return top ? `${top}/ must not import src/state/` : null;
}

describe('layering zones', () => {
  it('give every source file the rules of its layer (and Node-free code its Node rule)', async () => {
    const files = [...sources('src'), ...sources('workers'), ...sources('server')];
    expect(files.length).toBeGreaterThan(100);
    const nodeFree = /^src\/(domain|extract|image|layout|prefill|ocr|exchange)\//;
    const nodeAdapters = new Set(['src/ocr/node.ts', 'src/image/decode-node.ts', 'src/image/encode-node.ts']);
    for (const file of files) {
      const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as Linter.Config;
      const rule = config.rules?.['no-restricted-imports'];
      const options = (Array.isArray(rule) ? rule[1] : undefined) as
        { patterns?: { message?: string }[] } | undefined;
      const messages = (options?.patterns ?? []).map((p) => p.message ?? '');
      const expected = expectedZone(file);
      if (expected)
        expect(
          messages.some((m) => m.includes(expected)),
          file,
        ).toBe(true);
      const noNode = messages.some((m) => m.includes('no Node APIs'));
      expect(noNode, file).toBe(nodeFree.test(file) && !nodeAdapters.has(file));
    }
  }, 60_000);
});

/**
 * Work package of a 200-page book (issue 14 target: export and import times and peak memory printed; importing a
 * package the machine already has changes nothing and takes under 10 % of a first import):
 *   npm run bench:package [-- pages]
 * Two profiles are two repositories on fake-indexeddb (Node has no IndexedDB: the store's own code runs, but
 * Chromium's IndexedDB is slower on disk than this in-memory one, so the import figures are a floor). Profile A gets
 * a KS book through the repository's own writes: `pages` pages, each its own copy of one of the real 300 dpi scans
 * of tests/fixtures (0.4–1.3 MB JPEGs), OCR on every page and one pre-filled entry per page, then a keyed edit per
 * entry. Steps, each timed, with peak RSS sampled every 20 ms:
 *   1. export A's package, streamed to .bench/package/ (state/package-io.ts `exportPackage`, as the app);
 *   2. import it on B (a new book: read + verify + store);
 *   3. import it on B again (must change nothing; ratio to step 2 printed against the 10 % target): B holds every
 *      chain head of the package's base, so only the zip's directory and manifest are read (the file by random
 *      access, as the app reads a picked File through `slice`);
 *   4. B edits 20 fields, exports, A imports it back (a merge: 20 values taken).
 */
import { ROOT, rssSampler, SCANS } from './bench-common';
import 'fake-indexeddb/auto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditDraft } from '../src/domain/records/audit';
import { newBook } from '../src/domain/records/book';
import { emptyEntry, type Entry, type FieldValue } from '../src/domain/records/entry';
import { newPage } from '../src/domain/records/page';
import { exportPackage, importPackage } from '../src/state/package-io';
import { openRepository, type PackageImportResult, type Repository } from '../src/storage';

const PAGES = Number(process.argv[2] ?? 200);
const OUT = join(ROOT, '.bench', 'package');
const rss = rssSampler();
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;

const ev = (action: AuditDraft['action'], over: Partial<AuditDraft> = {}): AuditDraft => ({
  bookId: 'bench',
  at: Date.now(),
  userId: 'bench',
  role: 'operator',
  action,
  entryId: null,
  pageId: null,
  field: null,
  before: null,
  after: null,
  note: null,
  ...over,
});
const ocrField = (value: string): FieldValue => ({
  value,
  flags: [],
  source: 'ocr',
  confirmed: false,
  ocr: { text: value, confidence: 0.8 },
});

async function seed(repo: Repository): Promise<void> {
  const book = newBook(
    {
      type: 'KS',
      year: 2017,
      bookNumber: '01/2017',
      paperSize: 'A4',
      commune: { code: '19774', name: 'Phường Phú Hội', district: '', province: 'Huế', list: '2025' },
    },
    'bench',
  );
  await repo.putBook(book, ev('book.create'));
  for (let i = 0; i < PAGES; i++) {
    const id = `p${i}`;
    const scan = SCANS[i % SCANS.length]!;
    const image = new Blob([scan.slice().buffer], { type: 'image/jpeg' });
    const thumb = new Blob([scan.slice(0, 12_000).buffer], { type: 'image/jpeg' });
    const page = newPage(
      {
        bookId: 'bench',
        order: i,
        fileName: `p${i}.jpg`,
        originalId: 'o',
        pdfPage: null,
        width: 2480,
        height: 3508,
        warnings: [],
      },
      id,
    );
    await repo.addPage(
      page,
      { pageId: id, bookId: 'bench', image, thumb },
      ev('page.import', { pageId: id }),
    );
    const words = Array.from({ length: 300 }, (_, w) => ({
      text: `chữ${w}`,
      confidence: 80,
      box: [w * 8, w * 11, 60, 30] as [number, number, number, number],
      line: Math.floor(w / 10),
      block: 0,
    }));
    const entry: Entry = {
      ...emptyEntry({ bookId: 'bench', pageId: id, type: 'KS', order: 0 }, `e${i}`),
      fields: {
        so: ocrField(String(i + 1)),
        nksHoTen: ocrField(`Nguyễn Văn An ${i}`),
        nksNgaySinh: ocrField('01/02/2017'),
        meHoTen: ocrField(`Trần Thị Bình ${i}`),
        chaHoTen: ocrField(`Lê Văn Cường ${i}`),
        ngayDangKy: ocrField('03/02/2017'),
      },
    };
    await repo.saveOcr(
      {
        pageId: id,
        bookId: 'bench',
        width: 2480,
        height: 3508,
        engine: 'bench',
        model: 'bench',
        words,
        lines: [],
        detectedType: 'KS',
        detectedYear: 2017,
        skew: 0,
        ms: 1,
        createdAt: Date.now(),
        drafts: [],
      },
      [entry],
      ev('page.ocr', { pageId: id }),
    );
  }
  for (const e of await repo.listEntries('bench'))
    await edit(repo, e, 'nksHoTen', `${e.fields['nksHoTen']?.value ?? ''} (đã sửa)`);
}

async function edit(repo: Repository, e: Entry, key: string, value: string): Promise<void> {
  await repo.saveEntries({
    put: [
      {
        ...e,
        fields: { ...e.fields, [key]: { ...e.fields[key]!, value, source: 'keyed', confirmed: true } },
      },
    ],
    events: [
      ev('field.edit', { entryId: e.id, field: key, before: e.fields[key]?.value ?? null, after: value }),
    ],
  });
}

async function exportTo(repo: Repository, file: string): Promise<{ s: number; size: number }> {
  const t = performance.now();
  const fh = await open(file, 'w');
  try {
    const out = await exportPackage(repo, 'bench', ev('package.export'), async (chunk) => {
      await fh.write(chunk);
    });
    if (!out) throw new Error('book gone');
    return { s: (performance.now() - t) / 1000, size: out.size };
  } finally {
    await fh.close();
  }
}

/** Imports the package file as the app does with a picked file: manifest by random access, then all of it. */
async function importFrom(repo: Repository, file: string): Promise<{ s: number; r: PackageImportResult }> {
  const t = performance.now();
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const r = await importPackage(
      repo,
      {
        source: {
          size,
          async read(offset, length) {
            const buf = new Uint8Array(length);
            await fh.read(buf, 0, length, offset);
            return buf;
          },
        },
        bytes: () => Promise.resolve(new Uint8Array(readFileSync(file))),
      },
      { ...ev('package.import'), userId: 'bench-b' },
    );
    return { s: (performance.now() - t) / 1000, r };
  } finally {
    await fh.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const a = await openRepository({ name: `bench-package-a-${Date.now()}` });
  const b = await openRepository({ name: `bench-package-b-${Date.now()}` });
  let t = performance.now();
  await seed(a);
  console.log(
    `seed: ${PAGES} pages, ${PAGES} entries on profile A in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  rss.reset();
  const file = join(OUT, 'book.goi.zip');
  const exp = await exportTo(a, file);
  console.log(
    `export:        ${exp.s.toFixed(2)} s, ${mb(exp.size)} (${(exp.size / PAGES / 1024).toFixed(0)} kB per page), peak RSS ${mb(rss.peak)}`,
  );

  rss.reset();
  const first = await importFrom(b, file);
  console.log(
    `import (new):  ${first.s.toFixed(2)} s, ${first.r.pagesAdded} pages, ${first.r.entriesAdded} entries, ${first.r.eventsAdded} events, peak RSS ${mb(rss.peak)}`,
  );

  rss.reset();
  const again = await importFrom(b, file);
  rss.sample();
  if (again.r.changed) throw new Error('importing the same package twice changed something');
  const ratio = (again.s / first.s) * 100;
  console.log(
    `import again:  ${(again.s * 1000).toFixed(0)} ms (${ratio.toFixed(1)} % of the first import; target < 10 %: ${ratio < 10 ? 'met' : 'NOT met'}), nothing changed, peak RSS ${mb(rss.peak)}`,
  );

  const entries = (await b.listEntries('bench')).slice(0, 20);
  for (const e of entries) await edit(b, e, 'meHoTen', `${e.fields['meHoTen']?.value ?? ''} (máy B)`);
  const backFile = join(OUT, 'book-from-b.goi.zip');
  rss.reset();
  const back = await exportTo(b, backFile);
  t = performance.now();
  const merged = await importFrom(a, backFile);
  console.log(
    `merge back:    export on B ${back.s.toFixed(2)} s, import on A ${merged.s.toFixed(2)} s: ${merged.r.fieldsTaken} values taken, ${merged.r.conflicts} conflicts, peak RSS ${mb(rss.peak)}`,
  );
  a.close();
  b.close();
  rss.stop();
}

main().catch((e: unknown) => {
  rss.stop();
  console.error(e);
  process.exitCode = 1;
});

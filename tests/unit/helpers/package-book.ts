/**
 * A small book stored through the repository's own writes (two pages with real scans, OCR with two pre-filled
 * entries, a keyed edit), and work packages of it exported and imported with the app's own code (state/package-io).
 */
import { readFileSync } from 'node:fs';
import type { AuditDraft } from '../../../src/domain/records/audit';
import { emptyEntry, type Entry, type FieldValue } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { unzipAll, zipStream } from '../../../src/exchange/zip';
import { exportPackage, importPackage } from '../../../src/state/package-io';
import type { PackageImportResult, Repository, StoredOcr } from '../../../src/storage';
import { testBook, testEvent } from './records';

const scan = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/bordered/images/${name}`, import.meta.url)));

export const ev = (action: AuditDraft['action'], over: Partial<AuditDraft> = {}): AuditDraft =>
  testEvent(action, { at: Date.now(), ...over });

export const ocrField = (value: string): FieldValue => ({
  value,
  flags: [],
  source: 'ocr',
  confirmed: false,
  ocr: { text: value, confidence: 0.9 },
});

/** Book b1: pages p1, p2 (real scans), OCR on p1 pre-filling entries e1, e2. */
export async function seedBook(repo: Repository): Promise<void> {
  await repo.putBook(testBook('b1'), ev('book.create'));
  for (const [i, id] of ['p1', 'p2'].entries()) {
    const bytes = scan(`b00${i + 1}.jpg`);
    await repo.addPage(
      newPage(
        {
          bookId: 'b1',
          order: i,
          fileName: `${id}.jpg`,
          originalId: 'o1',
          pdfPage: null,
          width: 100,
          height: 140,
          warnings: [],
        },
        id,
      ),
      {
        pageId: id,
        bookId: 'b1',
        image: new Blob([bytes.slice().buffer], { type: 'image/jpeg' }),
        thumb: new Blob([bytes.slice(0, 2000).buffer], { type: 'image/jpeg' }),
      },
      ev('page.import', { pageId: id }),
    );
  }
  const ocr: StoredOcr = {
    pageId: 'p1',
    bookId: 'b1',
    width: 100,
    height: 140,
    engine: 'tesseract',
    model: 'vie',
    words: [{ text: 'Nguyễn', confidence: 90, box: [1, 2, 3, 4], line: 0, block: 0 }],
    lines: [{ box: [1, 2, 3, 4], words: [0] }],
    detectedType: 'KS',
    detectedYear: 2017,
    skew: 0,
    ms: 5,
    createdAt: 1,
    drafts: [],
  };
  const entry = (id: string, order: number, name: string): Entry => ({
    ...emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KS', order }, id),
    fields: { so: ocrField(String(order + 1)), nksHoTen: ocrField(name), meHoTen: ocrField('Trần Thị Bình') },
  });
  await repo.saveOcr(
    ocr,
    [entry('e1', 0, 'Nguyễn Văn An'), entry('e2', 1, 'Lê Văn Cường')],
    ev('page.ocr', { pageId: 'p1' }),
  );
}

/** Types `value` into field `key` of entry `id` as the desk does (saveEntries with its field.edit event). */
export async function edit(
  repo: Repository,
  id: string,
  key: string,
  value: string,
  userId = 'u1',
): Promise<Entry> {
  const entry = (await repo.listEntries('b1')).find((e) => e.id === id);
  if (!entry) throw new Error(`no entry ${id}`);
  const before = entry.fields[key];
  const next: Entry = {
    ...entry,
    fields: {
      ...entry.fields,
      [key]: { ...(before ?? ocrField('')), value, source: 'keyed', confirmed: true },
    },
  };
  const out = await repo.saveEntries({
    put: [next],
    events: [
      ev('field.edit', { entryId: id, field: key, before: before?.value ?? null, after: value, userId }),
    ],
  });
  return out.entries[0]!;
}

export async function exportBytes(repo: Repository, bookId = 'b1', originals = false): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const out = await exportPackage(
    repo,
    bookId,
    ev('package.export', { bookId }),
    (c) => {
      chunks.push(c);
      return Promise.resolve();
    },
    { originals },
  );
  if (!out) throw new Error('book gone');
  return concat(chunks);
}

export const importBytes = (repo: Repository, bytes: Uint8Array): Promise<PackageImportResult> =>
  importPackage(repo, bytes, { ...ev('package.import'), userId: 'u2' });

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The package's members, changed by `fn`, zipped again (a tampered package). */
export async function rezip(
  bytes: Uint8Array,
  fn: (files: Map<string, Uint8Array>) => void,
): Promise<Uint8Array> {
  const files = await unzipAll(bytes);
  fn(files);
  const chunks: Uint8Array[] = [];
  const zip = zipStream((c) => {
    chunks.push(c);
    return Promise.resolve();
  });
  for (const [name, b] of files) await zip.add(name, b);
  await zip.finish();
  return concat(chunks);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

/**
 * Work packages of synthetic books for the province server's load and crash tests, made by the app's own package
 * writer (`packageBytes`) with a real audit chain (`sealEvent`): a book of `pages` pages (small images, so 300 of
 * them stay bounded), `entries` pre-filled and keyed entries, one event per import, OCR and edit. The reader on the
 * server verifies them like any workstation's package.
 */
import { createHash } from 'node:crypto';
import { communeByCode } from '../../src/domain/admin';
import { sealEvent, type AuditDraft, type AuditEvent } from '../../src/domain/records/audit';
import { newBook, type Book } from '../../src/domain/records/book';
import { emptyEntry, type Entry, type FieldValue } from '../../src/domain/records/entry';
import { newPage, type Page } from '../../src/domain/records/page';
import { packageBytes } from '../../src/exchange/package';
import type { CommuneKey } from '../../server/communes';

export interface SyntheticBook {
  id: string;
  commune: CommuneKey;
  pages: number;
  entries: number;
  /** Bytes of each page image (random, incompressible). */
  imageBytes: number;
  /** Seed of the image bytes and names (the same seed, the same package). */
  seed?: number;
  machineId?: string;
}

/** Deterministic incompressible bytes (SHA-256 in counter mode). */
export function noise(length: number, seed: string): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0, i = 0; at < length; i++) {
    const block = createHash('sha256').update(`${seed}:${i}`).digest();
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

const field = (value: string, keyed: boolean): FieldValue =>
  keyed
    ? { value, flags: [], source: 'keyed', confirmed: true }
    : { value, flags: [], source: 'ocr', confirmed: false, ocr: { text: value, confidence: 0.9 } };

/** The package of a synthetic book: its bytes, manifest id and what it holds. */
export async function syntheticPackage(
  spec: SyntheticBook,
): Promise<{ bytes: Uint8Array; book: Book; entries: number; events: number }> {
  const ref = communeByCode(spec.commune.list, spec.commune.code);
  if (!ref) throw new Error(`unknown commune ${spec.commune.list}:${spec.commune.code}`);
  const machineId = spec.machineId ?? `m-${spec.id}`;
  const at = 1_750_000_000_000 + (spec.seed ?? 0);
  const book = newBook(
    { type: 'KS', year: 2017, bookNumber: `01/2017-${spec.id}`, paperSize: 'A4', commune: ref },
    spec.id,
    at,
  );
  const events: AuditEvent[] = [];
  const log = (draft: Partial<AuditDraft> & Pick<AuditDraft, 'action'>): void => {
    const d: AuditDraft = {
      bookId: spec.id,
      at: at + events.length,
      userId: 'u1',
      role: 'operator',
      entryId: null,
      pageId: null,
      field: null,
      before: null,
      after: null,
      note: null,
      ...draft,
    };
    events.push(sealEvent(d, machineId, events.at(-1) ?? null));
  };
  log({ action: 'book.create' });
  const pages: Page[] = [];
  for (let i = 0; i < spec.pages; i++) {
    const page = newPage(
      {
        bookId: spec.id,
        order: i,
        fileName: `p${i}.jpg`,
        originalId: 'o1',
        pdfPage: null,
        width: 1240,
        height: 1754,
        warnings: [],
      },
      `${spec.id}-p${i}`,
      at,
    );
    pages.push(page);
    log({ action: 'page.import', pageId: page.id });
  }
  const entries: Entry[] = [];
  for (let i = 0; i < spec.entries; i++) {
    const page = pages[i % Math.max(1, pages.length)];
    if (!page) throw new Error('a book with entries needs a page');
    const keyed = i % 3 === 0;
    const entry: Entry = {
      ...emptyEntry({ bookId: spec.id, pageId: page.id, type: 'KS', order: i }, `${spec.id}-e${i}`, at),
      state: keyed ? 'keyed' : 'prefilled',
      fields: {
        so: field(String(i + 1), keyed),
        nksHoTen: field(`Nguyễn Văn An ${i}`, keyed),
        nksNgaySinh: field('01/02/2017', keyed),
        meHoTen: field(`Trần Thị Bình ${i}`, keyed),
        chaHoTen: field(`Lê Văn Cường ${i}`, keyed),
      },
    };
    entries.push(entry);
    log({ action: keyed ? 'field.edit' : 'page.ocr', entryId: entry.id, pageId: page.id });
  }
  const written = await packageBytes({
    machineId,
    book,
    pages,
    ocr: [],
    entries,
    events,
    readImages: (pageId) =>
      Promise.resolve({
        image: {
          bytes: noise(spec.imageBytes, `${spec.id}:${pageId}:${spec.seed ?? 0}`),
          mime: 'image/jpeg',
        },
        thumb: { bytes: noise(64, `${spec.id}:${pageId}:thumb`), mime: 'image/jpeg' },
      }),
    originals: [],
    readOriginal: () => Promise.reject(new Error('no originals')),
    now: at,
  });
  return { bytes: written.bytes, book, entries: entries.length, events: events.length };
}

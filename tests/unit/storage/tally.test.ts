/**
 * Entry summaries and book counters (migration 3, storage/tally.ts) on fake-indexeddb: after a random sequence of
 * every kind of write that changes entries or pages, the stored counters equal a full recount and the stored
 * summaries equal the summaries of the stored entries; a listener applying the change reports ends with the same
 * set; the page packs hold exactly the stored pages; a version-2 database gets all built by the migrations 3–5 and
 * a version-4 one its packs rebuilt in columns (migration 5); deleting a book removes them all.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyEntry, type Entry, type EntryState, type FieldValue } from '../../../src/domain/records/entry';
import { newPage, type Page, type PageMark } from '../../../src/domain/records/page';
import { countAll, summarizeEntry, type EntrySummary } from '../../../src/domain/records/summary';
import { MIGRATIONS, openRepository, type Repository, type StoredOcr } from '../../../src/storage';
import { testBook, testEvent as ev } from '../helpers/records';

let n = 0;
const open: Repository[] = [];
const names = new WeakMap<Repository, string>();
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});
async function repo(name = `tally-test-${++n}`): Promise<Repository> {
  const r = await openRepository({ name });
  open.push(r);
  names.set(r, name);
  return r;
}

/** A book's pages as the `pages` store holds them (listPages reads the packs). */
async function storedPages(db: Repository, bookId: string): Promise<Page[]> {
  const raw = await openDB(names.get(db) ?? '');
  try {
    return (await raw.getAllFromIndex('pages', 'byBook', bookId)) as Page[];
  } finally {
    raw.close();
  }
}

/** Small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const page = (bookId: string, id: string, order: number, originalId = 'o1'): Page =>
  newPage(
    { bookId, order, fileName: `${id}.jpg`, originalId, pdfPage: null, width: 10, height: 10, warnings: [] },
    id,
  );
const image = (bookId: string, pageId: string) => ({
  pageId,
  bookId,
  image: new Blob([]),
  thumb: new Blob([]),
});
const ocr = (bookId: string, pageId: string): StoredOcr => ({
  pageId,
  bookId,
  width: 10,
  height: 10,
  engine: 't',
  model: 'm',
  words: [],
  lines: [],
  detectedType: null,
  detectedYear: null,
  skew: 0,
  ms: 1,
  createdAt: 1,
  drafts: [],
});

const NAMES = ['Nguyễn Văn Hải', 'Trần Thị Đào', 'Lê Minh', 'Phạm Hữu Đức'];
const STATES: EntryState[] = ['prefilled', 'keyed', 'keyed2', 'returned', 'verified'];

function field(r: () => number, value: string): FieldValue {
  const x = r();
  return {
    value,
    flags: x < 0.15 ? ['illegible'] : [],
    source: x < 0.6 ? 'ocr' : 'keyed',
    confirmed: x > 0.8,
    ocr: { text: value, confidence: r() },
  };
}

function entry(r: () => number, bookId: string, pageIds: string[], id: string, order: number): Entry {
  return {
    ...emptyEntry({ bookId, pageId: pageIds[0] ?? '', type: 'KS', order }, id),
    pageIds,
    state: STATES[Math.floor(r() * STATES.length)] ?? 'prefilled',
    fields: {
      so: field(r, String(Math.floor(r() * 200))),
      nksHoTen: field(r, NAMES[Math.floor(r() * NAMES.length)] ?? ''),
      nksNgaySinh: field(r, `0${1 + Math.floor(r() * 9)}/12/1990`),
    },
  };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

/** Stored counters and summaries equal a full recount from the stored pages and entries. */
async function expectConsistent(db: Repository, bookId: string): Promise<void> {
  const [pages, entries, summaries, counters] = await Promise.all([
    db.listPages(bookId),
    db.listEntries(bookId),
    db.listSummaries(bookId),
    db.getCounters(bookId),
  ]);
  const recount = entries.map(summarizeEntry);
  expect(summaries.sort(byId)).toEqual(recount.sort(byId));
  // The page packs hold exactly the stored pages.
  expect([...pages].sort(byId)).toEqual((await storedPages(db, bookId)).sort(byId));
  expect(counters).toEqual(countAll(bookId, pages, recount));
}

describe('entry summaries and book counters', () => {
  it.each([1, 2, 3])('equal a full recount after a random sequence of writes (seed %i)', async (seed) => {
    const r = rng(seed);
    const db = await repo();
    const books = ['b1', 'b2'];
    for (const b of books) await db.putBook(testBook(b), ev('book.create', { bookId: b }));
    // What a listener (the open book's session) sees: summaries put and removed, applied in order.
    const heard = new Map<string, EntrySummary>();
    db.onChange((c) => {
      for (const s of c.summaries) heard.set(s.id, s);
      for (const id of c.removed) heard.delete(id);
    });
    const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(r() * xs.length)];
    let ids = 0;
    for (let step = 0; step < 120; step++) {
      const bookId = pick(books) ?? 'b1';
      const pages = await db.listPages(bookId);
      const entries = await db.listEntries(bookId);
      const p = pick(pages);
      const e = pick(entries);
      const x = r();
      if (x < 0.2 || !p) {
        const id = `p${++ids}`;
        await db.addPage(page(bookId, id, pages.length, `o${ids % 3}`), image(bookId, id), ev('page.import'));
      } else if (x < 0.35) {
        const drafts = [0, 1].map((i) => entry(r, bookId, [p.id], `e${++ids}`, i));
        await db.saveOcr(ocr(bookId, p.id), drafts, ev('page.ocr', { bookId }));
      } else if (x < 0.55 && e) {
        const next = entry(r, bookId, e.pageIds, e.id, e.order);
        await db.saveEntries({
          put: [{ ...next, revision: e.revision }],
          events: [ev('entry.state', { bookId })],
        });
      } else if (x < 0.62) {
        const next = pick(pages.filter((q) => q.order > p.order));
        const made = entry(r, bookId, next ? [p.id, next.id] : [p.id], `e${++ids}`, 5);
        await db.saveEntries({ put: [made], events: [ev('entry.add', { bookId })] });
      } else if (x < 0.67 && e) {
        await db.saveEntries({ remove: [e.id], events: [ev('entry.delete', { bookId })] });
      } else if (x < 0.75) {
        const mark = pick<PageMark>(['normal', 'blank', 'crossed_out']) ?? 'blank';
        await db.patchPage(p.id, 'mark', mark, ev('page.mark', { bookId }));
      } else if (x < 0.82) {
        await db.setOcrState(p.id, r() < 0.5 ? 'failed' : 'pending', 'lỗi', ev('page.ocr', { bookId }));
      } else if (x < 0.88) {
        await db.deletePage(bookId, p.id, ev('page.delete', { bookId }));
      } else if (x < 0.93) {
        const ids = pages.map((q) => q.id).reverse();
        await db.reorderPages(bookId, ids, ev('page.reorder', { bookId }));
      } else {
        await db.removeImport(bookId, p.originalId, [p.id], ev('page.import', { bookId }));
      }
      if (step % 20 === 19) for (const b of books) await expectConsistent(db, b);
    }
    for (const b of books) await expectConsistent(db, b);
    const stored = [...(await db.listSummaries('b1')), ...(await db.listSummaries('b2'))];
    expect([...heard.values()].sort(byId)).toEqual(stored.sort(byId));
    expect(stored.length).toBeGreaterThan(5);
  });

  it('builds both for a version-2 database (migration 3)', async () => {
    const name = `v2-${++n}`;
    const v2 = await openDB(name, 2, {
      upgrade(db, _old, _new, tx) {
        void (async () => {
          await MIGRATIONS[0]!.up(db as never, tx as never);
          await MIGRATIONS[1]!.up(db as never, tx as never);
        })();
      },
    });
    const r = rng(9);
    await v2.put('books', testBook('b1'));
    for (const [i, id] of ['p1', 'p2', 'p3'].entries()) await v2.put('pages', page('b1', id, i));
    await v2.put('pages', { ...page('b1', 'p4', 3), mark: 'blank' });
    await v2.put('pages', { ...page('b1', 'p1', 0), ocr: 'done' });
    const entries = [entry(r, 'b1', ['p1'], 'e1', 0), entry(r, 'b1', ['p1', 'p2'], 'e2', 1)];
    for (const e of entries) await v2.put('entries', e);
    v2.close();
    const db = await repo(name);
    await expectConsistent(db, 'b1');
    expect(await db.getCounters('b1')).toMatchObject({ pages: 4, skipped: 1, ocrDone: 1, entries: 2 });
  });

  it('rebuilds the packs of a version-4 database in columns and packs its pages (migration 5)', async () => {
    const name = `v4-${++n}`;
    const v4 = await openDB(name, 4, {
      upgrade(db, _old, _new, tx) {
        void (async () => {
          for (const m of MIGRATIONS.slice(0, 4)) await m.up(db as never, tx as never);
        })();
      },
    });
    const r = rng(11);
    await v4.put('books', testBook('b1'));
    for (const [i, id] of ['p1', 'p2'].entries()) await v4.put('pages', page('b1', id, i));
    v4.close();
    // Entries written by version 4's repository code path are emulated: summaries and list-form packs by hand.
    const v4b = await openDB(name, 4);
    const entries = [entry(r, 'b1', ['p1'], 'e1', 0), entry(r, 'b1', ['p1', 'p2'], 'e2', 1)];
    for (const e of entries) {
      await v4b.put('entries', e);
      await v4b.put('entrySummaries', summarizeEntry(e));
    }
    await v4b.put('summaryPacks', { bookId: 'b1', slot: 0, summaries: entries.map(summarizeEntry) });
    const pages = [page('b1', 'p1', 0), page('b1', 'p2', 1)];
    await v4b.put('bookCounters', countAll('b1', pages, entries.map(summarizeEntry)));
    v4b.close();
    const db = await repo(name);
    await expectConsistent(db, 'b1');
    expect((await db.listPages('b1')).map((p) => p.id)).toEqual(['p1', 'p2']);
  });

  it("goes with its book: a deleted book's summaries and counters are removed", async () => {
    const db = await repo();
    await db.putBook(testBook('b1'), ev('book.create'));
    await db.addPage(page('b1', 'p1', 0), image('b1', 'p1'), ev('page.import'));
    await db.saveOcr(ocr('b1', 'p1'), [entry(rng(4), 'b1', ['p1'], 'e1', 0)], ev('page.ocr'));
    expect((await db.listCounters()).get('b1')).toMatchObject({ pages: 1, ocrDone: 1, entries: 1 });
    await db.deleteBook('b1', ev('book.delete'));
    expect(await db.listSummaries('b1')).toEqual([]);
    expect(await db.listPages('b1')).toEqual([]);
    expect((await db.listCounters()).has('b1')).toBe(false);
  });
});

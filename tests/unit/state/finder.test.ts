/// <reference types="svelte" />
/**
 * The book session's summaries and the finder over the real Repository on fake-indexeddb: page counts follow
 * writes made by anyone (the desk's writer, OCR results stored meanwhile), search and filters work on the
 * summaries in memory, and next/previous entry move only among the matching entries while a filter is on.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditDraft } from '../../../src/domain/records/audit';
import { emptyEntry, type Entry, type FieldValue } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { BookSession } from '../../../src/state/book-session.svelte';
import { Finder } from '../../../src/state/finder.svelte';
import { WorkState } from '../../../src/state/work.svelte';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, type Repository } from '../../../src/storage';
import { testBook, testEvent } from '../helpers/records';

let n = 0;
const repos: Repository[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

const actor = { userId: 'u1', role: 'operator' } as const;
const ev = (action: AuditDraft['action'], pageId: string | null = null): AuditDraft =>
  testEvent(action, { pageId, at: 1 });
const ocr = (value: string, confidence: number): FieldValue => ({
  value,
  flags: [],
  source: 'ocr',
  confirmed: false,
  ocr: { text: value, confidence },
});
const NAMES = ['Nguyễn Văn Hải', 'Trần Thị Lan', 'Lê Hải Nam', 'Phạm Minh'];

function entry(pageId: string, order: number, name: string, confidence: number): Entry {
  return {
    ...emptyEntry({ bookId: 'b1', pageId, type: 'KS', order }, `${pageId}-e${order}`),
    fields: { so: ocr(String(order + 1), 0.99), nksHoTen: ocr(name, confidence) },
  };
}

/** A KS book of 3 pages with 2 entries each (entry 1 of each page uncertain), opened on the desk. */
async function setup() {
  const repo = await openRepository({ name: `finder-test-${++n}` });
  repos.push(repo);
  const book = testBook('b1', 'KS', 2019);
  await repo.putBook(book, ev('book.create'));
  for (const [i, id] of ['p1', 'p2', 'p3'].entries()) {
    const page = newPage(
      {
        bookId: 'b1',
        order: i,
        fileName: `${id}.jpg`,
        originalId: 'o',
        pdfPage: null,
        width: 9,
        height: 9,
        warnings: [],
      },
      id,
    );
    await repo.addPage(
      page,
      { pageId: id, bookId: 'b1', image: new Blob(['x']), thumb: new Blob([]) },
      ev('page.import', id),
    );
    const entries = [0, 1].map((k) =>
      entry(id, k, NAMES[(i + k) % NAMES.length] ?? '', k === 1 ? 0.4 : 0.95),
    );
    await repo.saveEntries({ put: entries, events: [] });
  }
  const writer = new EntryWriter(repo, () => actor);
  const session = new BookSession(repo, writer);
  const work = new WorkState(repo, session, writer, () => actor);
  const finder = new Finder(session);
  work.useStepper(finder);
  session.onPagesChanged(() => work.pagesChanged());
  await session.open(book);
  await work.open();
  return { repo, session, work, finder };
}

describe('book session summaries and the finder', () => {
  it('counts keyed / total per page and follows the desk finishing an entry', async () => {
    const { session, work } = await setup();
    expect(session.countOf('p1')).toEqual({ keyed: 0, total: 2 });
    for (const k of work.views.map((v) => v.def.key)) {
      await work.focusField(k);
      await work.confirm(k);
    }
    await work.flush();
    expect(session.countOf('p1')).toEqual({ keyed: 1, total: 2 });
    expect(session.summaries.get('p1-e0')?.state).toBe('keyed');
  });

  it('follows writes it did not make, and entries removed', async () => {
    const { repo, session } = await setup();
    const [e] = await repo.listPageEntries('p2');
    await repo.saveEntries({ put: [{ ...e!, state: 'keyed' }], events: [] });
    expect(session.countOf('p2')).toEqual({ keyed: 1, total: 2 });
    await repo.saveEntries({ remove: ['p2-e1'], events: [] });
    expect(session.countOf('p2')).toEqual({ keyed: 1, total: 1 });
  });

  it('searches names without diacritics in any order, and số', async () => {
    const { finder } = await setup();
    finder.query = 'hai nguyen';
    expect(finder.results.map((f) => f.summary.id)).toEqual(['p1-e0']);
    finder.query = 'hải';
    expect(finder.results.map((f) => f.summary.id)).toEqual(['p1-e0', 'p2-e1', 'p3-e0']);
    finder.query = '2'; // số 2: the second entry of each page
    expect(finder.results.map((f) => f.summary.id)).toEqual(['p1-e1', 'p2-e1', 'p3-e1']);
    finder.query = '';
    expect(finder.active).toBe(false);
  });

  it('moves next / previous entry only among the entries a filter keeps, and shows a result', async () => {
    const { work, finder } = await setup();
    expect(finder.filterCounts.uncertain).toBe(3);
    finder.toggle('uncertain');
    expect(finder.results).toHaveLength(3);
    await work.nextEntry();
    expect([work.page?.id, work.entry?.id]).toEqual(['p1', 'p1-e1']);
    await work.nextEntry();
    expect([work.page?.id, work.entry?.id]).toEqual(['p2', 'p2-e1']);
    await work.prevEntry();
    expect(work.entry?.id).toBe('p1-e1');
    await work.prevEntry(); // nothing before: stays
    expect(work.entry?.id).toBe('p1-e1');
    finder.toggle('uncertain'); // off: plain order again
    await work.nextEntry();
    expect(work.entry?.id).toBe('p2-e0');
    await work.showEntry('p3', 'p3-e1');
    expect([work.pageIndex, work.entry?.id]).toEqual([2, 'p3-e1']);
  });
});

describe('opening a big book', () => {
  const LAST = 61;
  it('publishes its pages and every summary at once (search and counts complete from the first screen)', async () => {
    const repo = await openRepository({ name: `finder-test-${++n}` });
    repos.push(repo);
    await repo.putBook(testBook('b1', 'KS', 2019), ev('book.create'));
    const ids = Array.from({ length: LAST + 1 }, (_, i) => `p${i}`);
    for (const [i, id] of ids.entries()) {
      const page = newPage(
        {
          bookId: 'b1',
          order: i,
          fileName: `${id}.jpg`,
          originalId: 'o',
          pdfPage: null,
          width: 9,
          height: 9,
          warnings: [],
        },
        id,
      );
      await repo.addPage(
        page,
        { pageId: id, bookId: 'b1', image: new Blob(['x']), thumb: new Blob([]) },
        ev('page.import', id),
      );
    }
    const spanning = { ...entry('p0', 0, 'Lê Hải Nam', 0.95), pageIds: ['p0', 'p1'] };
    await repo.saveEntries({
      put: [spanning, entry('p1', 1, 'Trần Thị Lan', 0.95), entry(`p${LAST}`, 0, 'Phạm Minh', 0.95)],
      events: [],
    });
    const session = new BookSession(repo, new EntryWriter(repo, () => actor));
    const finder = new Finder(session);
    await session.open((await repo.getBook('b1')) ?? null);
    expect(session.pages).toHaveLength(LAST + 1);
    expect(session.countOf('p0')).toEqual({ keyed: 0, total: 1 });
    expect(session.countOf('p1')).toEqual({ keyed: 0, total: 1 });
    expect(session.countOf(`p${LAST}`)).toEqual({ keyed: 0, total: 1 });
    finder.query = 'pham minh';
    expect(finder.results.map((f) => [f.summary.id, f.pageIndex])).toEqual([[`p${LAST}-e0`, LAST]]);
    expect(session.summaries.size).toBe(3);
  });
});

/**
 * The repository on fake-indexeddb: a real upgrade of a filled version-1 database to the current version; entries
 * written with their events in one transaction (revision conflicts write nothing); one event per field edit via
 * amendSeq; a book's deletion recorded in the machine's chain; a rolled-back import leaves no trace.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/domain/records/audit';
import { emptyEntry } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { testBook, testEvent as ev } from '../helpers/records';
import { DB_VERSION, MIGRATIONS, openRepository, StorageError, type Repository } from '../../../src/storage';

let n = 0;
const open: Repository[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});
async function repo(name = `repo-test-${++n}`): Promise<Repository> {
  const r = await openRepository({ name });
  open.push(r);
  return r;
}

const book = testBook('b1', 'KS', 2017);
const page = (id: string, order: number) =>
  newPage(
    {
      bookId: 'b1',
      order,
      fileName: `${id}.jpg`,
      originalId: 'o1',
      pdfPage: null,
      width: 10,
      height: 10,
      warnings: [],
    },
    id,
  );
const image = (pageId: string) => ({ pageId, bookId: 'b1', image: new Blob([]), thumb: new Blob([]) });

describe('schema upgrade', () => {
  it('upgrades a filled version-1 database: records kept, v1 events re-chained, users and machine id added', async () => {
    const name = `v1-${++n}`;
    const v1 = await openDB(name, 1, {
      upgrade(db, _old, _new, tx) {
        void MIGRATIONS[0]!.up(db as never, tx as never);
      },
    });
    await v1.put('books', { ...book, schema: undefined });
    await v1.put('pages', { id: 'p1', bookId: 'b1', order: 0, fileName: 'a.jpg' });
    await v1.put('entries', {
      id: 'e1',
      bookId: 'b1',
      pageIds: ['p1'],
      order: 0,
      type: 'KS',
      state: 'keyed',
      fields: { nksHoTen: { value: 'An', flags: [], source: 'keyed', confirmed: true } },
      revision: 3,
      createdAt: 1,
      updatedAt: 2,
    });
    await v1.add('audit', {
      at: 10,
      user: 'operator',
      bookId: 'b1',
      entryId: 'e1',
      field: 'nksHoTen',
      before: 'A',
      after: 'An',
      action: 'confirm',
    });
    await v1.add('audit', {
      at: 11,
      user: 'operator',
      bookId: 'b1',
      entryId: 'e1',
      field: 'nksHoTen',
      before: '',
      after: '',
      action: 'flag:blank',
    });
    v1.close();

    const r = await repo(name);
    expect(DB_VERSION).toBeGreaterThanOrEqual(2);
    expect(r.machineId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await r.listUsers()).toEqual([]);
    expect((await r.getBook('b1'))?.bookNumber).toBe('01/2017');
    const [e] = await r.listPageEntries('p1');
    expect(e).toMatchObject({ id: 'e1', revision: 3, schema: 1, keyedBy: null });
    const events = await r.listBookEvents('b1');
    expect(events.map((x) => [x.seq, x.action, x.userId, x.note])).toEqual([
      [1, 'field.confirm', null, 'phiên bản 1: confirm'],
      [2, 'field.flag', null, 'phiên bản 1: flag:blank'],
    ]);
    expect(verifyChains(events).ok).toBe(true);
    r.close();
    // Opening again keeps the same machine id.
    const again = await repo(name);
    expect(again.machineId).toBe(r.machineId);
  });
});

describe('entries and their events', () => {
  it('writes entries and events in one transaction; a stale revision writes neither', async () => {
    const r = await repo();
    const e = emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KS', order: 0 }, 'e1');
    const first = await r.saveEntries({ put: [e], events: [ev('entry.add', { entryId: 'e1' })] });
    expect(first.entries[0]?.revision).toBe(1);
    expect(first.events[0]).toMatchObject({ seq: 1, machineId: r.machineId });
    // The same copy again (revision 0): refused, and no event appended.
    await expect(r.saveEntries({ put: [e], events: [ev('field.edit')] })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(r.saveEntries({ put: [e], events: [] })).rejects.toBeInstanceOf(StorageError);
    expect((await r.listBookEvents('b1')).map((x) => x.action)).toEqual(['entry.add']);
  });

  it('amends the open edit event while it is the chain head, continues it once anything came after', async () => {
    const r = await repo();
    let e = emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KS', order: 0 }, 'e1');
    const edit = (after: string) => ev('field.edit', { entryId: 'e1', field: 'nksHoTen', before: '', after });
    let out = await r.saveEntries({ put: [e], events: [edit('N')] });
    e = out.entries[0]!;
    const seq = out.events[0]!.seq;
    out = await r.saveEntries({ put: [e], events: [{ ...edit('Ng'), amend: { seq, before: 'N' } }] });
    e = out.entries[0]!;
    expect(out.events[0]?.seq).toBe(seq);
    await r.saveEntries({ put: [], events: [ev('page.rotate', { before: 0, after: 90 })] });
    out = await r.saveEntries({ put: [e], events: [{ ...edit('Ngọc'), amend: { seq, before: 'Ng' } }] });
    const all = await r.listBookEvents('b1');
    // Amended while it was the head; once another event came, the edit goes on as a new event from what the
    // earlier one left.
    expect(all.map((x) => [x.seq, x.action, x.before, x.after])).toEqual([
      [1, 'field.edit', '', 'Ng'],
      [2, 'page.rotate', 0, 90],
      [3, 'field.edit', 'Ng', 'Ngọc'],
    ]);
    expect(verifyChains(all).ok).toBe(true);
  });
});

describe('books and pages', () => {
  it("records a book's deletion in the machine's chain, with the heads of the book's chains", async () => {
    const r = await repo();
    await r.putBook(book, ev('book.create'));
    await r.addPage(page('p1', 0), image('p1'), ev('page.import', { pageId: 'p1' }));
    const head = (await r.listBookEvents('b1')).at(-1);
    await r.deleteBook('b1', ev('book.delete', { bookId: null }));
    expect(await r.listBookEvents('b1')).toEqual([]);
    const machine = await r.listBookEvents(null);
    expect(machine).toHaveLength(1);
    expect(machine[0]).toMatchObject({ bookId: null, seq: 1, action: 'book.delete' });
    expect(machine[0]?.before).toEqual({
      book: { id: 'b1', type: 'KS', bookNumber: '01/2017', year: 2017 },
      chains: { [r.machineId]: { seq: head?.seq, hash: head?.hash } },
    });
    expect(verifyChains(machine).ok).toBe(true);
  });

  it('removes a rolled-back import with its own events; records the removal when others came after', async () => {
    const r = await repo();
    await r.putBook(book, ev('book.create'));
    await r.addPage(page('p1', 0), image('p1'), ev('page.import', { pageId: 'p1' }));
    await r.addPage(page('p2', 1), image('p2'), ev('page.import', { pageId: 'p2' }));
    await r.removeImport('b1', 'o1', ['p1', 'p2'], ev('page.delete'));
    expect((await r.listBookEvents('b1')).map((x) => x.action)).toEqual(['book.create']);
    expect(await r.listPages('b1')).toEqual([]);

    await r.addPage(page('p3', 0), image('p3'), ev('page.import', { pageId: 'p3' }));
    await r.saveEntries({ put: [], events: [ev('entry.add', { entryId: 'x' })] });
    await r.removeImport('b1', 'o1', ['p3'], ev('page.delete', { note: 'huỷ nhập tệp' }));
    const all = await r.listBookEvents('b1');
    expect(all.map((x) => [x.action, x.pageId])).toEqual([
      ['book.create', null],
      ['page.import', 'p3'],
      ['entry.add', null],
      ['page.delete', 'p3'],
    ]);
    expect(verifyChains(all).ok).toBe(true);
  });

  it('stores nothing for the OCR of a page deleted meanwhile', async () => {
    const r = await repo();
    const added = await r.saveOcr(
      {
        pageId: 'gone',
        bookId: 'b1',
        width: 1,
        height: 1,
        engine: 'e',
        model: 'm',
        words: [],
        lines: [],
        detectedType: null,
        detectedYear: null,
        skew: 0,
        ms: 1,
        createdAt: 1,
        drafts: [],
      },
      [],
      ev('page.ocr', { pageId: 'gone' }),
    );
    expect(added).toBe(false);
    expect(await r.getOcr('gone')).toBeUndefined();
    expect(await r.listBookEvents('b1')).toEqual([]);
  });
});

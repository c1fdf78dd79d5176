/// <reference types="svelte" />
/**
 * WorkState (the desk) with the book session and the writer over the real Repository on fake-indexeddb: opening a
 * book at its first uncertain field, typing (NFC, one event per edit), confirming every field moves the entry to
 * keyed with its keyer, splitting and deleting entries, all in the book's verifiable audit chain.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChains, type AuditDraft } from '../../../src/domain/records/audit';
import { emptyEntry } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { BookSession } from '../../../src/state/book-session.svelte';
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

async function setup(): Promise<{ repo: Repository; work: WorkState; session: BookSession }> {
  const repo = await openRepository({ name: `work-test-${++n}` });
  repos.push(repo);
  const book = testBook('b1', 'KT', 2019);
  await repo.putBook(book, ev('book.create'));
  const page = newPage(
    {
      bookId: 'b1',
      order: 0,
      fileName: 'a.jpg',
      originalId: 'o',
      pdfPage: null,
      width: 10,
      height: 10,
      warnings: [],
    },
    'p1',
  );
  await repo.addPage(
    page,
    { pageId: 'p1', bookId: 'b1', image: new Blob(['x']), thumb: new Blob([]) },
    ev('page.import', 'p1'),
  );
  const entry = {
    ...emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KT', order: 0 }, 'e1'),
    fields: {
      so: {
        value: '7',
        flags: [],
        source: 'ocr' as const,
        confirmed: false,
        ocr: { text: '7', confidence: 0.95 },
      },
      nktHoTen: {
        value: 'Le Van',
        flags: [],
        source: 'ocr' as const,
        confirmed: false,
        ocr: { text: 'Le Van', confidence: 0.4 },
      },
    },
  };
  await repo.saveEntries({ put: [entry], events: [] });
  const writer = new EntryWriter(repo, () => actor);
  const session = new BookSession(repo, writer);
  let id = 0;
  const work = new WorkState(
    repo,
    session,
    writer,
    () => actor,
    () => `new${++id}`,
  );
  session.onPagesChanged(() => work.pagesChanged()); // as main.ts wires them
  await session.open(book);
  await work.open();
  return { repo, work, session };
}

describe('WorkState', () => {
  it('opens on the first uncertain field and records one event per edit, stored NFC', async () => {
    const { repo, work } = await setup();
    expect(work.entries.map((e) => e.id)).toEqual(['e1']);
    expect(work.focusedKey).toBe('nktHoTen'); // low confidence; `so` was read with confidence 0.95
    for (const v of ['Lê', 'Lê Văn', 'Le\u0302 Va\u0306n Ba\u0300']) work.setValue('nktHoTen', v);
    await work.focusField('nktNgaySinh');
    await work.flush();
    const [stored] = await repo.listPageEntries('p1');
    expect(stored?.fields['nktHoTen']).toMatchObject({
      value: 'Lê Văn Bà',
      source: 'keyed',
      confirmed: false,
    });
    const edits = (await repo.listBookEvents('b1')).filter((e) => e.action === 'field.edit');
    expect(edits.map((e) => [e.field, e.before, e.after, e.userId])).toEqual([
      ['nktHoTen', 'Le Van', 'Lê Văn Bà', 'u1'],
    ]);
  });

  it('moves an entry to keyed, with its keyer, once every field is confirmed or flagged', async () => {
    const { repo, work } = await setup();
    const keys = work.views.map((v) => v.def.key);
    for (const k of keys) {
      await work.focusField(k);
      if (k === 'ghiChu') await work.flagAndNext('blank');
      else await work.confirm(k);
    }
    const [stored] = await repo.listPageEntries('p1');
    expect(stored).toMatchObject({ state: 'keyed', keyedBy: 'u1' });
    const events = await repo.listBookEvents('b1');
    expect(events.filter((e) => e.action === 'field.confirm')).toHaveLength(keys.length - 1);
    expect(events.filter((e) => e.action === 'entry.state').map((e) => [e.before, e.after])).toEqual([
      ['prefilled', 'keyed'],
    ]);
    expect(verifyChains(events).ok).toBe(true);
  });

  it('finishes an entry with one key: every unconfirmed field confirmed, keyed, one finish event', async () => {
    const { repo, work } = await setup();
    work.setValue('nktHoTen', 'Lê Văn Bà');
    await work.finishEntry();
    const [stored] = await repo.listPageEntries('p1');
    expect(stored).toMatchObject({ state: 'keyed', keyedBy: 'u1' });
    expect(Object.values(stored?.fields ?? {}).every((f) => f.confirmed)).toBe(true);
    expect(stored?.fields['nktHoTen']?.value).toBe('Lê Văn Bà');
    const events = await repo.listBookEvents('b1');
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['field.edit', 'entry.finish', 'entry.state']),
    );
    const finish = events.find((e) => e.action === 'entry.finish');
    expect((finish?.after as { confirmed: string[] }).confirmed).toContain('nktHoTen');
    // The edit is recorded before the finish, and the chain holds.
    const order = events.map((e) => e.action);
    expect(order.indexOf('field.edit')).toBeLessThan(order.indexOf('entry.finish'));
    expect(verifyChains(events).ok).toBe(true);
  });

  it('undoes a finish (back to prefilled, confirmations taken back) and a deletion (same entry back)', async () => {
    const { repo, work } = await setup();
    work.setValue('nktHoTen', 'Lê Văn Bà');
    await work.finishEntry();
    expect((await repo.listPageEntries('p1'))[0]?.state).toBe('keyed');
    expect(work.undoLabel).toBe('Hoàn thành mục 1');
    await work.undo();
    const [back] = await repo.listPageEntries('p1');
    expect(back?.state).toBe('prefilled');
    expect(back?.fields['nktHoTen']).toMatchObject({ value: 'Lê Văn Bà', confirmed: false });
    expect(back?.fields['so']?.confirmed).toBe(false);

    await work.deleteEntry();
    expect(await repo.listPageEntries('p1')).toEqual([]);
    expect(work.undoLabel).toBe('Xoá mục 1 (số 7)');
    await work.undo();
    const restored = await repo.listPageEntries('p1');
    expect(restored.map((e) => [e.id, e.fields['nktHoTen']?.value])).toEqual([['e1', 'Lê Văn Bà']]);
    expect(work.entries.map((e) => e.id)).toEqual(['e1']);
    expect(work.undoLabel).toBeNull();
    const events = await repo.listBookEvents('b1');
    expect(events.filter((e) => e.note?.startsWith('hoàn tác')).map((e) => e.action)).toEqual(
      expect.arrayContaining(['entry.state', 'field.confirm', 'entry.add']),
    );
    expect(verifyChains(events).ok).toBe(true);
    // Editing goes on normally after the undo (no stale revision).
    work.setValue('nktHoTen', 'Lê Văn Ba');
    await work.flush();
    expect((await repo.listPageEntries('p1'))[0]?.fields['nktHoTen']?.value).toBe('Lê Văn Ba');
  });

  it('reads a page again keeping typed and confirmed fields, refreshing the untouched ones', async () => {
    const { repo, work } = await setup();
    work.setValue('nktHoTen', 'Lê Văn Bà');
    await work.readAgain('keep');
    const draft = {
      ...emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KT', order: 0 }, 'x'),
      fields: {
        so: {
          value: '17',
          flags: [],
          source: 'ocr' as const,
          confirmed: false,
          ocr: { text: '17', confidence: 0.9 },
        },
        nktHoTen: { value: 'LE VAN', flags: [], source: 'ocr' as const, confirmed: false },
      },
    };
    await work.pageRead('p1', [draft]);
    const [e] = await repo.listPageEntries('p1');
    expect(e?.fields['so']?.value).toBe('17');
    expect(e?.fields['nktHoTen']?.value).toBe('Lê Văn Bà');
    expect(work.entry?.fields['so']?.value).toBe('17');
    const edits = (await repo.listBookEvents('b1')).filter((x) => x.note === 'đọc lại trang');
    expect(edits.map((x) => [x.field, x.before, x.after])).toEqual([['so', '7', '17']]);
    // Without a request to read again, a late reading never touches the entries.
    await work.pageRead('p1', [{ ...draft, fields: { so: { ...draft.fields.so, value: '99' } } }]);
    expect((await repo.listPageEntries('p1'))[0]?.fields['so']?.value).toBe('17');
  });

  it('splits and deletes entries in one transaction each, with their events', async () => {
    const { repo, work } = await setup();
    await work.focusField('nktHoTen');
    await work.splitEntry();
    expect(work.entries.map((e) => e.id)).toEqual(['e1', 'new1']);
    expect(work.entry?.id).toBe('new1');
    expect(Object.keys(work.entry?.fields ?? {})).toEqual(['nktHoTen']);
    await work.deleteEntry();
    expect((await repo.listPageEntries('p1')).map((e) => [e.id, Object.keys(e.fields)])).toEqual([
      ['e1', ['so']],
    ]);
    const events = await repo.listBookEvents('b1');
    expect(events.map((e) => e.action)).toEqual([
      'book.create',
      'page.import',
      'entry.split',
      'entry.add',
      'entry.delete',
    ]);
    const del = events.at(-1);
    expect((del?.before as { fields: Record<string, { value: string }> }).fields['nktHoTen']?.value).toBe(
      'Le Van',
    );
  });

  it('splits right after typing in another field (no false conflict with its own write)', async () => {
    const { repo, work } = await setup();
    await work.focusField('so');
    work.setValue('so', '8');
    await work.focusField('nktHoTen');
    await work.splitEntry();
    expect(work.saveError).toBeNull();
    expect((await repo.listPageEntries('p1')).map((e) => [e.id, Object.keys(e.fields)])).toEqual([
      ['e1', ['so']],
      ['new1', ['nktHoTen']],
    ]);
  });

  it('keeps the order of edits and confirmations made before the write lands', async () => {
    const { repo, work } = await setup();
    await work.focusField('nktHoTen');
    work.setValue('nktHoTen', 'x');
    const confirming = work.confirm('nktHoTen');
    work.setValue('nktHoTen', 'xy'); // typed again before the confirmation reached the disk
    await confirming;
    await work.focusField('nktNgaySinh');
    await work.flush();
    const events = (await repo.listBookEvents('b1')).filter((e) => e.field === 'nktHoTen');
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ['field.edit', 'Le Van', 'x'],
      ['field.confirm', false, true],
      ['field.confirm', true, false],
      ['field.edit', 'x', 'xy'],
    ]);
    expect((await repo.listPageEntries('p1'))[0]?.fields['nktHoTen']).toMatchObject({
      value: 'xy',
      confirmed: false,
    });
  });

  it('a page deletion that failed is done, and shown, after "Thử lưu lại"', async () => {
    const { repo, work, session } = await setup();
    const real = repo.deletePage.bind(repo);
    let fail = 1;
    repo.deletePage = (...a) =>
      fail-- > 0 ? Promise.reject(new Error('Không lưu được việc xoá trang.')) : real(...a);
    await expect(session.remove('p1')).rejects.toThrow();
    expect(work.saveError).toBe('Không lưu được việc xoá trang.');
    expect(session.pages.map((p) => p.id)).toEqual(['p1']);
    await work.retry();
    expect(session.pages).toEqual([]);
    expect(await repo.listPages('b1')).toEqual([]);
    expect(work.entries).toEqual([]);
  });
});

/// <reference types="svelte" />
/**
 * OcrQueue (runes class, compiled for the client by the unit project) over the real Repository on
 * fake-indexeddb, with a fake pre-fill client whose calls the test settles one by one: focus order,
 * concurrency, pause, failures, entries only for pages without any, the `activity` field, and a book switch
 * that aborts the reads of the previous book.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Book } from '../../../src/domain/records/book';
import { testBook } from '../helpers/records';
import { ENTRY_SCHEMA, type Entry } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { communePlace } from '../../../src/domain/lexicons/book-lexicon';
import type { PrefillResult } from '../../../src/prefill/pipeline';
import { BookSession } from '../../../src/state/book-session.svelte';
import { OcrQueue, type OcrQueueOptions } from '../../../src/state/ocr-queue.svelte';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, type Repository } from '../../../src/storage';
import type { PrefillCallOptions, PrefillOutcome, PrefillSource } from '../../../workers/prefill.client';

/** One prefill call, held open until the test settles it. */
interface Call {
  fileName: string;
  priority: number | undefined;
  lexicon: PrefillCallOptions['lexicon'];
  signal: AbortSignal;
  settle(out: PrefillOutcome): void;
  crash(e: Error): void;
}

/** Calls the test has settled (answered or crashed). */
const settled = new WeakSet<Call>();

/**
 * Shaped like PrefillClient.prefill: an aborted call resolves as cancelled, as the real client does (unless
 * `cancelOnAbort` is off, to let an answer arrive after the abort).
 */
class FakeClient {
  readonly calls: Call[] = [];
  cancelOnAbort = true;

  prefill(source: PrefillSource, opts: PrefillCallOptions = {}): Promise<PrefillOutcome> {
    const signal = opts.signal ?? new AbortController().signal;
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => {
        if (this.cancelOnAbort) resolve({ ok: false, cancelled: true, message: 'Đã huỷ.' });
      });
      this.calls.push({
        fileName: source.fileName,
        priority: opts.priority,
        lexicon: opts.lexicon,
        signal,
        settle: resolve,
        crash: reject,
      });
    });
  }

  /** File names of the calls not yet settled or aborted, in call order. */
  open(): string[] {
    return this.calls.filter((c) => !c.signal.aborted && !settled.has(c)).map((c) => c.fileName);
  }
}

/** What a page's pre-fill found: one birth entry whose child is `name`. */
function result(name: string): PrefillResult {
  return {
    type: 'KS',
    register: { type: 'KS', evidence: [] },
    year: 2017,
    entries: [
      {
        type: 'KS',
        fields: {
          nksHoTen: { value: name, confidence: 0.9, box: [10, 20, 30, 8], warnings: [], ocrText: name },
        },
        box: null,
        continuesPrevious: false,
      },
    ],
    width: 100,
    height: 140,
    skew: 0,
    words: [],
    lines: [],
    ms: { ocr: 5 },
    totalMs: 5,
    engine: 'tesseract.js 7.0.0 (core 7.0.0)',
    model: 'vie 4.0.0_best_int',
  };
}

const ok = (name: string): PrefillOutcome => ({ ok: true, result: result(name), ms: 5 });

function settle(call: Call | undefined, out: PrefillOutcome): void {
  if (!call) throw new Error('no such call');
  settled.add(call);
  call.settle(out);
}

/** The n-th call (0-based), once the queue has made it. */
async function nthCall(client: FakeClient, n: number): Promise<Call> {
  await vi.waitFor(() => expect(client.calls.length).toBeGreaterThan(n));
  return client.calls[n]!;
}

/** Lets the queue run what it would run now (storage round trips included). */
const settleDown = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

let dbCount = 0;
const repos: Repository[] = [];

afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

/** A fresh database with a book of `pages` pending pages (p0.jpg, p1.jpg, …); the book is not stored. */
async function setup(
  pages: number,
  opts: OcrQueueOptions = {},
  id = 'b1',
): Promise<{
  repo: Repository;
  client: FakeClient;
  queue: OcrQueue;
  book: Book;
  session: BookSession;
  open: (b: Book) => Promise<void>;
}> {
  const repo = await openRepository({ name: `ocr-queue-test-${++dbCount}` });
  repos.push(repo);
  const book = await addBook(repo, id, pages);
  const client = new FakeClient();
  let n = 0;
  const writer = new EntryWriter(repo, () => ({ userId: 'u1', role: 'operator' }));
  const session = new BookSession(repo, writer);
  const queue = new OcrQueue(
    repo,
    client as unknown as ConstructorParameters<typeof OcrQueue>[1],
    session,
    writer,
    { newId: () => `e${++n}`, ...opts },
  );
  session.onPagesChanged(() => queue.refresh());
  return { repo, client, queue, book, session, open: (b) => session.open(b) };
}

async function addBook(repo: Repository, id: string, pages: number): Promise<Book> {
  const book = testBook(id, 'KS', 2017);
  for (let i = 0; i < pages; i++) {
    const page = newPage(
      {
        bookId: id,
        order: i,
        fileName: `${id === 'b1' ? '' : `${id}-`}p${i}.jpg`,
        originalId: 'o1',
        pdfPage: null,
        width: 100,
        height: 140,
        warnings: [],
      },
      `${id}-p${i}`,
    );
    await repo.addPage(
      page,
      {
        pageId: page.id,
        bookId: id,
        image: new Blob([new Uint8Array([0xff, 0xd8, i])]),
        thumb: new Blob([]),
      },
      {
        bookId: id,
        at: 0,
        userId: 'u1',
        role: 'operator',
        action: 'page.import',
        entryId: null,
        pageId: page.id,
        field: null,
        before: null,
        after: null,
        note: null,
      },
    );
  }
  return book;
}

describe('OcrQueue', () => {
  it('reads the page on screen first, then the pages after it, then those before it', async () => {
    const { client, queue, book, open } = await setup(5, { concurrency: 1 });
    queue.setFocus(2);
    await open(book);
    const order: string[] = [];
    const priorities: number[] = [];
    for (let n = 0; n < 5; n++) {
      const call = await nthCall(client, n);
      order.push(call.fileName);
      priorities.push(call.priority ?? NaN);
      settle(call, ok(`Người ${n}`));
    }
    expect(order).toEqual(['p2.jpg', 'p3.jpg', 'p4.jpg', 'p1.jpg', 'p0.jpg']);
    // The engine's queue gets the same order: each page outranks the ones read after it.
    expect(priorities.every((p, i) => i === 0 || p < priorities[i - 1]!)).toBe(true);
    await vi.waitFor(() => expect(queue.done).toBe(5));
    expect(client.calls).toHaveLength(5);
  });

  it('sends the book lexicon with each page: the book’s own commune, district and province', async () => {
    const { client, book, open } = await setup(1, { concurrency: 1 });
    await open(book);
    const call = await nthCall(client, 0);
    expect(call.lexicon?.values.place).toEqual([communePlace(book.commune)]);
    expect(communePlace(book.commune)).toMatch(/^(xã|phường|thị trấn) /);
    settle(call, ok('A'));
  });

  it('follows the focus while reading: the newly focused page goes next', async () => {
    const { client, queue, book, open } = await setup(6, { concurrency: 1 });
    await open(book);
    settle(await nthCall(client, 0), ok('A'));
    queue.setFocus(4);
    expect((await nthCall(client, 1)).fileName).toBe('p4.jpg');
  });

  it('reads at most `concurrency` pages at once, and more when allowed', async () => {
    const { client, queue, book, open } = await setup(5, { concurrency: 2 });
    await open(book);
    await nthCall(client, 1);
    await settleDown();
    expect(client.open()).toEqual(['p0.jpg', 'p1.jpg']);
    expect([...queue.running].sort()).toEqual(['b1-p0', 'b1-p1']);
    settle(client.calls[0], ok('A'));
    await nthCall(client, 2);
    await settleDown();
    expect(client.open()).toEqual(['p1.jpg', 'p2.jpg']);
    queue.setConcurrency(3);
    await nthCall(client, 3);
    await settleDown();
    expect(client.open()).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg']);
  });

  it('while an import runs, reads only the page on screen, one at a time, and the rest after', async () => {
    const { client, queue, book, open } = await setup(4, { concurrency: 2 });
    queue.setImporting(true);
    await open(book);
    // The page on screen is read at once, alone; the others wait for the import.
    const first = await nthCall(client, 0);
    expect(first.fileName).toBe('p0.jpg');
    await settleDown();
    expect(client.calls).toHaveLength(1);
    expect(queue.activity).toBe('reading');
    settle(first, ok('A'));
    await vi.waitFor(() => expect(queue.done).toBe(1));
    await settleDown();
    expect(client.calls).toHaveLength(1);
    expect(queue.activity).toBe('paused');
    // The operator moves to page 3: it is read next, still alone.
    queue.setFocus(2);
    const onScreen = await nthCall(client, 1);
    expect(onScreen.fileName).toBe('p2.jpg');
    await settleDown();
    expect(client.open()).toEqual(['p2.jpg']);
    // The import ends: look-ahead resumes at full concurrency.
    queue.setImporting(false);
    await nthCall(client, 2);
    await settleDown();
    expect(client.open()).toEqual(['p2.jpg', 'p3.jpg']);
    expect(queue.activity).toBe('reading');
  });

  it('marks a page failed with its message (a refused page and a crashed worker alike)', async () => {
    const errors: string[] = [];
    const { repo, client, queue, book, open } = await setup(3, {
      concurrency: 1,
      onError: (m) => errors.push(m),
    });
    await open(book);
    settle(await nthCall(client, 0), { ok: false, cancelled: false, message: 'Ảnh không đọc được.' });
    const second = await nthCall(client, 1);
    settled.add(second);
    second.crash(new Error('Bộ xử lý nền bị lỗi'));
    settle(await nthCall(client, 2), ok('C'));
    await vi.waitFor(() => expect(queue.done + queue.failed).toBe(3));
    expect(queue.failed).toBe(2);
    expect(await repo.getPage('b1-p0')).toMatchObject({ ocr: 'failed', ocrError: 'Ảnh không đọc được.' });
    expect(await repo.getPage('b1-p1')).toMatchObject({ ocr: 'failed', ocrError: 'Bộ xử lý nền bị lỗi' });
    expect(await repo.getPage('b1-p2')).toMatchObject({ ocr: 'done', ocrError: null });
    expect(errors).toEqual(['Bộ xử lý nền bị lỗi']);
    expect(await repo.listPageEntries('b1-p0')).toEqual([]);
    expect(queue.activity).toBe('idle');
    // Each reading is in the book's audit chain, by the machine (no user).
    const ocrEvents = (await repo.listBookEvents('b1')).filter((e) => e.action === 'page.ocr');
    expect(ocrEvents.map((e) => [e.pageId, (e.after as { ocr: string }).ocr, e.userId])).toEqual([
      ['b1-p0', 'failed', null],
      ['b1-p1', 'failed', null],
      ['b1-p2', 'done', null],
    ]);
  });

  it('creates entries from the reading only for a page that has none yet', async () => {
    const done: [string, boolean][] = [];
    const { repo, client, book, open } = await setup(2, {
      concurrency: 1,
      onPageDone: (pageId, added) => done.push([pageId, added]),
    });
    // The operator keyed an entry on page 0 before OCR reached it.
    const keyed: Entry = {
      id: 'keyed',
      bookId: book.id,
      pageIds: ['b1-p0'],
      order: 0,
      type: 'KS',
      state: 'prefilled',
      fields: { nksHoTen: { value: 'Đã gõ tay', flags: [], source: 'keyed', confirmed: true } },
      revision: 0,
      createdAt: 0,
      updatedAt: 0,
      schema: ENTRY_SCHEMA,
    };
    await repo.saveEntries({ put: [keyed], events: [] });
    await open(book);
    settle(await nthCall(client, 0), ok('Từ OCR 0'));
    settle(await nthCall(client, 1), ok('Từ OCR 1'));
    await vi.waitFor(() => expect(done).toHaveLength(2));
    expect(done).toEqual([
      ['b1-p0', false],
      ['b1-p1', true],
    ]);
    const p0 = await repo.listPageEntries('b1-p0');
    expect(p0.map((e) => [e.id, e.fields['nksHoTen']?.value])).toEqual([['keyed', 'Đã gõ tay']]);
    const p1 = await repo.listPageEntries('b1-p1');
    expect(p1.map((e) => e.fields['nksHoTen']?.value)).toEqual(['Từ OCR 1']);
    expect(p1[0]?.fields['nksHoTen']).toMatchObject({ source: 'ocr', confirmed: false });
    // The reading itself is stored for both pages.
    expect((await repo.getOcr('b1-p0'))?.drafts).toHaveLength(1);
    expect((await repo.getOcr('b1-p1'))?.drafts).toHaveLength(1);
    // With what the engine reported it used.
    expect(await repo.getOcr('b1-p1')).toMatchObject({ engine: 'tesseract.js 7.0.0 (core 7.0.0)', ms: 5 });
  });

  it('keeps a page of another register without entries, and says which register it names', async () => {
    const { repo, client, queue, book, session, open } = await setup(2, { concurrency: 1 });
    await open(book);
    const marriage: PrefillOutcome = {
      ok: true,
      ms: 5,
      result: {
        ...result('chết Bệnh'),
        register: {
          type: 'KH',
          evidence: [
            { type: 'KH', kind: 'title', text: 'SỐ ĐĂNG KÝ KẾT HÔN' },
            { type: 'KS', kind: 'label', text: 'Nơi sinh' },
            { type: 'KH', kind: 'label', text: 'Họ, chữ đệm, tên chồng' },
          ],
        },
      },
    };
    settle(await nthCall(client, 0), marriage);
    settle(await nthCall(client, 1), ok('Người B'));
    await vi.waitFor(() => expect(queue.activity).toBe('idle'));
    expect(await repo.listPageEntries('b1-p0')).toEqual([]);
    const other = { type: 'KH', evidence: ['SỐ ĐĂNG KÝ KẾT HÔN', 'Họ, chữ đệm, tên chồng'] };
    expect(await repo.getPage('b1-p0')).toMatchObject({ ocr: 'done', otherRegister: other });
    // The page list on screen has it too, and the page of the book's own register has none.
    expect(session.pages.map((p) => p.otherRegister)).toEqual([other, null]);
    expect((await repo.listPageEntries('b1-p1')).map((e) => e.fields['nksHoTen']?.value)).toEqual([
      'Người B',
    ]);
    expect(await repo.getOcr('b1-p0')).toMatchObject({ detectedType: 'KH' });
    const ev = (await repo.listBookEvents('b1')).find((e) => e.action === 'page.ocr' && e.pageId === 'b1-p0');
    expect(ev?.after).toEqual({ ocr: 'done', entries: [], otherRegister: 'KH' });
  });

  it("reports 'idle', 'reading' and 'paused' from the book's page states", async () => {
    const { client, queue, book, open } = await setup(2, { concurrency: 1 });
    expect(queue.activity).toBe('idle');
    await open(book);
    expect(queue.activity).toBe('reading');
    expect(queue.total).toBe(2);
    settle(await nthCall(client, 0), ok('A'));
    const second = await nthCall(client, 1);
    expect(queue.activity).toBe('reading');
    // An import with a page being read is still reading.
    queue.setImporting(true);
    expect(queue.activity).toBe('reading');
    queue.setImporting(false);
    settle(second, ok('B'));
    await vi.waitFor(() => expect(queue.activity).toBe('idle'));
    expect([queue.done, queue.failed, queue.running.length]).toEqual([2, 0, 0]);
    // An import with nothing left to read is idle, not paused.
    queue.setImporting(true);
    expect(queue.activity).toBe('idle');
  });

  it('aborts the reads of the previous book when another is opened, and reads only the new one', async () => {
    const { repo, client, queue, book, open } = await setup(2, { concurrency: 1 });
    const other = await addBook(repo, 'b2', 2);
    await open(book);
    const stale = await nthCall(client, 0);
    await open(other);
    expect(stale.signal.aborted).toBe(true);
    expect(queue.bookId).toBe('b2');
    settle(await nthCall(client, 1), ok('Sổ hai, trang 1'));
    settle(await nthCall(client, 2), ok('Sổ hai, trang 2'));
    await vi.waitFor(() => expect(queue.activity).toBe('idle'));
    expect(client.calls.map((c) => c.fileName)).toEqual(['p0.jpg', 'b2-p0.jpg', 'b2-p1.jpg']);
    expect([queue.done, queue.total]).toEqual([2, 2]);
    expect(await repo.getPage('b1-p0')).toMatchObject({ ocr: 'pending' });
    expect((await repo.listEntries('b2')).map((e) => e.pageIds)).toEqual([['b2-p0'], ['b2-p1']]);
  });

  it('drops an answer for the previous book that arrives after the switch', async () => {
    const { repo, client, queue, book, open } = await setup(2, { concurrency: 1 });
    const other = await addBook(repo, 'b2', 1);
    client.cancelOnAbort = false;
    await open(book);
    const stale = await nthCall(client, 0);
    await open(other);
    const next = await nthCall(client, 1);
    expect(next.fileName).toBe('b2-p0.jpg');
    expect(queue.running).toEqual(['b2-p0']);
    settle(stale, ok('Trễ'));
    await settleDown();
    expect(queue.running).toEqual(['b2-p0']);
    settle(next, ok('Sổ hai'));
    await vi.waitFor(() => expect(queue.done).toBe(1));
    await settleDown();
    expect(await repo.getOcr('b1-p0')).toBeUndefined();
    expect(await repo.getPage('b1-p0')).toMatchObject({ ocr: 'pending' });
    expect(await repo.listEntries('b1')).toEqual([]);
    expect(client.calls).toHaveLength(2);
    expect(queue.activity).toBe('idle');
  });
});

/// <reference types="svelte" />
/**
 * ExportState ("Xuất dữ liệu") over the real Repository on fake-indexeddb, with the export run in process (the same
 * `runExport` the worker runs): an operator may not export; a book with entries not yet accepted needs a typed
 * reason; an export writes the workbook to the chosen target, moves the accepted entries to exported and records
 * one `book.export` event (file name, SHA-256 of the bytes written, template, rows, override reason) in the
 * book's verifiable chain; the report is sorted worst first. The PDF zip export (same gate) streams the zip to its
 * sink, records one `book.export` event with the zip's and each PDF's SHA-256 (checked against the bytes written,
 * read back with yauzl), and a failure aborts the sink and records nothing. The ALTO / PAGE zip (same gate) holds
 * each page's two files, is recorded with kind `alto-page`, and moves no entry.
 */
import 'fake-indexeddb/auto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { read, utils } from '@e965/xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChains, type AuditDraft } from '../../../src/domain/records/audit';
import { emptyEntry, type Entry, type FieldValue } from '../../../src/domain/records/entry';
import { newPage } from '../../../src/domain/records/page';
import { REGISTERS } from '../../../src/domain/registers';
import type { Actor } from '../../../src/domain/workflow';
import { DEFAULT_NAME_PATTERN, exportStem } from '../../../src/exchange/names';
import { runArchiveZip } from '../../../src/exchange/archive-zip';
import { runPdfZip } from '../../../src/exchange/entry-pdfs';
import { ExportCancelledError, runExport } from '../../../src/exchange/run';
import { encodeJpegToFit, nodePageEncoder } from '../../../src/image/encode-node';
import { BookSession } from '../../../src/state/book-session.svelte';
import {
  bySeverity,
  ExportState,
  NAME_PATTERN_KEY,
  type ExportRunner,
} from '../../../src/state/export.svelte';
import type { PickStreamTarget, PickTarget } from '../../../src/state/save-file';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, type Repository } from '../../../src/storage';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { testBook, testEvent } from '../helpers/records';

let n = 0;
const repos: Repository[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

const SUPERVISOR: Actor = { userId: 'sup', role: 'supervisor' };
const OPERATOR: Actor = { userId: 'op', role: 'operator' };
const KEYS = REGISTERS.KS.fields.map((f) => f.key);

const field = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });

function entry(id: string, order: number, state: Entry['state']): Entry {
  const fields: Record<string, FieldValue> = {};
  for (const k of KEYS) fields[k] = field('');
  fields['so'] = field(String(order + 1).padStart(2, '0'));
  fields['ngayDangKy'] = field('12/03/2017');
  fields['nksHoTen'] = field(`Nguyễn Văn An ${order}`);
  return {
    ...emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KS', order }, id),
    state,
    keyedBy: 'op',
    fields,
  };
}

/** Called after each page of an in-process ALTO / PAGE run (a test cancels there). */
let afterArchivePage: (() => void) | null = null;

const inProcess: ExportRunner = {
  async run(input, opts) {
    const result = await runExport(input, { file: opts.file });
    return { ok: true, result, ms: 0 };
  },
  // What the worker does, in process.
  async pdfZip(input, io, opts) {
    try {
      const result = await runPdfZip(input, {
        readPage: async (id) => {
          const blob = await io.readPage(id);
          return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
        },
        encoder: nodePageEncoder,
        write: (c) => io.write(c),
        onProgress: (d, t) => io.progress(d, t),
        isCancelled: () => opts.signal?.aborted ?? false,
      });
      return { ok: true, result, ms: 0 };
    } catch (e) {
      return {
        ok: false,
        cancelled: e instanceof ExportCancelledError,
        message: e instanceof Error ? e.message : String(e),
      };
    }
  },
  async archiveZip(input, io, opts) {
    try {
      const result = await runArchiveZip(input, {
        readOcr: (id) => io.readOcr(id),
        write: (c) => io.write(c),
        onProgress: (d, t) => {
          io.progress(d, t);
          afterArchivePage?.();
        },
        isCancelled: () => opts.signal?.aborted ?? false,
      });
      return { ok: true, result, ms: 0 };
    } catch (e) {
      return {
        ok: false,
        cancelled: e instanceof ExportCancelledError,
        message: e instanceof Error ? e.message : String(e),
      };
    }
  },
};

/** A real scan, made small (the store keeps the page's working JPEG). */
const PAGE_JPEG = encodeJpegToFit(
  new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'pages', 'p014.jpg'))),
  { width: 600, height: 850 },
  0.6,
).bytes;

async function setup(states: Entry['state'][], actor: Actor = SUPERVISOR, image: Blob = new Blob(['x'])) {
  const repo = await openRepository({ name: `export-test-${++n}` });
  repos.push(repo);
  const book = testBook('b1', 'KS', 2017);
  const ev = (action: AuditDraft['action'], pageId: string | null = null): AuditDraft =>
    testEvent(action, { pageId, at: 1 });
  await repo.putBook(book, ev('book.create'));
  const page = newPage(
    {
      bookId: 'b1',
      order: 0,
      fileName: 'a.jpg',
      originalId: 'o',
      pdfPage: null,
      width: 100,
      height: 100,
      warnings: [],
    },
    'p1',
  );
  await repo.addPage(
    page,
    { pageId: 'p1', bookId: 'b1', image, thumb: new Blob([]) },
    ev('page.import', 'p1'),
  );
  await repo.saveEntries({ put: states.map((s, i) => entry(`e${i + 1}`, i, s)), events: [] });
  const writer = new EntryWriter(repo, () => actor);
  const session = new BookSession(repo, writer);
  await session.open(book);
  const written: { name: string; bytes: Uint8Array }[] = [];
  const pick: PickTarget = (name) =>
    Promise.resolve({
      name,
      write: (bytes) => {
        written.push({ name, bytes });
        return Promise.resolve();
      },
    });
  const streamed: { name: string; chunks: Uint8Array[]; closed: boolean; aborted: boolean }[] = [];
  const pickStream: PickStreamTarget = (name) =>
    Promise.resolve({
      name,
      open: () => {
        const s = { name, chunks: [] as Uint8Array[], closed: false, aborted: false };
        streamed.push(s);
        return Promise.resolve({
          write: (c: Uint8Array) => {
            s.chunks.push(c.slice());
            return Promise.resolve();
          },
          close: () => {
            s.closed = true;
            return Promise.resolve();
          },
          abort: () => {
            s.aborted = true;
            return Promise.resolve();
          },
        });
      },
    });
  const state = new ExportState(repo, session, writer, () => actor, inProcess, pick, pickStream);
  await state.open();
  return { repo, state, written, streamed, book };
}

function zipNames(bytes: Uint8Array): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('ExportState', () => {
  it('refuses an operator, writing nothing', async () => {
    const { repo, state, written } = await setup(['accepted'], OPERATOR);
    expect(state.refusal).toBe('Chỉ người giám sát hoặc quản trị viên được xuất dữ liệu.');
    expect(await state.exportFile()).toBe(false);
    expect(written).toEqual([]);
    expect((await repo.listEntries('b1'))[0]?.state).toBe('accepted');
  });

  it('needs a reason when entries are not all accepted; with one, exports and keeps their states', async () => {
    const { repo, state, written } = await setup(['accepted', 'keyed', 'verified']);
    expect(state.needsOverride).toBe(true);
    expect(state.counts).toMatchObject({ ready: 1, notReady: 2 });
    expect(await state.exportFile()).toBe(false);
    expect(state.error).toMatch(/còn 2 mục chưa nghiệm thu/u);
    state.overrideReason = '   ';
    expect(await state.exportFile()).toBe(false);
    expect(written).toEqual([]);

    state.overrideReason = 'Huyện cần số liệu gấp';
    expect(await state.exportFile()).toBe(true);
    expect(written).toHaveLength(1);
    const byId = new Map((await repo.listEntries('b1')).map((e) => [e.id, e.state]));
    expect(Object.fromEntries(byId)).toEqual({ e1: 'exported', e2: 'keyed', e3: 'verified' });
    const events = await repo.listBookEvents('b1');
    const exp = events.filter((e) => e.action === 'book.export');
    expect(exp).toHaveLength(1);
    expect(exp[0]?.after).toMatchObject({ rows: 3, exported: 1, override: 'Huyện cần số liệu gấp' });
    expect(exp[0]?.note).toContain('Huyện cần số liệu gấp');
    expect(exp[0]?.userId).toBe('sup');
    expect(state.overrideReason).toBe('');
  });

  it('exports an accepted book: file written, entries exported, one event with name and SHA-256, chain valid', async () => {
    const { repo, state, written, book } = await setup(['accepted', 'accepted']);
    expect(state.needsOverride).toBe(false);
    expect(state.template).toBe('KS-70');
    expect(await state.exportFile()).toBe(true);
    const file = written[0];
    expect(file?.name).toBe(`${exportStem(book)}.xlsx`);
    expect(file?.name).toBe('PhuongPhuHoi_Hue.KS.2017.01-2017.xlsx');
    const events = await repo.listBookEvents('b1');
    const exp = events.find((e) => e.action === 'book.export');
    expect(exp?.after).toEqual({
      fileName: file?.name,
      namePattern: DEFAULT_NAME_PATTERN,
      sha256: bytesToHex(sha256(file?.bytes ?? new Uint8Array())),
      kind: 'xlsx',
      template: 'KS-70',
      rows: 2,
      exported: 2,
      override: null,
    });
    const moves = events.filter((e) => e.action === 'entry.state');
    expect(moves.map((e) => [e.entryId, e.before, e.after])).toEqual([
      ['e1', 'accepted', 'exported'],
      ['e2', 'accepted', 'exported'],
    ]);
    // The moves and the export event were written in one transaction: consecutive in the chain.
    expect(exp && moves.every((m) => m.seq < exp.seq && exp.seq - m.seq <= 2)).toBe(true);
    expect((await repo.listEntries('b1')).every((e) => e.state === 'exported')).toBe(true);
    expect(verifyChains(events).ok).toBe(true);
    expect(state.done).toMatchObject({ rows: 2, moved: 2 });

    const wb = read(file?.bytes, { type: 'array' });
    const rows = utils.sheet_to_json<string[]>(wb.Sheets['DL Import']!, { header: 1, raw: false });
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('Nguyễn Văn An 0');

    // Exported entries may be exported again (no override), and stay exported.
    expect(await state.exportFile()).toBe(true);
    expect((await repo.listBookEvents('b1')).filter((e) => e.action === 'book.export')).toHaveLength(2);
  });

  it('exports the PDF zip: streamed to the sink, recorded with the zip and each PDF', async () => {
    const { repo, state, streamed, book } = await setup(
      ['accepted', 'accepted'],
      SUPERVISOR,
      new Blob([PAGE_JPEG.slice()]),
    );
    expect(state.zipName).toBe(`${exportStem(book)}.pdf.zip`);
    expect(await state.exportPdfZip()).toBe(true);
    expect(state.error).toBeNull();
    const [sink] = streamed;
    expect(sink).toMatchObject({ closed: true, aborted: false });
    const zip = new Uint8Array(Buffer.concat(sink?.chunks ?? []));
    const stem = exportStem(book);
    expect(await zipNames(zip)).toEqual([`${stem}.01.pdf`, `${stem}.02.pdf`]);
    const exp = (await repo.listBookEvents('b1')).filter((e) => e.action === 'book.export');
    expect(exp).toHaveLength(1);
    const after = exp[0]?.after as { files: { name: string; sha256: string; pages: number }[] };
    expect(after).toMatchObject({
      kind: 'pdf-zip',
      fileName: state.zipName,
      sha256: bytesToHex(sha256(zip)),
      size: zip.length,
      pdfs: 2,
      exported: 2,
      override: null,
    });
    expect(after.files.map((f) => [f.name, f.pages])).toEqual([
      [`${stem}.01.pdf`, 1],
      [`${stem}.02.pdf`, 1],
    ]);
    expect((await repo.listEntries('b1')).every((e) => e.state === 'exported')).toBe(true);
    // The stored JPEG was small enough: embedded as it is.
    expect(state.pdfDone).toMatchObject({ count: 2, size: zip.length, moved: 2 });
    expect(state.pdfDone?.perA4Page).toBeGreaterThan(PAGE_JPEG.length);
    expect(state.pdfDone?.perA4Page).toBeLessThan(PAGE_JPEG.length + 2000);
    expect(state.busy).toBeNull();
    expect(state.pdfProgress).toBeNull();
  });

  it('PDF zip: same gate as the workbook; a failure aborts the sink and records nothing', async () => {
    const { repo, state, streamed } = await setup(['accepted', 'keyed']);
    expect(await state.exportPdfZip()).toBe(false);
    expect(state.error).toMatch(/còn 1 mục chưa nghiệm thu/u);
    expect(streamed).toEqual([]);
    state.overrideReason = 'Cần bản PDF';
    // The stored page image is not an image: the run fails, shown in Vietnamese, nothing kept or recorded.
    expect(await state.exportPdfZip()).toBe(false);
    expect(state.error).toBeTruthy();
    expect(streamed[0]).toMatchObject({ closed: false, aborted: true });
    expect((await repo.listBookEvents('b1')).filter((e) => e.action === 'book.export')).toEqual([]);
    expect((await repo.listEntries('b1')).map((e) => e.state)).toEqual(['accepted', 'keyed']);
  });

  it('exports the ALTO / PAGE zip: stored OCR and values per page, recorded, no entry changes state', async () => {
    const { repo, state, streamed, book } = await setup(['accepted', 'keyed']);
    const ev = testEvent('page.ocr', { pageId: 'p1', at: 2 });
    await repo.saveOcr(
      {
        pageId: 'p1',
        bookId: 'b1',
        width: 100,
        height: 100,
        engine: 'tesseract.js@7',
        model: 'vie',
        words: [{ text: 'Phường', confidence: 0.9, box: [5, 5, 40, 10], line: 0, block: 0 }],
        lines: [{ box: [5, 5, 40, 10], words: [0] }],
        detectedType: null,
        detectedYear: null,
        skew: 0,
        ms: 1,
        createdAt: 1,
        drafts: [],
      },
      [],
      ev,
    );
    expect(state.archiveName).toBe(`${exportStem(book)}.alto-page.zip`);
    expect(await state.exportArchiveZip()).toBe(false);
    expect(state.error).toMatch(/còn 1 mục chưa nghiệm thu/u);
    state.overrideReason = 'Lưu trữ trước';
    expect(await state.exportArchiveZip()).toBe(true);
    expect(state.error).toBeNull();
    const [sink] = streamed;
    expect(sink).toMatchObject({ closed: true, aborted: false });
    const zip = new Uint8Array(Buffer.concat(sink?.chunks ?? []));
    expect(await zipNames(zip)).toEqual(['alto/0001.xml', 'page/0001.xml']);
    const exp = (await repo.listBookEvents('b1')).filter((e) => e.action === 'book.export');
    expect(exp).toHaveLength(1);
    const after = exp[0]?.after as { files: { name: string; sha256: string }[] };
    expect(after).toMatchObject({
      kind: 'alto-page',
      fileName: state.archiveName,
      sha256: bytesToHex(sha256(zip)),
      size: zip.length,
      pages: 1,
      exported: 0,
      override: 'Lưu trữ trước',
    });
    expect(after.files.map((f) => f.name)).toEqual(['alto/0001.xml', 'page/0001.xml']);
    expect((await repo.listEntries('b1')).map((e) => e.state)).toEqual(['accepted', 'keyed']);
    expect(state.archiveDone).toMatchObject({ pages: 1, size: zip.length });
    expect(state.busy).toBeNull();
    expect(state.archiveProgress).toBeNull();
    expect(verifyChains(await repo.listBookEvents('b1')).ok).toBe(true);
  });

  it('names files by the stored pattern: refused when invalid, stored with its audit event, used by every export', async () => {
    const { repo, state, written, streamed } = await setup(
      ['accepted', 'accepted'],
      SUPERVISOR,
      new Blob([PAGE_JPEG.slice()]),
    );
    expect(state.namePattern).toBe(DEFAULT_NAME_PATTERN);
    state.patternDraft = '{xa}.{trang}.{so}';
    expect(state.patternPreview).toMatchObject({ ok: false });
    expect(await state.savePattern()).toBe(false);
    expect(state.patternMessage?.text).toMatch(/chỗ điền không biết: \{trang\}/u);
    state.patternDraft = '';
    expect(await state.savePattern()).toBe(false);
    expect(state.patternMessage?.text).toBe('Mẫu tên tệp không được để trống.');
    expect(await repo.getSetting(NAME_PATTERN_KEY)).toBeUndefined();
    expect(state.fileName).toBe('PhuongPhuHoi_Hue.KS.2017.01-2017.xlsx');

    state.patternDraft = ' {loai}-{nam}-{quyen}_so{so} ';
    expect(state.patternPreview).toEqual({
      ok: true,
      pdf: 'KS-2017-01-2017_so01.pdf',
      xlsx: 'KS-2017-01-2017.xlsx',
    });
    expect(await state.savePattern()).toBe(true);
    expect(state.patternMessage).toEqual({ ok: true, text: 'Đã lưu mẫu tên tệp.' });
    expect(await repo.getSetting(NAME_PATTERN_KEY)).toBe('{loai}-{nam}-{quyen}_so{so}');
    const machine = await repo.listBookEvents(null);
    const change = machine.filter((e) => e.action === 'settings.update');
    expect(change.map((e) => [e.field, e.before, e.after, e.userId])).toEqual([
      [NAME_PATTERN_KEY, DEFAULT_NAME_PATTERN, '{loai}-{nam}-{quyen}_so{so}', 'sup'],
    ]);
    expect(verifyChains(machine).ok).toBe(true);

    expect(state.fileName).toBe('KS-2017-01-2017.xlsx');
    expect(await state.exportFile()).toBe(true);
    expect(written[0]?.name).toBe('KS-2017-01-2017.xlsx');
    expect(await state.exportPdfZip()).toBe(true);
    const zip = new Uint8Array(Buffer.concat(streamed[0]?.chunks ?? []));
    expect(streamed[0]?.name).toBe('KS-2017-01-2017.pdf.zip');
    expect(await zipNames(zip)).toEqual(['KS-2017-01-2017_so01.pdf', 'KS-2017-01-2017_so02.pdf']);
    const exports = (await repo.listBookEvents('b1')).filter((e) => e.action === 'book.export');
    expect(exports.map((e) => (e.after as { namePattern: string }).namePattern)).toEqual([
      '{loai}-{nam}-{quyen}_so{so}',
      '{loai}-{nam}-{quyen}_so{so}',
    ]);

    // Saving the same pattern again records nothing; the default comes back with its own event.
    expect(await state.savePattern()).toBe(true);
    expect(state.patternMessage?.text).toBe('Mẫu tên tệp không đổi.');
    expect(await state.resetPattern()).toBe(true);
    expect(await repo.getSetting(NAME_PATTERN_KEY)).toBe(DEFAULT_NAME_PATTERN);
    expect((await repo.listBookEvents(null)).filter((e) => e.action === 'settings.update')).toHaveLength(2);
  });

  it('lets only a supervisor or an administrator change the name pattern', async () => {
    const { repo, state } = await setup(['accepted'], OPERATOR);
    state.patternDraft = '{so}';
    expect(await state.savePattern()).toBe(false);
    expect(state.patternMessage?.text).toBe('Chỉ người giám sát hoặc quản trị viên được đổi mẫu tên tệp.');
    expect(await repo.getSetting(NAME_PATTERN_KEY)).toBeUndefined();
    expect((await repo.listBookEvents(null)).filter((e) => e.action === 'settings.update')).toEqual([]);
  });

  it('ALTO / PAGE zip: cancelled mid-run, the file is aborted and nothing is recorded', async () => {
    const { repo, state, streamed } = await setup(['accepted']);
    afterArchivePage = () => state.cancel();
    try {
      expect(await state.exportArchiveZip()).toBe(false);
    } finally {
      afterArchivePage = null;
    }
    expect(state.error).toBeNull();
    expect(streamed[0]).toMatchObject({ closed: false, aborted: true });
    expect((await repo.listBookEvents('b1')).filter((e) => e.action === 'book.export')).toEqual([]);
    expect(state.archiveDone).toBeNull();
    expect(state.busy).toBeNull();
  });

  it('stores the template version per register type and sorts the report worst first', async () => {
    const { repo, state } = await setup(['accepted']);
    await state.setTemplate('KS-60');
    expect(await repo.getSetting('exportTemplate.KS')).toBe('KS-60');
    const sev = state.findings.map((f) => f.severity);
    expect(sev).toEqual(
      [...sev].sort(
        (a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b),
      ),
    );
    const mixed = bySeverity([
      {
        row: 3,
        entryId: 'x',
        column: null,
        code: 'export.too_long',
        severity: 'info',
        title: '',
        message: '',
        source: 'template',
      },
      {
        row: 2,
        entryId: 'y',
        column: null,
        code: 'export.too_long',
        severity: 'error',
        title: '',
        message: '',
        source: 'template',
      },
      {
        row: 2,
        entryId: 'z',
        column: null,
        code: 'export.too_long',
        severity: 'warning',
        title: '',
        message: '',
        source: 'template',
      },
    ]);
    expect(mixed.map((f) => f.entryId)).toEqual(['y', 'z', 'x']);
  });
});

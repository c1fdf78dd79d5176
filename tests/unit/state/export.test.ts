/// <reference types="svelte" />
/**
 * ExportState ("Xuất dữ liệu") over the real Repository on fake-indexeddb, with the export run in process (the same
 * `runExport` the worker runs): an operator may not export; a book with entries not yet accepted needs a typed
 * reason; an export writes the workbook to the chosen target, moves the accepted entries to exported and records
 * one `book.export` event (file name, SHA-256 of the bytes written, template, rows, override reason) in the
 * book's verifiable chain; the report is sorted worst first.
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
import { exportStem } from '../../../src/exchange/names';
import { runExport } from '../../../src/exchange/run';
import { BookSession } from '../../../src/state/book-session.svelte';
import { bySeverity, ExportState, type ExportRunner } from '../../../src/state/export.svelte';
import type { PickTarget } from '../../../src/state/save-file';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { openRepository, type Repository } from '../../../src/storage';
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

const inProcess: ExportRunner = {
  async run(input, opts) {
    const result = await runExport(input, { file: opts.file });
    return { ok: true, result, ms: 0 };
  },
};

async function setup(states: Entry['state'][], actor: Actor = SUPERVISOR) {
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
    { pageId: 'p1', bookId: 'b1', image: new Blob(['x']), thumb: new Blob([]) },
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
  const state = new ExportState(repo, session, writer, () => actor, inProcess, pick);
  await state.open();
  return { repo, state, written, book };
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
      sha256: bytesToHex(sha256(file?.bytes ?? new Uint8Array())),
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

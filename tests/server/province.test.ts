/**
 * The province screens' API on both backends: progress and the monthly report give the workstation's figures
 * (the pure buildProgress / buildMonthly run on the same facts), from the rollups the triggers of migration 005
 * keep (equal to a rebuild from the tables); who sees what (a commune account only its communes); the inventory
 * imported from the workstation's spreadsheet format; the .xlsx read back with SheetJS (an independent reader).
 */
import * as XLSX from '@e965/xlsx';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import type { DbKind } from '../../server/db/open';
import type { CommuneLine, ProgressReply } from '../../server/province/progress';
import type { ProvinceMonthly } from '../../server/province/monthly';
import { PROVINCE_SHEETS } from '../../server/province/workbook';
import {
  buildMonthly,
  buildProgress,
  checkInventoryInput,
  INVENTORY_COLUMNS,
  readInventorySheet,
  type BookFacts,
  type InventoryRow,
} from '../../src/domain/reports';
import { emptyCounters } from '../../src/domain/records/summary';
import { writeXlsx } from '../../src/exchange/xlsx';
import { openBackend, type Backend } from './backend';
import { HUNG_DONG, insertProvinceRows, NGHI_PHU, type BookRows } from './province-rows';
import { join } from 'node:path';

const NOW = Date.parse('2026-03-15T05:00:00Z');
const ADMIN = { username: 'tinh.admin', password: 'mật-khẩu-tỉnh-2025' };
const COMMUNE = { username: 'xa.nghiphu', password: 'mật-khẩu-xã-2025' };

const SHEET: (string | number)[][] = [
  ['Danh mục sổ cần số hoá'],
  INVENTORY_COLUMNS.map((c) => c.label),
  ['16702', 'Xã Nghi Phú', 'KS', 2017, '', '01/2017', 100, 60, 'A4', 'Tốt', ''],
  ['16702', 'Xã Nghi Phú', 'KT', 2017, '', '01/2017', 50, 30, 'A4', 'Cũ, mờ', "'; DROP TABLE books; --"],
  ['16705', 'Xã Hưng Đông', 'KS', 2018, '', '1/2018', 40, 20, 'A3', 'Tốt', ''],
];
const TYPED = {
  communeCode: '16705',
  type: 'KT',
  yearFrom: '2016',
  yearTo: '2017',
  bookNumber: '03/2016',
  entries: '30',
};

async function sheetBytes(rows: (string | number)[][]): Promise<Uint8Array> {
  return writeXlsx({
    sheets: [
      {
        name: 'Danh mục sổ',
        columns: rows[1]!.map(() => ({ numberFormat: '@' as const, width: 12 })),
        rows: rows.map((r) => r.map((v) => (typeof v === 'number' ? v : v))),
        headingRows: [0, 1],
      },
    ],
  });
}

function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'sohoa_session');
  expect(c).toBeDefined();
  return `sohoa_session=${c!.value}`;
}

/** The facts the workstation's report reads, from the fixture's books. */
function facts(rows: readonly BookRows[]): BookFacts[] {
  return rows.map(({ book, pageMarks, entries, events }) => {
    const counters = emptyCounters(book.id);
    counters.pages = pageMarks.length;
    for (const { entry } of entries) {
      counters.entries++;
      counters.byState[entry.state]++;
    }
    return { book, counters, summaries: [], pageMarks, flags: { illegible: 0, damaged: 0 }, events };
  });
}

describe.each<DbKind>(['pglite', 'postgres'])('province screens API on %s', (kind) => {
  let backend: Backend;
  let app: FastifyInstance;
  let admin: { cookie: string; csrf: string };
  let commune: { cookie: string; csrf: string };
  let rows: BookRows[];
  let inventory: InventoryRow[];

  const as = (who: { cookie: string; csrf: string }, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { cookie: who.cookie, 'x-sohoa-csrf': who.csrf },
      ...(payload ? { payload } : {}),
    });

  const login = async (u: { username: string; password: string }) => {
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: u });
    expect(res.statusCode).toBe(200);
    return { cookie: cookieOf(res), csrf: res.json<{ csrfToken: string }>().csrfToken };
  };

  beforeAll(async () => {
    backend = await openBackend(kind);
    await migrate(backend.store.db);
    const auth = new AuthService(backend.store.db, { now: () => new Date(NOW) });
    await auth.createAccount({ ...ADMIN, role: 'province_admin', communes: [] });
    await auth.createAccount({ ...COMMUNE, role: 'commune', communes: [NGHI_PHU] });
    rows = await insertProvinceRows(backend.store.db, NOW);
    app = await buildApp({
      store: backend.store,
      blobs: new FsBlobStore(join(backend.dataDir, 'blobs')),
      now: () => new Date(NOW),
    });
    admin = await login(ADMIN);
    commune = await login(COMMUNE);
    const read = readInventorySheet(SHEET, new Date(NOW));
    const typed = checkInventoryInput(TYPED, new Date(NOW));
    inventory = [...read.rows!, typed.row!];
  });

  afterAll(async () => {
    await app.close();
    await backend.cleanup();
  });

  it('imports the inventory spreadsheet and a typed row, and sets the deadline (province admin)', async () => {
    const data = Buffer.from(await sheetBytes(SHEET)).toString('base64');
    const imported = await as(admin, 'POST', '/api/province/inventory/import', { fileName: 'dm.xlsx', data });
    expect(imported.json()).toEqual({ rows: 3 });
    const typed = await as(admin, 'POST', '/api/province/inventory', TYPED);
    expect(typed.statusCode).toBe(201);
    expect(typed.json()).toMatchObject({ list: 'pre2025', communeCode: '16705', yearTo: 2017, entries: 30 });
    // Imported twice: the same books, replaced (still four rows).
    expect(
      (await as(admin, 'POST', '/api/province/inventory/import', { fileName: 'dm.xlsx', data })).json(),
    ).toEqual({ rows: 3 });
    const deadline = await as(admin, 'POST', '/api/province/deadline', { deadline: '2026-06-30' });
    expect(deadline.json()).toEqual({ deadline: '2026-06-30' });
    const list = await as(admin, 'GET', '/api/province/inventory');
    const body = list.json<{ rows: InventoryRow[]; deadline: string }>();
    expect(body.deadline).toBe('2026-06-30');
    expect(body.rows.map((r) => `${r.communeCode} ${r.type} ${r.bookNumber}`)).toEqual([
      '16702 KS 01/2017',
      '16702 KT 01/2017',
      '16705 KS 1/2018',
      '16705 KT 03/2016',
    ]);
    // Stored verbatim, not run.
    expect(body.rows[1]!.note).toBe("'; DROP TABLE books; --");
  });

  it('refuses a bad spreadsheet, a bad row and a bad day in Vietnamese, changing nothing', async () => {
    const before = await backend.store.db.selectFrom('inventory').select('id').execute();
    const bad = [...SHEET, ['16702', '', 'XX', 2017, '', '9', 1, 1, 'A4', '', '']];
    const data = Buffer.from(await sheetBytes(bad)).toString('base64');
    const res = await as(admin, 'POST', '/api/province/inventory/import', { fileName: 'x.xlsx', data });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toBe(
      'Dòng 6: Loại sổ phải là một trong KS, KT, KH, CMC, HN (đang là “XX”).',
    );
    const junk = await as(admin, 'POST', '/api/province/inventory/import', {
      fileName: 'x.xlsx',
      data: Buffer.from('không phải bảng tính').toString('base64'),
    });
    expect(junk.json<{ message: string }>().message).toBe(
      'Tệp này không phải bảng tính Excel (.xlsx) đọc được.',
    );
    const row = await as(admin, 'POST', '/api/province/inventory', { ...TYPED, communeCode: '99999' });
    expect(row.statusCode).toBe(400);
    expect(row.json<{ message: string }>().message).toContain('Không có mã xã 99999');
    const day = await as(admin, 'POST', '/api/province/deadline', { deadline: '2026-02-30' });
    expect(day.statusCode).toBe(400);
    expect(await backend.store.db.selectFrom('inventory').select('id').execute()).toEqual(before);
  });

  it('gives the workstation report’s progress figures per commune', async () => {
    const res = await as(admin, 'GET', '/api/province/progress');
    expect(res.statusCode).toBe(200);
    const got = res.json<ProgressReply>();
    expect(got).toMatchObject({ today: '2026-03-15', deadline: '2026-06-30', paceDays: 30 });
    const expected = buildProgress({ inventory, books: facts(rows), deadline: '2026-06-30', now: NOW });
    const pick = (c: CommuneLine) => ({
      code: c.code,
      name: c.name,
      books: c.books,
      booksStarted: c.booksStarted,
      estimatedEntries: c.estimatedEntries,
      keyed: c.keyed,
      remaining: c.remaining,
      recentKeyed: c.recentKeyed,
      pacePerDay: c.pacePerDay,
      finishDate: c.finishDate,
      deadline: c.deadline,
      late: c.late,
    });
    expect(got.communes.map(pick)).toEqual(
      expected.communes.map((c) => ({
        code: c.communeCode,
        name: c.communeName,
        books: c.books,
        booksStarted: c.booksStarted,
        estimatedEntries: c.estimatedEntries,
        keyed: c.keyed,
        remaining: c.remaining,
        recentKeyed: c.recentKeyed,
        pacePerDay: c.pacePerDay,
        finishDate: c.finishDate,
        deadline: c.deadline,
        late: c.late,
      })),
    );
    // The figures themselves: Nghi Phú lists 2 inventory books + 1 outside; 100 + 50 + 2 estimated; 7 keyed
    // (keyed, keyed2, verified, accepted), 6 first keyed in the last 30 days (the returned one too); Hưng Đông 40 + 30, 5 keyed.
    expect(
      got.communes.map((c) => [c.code, c.books, c.estimatedEntries, c.keyed, c.recentKeyed, c.late]),
    ).toEqual([
      ['16702', 3, 152, 7, 6, true],
      ['16705', 2, 70, 5, 5, true],
    ]);
  });

  it('gives the workstation monthly report’s stages per commune, with acceptances and notes', async () => {
    const res = await as(admin, 'GET', '/api/province/monthly?month=2026-03');
    expect(res.statusCode).toBe(200);
    const got = res.json<ProvinceMonthly>();
    for (const c of got.communes) {
      const own = rows.filter((r) => r.book.commune.code === c.code);
      const expected = buildMonthly({
        year: 2026,
        month: 3,
        books: own.map((r) => r.book),
        events: own.flatMap((r) => r.events),
        users: [],
      });
      expect(
        Object.fromEntries(
          expected.stages.map((s) => [s.stage, { inMonth: s.inMonth, cumulative: s.cumulative }]),
        ),
        c.code,
      ).toEqual(c.stages);
    }
    expect(got.communes.map((c) => c.code)).toEqual(['16702', '16705']);
    expect(got.totals.keyed).toEqual({ inMonth: 10, cumulative: 13 });
    expect(got.totals.pages).toEqual({ inMonth: 0, cumulative: 16 });
    expect(got.acceptances).toEqual([
      expect.objectContaining({
        book: 'Sổ KS 01/2017 · Xã Nghi Phú',
        sampleSize: 2,
        defects: 0,
        accepted: true,
      }),
    ]);
    expect(got.notes.map((n) => n.text)).toEqual(['Trang 7 bị ố, chữ mờ.']);
    // January: the pages were imported then, nothing keyed yet that month but one entry (60 days ago).
    const jan = (await as(admin, 'GET', '/api/province/monthly?month=2026-01')).json<ProvinceMonthly>();
    expect(jan.totals.pages).toEqual({ inMonth: 16, cumulative: 16 });
    expect(jan.totals.keyed).toEqual({ inMonth: 1, cumulative: 1 });
    expect(jan.acceptances).toEqual([]);
  });

  it('writes the monthly report as .xlsx that SheetJS reads back', async () => {
    const res = await as(admin, 'GET', '/api/province/monthly.xlsx?month=2026-03');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('bao-cao-thang-2026-03.xlsx');
    const wb = XLSX.read(res.rawPayload, { type: 'buffer' });
    expect(wb.SheetNames).toEqual(Object.values(PROVINCE_SHEETS));
    const table = (name: string) =>
      XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[name]!, { header: 1, defval: '' });
    const monthly = table(PROVINCE_SHEETS.monthly);
    expect(monthly[0]![0]).toBe('Báo cáo số hoá sổ hộ tịch tháng 03/2026');
    expect(monthly[1]!.slice(0, 4)).toEqual([
      'Mã xã',
      'Tên xã',
      'Trang đã nhập ảnh trong tháng',
      'Trang đã nhập ảnh luỹ kế',
    ]);
    expect(monthly[2]!.slice(0, 6)).toEqual(['16702', 'Xã Nghi Phú', 0, 13, 5, 8]);
    expect(monthly.at(-1)!.slice(0, 6)).toEqual(['', 'Tổng cộng', 0, 16, 10, 13]);
    const progress = table(PROVINCE_SHEETS.progress);
    expect(progress[2]!.slice(0, 9)).toEqual(['16702', 'Xã Nghi Phú', 3, 2, 152, 13, 7, 1, 145]);
    expect(progress[2]!.slice(-3)).toEqual(['09/03/2028', '30/06/2026', 'Trễ hạn']);
    // Codes are text cells (leading zeros kept), counts numbers.
    const cell = wb.Sheets[PROVINCE_SHEETS.monthly]!['A3'] as XLSX.CellObject;
    expect(cell.t).toBe('s');
    expect(table(PROVINCE_SHEETS.notes)[2]).toEqual([
      'Sổ KS 01/2017 · Xã Nghi Phú',
      '11/03/2026',
      'Lê Thị Hoa',
      'Trang 7 bị ố, chữ mờ.',
    ]);
  });

  it('lists books with their states, pages and last upload, newest first', async () => {
    const res = await as(admin, 'GET', '/api/province/books');
    const books = res.json<{
      books: {
        id: string;
        entries: number;
        keyed: number;
        pages: number;
        blankPages: number;
        byState: Record<string, number>;
        lastUploadAt: string;
      }[];
    }>().books;
    expect(books.map((b) => b.id).sort()).toEqual(rows.map((r) => r.book.id).sort());
    const a = books.find((b) => b.id === 'so-ks-2017-nghi-phu')!;
    expect(a).toMatchObject({ entries: 11, keyed: 7, pages: 12, blankPages: 1 });
    expect(a.byState).toEqual({
      prefilled: 3,
      keyed: 3,
      keyed2: 1,
      verified: 2,
      returned: 1,
      accepted: 1,
      exported: 0,
    });
    expect(a.lastUploadAt).toBe(new Date(NOW - 86_400_000).toISOString());
  });

  it('shows a commune account only its communes, and lets only the province admin write', async () => {
    const progress = (await as(commune, 'GET', '/api/province/progress')).json<ProgressReply>();
    expect(progress.communes.map((c) => c.code)).toEqual([NGHI_PHU.code]);
    const books = (await as(commune, 'GET', '/api/province/books')).json<{ books: { code: string }[] }>();
    expect(new Set(books.books.map((b) => b.code))).toEqual(new Set([NGHI_PHU.code]));
    const other = await as(commune, 'GET', `/api/province/books?commune=pre2025:${HUNG_DONG.code}`);
    expect(other.statusCode).toBe(403);
    const monthly = (await as(commune, 'GET', '/api/province/monthly?month=2026-03')).json<ProvinceMonthly>();
    expect(monthly.communes.map((c) => c.code)).toEqual([NGHI_PHU.code]);
    expect(monthly.totals.keyed.cumulative).toBe(8);
    const inv = (await as(commune, 'GET', '/api/province/inventory')).json<{ rows: InventoryRow[] }>();
    expect(new Set(inv.rows.map((r) => r.communeCode))).toEqual(new Set([NGHI_PHU.code]));
    const xlsx = await as(commune, 'GET', '/api/province/monthly.xlsx?month=2026-03');
    const wb = XLSX.read(xlsx.rawPayload, { type: 'buffer' });
    const codes = XLSX.utils
      .sheet_to_json<string[]>(wb.Sheets[PROVINCE_SHEETS.progress]!, { header: 1, defval: '' })
      .slice(2)
      .map((r) => r[0]);
    expect(codes).toEqual([NGHI_PHU.code]);
    for (const [url, payload] of [
      ['/api/province/deadline', { deadline: '2026-01-01' }],
      ['/api/province/inventory', TYPED],
      ['/api/province/inventory/remove', { key: 'x' }],
    ] as const) {
      const res = await as(commune, 'POST', url, payload);
      expect(res.statusCode, url).toBe(403);
    }
    // No session: 401; a session without the CSRF header cannot write.
    expect((await app.inject({ method: 'GET', url: '/api/province/progress' })).statusCode).toBe(401);
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/province/deadline',
      headers: { cookie: admin.cookie },
      payload: { deadline: '2026-01-01' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json<{ error: string }>().error).toBe('csrf');
  });

  it('writes an access-log row for every read and write', async () => {
    const log = await backend.store.db
      .selectFrom('access_log')
      .select(['action', 'username', 'result', 'commune_code'])
      .where('action', 'like', 'province.%')
      .execute();
    const actions = new Set(log.map((r) => r.action));
    for (const a of [
      'province.progress',
      'province.books',
      'province.monthly',
      'province.monthly.xlsx',
      'province.inventory',
      'province.inventory.import',
      'province.inventory.save',
      'province.deadline',
    ])
      expect(actions.has(a), a).toBe(true);
    expect(log).toContainEqual({
      action: 'province.books',
      username: COMMUNE.username,
      result: 'denied',
      commune_code: HUNG_DONG.code,
    });
  });

  it('keeps the rollups equal to a rebuild from the tables through updates and deletes', async () => {
    const db = backend.store.db;
    await db
      .updateTable('entries')
      .set({ state: 'accepted' })
      .where('id', '=', 'so-ks-2017-nghi-phu-e4')
      .execute();
    await db
      .updateTable('entries')
      .set({ keyed_at: new Date(NOW) })
      .where('id', '=', 'so-ks-2017-nghi-phu-e1')
      .execute();
    await db.deleteFrom('entries').where('id', '=', 'so-ks-2018-hung-dong-e5').execute();
    await db
      .updateTable('pages')
      .set({ mark: 'blank' })
      .where('id', '=', 'so-ks-2018-hung-dong-p2')
      .execute();
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of [
        'report_book_states',
        'report_commune_keyed_days',
        'report_book_pages',
        'report_entry_months',
        'report_entry_stages',
        'report_commune_months',
        'report_commune_totals',
      ]) {
        const r = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table)} t WHERE
          NOT (to_jsonb(t) ? 'n') OR (to_jsonb(t)->>'n')::int <> 0 ORDER BY 1`.execute(db);
        out[table] = r.rows.map((x) => x.row);
      }
      return out;
    };
    const kept = await snapshot();
    await sql`SELECT report_rebuild()`.execute(db);
    expect(await snapshot()).toEqual(kept);
    expect(kept['report_book_states']!.length).toBeGreaterThan(5);
  });
});

/**
 * The read API of other provincial systems (issue 11 item 6) on both backends: API keys (created once, listed
 * without the secret, revoked at once), the commune scope, paging through the change feed, incremental sync,
 * deletions and withdrawn entries, verbatim values with their export forms, and the access log. The provincial
 * copy is written directly, as the merge of an upload writes it (provincial-copy.ts).
 */
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Book, Entry } from '../../src/domain';
import { buildBookExport } from '../../src/exchange/workbook';
import { buildApp } from '../../server/app';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { lockEntryChanges } from '../../server/db/change-feed';
import { migrate } from '../../server/db/migrate';
import { openStore, type DbKind } from '../../server/db/open';
import { openBackend, type Backend } from './backend';
import { deleteEntries, insertBook, insertEntries, makeEntry, updateEntries } from './provincial-copy';

const ADMIN = { username: 'tinh.admin', password: 'mật-khẩu-tỉnh-2025' };
const COMMUNE_USER = { username: 'xa.badinh', password: 'mật-khẩu-xã-2025' };
const BA_DINH = { list: '2025', code: '00004' } as const;
const NGOC_HA = { list: '2025', code: '00008' } as const;

interface ReadEntry {
  id: string;
  changeSeq: string;
  state: string;
  book: { id: string; number: string; year: number; type: string; commune: Record<string, string> };
  fields: Record<string, { label: string; value: string; flags: string[] }>;
  export: { template: string; columns: Record<string, string>; problems: unknown[] };
}
interface FeedReply {
  entries: ReadEntry[];
  withdrawn: { id: string; bookId: string; state: string; changeSeq: string }[];
  deleted: { id: string; bookId: string; deletedAt: string; changeSeq: string }[];
  next: string;
  hasMore: boolean;
}

function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'sohoa_session');
  expect(cookie, 'session cookie').toBeDefined();
  return `sohoa_session=${cookie!.value}`;
}

const ks = (n: number, extra: Record<string, string> = {}): Record<string, string> => ({
  so: String(n).padStart(2, '0'),
  nksHoTen: `Nguyễn Văn Số ${n}`,
  nksGioiTinh: n % 2 ? 'Nam' : 'Nữ',
  nksNgaySinh: `${(n % 28) + 1}/2/2017`,
  ngayDangKy: `${(n % 28) + 1}/03/2017`,
  ...extra,
});

describe.each<DbKind>(['pglite', 'postgres'])('read API on %s', (kind) => {
  let backend: Backend;
  let app: FastifyInstance;
  const clock = Date.parse('2026-03-01T08:00:00Z');
  const now = (): Date => new Date(clock);
  let admin: { cookie: string; csrf: string };
  let key: string;
  let books: { a: Book; b: Book; old: Book; other: Book };
  const all = new Map<string, Entry>();

  const asAdmin = (method: 'GET' | 'POST', url: string, payload?: object, csrf = true) =>
    app.inject({
      method,
      url,
      headers: { cookie: admin.cookie, ...(csrf ? { 'x-sohoa-csrf': admin.csrf } : {}) },
      ...(payload ? { payload } : {}),
    });

  const read = (url: string, token = key) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  const feed = async (query: string, token = key): Promise<FeedReply> => {
    const res = await read(`/api/v1/entries?${query}`, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<FeedReply>();
  };

  /** Pages through the feed from `after` to its end: every page's reply. */
  const syncFrom = async (after: string, query = 'commune=2025:00004&states=all&limit=100') => {
    const pages: FeedReply[] = [];
    let cursor = after;
    for (;;) {
      const page = await feed(`${query}&after=${cursor}`);
      pages.push(page);
      cursor = page.next;
      if (!page.hasMore) return { pages, next: cursor };
      expect(pages.length, 'pages').toBeLessThan(50);
    }
  };

  beforeAll(async () => {
    backend = await openBackend(kind);
    await migrate(backend.store.db);
    const auth = new AuthService(backend.store.db, { now });
    await auth.createAccount({ ...ADMIN, role: 'province_admin', communes: [] });
    await auth.createAccount({ ...COMMUNE_USER, role: 'commune', communes: [BA_DINH] });
    app = await buildApp({
      store: backend.store,
      blobs: new FsBlobStore(join(backend.dataDir, 'blobs')),
      now,
    });
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: ADMIN });
    admin = { cookie: sessionCookie(res), csrf: res.json<{ csrfToken: string }>().csrfToken };

    // 250 KS entries of Ba Đình in two books of 2017 and 2018, and a few elsewhere.
    const db = backend.store.db;
    books = {
      a: await insertBook(db, { id: 'bd-ks-2017', commune: BA_DINH, type: 'KS', year: 2017, pages: 40 }),
      b: await insertBook(db, { id: 'bd-ks-2018', commune: BA_DINH, type: 'KS', year: 2018, pages: 30 }),
      old: await insertBook(db, { id: 'bd-kt-2018', commune: BA_DINH, type: 'KT', year: 2018, pages: 2 }),
      other: await insertBook(db, { id: 'nh-ks-2017', commune: NGOC_HA, type: 'KS', year: 2017, pages: 3 }),
    };
    const inA = Array.from({ length: 150 }, (_, i) =>
      makeEntry(books.a, `a${i}`, Math.floor(i / 4), i % 4, ks(i + 1)),
    );
    const inB = Array.from({ length: 100 }, (_, i) =>
      makeEntry(books.b, `b${i}`, Math.floor(i / 4), i % 4, ks(i + 1)),
    );
    // Interleave the two books' writes (two merges one after the other, in slices).
    for (let i = 0; i < 150; i += 50) {
      await insertEntries(db, books.a, inA.slice(i, i + 50));
      if (i < 100) await insertEntries(db, books.b, inB.slice(i, i + 50));
    }
    const elsewhere = [makeEntry(books.other, 'nh0', 0, 0, ks(1))];
    await insertEntries(db, books.other, elsewhere);
    for (const e of [...inA, ...inB, ...elsewhere]) all.set(e.id, e);
  });

  afterAll(async () => {
    await app.close();
    await backend.cleanup();
  });

  it('creates a key shown once, lists keys without the secret, and only a province admin may', async () => {
    const noCsrf = await asAdmin('POST', '/api/admin/api-keys', { label: 'x', communes: [BA_DINH] }, false);
    expect(noCsrf.statusCode).toBe(403);
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: COMMUNE_USER });
    const commune = await app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: {
        cookie: sessionCookie(login),
        'x-sohoa-csrf': login.json<{ csrfToken: string }>().csrfToken,
      },
      payload: { label: 'x', communes: [BA_DINH] },
    });
    expect(commune.statusCode).toBe(403);

    const created = await asAdmin('POST', '/api/admin/api-keys', {
      label: 'Hệ thống hộ tịch điện tử của tỉnh',
      communes: [BA_DINH],
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{
      apiKey: { id: number; label: string; hint: string; communes: unknown[] };
      key: string;
    }>();
    key = body.key;
    expect(key).toMatch(/^sohoa_ak_[A-Za-z0-9_-]{43}$/);
    expect(body.apiKey).toMatchObject({
      label: 'Hệ thống hộ tịch điện tử của tỉnh',
      hint: `${key.slice(0, 13)}…`,
      communes: [{ ...BA_DINH, name: 'Phường Ba Đình', province: 'Hà Nội' }],
      revokedAt: null,
      lastUsedAt: null,
    });

    const list = await asAdmin('GET', '/api/admin/api-keys');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key);
    expect(list.body).not.toContain(key.slice(13));
    expect(list.json<{ apiKeys: unknown[] }>().apiKeys).toEqual([body.apiKey]);

    // The database holds the key's hash only.
    const stored = await sql<{ row: string }>`SELECT k::text AS row FROM api_keys k`.execute(
      backend.store.db,
    );
    expect(stored.rows.map((r) => r.row).join('\n')).not.toContain(key.slice(13));

    const me = await read('/api/v1/key');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ id: body.apiKey.id, label: body.apiKey.label, communes: [BA_DINH] });
  });

  it('refuses a commune outside the key with a Vietnamese 403, and a wrong or missing key with 401', async () => {
    const other = await read('/api/v1/entries?commune=2025:00008&states=all');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual({
      error: 'commune',
      message: 'Khoá API này không được đọc dữ liệu của xã mã 00008 (danh mục 2025).',
    });
    const oldList = await read('/api/v1/entries?commune=pre2025:00004');
    expect(oldList.statusCode).toBe(403);
    expect((await read('/api/v1/entries', `sohoa_ak_${'A'.repeat(43)}`)).statusCode).toBe(401);
    const none = await app.inject({ method: 'GET', url: '/api/v1/entries' });
    expect(none.statusCode).toBe(401);
    expect(none.json<{ message: string }>().message).toBe('Khoá API không hợp lệ hoặc đã bị thu hồi.');
    // A session cookie is not a key.
    const cookie = await app.inject({
      method: 'GET',
      url: '/api/v1/entries',
      headers: { cookie: admin.cookie },
    });
    expect(cookie.statusCode).toBe(401);
    // Without a commune the key reads its own communes only: nothing of Ngọc Hà.
    const mine = await syncFrom('0', 'states=all&limit=500');
    const ids = mine.pages.flatMap((p) => p.entries.map((e) => e.id));
    expect(ids).toHaveLength(250);
    expect(ids).not.toContain('nh0');
  });

  it('pages through 250 entries 100 at a time: every entry once, in change order', async () => {
    const { pages, next } = await syncFrom('0');
    expect(pages.map((p) => [p.entries.length, p.hasMore])).toEqual([
      [100, true],
      [100, true],
      [50, false],
    ]);
    const ids = pages.flatMap((p) => p.entries.map((e) => e.id));
    expect(new Set(ids).size).toBe(250);
    expect([...ids].sort()).toEqual([...all.keys()].filter((id) => id !== 'nh0').sort());
    const seqs = pages.flatMap((p) => p.entries.map((e) => BigInt(e.changeSeq)));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(BigInt(next)).toBeGreaterThanOrEqual(seqs[seqs.length - 1]!);
    expect(pages[0]!.next).toBe(pages[0]!.entries[99]!.changeSeq);

    // Nothing new: the cursor stays, the page is empty.
    const again = await feed(`commune=2025:00004&states=all&after=${next}`);
    expect(again).toEqual({ entries: [], withdrawn: [], deleted: [], next, hasMore: false });

    // Filters: register type and year (the same cursor works under a filter).
    const y2018 = await syncFrom('0', 'commune=2025:00004&type=KS&year=2018&states=all&limit=30');
    expect(y2018.pages.flatMap((p) => p.entries.map((e) => e.id)).sort()).toEqual(
      Array.from({ length: 100 }, (_, i) => `b${i}`).sort(),
    );
    expect(y2018.pages).toHaveLength(4);
    expect((await feed('commune=2025:00004&type=KT&states=all')).entries).toEqual([]);
  });

  it('gives each value verbatim, its export form as the Ministry workbook writes it, and the book', async () => {
    const first = (await feed('commune=2025:00004&year=2017&states=all&limit=1')).entries[0]!;
    expect(first.id).toBe('a0');
    expect(first.state).toBe('accepted');
    expect(first.book).toEqual({
      id: 'bd-ks-2017',
      number: '01/2017',
      year: 2017,
      type: 'KS',
      commune: { list: '2025', code: '00004', name: 'Phường Ba Đình', district: '', province: 'Hà Nội' },
    });
    expect(first.fields['nksHoTen']).toEqual({
      label: 'Họ, chữ đệm, tên',
      value: 'Nguyễn Văn Số 1',
      flags: [],
    });
    expect(first.fields['nksNgaySinh']!.value).toBe('2/2/2017');
    // Register order, not the order they were stored in.
    expect(Object.keys(first.fields)).toEqual(['so', 'nksHoTen', 'nksNgaySinh', 'nksGioiTinh', 'ngayDangKy']);
    expect(first.export.template).toBe('KS-70');
    expect(first.export.columns).toMatchObject({
      so: '01',
      quyenSo: '01/2017',
      trangSo: '1',
      ngayDangKy: '02.03.2017',
      nksNgaySinh: '02.02.2017',
      nksGioiTinh: '1',
      noiDangKy: 'UBND phường Ba Đình, thành phố Hà Nội',
    });

    // The same forms as the workbook's own row (its mapping, not a copy), for every column but STT.
    const a = all.get('a0')!;
    const workbook = buildBookExport({
      book: books.a,
      entries: [a],
      pages: Array.from({ length: 40 }, (_, i) => ({ id: `${books.a.id}-p${i}`, order: i })),
    });
    const header = workbook.model.sheets[0]!.rows[0]!;
    const row = workbook.model.sheets[0]!.rows[1]!;
    const columns = workbook.template.columns;
    const codes = columns.map((c) => c.code);
    const expected = Object.fromEntries(
      columns.flatMap((c, i) => (c.auto === 'row' ? [] : [[c.code, String(row[i] ?? '')]])),
    );
    expect(header.length).toBe(codes.length);
    expect(Object.keys(first.export.columns).length).toBe(codes.length - 1);
    for (const [c, v] of Object.entries(first.export.columns)) expect(v, c).toBe(expected[c]);
  });

  it('incremental sync: after two entries change, the next poll gives exactly those two, once', async () => {
    const { next } = await syncFrom('0');
    const changed = [
      {
        ...all.get('a7')!,
        revision: 2,
        fields: { ...all.get('a7')!.fields, nksHoTen: fvOf('Trần Thị Mới') },
      },
      { ...all.get('b42')!, revision: 2, fields: { ...all.get('b42')!.fields, so: fvOf('42A') } },
    ];
    await updateEntries(backend.store.db, books.a, [changed[0]!], new Date('2026-03-02T00:00:00Z'));
    await updateEntries(backend.store.db, books.b, [changed[1]!], new Date('2026-03-02T00:00:00Z'));
    for (const e of changed) all.set(e.id, e);

    const poll = await syncFrom(next);
    const got = poll.pages.flatMap((p) => p.entries);
    expect(got.map((e) => e.id)).toEqual(['a7', 'b42']);
    expect(got[0]!.fields['nksHoTen']!.value).toBe('Trần Thị Mới');
    expect(got[1]!.export.columns['so']).toBe('42A');
    const quiet = await syncFrom(poll.next);
    expect(quiet.pages.flatMap((p) => [...p.entries, ...p.deleted, ...p.withdrawn])).toEqual([]);

    // updatedSince: a first pull of recent work starts from the time instead of the whole history.
    const recent = await feed('commune=2025:00004&states=all&updatedSince=2026-03-01T12:00:00Z');
    expect(recent.entries.map((e) => e.id)).toEqual(['a7', 'b42']);
  });

  it('reports deletions, and entries leaving the served states as withdrawn', async () => {
    const { next } = await syncFrom('0', 'commune=2025:00004&limit=100');
    const at = new Date('2026-03-03T00:00:00Z');
    await deleteEntries(backend.store.db, books.a, ['a3'], at);
    all.delete('a3');
    const returned = { ...all.get('a5')!, state: 'returned' as const, revision: 2 };
    await updateEntries(backend.store.db, books.a, [returned], at);
    all.set('a5', returned);

    // Default states (verified, accepted, exported): a5 is no longer served in full.
    const poll = await feed(`commune=2025:00004&after=${next}`);
    expect(poll.entries).toEqual([]);
    expect(poll.deleted.map(({ changeSeq: _, ...d }) => d)).toEqual([
      { id: 'a3', bookId: 'bd-ks-2017', deletedAt: at.toISOString() },
    ]);
    expect(poll.withdrawn.map(({ changeSeq: _, ...w }) => w)).toEqual([
      { id: 'a5', bookId: 'bd-ks-2017', state: 'returned' },
    ]);
    expect(BigInt(poll.deleted[0]!.changeSeq)).toBeGreaterThan(BigInt(next));
    expect(BigInt(poll.withdrawn[0]!.changeSeq)).toBeGreaterThan(BigInt(poll.deleted[0]!.changeSeq));
    // Asked for every state, it is an entry with its state.
    const everything = await feed(`commune=2025:00004&states=all&after=${next}`);
    expect(everything.entries.map((e) => [e.id, e.state])).toEqual([['a5', 'returned']]);
    const someStates = await feed(`commune=2025:00004&states=returned,keyed&after=${next}`);
    expect(someStates.entries.map((e) => e.id)).toEqual(['a5']);

    // A fresh mirror gets 248 served entries, a5 as withdrawn, and the deletion.
    const fresh = await syncFrom('0', 'commune=2025:00004&limit=100');
    expect(fresh.pages.flatMap((p) => p.entries)).toHaveLength(248);
    expect(fresh.pages.flatMap((p) => p.withdrawn.map((w) => w.id))).toEqual(['a5']);
    expect(fresh.pages.flatMap((p) => p.deleted.map((d) => d.id))).toEqual(['a3']);
    for (const query of [
      'states=approved',
      'states=accepted,',
      'limit=0',
      'limit=501',
      'after=-1',
      'year=20x7',
      'type=XX',
      'updatedSince=yesterday',
      'commune=00004',
    ]) {
      const bad = await read(`/api/v1/entries?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json<{ message: string }>().message, query).toMatch(/^Dữ liệu gửi lên không hợp lệ/);
    }
  });

  it('round-trips Vietnamese NFC text and SQL-looking strings verbatim', async () => {
    const tricky = {
      nksHoTen: "Nguyễn Thị Ánh Tuyết'); DROP TABLE entries; --",
      nksNoiSinh: 'Bệnh viện Đa khoa tỉnh Nghệ An" OR "1"="1',
      ghiChu: "Ghi chú: Lê Văn Ơn' OR 1=1 -- \\ % _ ; /* */ \u{1F4D6}",
      meHoTen: 'Hoàng Thị Thuỷ',
    };
    for (const v of Object.values(tricky)) expect(v.normalize('NFC')).toBe(v);
    const { next } = await syncFrom('0');
    const e = makeEntry(books.b, 'b-tricky', 29, 0, ks(99, tricky));
    await insertEntries(backend.store.db, books.b, [e], new Date('2026-03-04T00:00:00Z'));
    const got = (await feed(`commune=2025:00004&after=${next}`)).entries;
    expect(got.map((x) => x.id)).toEqual(['b-tricky']);
    for (const [k, v] of Object.entries(tricky)) {
      expect(got[0]!.fields[k]!.value, k).toBe(v);
      expect(Buffer.from(got[0]!.fields[k]!.value, 'utf8').equals(Buffer.from(v, 'utf8')), k).toBe(true);
    }
    expect(got[0]!.export.columns['nksHoTen']).toBe(tricky.nksHoTen);
    // The tables are all still there, and a query parameter cannot inject either.
    const { count } = await backend.store.db
      .selectFrom('entries')
      .select(sql<number>`count(*)::int`.as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBeGreaterThan(250);
    const injected = await read(`/api/v1/entries?commune=${encodeURIComponent("2025:00004' OR '1'='1")}`);
    expect(injected.statusCode).toBe(400);
    const injectedAfter = await read(`/api/v1/entries?after=${encodeURIComponent('0 OR 1=1')}`);
    expect(injectedAfter.statusCode).toBe(400);
  });

  it('logs every read with the key, the commune and the result', async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log`.execute(
      backend.store.db,
    );
    const before = rows[0]!.n;
    await read('/api/v1/entries?commune=2025:00004&limit=5');
    await read('/api/v1/entries?commune=2025:00008');
    await read('/api/v1/entries', `sohoa_ak_${'B'.repeat(43)}`);
    await read('/api/v1/entries?limit=0');
    // Without a valid key the parameters are not even looked at.
    const unchecked = await read('/api/v1/entries?limit=0', `sohoa_ak_${'B'.repeat(43)}`);
    expect(unchecked.statusCode).toBe(401);
    const log = await backend.store.db
      .selectFrom('access_log')
      .select(['api_key_id', 'method', 'route', 'action', 'commune_list', 'commune_code', 'status', 'result'])
      .orderBy('id')
      .offset(before)
      .execute();
    const { id } = (await read('/api/v1/key')).json<{ id: number }>();
    expect(log).toEqual([
      {
        api_key_id: id,
        method: 'GET',
        route: '/api/v1/entries',
        action: 'read.entries',
        commune_list: '2025',
        commune_code: '00004',
        status: 200,
        result: 'ok',
      },
      {
        api_key_id: id,
        method: 'GET',
        route: '/api/v1/entries',
        action: 'read.entries',
        commune_list: '2025',
        commune_code: '00008',
        status: 403,
        result: 'denied',
      },
      {
        api_key_id: null,
        method: 'GET',
        route: '/api/v1/entries',
        action: 'read.entries',
        commune_list: null,
        commune_code: null,
        status: 401,
        result: 'denied',
      },
      {
        api_key_id: id,
        method: 'GET',
        route: '/api/v1/entries',
        action: 'read.entries',
        commune_list: null,
        commune_code: null,
        status: 400,
        result: 'failed',
      },
      {
        api_key_id: null,
        method: 'GET',
        route: '/api/v1/entries',
        action: 'read.entries',
        commune_list: null,
        commune_code: null,
        status: 401,
        result: 'denied',
      },
    ]);
    const admin = await backend.store.db
      .selectFrom('access_log')
      .select(['action', 'status'])
      .where('action', 'like', 'apikey.%')
      .orderBy('id')
      .execute();
    expect(admin.map((r) => r.action)).toEqual(expect.arrayContaining(['apikey.create', 'apikey.list']));
  });

  it('revokes a key at once; a key for several communes reads them all', async () => {
    const created = await asAdmin('POST', '/api/admin/api-keys', {
      label: 'Cổng dịch vụ công',
      communes: [BA_DINH, NGOC_HA, BA_DINH],
    });
    expect(created.statusCode).toBe(201);
    const { apiKey, key: second } = created.json<{
      apiKey: { id: number; communes: unknown[] };
      key: string;
    }>();
    expect(apiKey.communes).toHaveLength(2);
    const both = await feed('states=all&limit=500', second);
    expect(both.entries.map((e) => e.id)).toContain('nh0');
    expect((await feed('commune=2025:00008&states=all', second)).entries.map((e) => e.id)).toEqual(['nh0']);

    const revoked = await asAdmin('POST', `/api/admin/api-keys/${apiKey.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<{ revokedAt: string }>().revokedAt).toBe(now().toISOString());
    const refused = await read('/api/v1/entries?commune=2025:00008', second);
    expect(refused.statusCode).toBe(401);
    expect(refused.json<{ message: string }>().message).toBe('Khoá API không hợp lệ hoặc đã bị thu hồi.');
    expect((await read('/api/v1/key', second)).statusCode).toBe(401);
    // The first key is untouched; the list shows both, the revoked one with its time and last use.
    expect((await read('/api/v1/key')).statusCode).toBe(200);
    const list = (await asAdmin('GET', '/api/admin/api-keys')).json<{
      apiKeys: { id: number; revokedAt: string | null; lastUsedAt: string | null }[];
    }>();
    expect(list.apiKeys.map((k) => [k.id, k.revokedAt !== null, k.lastUsedAt !== null])).toEqual([
      [apiKey.id - 1, false, true],
      [apiKey.id, true, true],
    ]);
    expect((await asAdmin('POST', '/api/admin/api-keys/999999/revoke')).statusCode).toBe(404);
    expect(
      (await asAdmin('POST', `/api/admin/api-keys/${apiKey.id}/revoke`, undefined, false)).statusCode,
    ).toBe(403);
    // A device token is not a key either way round.
    const auth = new AuthService(backend.store.db, { now });
    const { token } = await auth.enrolDevice({ label: 'Máy 1', communes: [BA_DINH], enrolledBy: 1 });
    expect((await read('/api/v1/entries', token)).statusCode).toBe(401);
    const asDevice = await app.inject({
      method: 'GET',
      url: '/api/device',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(asDevice.statusCode).toBe(401);
  });

  it.runIf(kind === 'postgres')(
    'never moves a cursor past a change still being written (two merges at once, two server processes)',
    async () => {
      const { next } = await syncFrom('0');
      // A second server process (its own pool) starts a merge and holds it open mid-transaction.
      const other = await openStore({ databaseUrl: backend.databaseUrl, dataDir: backend.dataDir });
      const fresh = await openStore({ databaseUrl: backend.databaseUrl, dataDir: backend.dataDir });
      const freshApp = await buildApp({
        store: fresh,
        blobs: new FsBlobStore(join(backend.dataDir, 'blobs')),
        now,
      });
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => (finish = resolve));
      let started!: () => void;
      const inFlight = new Promise<void>((resolve) => (started = resolve));
      const slowMerge = other.db.transaction().execute(async (trx) => {
        await lockEntryChanges(trx);
        await trx
          .insertInto('entries')
          .values(rowOf(books.a, makeEntry(books.a, 'slow', 39, 0, ks(201))))
          .execute();
        started();
        await gate;
      });
      const query = `/api/v1/entries?commune=2025:00004&states=all&after=${next}`;
      try {
        await inFlight;
        // Another merge (of another book: merges of one book wait for each other) takes a later number and
        // commits first.
        await insertEntries(backend.store.db, books.b, [makeEntry(books.b, 'fast', 29, 1, ks(202))]);

        // This process has seen a settled horizon: after a bounded wait it serves up to it — not "fast", whose
        // number lies beyond "slow", still being written.
        const during = (await read(query)).json<FeedReply>();
        expect(during).toEqual({ entries: [], withdrawn: [], deleted: [], next, hasMore: false });

        // A process that has seen none waits for the merge in flight (an advisory lock it cannot take yet).
        const waiting = freshApp.inject({
          method: 'GET',
          url: query,
          headers: { authorization: `Bearer ${key}` },
        });
        await expect
          .poll(
            async () =>
              (
                await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_locks
                  WHERE locktype = 'advisory' AND NOT granted`.execute(backend.store.db)
              ).rows[0]!.n,
            { timeout: 30_000 },
          )
          .toBe(1);
        finish();
        await slowMerge;
        expect((await waiting).json<FeedReply>().entries.map((e) => e.id)).toEqual(['slow', 'fast']);
        expect((await read(query)).json<FeedReply>().entries.map((e) => e.id)).toEqual(['slow', 'fast']);
      } finally {
        finish();
        await slowMerge.catch(() => undefined);
        await freshApp.close();
        await fresh.close();
        await other.close();
      }
    },
  );
});

const fvOf = (value: string) => ({ value, flags: [], source: 'keyed' as const, confirmed: true });

function rowOf(book: Book, e: Entry) {
  return {
    id: e.id,
    book_id: book.id,
    list: book.commune.list,
    code: book.commune.code,
    type: book.type,
    year: book.year,
    state: e.state,
    ord: e.order,
    record: JSON.stringify(e),
    revision: e.revision,
    keyed_at: null,
    updated_at: new Date('2026-03-05T00:00:00Z'),
  };
}

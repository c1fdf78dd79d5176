/**
 * Read API on a large provincial copy: a throwaway PostgreSQL cluster (tests/server/postgres.ts, Unix socket
 * only), N entries (default 1,000,000; `READ_API_ENTRIES`) spread round-robin over 10 communes, then timed calls
 * of GET /api/v1/entries through the real app (inject: routing, auth, access log, JSON of 100 entries with their
 * export forms). Prints the median and p95 of each case. Bounded: the cluster and its data are deleted at the end.
 */
import { sql } from 'kysely';
import { communeByCode, newBook, type Entry } from '../src/domain';
import { buildApp } from '../server/app';
import { ApiKeyService } from '../server/auth/api-keys';
import { AuthService } from '../server/auth/service';
import { FsBlobStore } from '../server/blobs/blob-store';
import { ensureCommunes } from '../server/communes';
import { migrate } from '../server/db/migrate';
import { openStore } from '../server/db/open';
import { freshDatabase, startCluster } from '../tests/server/postgres';

const N = Number(process.env.READ_API_ENTRIES ?? 1_000_000);
const RUNS = 20;
const CODES = ['00004', '00008', '00025', '00070', '00082', '00091', '00097', '00103', '00118', '00127'];
const FIELDS = [
  'so',
  'nksHoTen',
  'nksNgaySinh',
  'nksGioiTinh',
  'ngayDangKy',
  'meHoTen',
  'chaHoTen',
  'nksNoiSinh',
];

const cluster = await startCluster();
try {
  const database = await freshDatabase(cluster.url);
  const store = await openStore({ databaseUrl: database.url, dataDir: '/nonexistent' });
  try {
    await migrate(store.db);
    const communes = CODES.map((code) => ({ list: '2025' as const, code }));
    await ensureCommunes(store.db, communes);
    for (const c of communes) {
      const ref = communeByCode('2025', c.code)!;
      const book = newBook(
        { type: 'KS', commune: ref, year: 2017, bookNumber: '01/2017', paperSize: 'A4' },
        `b${c.code}`,
      );
      await store.db
        .insertInto('books')
        .values({
          id: book.id,
          list: '2025',
          code: c.code,
          type: 'KS',
          year: 2017,
          book_number: book.bookNumber,
          record: JSON.stringify(book),
          created_at: new Date(),
          updated_at: new Date(),
        })
        .execute();
    }
    const entry: Entry = {
      id: '',
      bookId: '',
      pageIds: ['p0'],
      order: 0,
      type: 'KS',
      state: 'accepted',
      fields: Object.fromEntries(
        FIELDS.map((k) => [
          k,
          { value: `Nguyễn Thị Giá Trị ${k}`, flags: [], source: 'keyed', confirmed: true },
        ]),
      ),
      revision: 1,
      createdAt: 0,
      updatedAt: 0,
      schema: 1,
    };
    const codes = sql`${CODES}::text[]`;
    const t0 = performance.now();
    await sql`INSERT INTO entries (id, book_id, list, code, type, year, state, ord, record, revision, updated_at)
      SELECT 'e' || g, 'b' || (${codes})[1 + g % 10], '2025', (${codes})[1 + g % 10], 'KS', 2017, 'accepted', 0,
        jsonb_set(${JSON.stringify(entry)}::jsonb, '{id}', to_jsonb('e' || g)), 1, now()
      FROM generate_series(1, ${N}::int) g`.execute(store.db);
    await sql`ANALYZE`.execute(store.db);
    console.log(`${N} entries in 10 communes written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const auth = new AuthService(store.db);
    const admin = await auth.createAccount({
      username: 'bench.admin',
      password: 'bench-password-123',
      role: 'province_admin',
      communes: [],
    });
    const keys = new ApiKeyService(store.db);
    const one = (await keys.create({ label: 'one', communes: communes.slice(0, 1), createdBy: admin.id }))
      .key;
    const ten = (await keys.create({ label: 'ten', communes, createdBy: admin.id })).key;
    const app = await buildApp({ store, blobs: new FsBlobStore('/nonexistent') });
    const middle = Math.floor(N / 2);

    const time = async (label: string, key: string, query: string): Promise<void> => {
      const ms: number[] = [];
      let count = 0;
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/entries?${query}`,
          headers: { authorization: `Bearer ${key}` },
        });
        ms.push(performance.now() - start);
        if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.body}`);
        count = res.json<{ entries: unknown[] }>().entries.length;
      }
      ms.sort((a, b) => a - b);
      const at = (p: number): string => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!.toFixed(1);
      console.log(
        `${label.padEnd(44)} ${String(count).padStart(3)} entries  median ${at(0.5)} ms  p95 ${at(0.95)} ms`,
      );
    };
    await time('one commune, from the start', one, 'commune=2025:00004');
    await time('one commune, from the middle', one, `commune=2025:00004&after=${middle}`);
    await time('one commune, year filter', one, 'commune=2025:00004&year=2017');
    await time('ten communes (no commune given), from start', ten, 'limit=100');
    await time('ten communes, from the middle', ten, `after=${middle}`);
    await time('ten communes, 500 a page', ten, 'limit=500');
    await time('nothing new (cursor at the end)', ten, `after=${N + 10}`);
    await app.close();
  } finally {
    await store.close();
    await database.drop();
  }
} finally {
  await cluster.stop();
}

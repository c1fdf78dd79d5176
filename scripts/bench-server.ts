/**
 * Load of the province server (issue 11 target: 150 workstations uploading 300 book packages of mixed sizes,
 * 20 at a time; all received, none duplicated; throughput and peak server memory printed):
 *   npm run bench:server [-- [--postgres] packages workstations concurrent]        (defaults 300 150 20)
 * Loopback only and bounded (fixed counts, a 15-minute ceiling). The server runs as `npm run server` runs it, a
 * child process (tests/server/child-server.ts), on PGlite in a temporary data folder, or on DATABASE_URL when set
 * (the run's accounts, devices and books carry a run id, so an existing database is only added to), or with
 * `--postgres` on a throwaway PostgreSQL cluster in a temporary folder (as the server tests start one). Steps:
 *   1. enrol `workstations` devices across 10 communes of the 2025 list (AuthService, as the admin screen does);
 *   2. build `packages` work packages of synthetic books with the app's package writer (tests/server/
 *      synthetic-book.ts): 1–8 pages of 8–48 kB incompressible images, 20–600 entries, a real audit chain — each
 *      device sends its communes' books (not timed);
 *   3. upload them with tus-js-client (1 MiB chunks, as the workstation), `concurrent` at a time; each upload
 *      timed from its start to its receipt, the server's RSS sampled every 50 ms from /proc;
 *   4. check: every receipt verified with the package's SHA-256; one upload row per book, all received, with that
 *      hash; once the merge of received packages exists (rows in `merges`), merges = packages and books =
 *      distinct books. Exit code 1 when a check fails.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Upload } from 'tus-js-client';
import { AuthService } from '../server/auth/service';
import type { CommuneKey } from '../server/communes';
import { migrate } from '../server/db/migrate';
import { openStore } from '../server/db/open';
import type { Receipt } from '../server/uploads/intake';
import { communeOptions } from '../src/domain/admin';
import { startServer, type ChildServer } from '../tests/server/child-server';
import { freshDatabase, startCluster, type Cluster } from '../tests/server/postgres';
import { syntheticPackage } from '../tests/server/synthetic-book';

const args = process.argv.slice(2);
const THROWAWAY_PG = args.includes('--postgres');
const counts = args.filter((a) => a !== '--postgres');
const [PACKAGES, WORKSTATIONS, CONCURRENT] = [300, 150, 20].map((d, i) => {
  const v = Number(counts[i] ?? d);
  if (!Number.isInteger(v) || v < 1) throw new Error(`not a count: ${counts[i]}`);
  return v;
}) as [number, number, number];
const CEILING_MS = 15 * 60_000;
const CHUNK = 1024 * 1024;
const RUN = randomBytes(4).toString('hex');

const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Deterministic pseudo-random numbers (mulberry32): the same run, the same mix of sizes. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Job {
  bookId: string;
  commune: CommuneKey;
  token: string;
  bytes: Uint8Array;
  sha256: string;
  entries: number;
}

async function main(): Promise<void> {
  let databaseUrl = process.env.DATABASE_URL || undefined;
  let cluster: Cluster | null = null;
  let dropDatabase = (): Promise<void> => Promise.resolve();
  if (THROWAWAY_PG && !databaseUrl) {
    cluster = await startCluster();
    const database = await freshDatabase(cluster.url);
    databaseUrl = database.url;
    dropDatabase = () => database.drop();
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'sohoa-bench-server-'));
  let server: ChildServer | null = null;
  const ceiling = setTimeout(() => {
    console.error(`bench:server: over the ${CEILING_MS / 60_000}-minute ceiling, stopped`);
    void server?.stop('SIGKILL').finally(() => process.exit(1));
  }, CEILING_MS);
  try {
    console.log(
      `bench:server — ${PACKAGES} packages from ${WORKSTATIONS} workstations, ${CONCURRENT} at a time, ` +
        `on ${cluster ? 'a throwaway PostgreSQL' : databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}; ` +
        `run ${RUN}`,
    );
    // 1. Devices across communes.
    const communes: CommuneKey[] = communeOptions('2025')
      .slice(0, 10)
      .map((c) => ({ list: '2025', code: c.code }));
    const setup = await openStore({ databaseUrl, dataDir });
    await migrate(setup.db);
    const auth = new AuthService(setup.db);
    const admin = await auth.createAccount({
      username: `bench.${RUN}`,
      password: `bench-${randomBytes(12).toString('hex')}`,
      role: 'province_admin',
      communes: [],
    });
    const devices: { token: string; commune: CommuneKey }[] = [];
    for (let i = 0; i < WORKSTATIONS; i++) {
      const commune = communes[i % communes.length]!;
      const { token } = await auth.enrolDevice({
        label: `Máy ${i + 1} (${RUN})`,
        communes: [commune],
        enrolledBy: admin.id,
      });
      devices.push({ token, commune });
    }
    await setup.close();

    // 2. Packages of mixed sizes.
    const t0 = performance.now();
    const rand = random(11);
    const jobs: Job[] = [];
    for (let j = 0; j < PACKAGES; j++) {
      const device = devices[j % devices.length]!;
      const bookId = `bench-${RUN}-${j}`;
      const p = await syntheticPackage({
        id: bookId,
        commune: device.commune,
        pages: 1 + Math.floor(rand() * 8),
        entries: 20 + Math.floor(rand() * 581),
        imageBytes: 8_000 + Math.floor(rand() * 40_000),
        seed: j,
      });
      jobs.push({
        bookId,
        commune: device.commune,
        token: device.token,
        bytes: p.bytes,
        sha256: sha(p.bytes),
        entries: p.entries,
      });
    }
    const totalBytes = jobs.reduce((s, j) => s + j.bytes.length, 0);
    const totalEntries = jobs.reduce((s, j) => s + j.entries, 0);
    console.log(
      `packages built in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${mb(totalBytes)}, ` +
        `${totalEntries.toLocaleString('en')} entries (${Math.min(...jobs.map((j) => j.bytes.length))}–` +
        `${Math.max(...jobs.map((j) => j.bytes.length))} bytes each)`,
    );

    // 3. Uploads, CONCURRENT at a time.
    server = await startServer({ dataDir, databaseUrl, sampleRssMs: 50 });
    const idleRss = server.peakRss();
    const endpoint = `${server.origin}/api/uploads`;
    const times: number[] = [];
    const receipts = new Map<string, Receipt>();
    const failures: string[] = [];
    let next = 0;
    const send = (job: Job): Promise<Receipt> =>
      new Promise((resolve, reject) => {
        const u = new Upload(Buffer.from(job.bytes), {
          endpoint,
          chunkSize: CHUNK,
          retryDelays: null,
          storeFingerprintForResuming: false,
          headers: { Authorization: `Bearer ${job.token}` },
          metadata: {
            commune: `${job.commune.list}:${job.commune.code}`,
            bookId: job.bookId,
            filename: `${job.bookId}.sohoa`,
          },
          onSuccess: ({ lastResponse }) => resolve(JSON.parse(lastResponse.getBody()) as Receipt),
          onError: reject,
        });
        u.start();
      });
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const started = performance.now();
        try {
          receipts.set(job.bookId, await send(job));
          times.push(performance.now() - started);
        } catch (e) {
          failures.push(`${job.bookId}: ${String(e)}`);
        }
      }
    };
    const t1 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, worker));
    const wall = (performance.now() - t1) / 1000;
    const peakRss = server.peakRss();
    await server.stop();
    server = null;

    // 4. Checks.
    const problems = [...failures];
    for (const job of jobs) {
      const r = receipts.get(job.bookId);
      if (r && (r.sha256 !== job.sha256 || r.status !== 'merged' || r.counts?.entries !== job.entries))
        problems.push(`${job.bookId}: receipt ${JSON.stringify(r)}`);
    }
    const check = await openStore({ databaseUrl, dataDir });
    let merged = 'no merges in this build (uploads checked)';
    try {
      const prefix = `bench-${RUN}-%`;
      const rows = await check.db
        .selectFrom('uploads')
        .select(['book_id', 'status', 'sha256'])
        .where('book_id', 'like', prefix)
        .execute();
      const byBook = new Map<string, number>();
      for (const r of rows) byBook.set(r.book_id, (byBook.get(r.book_id) ?? 0) + 1);
      const duplicated = [...byBook.values()].filter((n) => n > 1).length;
      if (rows.length !== PACKAGES) problems.push(`uploads rows: ${rows.length}, expected ${PACKAGES}`);
      if (duplicated) problems.push(`books uploaded more than once: ${duplicated}`);
      for (const job of jobs) {
        const row = rows.find((r) => r.book_id === job.bookId);
        if (!row || row.status !== 'received' || row.sha256 !== job.sha256)
          problems.push(`${job.bookId}: upload row ${JSON.stringify(row)}`);
      }
      const count = async (table: 'merges' | 'books', column: 'book_id' | 'id'): Promise<number> => {
        const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}
          WHERE ${sql.ref(column)} LIKE ${prefix}`.execute(check.db);
        return Number(r.rows[0]?.n ?? 0);
      };
      const merges = await count('merges', 'book_id');
      if (merges > 0) {
        const books = await count('books', 'id');
        merged = `merges ${merges}, books ${books}`;
        if (merges !== PACKAGES) problems.push(`merges rows: ${merges}, expected ${PACKAGES}`);
        if (books !== PACKAGES) problems.push(`books: ${books}, expected ${PACKAGES}`);
      }
    } finally {
      await check.close();
    }

    const sorted = [...times].sort((a, b) => a - b);
    console.log(`uploaded in ${wall.toFixed(1)} s: ${receipts.size}/${PACKAGES} receipts; ${merged}`);
    console.log(
      `throughput: ${(receipts.size / wall).toFixed(1)} packages/s, ` +
        `${Math.round(totalEntries / wall).toLocaleString('en')} entries/s, ${mb(totalBytes / wall)}/s`,
    );
    console.log(
      `upload time (start → receipt): p50 ${quantile(sorted, 0.5).toFixed(0)} ms, ` +
        `p95 ${quantile(sorted, 0.95).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`,
    );
    console.log(`server RSS: ${mb(idleRss)} after start, peak ${mb(peakRss)}`);
    if (problems.length) {
      console.error(`FAILED (${problems.length}):\n  ${problems.slice(0, 20).join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(`all ${PACKAGES} packages received once, none duplicated`);
    }
  } finally {
    clearTimeout(ceiling);
    await server?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    await dropDatabase();
    await cluster?.stop();
  }
}

await main();

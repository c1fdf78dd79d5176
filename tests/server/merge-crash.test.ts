/**
 * `kill -9` of a server process in the middle of a merge (issue 11 target), on both backends: a real child process
 * (merge-crash-child.ts) merges a received upload and is killed with SIGKILL when every row of the merge is written
 * and only the commit is left. Afterwards nothing of that merge is in the database, the upload is still
 * 'received' with no `merges` row, and the start-up recovery (`verifying.recover`) merges it exactly once: the
 * book, its pages, entries and chain are there, one `merges` row; a second recovery does nothing.
 */
import 'fake-indexeddb/auto';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import { openStore, type DbKind, type Store } from '../../server/db/open';
import { verifying } from '../../server/uploads/intake';
import { openRepository } from '../../src/storage';
import { exportBytes, seedBook } from '../unit/helpers/package-book';
import { freshDatabase } from './postgres';

const ROOT = join(import.meta.dirname, '..', '..');
const UPLOAD_ID = 'c'.repeat(32);

/** Runs the child until it says MERGING, then kills it with SIGKILL; its output. */
function mergeAndKill(args: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests', 'server', 'merge-crash-child.ts'), JSON.stringify(args)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('MERGING')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`the child ended by itself (${code}): ${out}\n${err}`));
    });
  });
}

describe.each<DbKind>(['pglite', 'postgres'])('kill -9 in the middle of a merge on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('loses nothing and merges the upload exactly once after the restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sohoa-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const database = await freshDatabase(inject('postgresUrl'));
      databaseUrl = database.url;
      cleanups.push(() => database.drop());
    }
    const blobs = new FsBlobStore(join(dataDir, 'blobs'));
    // The state a crash after "received" leaves: the package in the blob store, the upload row received.
    let store: Store = await openStore({ databaseUrl, dataDir });
    await migrate(store.db);
    const auth = new AuthService(store.db);
    const admin = await auth.createAccount({
      username: 'tinh.admin',
      password: 'mật-khẩu-tỉnh-2025',
      role: 'province_admin',
      communes: [],
    });
    const { device } = await auth.enrolDevice({
      label: 'Máy Phú Hội',
      communes: [{ list: '2025', code: '19774' }],
      enrolledBy: admin.id,
    });
    const repo = await openRepository({ name: `merge-crash-${kind}` });
    await seedBook(repo);
    const bytes = await exportBytes(repo);
    repo.close();
    const blob = await blobs.put(bytes);
    await store.db
      .insertInto('uploads')
      .values({
        id: UPLOAD_ID,
        device_id: device.id,
        list: '2025',
        code: '19774',
        book_id: 'b1',
        file_name: 'b1.sohoa',
        size: bytes.length,
        created_at: new Date(),
        finished_at: new Date(),
        sha256: blob.hash,
        status: 'received',
        receipt: null,
      })
      .execute();
    // PGlite is one process's database: the parent lets go of it while the child runs.
    if (kind === 'pglite') await store.close();

    const out = await mergeAndKill({ databaseUrl, dataDir, uploadId: UPLOAD_ID });
    expect(out).toContain('MERGING');
    expect(out).not.toContain('COMMITTED');

    if (kind === 'pglite') store = await openStore({ databaseUrl, dataDir });
    cleanups.push(() => store.close());
    const count = async (table: 'books' | 'entries' | 'pages' | 'audit_events' | 'merges') =>
      (await store.db.selectFrom(table).selectAll().execute()).length;
    // Nothing of the killed merge stayed.
    for (const t of ['books', 'entries', 'pages', 'audit_events', 'merges'] as const)
      expect(await count(t), t).toBe(0);
    const row = await store.db.selectFrom('uploads').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: UPLOAD_ID, status: 'received', receipt: null });

    // The restart's recovery merges it, once.
    const ctx = { db: store.db, blobs, now: () => new Date() };
    expect(await verifying.recover?.(ctx)).toBe(1);
    expect(await count('books')).toBe(1);
    expect(await count('entries')).toBe(2);
    expect(await count('pages')).toBe(2);
    expect(await count('audit_events')).toBeGreaterThan(3);
    expect(await count('merges')).toBe(1);
    const receipt = (await store.db.selectFrom('uploads').select('receipt').executeTakeFirstOrThrow())
      .receipt;
    expect(receipt).toMatchObject({
      status: 'merged',
      merge: { newBook: true, entriesAdded: 2, pagesAdded: 2 },
    });
    expect(await verifying.recover?.(ctx)).toBe(0);
    expect(await count('merges')).toBe(1);
  }, 120_000);
});

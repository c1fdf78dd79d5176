/**
 * `kill -9` of the province server (a real child process, started as `npm run server`) on both backends:
 * - in the middle of an upload: restarted on the same data folder and database, the upload resumes with tus
 *   (HEAD gives the offset on disk, tus-js-client PATCHes the rest) and completes with the package's SHA-256;
 * - after the last byte, while the package is being taken in (the process is frozen with SIGSTOP the moment the
 *   partial file is complete, checked to be still unfinished, then killed): on restart the server takes it in by
 *   itself (PostgreSQL: the row turns 'received' with no request), a HEAD answers it complete with its receipt, a
 *   resumed tus client gets that receipt, the final PATCH replayed answers the same receipt — taken in once.
 * At the end the store (PGlite reopened after the kills) holds each upload once, received, with its hash.
 * The merge of received packages lands in another branch: these tests check the upload row, the blob and the
 * receipt; once merges exist the same scenario must find one `merges` row per upload.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import { openStore, type DbKind, type Store } from '../../server/db/open';
import type { Receipt } from '../../server/uploads/intake';
import { RECEIPT_HEADER } from '../../server/uploads/tus';
import { startServer, type ChildServer } from './child-server';
import { freshDatabase } from './postgres';
import { syntheticPackage } from './synthetic-book';
import { createUpload, headUpload, patchUpload, streamingPatch, uploadStatus, via } from './tus-http';

const BA_DINH = { list: '2025', code: '00004' } as const;
const META = (bookId: string) => ({ commune: '2025:00004', bookId, filename: `${bookId}.sohoa` });
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sizeOf = (path: string): number => (existsSync(path) ? statSync(path).size : -1);

describe.each<DbKind>(['pglite', 'postgres'])('kill -9 of the server on %s', (kind) => {
  let dataDir = '';
  let databaseUrl: string | undefined;
  let drop = (): Promise<void> => Promise.resolve();
  /** PostgreSQL: the test's own connection (PGlite is one process: opened only when the server is down). */
  let store: Store | null = null;
  let server: ChildServer;
  let token = '';
  /** Every package sent: its book id and hash. */
  const sent: { bookId: string; sha256: string }[] = [];

  const start = async (): Promise<void> => {
    server = await startServer({ dataDir, databaseUrl });
  };
  const partial = (url: string): string => join(dataDir, 'uploads', new URL(url).pathname.split('/').at(-1)!);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sohoa-crash-'));
    if (kind === 'postgres') {
      const database = await freshDatabase(inject('postgresUrl'));
      databaseUrl = database.url;
      drop = () => database.drop();
    }
    const setup = await openStore({ databaseUrl, dataDir });
    await migrate(setup.db);
    const auth = new AuthService(setup.db);
    const admin = await auth.createAccount({
      username: 'tinh.admin',
      password: 'mật-khẩu-tỉnh-2025',
      role: 'province_admin',
      communes: [],
    });
    token = (await auth.enrolDevice({ label: 'Máy Ba Đình', communes: [BA_DINH], enrolledBy: admin.id }))
      .token;
    if (kind === 'postgres') store = setup;
    else await setup.close();
    await start();
  });

  afterAll(async () => {
    await server.stop('SIGKILL');
    await store?.close();
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('resumes an upload after the server was killed in the middle of it', async () => {
    const p = await syntheticPackage({
      id: 'mid',
      commune: BA_DINH,
      pages: 6,
      entries: 60,
      imageBytes: 300_000,
    });
    sent.push({ bookId: 'mid', sha256: sha(p.bytes) });
    const url = await createUpload(server.origin, token, p.bytes.length, META('mid'));
    const cut = 1_000_000;
    const patch = streamingPatch(url, token, 0);
    patch.push(p.bytes.subarray(0, cut + 200_000));
    while (sizeOf(partial(url)) < cut) await tick();
    await server.stop('SIGKILL');
    expect(await patch.response).toHaveProperty('error');

    await start();
    const head = await headUpload(via(server.origin, url), token);
    expect(head.status).toBe(200);
    expect(head.offset).toBeGreaterThanOrEqual(cut);
    expect(head.offset).toBeLessThan(p.bytes.length);

    let resumedAt = -1;
    const receipt = await new Promise<Receipt>((resolve, reject) => {
      const u = new Upload(Buffer.from(p.bytes), {
        uploadUrl: via(server.origin, url),
        chunkSize: 256 * 1024,
        retryDelays: null,
        storeFingerprintForResuming: false,
        headers: { Authorization: `Bearer ${token}` },
        metadata: META('mid'),
        onProgress: (s) => {
          if (resumedAt < 0) resumedAt = s;
        },
        onSuccess: ({ lastResponse }) => resolve(JSON.parse(lastResponse.getBody()) as Receipt),
        onError: reject,
      });
      u.start();
    });
    expect(resumedAt).toBeGreaterThanOrEqual(head.offset); // it went on from the offset, not from 0
    expect(receipt).toMatchObject({ bookId: 'mid', sha256: sha(p.bytes), status: 'merged' });
    expect(await uploadStatus(via(server.origin, url), token)).toMatchObject({ status: 'received', receipt });
  }, 60_000);

  it('takes in exactly once a package whose last byte arrived just before the server was killed', async () => {
    let caught: { url: string; bytes: Uint8Array; bookId: string } | null = null;
    for (let attempt = 0; attempt < 4 && !caught; attempt++) {
      const bookId = `last-${attempt}`;
      const p = await syntheticPackage({
        id: bookId,
        commune: BA_DINH,
        pages: 8,
        entries: 400,
        imageBytes: 500_000,
      });
      sent.push({ bookId, sha256: sha(p.bytes) });
      const url = await createUpload(server.origin, token, p.bytes.length, META(bookId));
      const patch = streamingPatch(url, token, 0);
      patch.push(p.bytes.subarray(0, p.bytes.length - 1));
      while (sizeOf(partial(url)) < p.bytes.length - 1) await tick();
      patch.push(p.bytes.subarray(p.bytes.length - 1));
      patch.end();
      // The moment the file is complete the server is frozen: is the package still being taken in?
      let size = sizeOf(partial(url));
      while (size >= 0 && size < p.bytes.length) {
        await tick();
        size = sizeOf(partial(url));
      }
      server.freeze();
      const unfinished =
        size === p.bytes.length &&
        (!store ||
          (
            await store.db
              .selectFrom('uploads')
              .select('status')
              .where('book_id', '=', bookId)
              .executeTakeFirst()
          )?.status === 'receiving');
      await server.stop('SIGKILL');
      await patch.response;
      if (unfinished) caught = { url, bytes: p.bytes, bookId };
      await start();
    }
    expect(caught, 'the server was never caught between the last byte and the receipt').not.toBeNull();
    const { url, bytes, bookId } = caught!;
    const url2 = via(server.origin, url);

    if (store) {
      // PostgreSQL: the restarted server takes it in by itself, before anyone asks.
      const db = store.db;
      await expect
        .poll(
          async () =>
            (await db.selectFrom('uploads').select('status').where('book_id', '=', bookId).executeTakeFirst())
              ?.status,
          { timeout: 30_000, interval: 50 },
        )
        .toBe('received');
    }
    const head = await headUpload(url2, token);
    expect(head).toMatchObject({ status: 200, offset: bytes.length });
    const receipt = head.receipt!;
    expect(receipt).toMatchObject({ bookId, sha256: sha(bytes), size: bytes.length, status: 'merged' });
    expect(receipt.counts).toMatchObject({ pages: 8, entries: 400 });

    // The workstation resuming its send gets that receipt (in the HEAD's header) and sends nothing again.
    const resumed = await new Promise<{ header: string | undefined; progress: number[] }>(
      (resolve, reject) => {
        const progress: number[] = [];
        const u = new Upload(Buffer.from(bytes), {
          uploadUrl: url2,
          chunkSize: 256 * 1024,
          retryDelays: null,
          storeFingerprintForResuming: false,
          headers: { Authorization: `Bearer ${token}` },
          metadata: META(bookId),
          onProgress: (s) => void progress.push(s),
          onSuccess: ({ lastResponse }) =>
            resolve({ header: lastResponse.getHeader(RECEIPT_HEADER), progress }),
          onError: reject,
        });
        u.start();
      },
    );
    expect(resumed.progress.every((s) => s === bytes.length)).toBe(true);
    expect(JSON.parse(Buffer.from(resumed.header ?? '', 'base64').toString('utf8'))).toEqual(receipt);
    const replay = await patchUpload(url2, token, bytes.length, new Uint8Array(0));
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.body)).toEqual(receipt); // same receivedAt: taken in once
    expect(await uploadStatus(url2, token)).toMatchObject({ status: 'received', receipt });
    const blobs = new FsBlobStore(join(dataDir, 'blobs'));
    expect(Buffer.from((await blobs.get(sha(bytes))) ?? []).equals(bytes)).toBe(true);
    expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
  }, 120_000);

  it('holds every upload once, received with its hash, in the store reopened after the kills', async () => {
    await server.stop();
    const check = store ?? (await openStore({ databaseUrl, dataDir }));
    try {
      const rows = await check.db.selectFrom('uploads').select(['book_id', 'status', 'sha256']).execute();
      expect(rows.map((r) => r.book_id).sort()).toEqual(sent.map((s) => s.bookId).sort());
      for (const s of sent) {
        expect(rows.find((r) => r.book_id === s.bookId)).toMatchObject({
          status: 'received',
          sha256: s.sha256,
        });
      }
      // Once received packages are merged into the provincial copy (the merge's branch), each exactly once.
      const merges = await check.db.selectFrom('merges').select('book_id').execute();
      if (merges.length > 0) {
        expect(merges.map((m) => m.book_id).sort()).toEqual(sent.map((s) => s.bookId).sort());
      }
    } finally {
      if (!store) await check.close();
    }
  }, 60_000);
});

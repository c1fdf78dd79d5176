/**
 * Beyond one machine (issue 11 item 7): two server processes (real child processes, started as `npm run server`)
 * on one PostgreSQL and one data folder, as behind a load balancer. Neither keeps state of its own: a session
 * opened on A works on B and ends on both, failed logins on both count toward one limit, a device revoked on B is
 * refused by A. They take uploads at once; one upload's chunks
 * go alternately to A and B (each resume a HEAD on the other process); a PATCH left hanging on A (a dropped link)
 * is stopped when B is asked for the upload — through the shared advisory lock and its release request — so the
 * bytes resumed on B are never written twice; the final PATCH replayed on both at once answers one receipt. Every
 * package arrives whole (its SHA-256), is verified and received once. PostgreSQL only: an embedded PGlite
 * database is one process.
 */
import { createHash } from 'node:crypto';
import { readdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import { openStore, type Store } from '../../server/db/open';
import type { Receipt } from '../../server/uploads/intake';
import { startServer, type ChildServer } from './child-server';
import { freshDatabase } from './postgres';
import { syntheticPackage } from './synthetic-book';
import { createUpload, headUpload, patchUpload, streamingPatch, uploadStatus, via } from './tus-http';

const BA_DINH = { list: '2025', code: '00004' } as const;
const NGOC_HA = { list: '2025', code: '00008' } as const;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('two server processes on one PostgreSQL and one data folder', () => {
  let drop: () => Promise<void>;
  let dataDir = '';
  let store: Store;
  let a: ChildServer;
  let b: ChildServer;
  const tokens = { baDinh: '', ngocHa: '', spare: '' };
  let spareDevice = 0;

  beforeAll(async () => {
    const database = await freshDatabase(inject('postgresUrl'));
    drop = () => database.drop();
    dataDir = await mkdtemp(join(tmpdir(), 'sohoa-two-'));
    store = await openStore({ databaseUrl: database.url, dataDir });
    await migrate(store.db);
    const auth = new AuthService(store.db);
    const admin = await auth.createAccount({
      username: 'tinh.admin',
      password: 'mật-khẩu-tỉnh-2025',
      role: 'province_admin',
      communes: [],
    });
    tokens.baDinh = (
      await auth.enrolDevice({ label: 'Máy Ba Đình', communes: [BA_DINH], enrolledBy: admin.id })
    ).token;
    tokens.ngocHa = (
      await auth.enrolDevice({ label: 'Máy Ngọc Hà', communes: [NGOC_HA], enrolledBy: admin.id })
    ).token;
    const spare = await auth.enrolDevice({
      label: 'Máy dự phòng',
      communes: [NGOC_HA],
      enrolledBy: admin.id,
    });
    tokens.spare = spare.token;
    spareDevice = spare.device.id;
    [a, b] = await Promise.all([
      startServer({ dataDir, databaseUrl: database.url }),
      startServer({ dataDir, databaseUrl: database.url }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await store.close();
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const rowsOf = (bookId: string) =>
    store.db.selectFrom('uploads').selectAll().where('book_id', '=', bookId).execute();

  it('keeps no state in a process: a session, the login limit and a revoked device hold on both', async () => {
    const login = (server: ChildServer, password: string) =>
      fetch(`${server.origin}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'tinh.admin', password }),
      });
    // A session opened on A works on B; logged out on B, it is gone on A.
    const ok = await login(a, 'mật-khẩu-tỉnh-2025');
    expect(ok.status).toBe(200);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await ok.json()) as { csrfToken: string };
    const session = (s: ChildServer) => fetch(`${s.origin}/api/session`, { headers: { cookie } });
    expect((await session(b)).status).toBe(200);
    // A device revoked through B is refused by A at once.
    const device = (s: ChildServer) =>
      fetch(`${s.origin}/api/device`, { headers: { authorization: `Bearer ${tokens.spare}` } });
    expect((await device(a)).status).toBe(200);
    const revoke = await fetch(`${b.origin}/api/admin/devices/${spareDevice}/revoke`, {
      method: 'POST',
      headers: { cookie, 'x-sohoa-csrf': csrfToken, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(revoke.status).toBeLessThan(300);
    expect((await device(a)).status).toBe(401);
    const logout = await fetch(`${b.origin}/api/logout`, {
      method: 'POST',
      headers: { cookie, 'x-sohoa-csrf': csrfToken },
    });
    expect(logout.status).toBe(204);
    expect((await session(a)).status).toBe(401);
    // Five wrong passwords spread over A and B: the sixth attempt is limited on either, even the right one.
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? b : a, 'sai-mật-khẩu-123')).status).toBe(401);
    expect((await login(a, 'mật-khẩu-tỉnh-2025')).status).toBe(429);
    expect((await login(b, 'mật-khẩu-tỉnh-2025')).status).toBe(429);
  });

  it('takes uploads on both processes at once, each package whole and received once', async () => {
    const specs = Array.from({ length: 8 }, (_, i) => ({
      id: `two-${i}`,
      commune: i % 2 ? NGOC_HA : BA_DINH,
      pages: 2 + (i % 3),
      entries: 10 + 7 * i,
      imageBytes: 150_000,
    }));
    const packages = await Promise.all(specs.map((s) => syntheticPackage(s)));
    const receipts = await Promise.all(
      packages.map(
        (p, i) =>
          new Promise<Receipt>((resolve, reject) => {
            const server = i % 2 ? b : a;
            const u = new Upload(Buffer.from(p.bytes), {
              endpoint: `${server.origin}/api/uploads`,
              chunkSize: 128 * 1024,
              retryDelays: null,
              storeFingerprintForResuming: false,
              headers: { Authorization: `Bearer ${i % 2 ? tokens.ngocHa : tokens.baDinh}` },
              metadata: {
                commune: `${p.book.commune.list}:${p.book.commune.code}`,
                bookId: p.book.id,
                filename: `${p.book.id}.sohoa`,
              },
              onSuccess: ({ lastResponse }) => resolve(JSON.parse(lastResponse.getBody()) as Receipt),
              onError: reject,
            });
            u.start();
          }),
      ),
    );
    const blobs = new FsBlobStore(join(dataDir, 'blobs'));
    for (const [i, p] of packages.entries()) {
      expect(receipts[i]).toMatchObject({
        bookId: p.book.id,
        sha256: sha(p.bytes),
        status: 'merged',
        counts: { pages: specs[i]!.pages, entries: p.entries, events: p.events },
      });
      const rows = await rowsOf(p.book.id);
      expect(rows.map((r) => [r.status, r.sha256])).toEqual([['received', sha(p.bytes)]]);
      expect(Buffer.from((await blobs.get(sha(p.bytes))) ?? []).equals(p.bytes)).toBe(true);
    }
    // Nothing partial is left behind in the shared folder.
    expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
  });

  it('receives one upload chunk by chunk alternately through A and B, resuming each time with HEAD', async () => {
    const p = await syntheticPackage({
      id: 'alt',
      commune: BA_DINH,
      pages: 4,
      entries: 30,
      imageBytes: 200_000,
    });
    const token = tokens.baDinh;
    const url = await createUpload(a.origin, token, p.bytes.length, {
      commune: '2025:00004',
      bookId: 'alt',
      filename: 'alt.sohoa',
    });
    const chunk = 100_000;
    let last = { status: 0, offset: 0, body: '' };
    for (let k = 0; ; k++) {
      const server = k % 2 ? b : a;
      const head = await headUpload(via(server.origin, url), token);
      expect(head.status).toBe(200);
      expect(head.offset).toBe(Math.min(k * chunk, p.bytes.length));
      last = await patchUpload(
        via(server.origin, url),
        token,
        head.offset,
        p.bytes.subarray(head.offset, head.offset + chunk),
      );
      if (last.offset === p.bytes.length || last.status !== 204) break;
    }
    expect(last.status).toBe(200);
    const receipt = JSON.parse(last.body) as Receipt;
    expect(receipt).toMatchObject({ bookId: 'alt', sha256: sha(p.bytes), size: p.bytes.length });

    // Both processes now answer the upload as complete, with the same receipt; the final PATCH replayed on
    // both at once answers that receipt again (taken in once: same receivedAt).
    for (const server of [a, b]) {
      const head = await headUpload(via(server.origin, url), token);
      expect(head).toMatchObject({ status: 200, offset: p.bytes.length });
      expect(head.receipt).toEqual(receipt);
    }
    const replays = await Promise.all(
      [a, b].map((s) => patchUpload(via(s.origin, url), token, p.bytes.length, new Uint8Array(0))),
    );
    for (const r of replays) {
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual(receipt);
    }
    expect(await uploadStatus(via(b.origin, url), token)).toMatchObject({
      status: 'received',
      sha256: sha(p.bytes),
      receipt,
    });
    expect((await rowsOf('alt')).length).toBe(1);
  });

  it('stops a PATCH left hanging on A once B is asked for the upload; the rest resumed on B is written once', async () => {
    const p = await syntheticPackage({
      id: 'hang',
      commune: BA_DINH,
      pages: 3,
      entries: 12,
      imageBytes: 300_000,
    });
    const token = tokens.baDinh;
    const url = await createUpload(a.origin, token, p.bytes.length, {
      commune: '2025:00004',
      bookId: 'hang',
      filename: 'hang.sohoa',
    });
    const id = new URL(url).pathname.split('/').at(-1) ?? '';
    const partial = join(dataDir, 'uploads', id);
    // A receives the first 300 kB, then the link hangs (the PATCH stays open, nothing more comes).
    const first = 300_000;
    const hanging = streamingPatch(via(a.origin, url), token, 0);
    hanging.push(p.bytes.subarray(0, first));
    for (let size = 0; size < first;) {
      size = (await stat(partial)).size;
      await new Promise((r) => setTimeout(r, 10));
    }
    // The workstation resumes on B: B's HEAD waits for the lock, asks A (NOTIFY) to let go; A ends its PATCH.
    const head = await headUpload(via(b.origin, url), token);
    expect(head).toMatchObject({ status: 200, offset: first });
    // The old connection wakes up and sends more bytes: A no longer writes them.
    hanging.push(p.bytes.subarray(first, first + 100_000));
    hanging.end();
    // tus ended A's write where it stood: the request fails, or answers the offset it had then.
    const old = await hanging.response;
    if (!('error' in old)) expect([old.status, old.offset]).toEqual([204, first]);
    expect((await stat(partial)).size).toBe(first);
    const rest = await patchUpload(via(b.origin, url), token, first, p.bytes.subarray(first));
    expect(rest.status).toBe(200);
    expect(JSON.parse(rest.body)).toMatchObject({ bookId: 'hang', sha256: sha(p.bytes) });
    const rows = await rowsOf('hang');
    expect(rows.map((r) => [r.status, r.sha256])).toEqual([['received', sha(p.bytes)]]);
  });
});

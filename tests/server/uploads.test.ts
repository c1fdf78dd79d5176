/**
 * Resumable package uploads (tus, issue 11 item 2) on both backends, over a real port with the same tus client the
 * workstation uses (tus-js-client): an upload cut in the middle, the server restarted, the upload resumed where it
 * stopped and finished, the package in the blob store under its SHA-256 and the receipt in the reply; no token,
 * a device of another commune and another device's upload refused, nothing stored for them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import type { DbKind } from '../../server/db/open';
import { storeOnly, type Receipt } from '../../server/uploads/intake';
import { openBackend, type Backend } from './backend';

const BA_DINH = { list: '2025', code: '00004' } as const;
const NGOC_HA = { list: '2025', code: '00008' } as const;
const CHUNK = 256 * 1024;

describe.each<DbKind>(['pglite', 'postgres'])('package uploads on %s', (kind) => {
  let backend: Backend;
  let app: FastifyInstance;
  let url = '';
  let port = 0;
  const tokens = { baDinh: '', ngocHa: '' };

  async function start(): Promise<void> {
    app = await buildApp({
      store: backend.store,
      blobs: new FsBlobStore(join(backend.dataDir, 'blobs')),
      uploads: { directory: join(backend.dataDir, 'uploads'), intake: storeOnly },
    });
    await app.listen({ host: '127.0.0.1', port });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    url = `http://127.0.0.1:${port}/api/uploads`;
  }

  beforeAll(async () => {
    backend = await openBackend(kind);
    await migrate(backend.store.db);
    const auth = new AuthService(backend.store.db);
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
    await start();
  });

  afterAll(async () => {
    await app.close();
    await backend.cleanup();
  });

  const options = (token: string, commune = '2025:00004') => ({
    endpoint: url,
    chunkSize: CHUNK,
    retryDelays: null,
    storeFingerprintForResuming: false,
    headers: { Authorization: `Bearer ${token}` },
    metadata: { commune, bookId: 'book-1', filename: 'ba-dinh.KS.2020.01.sohoa' },
  });

  /** Runs an upload to its end: the receipt, or the error. */
  const run = (u: Upload): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      u.options.onSuccess = ({ lastResponse }) =>
        resolve({ status: lastResponse.getStatus(), body: lastResponse.getBody() });
      u.options.onError = reject;
      u.start();
    });

  it('resumes an upload cut in the middle, across a server restart, and stores the package once', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 123);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // First attempt: cut after some chunks (the connection drops, the laptop goes offline).
    let cutAt = 0;
    const first = new Upload(bytes, { ...options(tokens.baDinh) });
    await new Promise<void>((resolve, reject) => {
      first.options.onChunkComplete = (_size, accepted) => {
        if (accepted >= 4 * CHUNK && !cutAt) {
          cutAt = accepted;
          void first.abort().then(resolve);
        }
      };
      first.options.onError = reject;
      first.options.onSuccess = () => reject(new Error('the upload should have been cut'));
      first.start();
    });
    const uploadUrl = first.url ?? '';
    expect(uploadUrl).toMatch(/\/api\/uploads\/[0-9a-f]{32}$/);
    const id = uploadUrl.split('/').at(-1) ?? '';
    const row = await backend.store.db
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row).toMatchObject({ status: 'receiving', book_id: 'book-1', list: '2025', code: '00004' });

    // The server restarts (same data folder): the offset survived, the client resumes from it.
    await app.close();
    await start();
    const head = await fetch(new URL(uploadUrl, url), {
      method: 'HEAD',
      headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${tokens.baDinh}` },
    });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(cutAt);
    expect(offset).toBeLessThan(bytes.length);

    let firstResumed = -1;
    const second = new Upload(bytes, { ...options(tokens.baDinh), uploadUrl: new URL(uploadUrl, url).href });
    second.options.onProgress = (sent) => {
      if (firstResumed < 0) firstResumed = sent;
    };
    const done = await run(second);
    expect(firstResumed).toBeGreaterThanOrEqual(offset); // it went on from the offset, not from 0
    expect(done.status).toBe(200);
    const receipt = JSON.parse(done.body) as Receipt;
    expect(receipt).toMatchObject({
      uploadId: id,
      bookId: 'book-1',
      sha256,
      size: bytes.length,
      status: 'stored',
    });
    expect(receipt.message).toContain('Tỉnh đã nhận gói');

    const blobs = new FsBlobStore(join(backend.dataDir, 'blobs'));
    expect(Buffer.from((await blobs.get(sha256)) ?? new Uint8Array()).equals(bytes)).toBe(true);
    const stored = await backend.store.db
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    expect(stored).toMatchObject({ status: 'received', sha256 });
    expect(Number(stored?.size)).toBe(bytes.length);
    expect(existsSync(join(backend.dataDir, 'uploads', id))).toBe(false); // the partial file is gone
    const log = await backend.store.db
      .selectFrom('access_log')
      .selectAll()
      .where('action', '=', 'upload')
      .execute();
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(log.every((r) => r.device_id !== null && r.commune_code === '00004')).toBe(true);
  }, 60_000);

  it('refuses an upload without a token, or for a commune the device is not enrolled for; nothing is kept', async () => {
    const before = await backend.store.db.selectFrom('uploads').select('id').execute();
    const noToken = await fetch(url, {
      method: 'POST',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' },
    });
    expect(noToken.status).toBe(401);
    const other = new Upload(randomBytes(1000), options(tokens.ngocHa, '2025:00004'));
    const refused = await run(other).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(refused)).toContain('403');
    expect(String(refused)).toContain('Máy này không được gửi dữ liệu của xã mã 00004');
    expect(await backend.store.db.selectFrom('uploads').select('id').execute()).toEqual(before);
  });

  it("answers another device's upload as absent", async () => {
    const mine = new Upload(randomBytes(2 * CHUNK), options(tokens.baDinh));
    await new Promise<void>((resolve, reject) => {
      mine.options.onChunkComplete = () => void mine.abort().then(resolve);
      mine.options.onError = reject;
      mine.start();
    });
    const target = new URL(mine.url ?? '', url).href;
    for (const method of ['HEAD', 'PATCH', 'DELETE']) {
      const res = await fetch(target, {
        method,
        headers: {
          'Tus-Resumable': '1.0.0',
          Authorization: `Bearer ${tokens.ngocHa}`,
          'Upload-Offset': '0',
          'Content-Type': 'application/offset+octet-stream',
        },
        ...(method === 'PATCH' ? { body: new Uint8Array(10) } : {}),
      });
      expect(res.status, method).toBe(404);
    }
  });
});

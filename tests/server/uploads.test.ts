/**
 * Resumable package uploads (tus, issue 11 item 2) on both backends, over a real port with the same tus client the
 * workstation uses (tus-js-client): an upload cut in the middle, the server restarted, the upload resumed where it
 * stopped and finished, the package in the blob store under its SHA-256 and the receipt in the reply; no token,
 * a device of another commune and another device's upload refused, nothing stored for them. With the verifying
 * intake: a real work package (made by the app's own export from a repository on fake-indexeddb) is verified and
 * counted in the receipt; a tampered one, or another commune's book, is refused (422, the reader's message) and
 * nothing of it is kept.
 */
import 'fake-indexeddb/auto';
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
import { storeOnly, verifying, type PackageIntake, type Receipt } from '../../server/uploads/intake';
import { openRepository } from '../../src/storage';
import { exportBytes, seedBook } from '../unit/helpers/package-book';
import { openBackend, type Backend } from './backend';
import { headUpload, patchUpload, uploadStatus } from './tus-http';

const BA_DINH = { list: '2025', code: '00004' } as const;
/** The commune of the unit helpers' test book (testBook). */
const PHU_HOI = { list: '2025', code: '19774' } as const;
const NGOC_HA = { list: '2025', code: '00008' } as const;
const CHUNK = 256 * 1024;

describe.each<DbKind>(['pglite', 'postgres'])('package uploads on %s', (kind) => {
  let backend: Backend;
  let app: FastifyInstance;
  let url = '';
  let port = 0;
  const tokens = { baDinh: '', ngocHa: '', phuHoi: '' };

  async function start(intake: PackageIntake = storeOnly): Promise<void> {
    app = await buildApp({
      store: backend.store,
      blobs: new FsBlobStore(join(backend.dataDir, 'blobs')),
      uploads: { directory: join(backend.dataDir, 'uploads'), intake },
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
    tokens.phuHoi = (
      await auth.enrolDevice({ label: 'Máy Phú Hội', communes: [PHU_HOI, BA_DINH], enrolledBy: admin.id })
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

  it("verifies a real work package on arrival; a tampered one or another commune's book is refused, nothing kept", async () => {
    await app.close();
    await start(verifying);
    const repo = await openRepository({ name: `upload-${kind}` });
    try {
      await seedBook(repo);
      const bytes = await exportBytes(repo);
      const ok = await run(
        new Upload(Buffer.from(bytes), {
          ...options(tokens.phuHoi, '2025:19774'),
          metadata: { commune: '2025:19774', bookId: 'b1', filename: 'b1.sohoa' },
        }),
      );
      expect(ok.status).toBe(200);
      const receipt = JSON.parse(ok.body) as Receipt;
      expect(receipt).toMatchObject({ status: 'merged', bookId: 'b1', counts: { pages: 2, entries: 2 } });
      expect(receipt.counts?.events).toBeGreaterThan(3);
      expect(receipt.message).toMatch(
        /^Tỉnh đã nhận và kiểm tra gói b1\.sohoa \(2 trang, 2 mục, \d+ sự kiện nhật ký nguyên vẹn\)/u,
      );

      // One byte changed inside a member: its hash no longer matches the manifest.
      const tampered = Buffer.from(bytes);
      const mid = Math.floor(tampered.length / 2);
      tampered[mid] = (tampered[mid] ?? 0) ^ 0xff;
      const tamperedHash = createHash('sha256').update(tampered).digest('hex');
      const tamperedUpload = new Upload(tampered, {
        ...options(tokens.phuHoi, '2025:19774'),
        metadata: { commune: '2025:19774', bookId: 'b1', filename: 'x.sohoa' },
      });
      const refused = await run(tamperedUpload).then(
        () => null,
        (e: unknown) => String(e),
      );
      expect(refused).toContain('422');
      expect(refused).toContain('không khớp mã SHA-256 ghi trong manifest');
      // Asked again, the refused upload says why; a resume finds it gone (410), the final PATCH replayed is 422.
      const tamperedUrl = new URL(tamperedUpload.url ?? '', url).href;
      const status = await uploadStatus(tamperedUrl, tokens.phuHoi);
      expect(status).toMatchObject({ status: 'refused', receipt: null });
      expect(status.refusal).toContain('không khớp mã SHA-256 ghi trong manifest');
      expect((await headUpload(tamperedUrl, tokens.phuHoi)).status).toBe(410);
      const replayed = await patchUpload(tamperedUrl, tokens.phuHoi, tampered.length, new Uint8Array(0));
      expect(replayed.status).toBe(422);
      expect(replayed.body).toContain('không khớp mã SHA-256');
      const blobs = new FsBlobStore(join(backend.dataDir, 'blobs'));
      expect(await blobs.has(tamperedHash)).toBe(false);

      // The right package declared as another commune's book (the device may send both communes).
      const other = await run(
        new Upload(Buffer.from(bytes), {
          ...options(tokens.phuHoi),
          metadata: { commune: '2025:00004', bookId: 'b1', filename: 'b1.sohoa' },
        }),
      ).then(
        () => null,
        (e: unknown) => String(e),
      );
      expect(other).toContain('Gói là sổ của xã mã 19774, không phải xã mã 00004');
      // Those refused bytes are the received upload's package too: its file stays.
      expect(await blobs.has(receipt.sha256)).toBe(true);
      const rows = await backend.store.db
        .selectFrom('uploads')
        .select(['status', 'file_name'])
        .where('book_id', '=', 'b1')
        .orderBy('created_at')
        .execute();
      expect(rows.map((r) => r.status).sort()).toEqual(['received', 'refused', 'refused']);
    } finally {
      repo.close();
    }
  }, 60_000);
});

/**
 * A book of the provincial copy downloaded by a workstation (issue 11 item 5: province-level acceptance happens on
 * a workstation — download, accept, send back), on both backends: the device's list of books, the package read
 * back and verified by the app's own reader, imported into a fresh profile with the same entries and pages, a
 * round trip (an acceptance made on the downloading machine merges back into the province's book record), another
 * commune's device refused, an unknown book 404, every call access-logged.
 */
import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import type { DbKind } from '../../server/db/open';
import { mergePackage } from '../../server/merge/merge';
import { sniffImageType } from '../../server/books/package-out';
import { readPackage } from '../../src/exchange/package';
import { parseRemoteBooks } from '../../src/state/province';
import { openRepository, type Repository } from '../../src/storage';
import { ev, exportBytes, importBytes, seedBook } from '../unit/helpers/package-book';
import { openBackend, type Backend } from './backend';

const PHU_HOI = { list: '2025', code: '19774' } as const;
const OTHER = { list: '2025', code: '00004' } as const;
let n = 0;

describe.each<DbKind>(['pglite', 'postgres'])('book download on %s', (kind) => {
  let backend: Backend;
  let app: FastifyInstance;
  let blobs: FsBlobStore;
  let token = '';
  let otherToken = '';
  let deviceId = 0;
  let a: Repository;
  const db = () => backend.store.db;

  /** Merges a package as the upload intake does (an upload row, then the merge). */
  async function merge(bytes: Uint8Array): Promise<void> {
    const uploadId = randomBytes(16).toString('hex');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await db()
      .insertInto('uploads')
      .values({
        id: uploadId,
        device_id: deviceId,
        list: PHU_HOI.list,
        code: PHU_HOI.code,
        book_id: 'b1',
        file_name: 'b1.goi.zip',
        size: bytes.length,
        created_at: new Date(),
        finished_at: new Date(),
        sha256: sha,
        status: 'received',
        receipt: null,
      })
      .execute();
    await mergePackage(db(), blobs, {
      uploadId,
      packageSha256: sha,
      content: await readPackage(bytes),
      now: new Date(),
      receipt: (s) => ({ merge: s }),
    });
  }

  const download = (id: string, bearer = token) =>
    app.inject({
      method: 'GET',
      url: `/api/device/books/${id}/package`,
      headers: { authorization: `Bearer ${bearer}` },
    });

  beforeAll(async () => {
    backend = await openBackend(kind);
    await migrate(backend.store.db);
    blobs = new FsBlobStore(join(backend.dataDir, 'blobs'));
    const auth = new AuthService(backend.store.db);
    const admin = await auth.createAccount({
      username: 'tinh.admin',
      password: 'mật-khẩu-tỉnh-2025',
      role: 'province_admin',
      communes: [],
    });
    const enrolled = await auth.enrolDevice({
      label: 'Máy Phú Hội',
      communes: [PHU_HOI],
      enrolledBy: admin.id,
    });
    token = enrolled.token;
    deviceId = enrolled.device.id;
    otherToken = (await auth.enrolDevice({ label: 'Máy khác', communes: [OTHER], enrolledBy: admin.id }))
      .token;
    app = await buildApp({ store: backend.store, blobs });
    a = await openRepository({ name: `download-a-${kind}-${++n}` });
    await seedBook(a);
    await merge(await exportBytes(a));
  });

  afterAll(async () => {
    a.close();
    await app.close();
    await backend.cleanup();
  });

  it("lists the books of the device's communes, none of another commune's device", async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/device/books',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    const books = parseRemoteBooks(res.body);
    expect(books).toHaveLength(1);
    expect(books?.[0]).toMatchObject({
      id: 'b1',
      type: 'KS',
      year: 2017,
      bookNumber: '01/2017',
      commune: PHU_HOI,
      entries: 2,
    });
    expect(books?.[0]?.lastUploadAt).not.toBeNull();
    const other = await app.inject({
      method: 'GET',
      url: '/api/device/books',
      headers: { authorization: `Bearer ${otherToken}` },
    });
    expect(parseRemoteBooks(other.body)).toEqual([]);
    const none = await app.inject({ method: 'GET', url: '/api/device/books' });
    expect(none.statusCode).toBe(401);
  });

  it('hands out the book as a verified package that imports into a fresh profile whole', async () => {
    const res = await download('b1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(String(res.headers['content-disposition'])).toMatch(
      /^attachment; filename="so-KS-2017-01-2017\.sohoa\.zip"$/,
    );
    const bytes = new Uint8Array(res.rawPayload);
    const pkg = await readPackage(bytes); // manifest, every member's hash, every chain
    expect(pkg.book.id).toBe('b1');
    expect(pkg.manifest.machineId).toMatch(/^province-/);
    expect(pkg.pages.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(pkg.images.get('p1')?.image.mime).toBe('image/jpeg');
    const c = await openRepository({ name: `download-c-${kind}-${++n}` });
    try {
      const r = await importBytes(c, bytes);
      expect(r).toMatchObject({ newBook: true, entriesAdded: 2, pagesAdded: 2 });
      const strip = async (repo: Repository) =>
        (await repo.listEntries('b1'))
          .map((e) => [
            e.id,
            e.state,
            Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, f.value])),
          ])
          .sort();
      expect(await strip(c)).toEqual(await strip(a));
      // The image bytes are the ones A had.
      const mine = await a.getPageImage('p2');
      const theirs = await c.getPageImage('p2');
      expect(theirs?.image.size).toBe(mine?.image.size);
    } finally {
      c.close();
    }
  });

  it("round trip: a note and a setting made on the downloading machine come back into the province's record", async () => {
    const c = await openRepository({ name: `download-rt-${kind}-${++n}` });
    try {
      await importBytes(c, new Uint8Array((await download('b1')).rawPayload));
      const book = (await c.getBook('b1'))!;
      const note = {
        at: Date.now(),
        userId: 'sup',
        userName: 'Giám sát tỉnh',
        text: 'Đã nghiệm thu cấp tỉnh',
      };
      await c.putBook(
        { ...book, doubleKeying: true, notes: [...book.notes, note] },
        ev('book.update', { userId: 'sup', after: { doubleKeying: true } }),
      );
      await merge(await exportBytes(c));
      const row = await db()
        .selectFrom('books')
        .select('record')
        .where('id', '=', 'b1')
        .executeTakeFirstOrThrow();
      const record = row.record as { doubleKeying: boolean; notes: { text: string }[] };
      expect(record.doubleKeying).toBe(true);
      expect(record.notes.map((x) => x.text)).toEqual(['Đã nghiệm thu cấp tỉnh']);
      // And the commune's machine A gets it back from the province too.
      const back = await importBytes(a, new Uint8Array((await download('b1')).rawPayload));
      expect(back).toMatchObject({ bookUpdated: true, conflicts: 0 });
      expect((await a.getBook('b1'))?.doubleKeying).toBe(true);
    } finally {
      c.close();
    }
  });

  it("refuses another commune's device and an unknown book; every call is logged", async () => {
    const other = await download('b1', otherToken);
    expect(other.statusCode).toBe(403);
    expect((JSON.parse(other.body) as { message: string }).message).toMatch(/xã mã 19774/);
    expect((await download('khong-co')).statusCode).toBe(404);
    expect((await download('b1', 'sai-ma-thiet-bi-000000')).statusCode).toBe(401);
    const logged = await db()
      .selectFrom('access_log')
      .select(['action', 'status', 'commune_code'])
      .where('action', '=', 'device.book.package')
      .execute();
    expect(logged.map((r) => r.status)).toEqual(expect.arrayContaining([200, 403, 404, 401]));
    expect(logged.find((r) => r.status === 403)?.commune_code).toBe('19774');
  });

  it('names image blobs by their first bytes', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff]))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(new Uint8Array([1, 2, 3]))).toBe('application/octet-stream');
  });
});

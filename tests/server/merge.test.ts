/**
 * Merging received work packages into the provincial copy (issue 11 item 2), on both backends, through the real
 * upload path (tus-js-client → tus → verifying intake → one transaction). Packages are made by the app's own export
 * from repositories on fake-indexeddb, two of them standing for two commune laptops (machines A and B):
 * a new book added whole (pages with their images in the blob store, OCR, entries, chains, the receipt); the same
 * package twice changes nothing (one `merges` row per upload, no row duplicated); a value changed only on A taken
 * (revision and change cursor move, keyed_at from the first keying event); the same value changed on A and on B
 * since B's base listed as a conflict, neither value lost; a deletion removes the entry and lists it in
 * `entry_deletions`; a tampered package and a forged chain refused with nothing stored in any table;
 * SQL-injection-like text stored verbatim; an upload received but not merged (the merge's transaction cut) merged
 * at the next start, exactly once; two merges of one book at once from two connections serialised.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore, type BlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import { openStore, type DbKind } from '../../server/db/open';
import { mergePackage, type MergeSummary } from '../../server/merge/merge';
import { verifying, type PackageIntake, type Receipt } from '../../server/uploads/intake';
import { eventHash, ZERO_HASH, type AuditEvent } from '../../src/domain/records/audit';
import { emptyEntry, type Entry } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { readPackage, type Manifest } from '../../src/exchange/package';
import { openRepository, type Repository } from '../../src/storage';
import {
  edit,
  ev,
  exportBytes,
  importBytes,
  ocrField,
  rezip,
  seedBook,
  text,
  utf8,
} from '../unit/helpers/package-book';
import { testBook } from '../unit/helpers/records';
import { openBackend, type Backend } from './backend';

const PHU_HOI = { list: '2025', code: '19774' } as const;
const INJECTION = `Robert'); DROP TABLE entries; -- "x" \\ ' OR '1'='1`;

const DATA_TABLES = [
  'books',
  'pages',
  'page_ocr',
  'entries',
  'entry_deletions',
  'audit_events',
  'conflicts',
  'merges',
] as const;

let repoN = 0;

describe.each<DbKind>(['pglite', 'postgres'])('merge of received packages on %s', (kind) => {
  let backend: Backend;
  let app: FastifyInstance;
  let url = '';
  let token = '';
  let blobs: FsBlobStore;
  /** Machines A and B (two laptops of the commune). */
  let a: Repository;
  let b: Repository;
  const db = () => backend.store.db;

  async function start(intake: PackageIntake = verifying, store: BlobStore = blobs): Promise<void> {
    app = await buildApp({
      store: backend.store,
      blobs: store,
      uploads: { directory: join(backend.dataDir, 'uploads'), intake },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/uploads`;
  }

  /** Uploads a package as the workstation does; the receipt, or the refusal's text. */
  function send(bytes: Uint8Array, bookId = 'b1', filename = `${bookId}.sohoa`): Promise<Receipt> {
    return new Promise((resolve, reject) => {
      const u = new Upload(Buffer.from(bytes), {
        endpoint: url,
        chunkSize: 256 * 1024,
        retryDelays: null,
        storeFingerprintForResuming: false,
        headers: { Authorization: `Bearer ${token}` },
        metadata: { commune: '2025:19774', bookId, filename },
        onSuccess: ({ lastResponse }) => resolve(JSON.parse(lastResponse.getBody()) as Receipt),
        onError: (e) => reject(new Error(String(e))),
      });
      u.start();
    });
  }

  /** Every row of the provincial copy's tables (timestamps and cursors included), as text. */
  async function tables(skipBookUpload = false): Promise<string> {
    const out: Record<string, unknown[]> = {};
    for (const t of DATA_TABLES) {
      const rows = (await db().selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
      out[t] = rows
        .map((r) => {
          const { last_upload_id: _i, last_upload_at: _a, ...rest } = r;
          return JSON.stringify(skipBookUpload && t === 'books' ? rest : r);
        })
        .sort();
    }
    return JSON.stringify(out);
  }

  const entryRow = (id: string) =>
    db().selectFrom('entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const valueOf = (row: { record: unknown }, key: string): string | undefined =>
    (row.record as Entry).fields[key]?.value;

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
    token = (await auth.enrolDevice({ label: 'Máy Phú Hội', communes: [PHU_HOI], enrolledBy: admin.id }))
      .token;
    a = await openRepository({ name: `server-merge-a-${kind}-${++repoN}` });
    b = await openRepository({ name: `server-merge-b-${kind}-${++repoN}` });
    await start();
  });

  afterAll(async () => {
    a.close();
    b.close();
    await app.close();
    await backend.cleanup();
  });

  it('merges a new book whole: book, pages and their images, OCR, entries, chains, the receipt', async () => {
    await seedBook(a);
    const bytes = await exportBytes(a);
    // B starts from this same package (its base is the head A has now).
    await importBytes(b, bytes);
    const pkg = await readPackage(bytes);
    const receipt = await send(bytes);
    expect(receipt).toMatchObject({
      status: 'merged',
      bookId: 'b1',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      merge: {
        newBook: true,
        changed: true,
        entriesAdded: 2,
        fieldsTaken: 0,
        conflicts: 0,
        conflictsOpen: 0,
        pagesAdded: 2,
        ocrAdded: 1,
        eventsAdded: pkg.events.length,
        book: 'new',
      },
    });
    expect(receipt.message).toContain('hợp nhất vào bản của tỉnh: sổ mới, thêm 2 mục, thêm 2 trang');
    expect(receipt.message).toContain(receipt.sha256.slice(0, 12));

    const book = await db().selectFrom('books').selectAll().where('id', '=', 'b1').executeTakeFirstOrThrow();
    expect(book).toMatchObject({
      list: '2025',
      code: '19774',
      type: 'KS',
      year: 2017,
      book_number: '01/2017',
    });
    expect(book.last_upload_id).toBe(receipt.uploadId);
    expect((book.record as { id: string }).id).toBe('b1');
    const pages = await db()
      .selectFrom('pages')
      .selectAll()
      .where('book_id', '=', 'b1')
      .orderBy('ord')
      .execute();
    expect(pages.map((p) => [p.id, p.ord, p.mark])).toEqual([
      ['p1', 0, 'normal'],
      ['p2', 1, 'normal'],
    ]);
    for (const p of pages) {
      const img = pkg.images.get(p.id)!;
      expect(p.image_sha256).toBe(createHash('sha256').update(img.image.bytes).digest('hex'));
      expect(Buffer.from((await blobs.get(p.image_sha256))!).equals(Buffer.from(img.image.bytes))).toBe(true);
      expect(await blobs.has(p.thumb_sha256 ?? '')).toBe(true);
    }
    const ocr = await db().selectFrom('page_ocr').selectAll().execute();
    expect(ocr.map((o) => o.page_id)).toEqual(['p1']);
    const entries = await db().selectFrom('entries').selectAll().orderBy('ord').execute();
    expect(entries.map((e) => [e.id, e.state, e.revision, e.list, e.code, e.type, e.year])).toEqual([
      ['e1', 'prefilled', 1, '2025', '19774', 'KS', 2017],
      ['e2', 'prefilled', 1, '2025', '19774', 'KS', 2017],
    ]);
    expect(valueOf(entries[1]!, 'nksHoTen')).toBe('Lê Văn Cường');
    expect(entries.every((e) => e.keyed_at === null)).toBe(true);
    const events = await db().selectFrom('audit_events').select(['machine_id', 'seq', 'hash']).execute();
    expect(events).toHaveLength(pkg.events.length);
    expect(new Set(events.map((e) => e.machine_id))).toEqual(new Set([a.machineId]));
    const merges = await db().selectFrom('merges').selectAll().execute();
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ upload_id: receipt.uploadId, book_id: 'b1', changed: true });
    const upload = await db()
      .selectFrom('uploads')
      .selectAll()
      .where('id', '=', receipt.uploadId)
      .executeTakeFirstOrThrow();
    expect(upload.status).toBe('received');
    expect(upload.receipt).toMatchObject({ status: 'merged', merge: { newBook: true } });
  }, 60_000);

  it('the same package twice changes nothing: one merges row per upload, no row duplicated', async () => {
    const bytes = await exportBytes(a);
    const first = await send(bytes);
    const before = await tables(true);
    const mergesBefore = await db().selectFrom('merges').select('upload_id').execute();
    const again = await send(bytes);
    expect(again.uploadId).not.toBe(first.uploadId);
    expect(again.merge).toMatchObject({
      changed: false,
      newBook: false,
      entriesAdded: 0,
      fieldsTaken: 0,
      conflicts: 0,
      pagesAdded: 0,
      eventsAdded: 0,
      book: 'kept',
    });
    expect(again.message).toContain('tỉnh đã có mọi thay đổi trong gói, không có gì mới để hợp nhất');
    // Only the new upload's own merges row; nothing else moved.
    const mergesAfter = await db().selectFrom('merges').select(['upload_id', 'changed']).execute();
    expect(mergesAfter).toHaveLength(mergesBefore.length + 1);
    expect(mergesAfter.find((m) => m.upload_id === again.uploadId)?.changed).toBe(false);
    const strip = (s: string) => {
      const v = JSON.parse(s) as Record<string, unknown>;
      delete v['merges'];
      return JSON.stringify(v);
    };
    expect(strip(await tables(true))).toBe(strip(before));
    // Merging that upload again (a second process, a restart) answers its stored result and writes nothing.
    const pkg = await readPackage(bytes);
    const repeat = await mergePackage(db(), blobs, {
      uploadId: again.uploadId,
      packageSha256: again.sha256,
      content: pkg,
      now: new Date(),
      receipt: () => ({}),
    });
    expect(repeat.already).toBe(true);
    expect(repeat.summary).toEqual(again.merge);
    expect(await db().selectFrom('merges').select('upload_id').execute()).toHaveLength(mergesAfter.length);
  }, 60_000);

  it('takes a value changed only on the workstation; keyed_at from the first keying event', async () => {
    const before = await entryRow('e1');
    await edit(a, 'e1', 'nksHoTen', 'Nguyễn Văn Ân');
    const e1 = (await a.listEntries('b1')).find((e) => e.id === 'e1')!;
    const keyed = await a.saveEntries({
      put: [{ ...e1, state: 'keyed' }],
      events: [ev('entry.state', { entryId: 'e1', before: 'prefilled', after: 'keyed' })],
    });
    const keyedAt = keyed.events[0]!.at;
    const receipt = await send(await exportBytes(a));
    expect(receipt.merge).toMatchObject({ changed: true, newBook: false, fieldsTaken: 2, conflicts: 0 });
    expect(receipt.message).toContain('cập nhật 2 giá trị');
    const after = await entryRow('e1');
    expect(valueOf(after, 'nksHoTen')).toBe('Nguyễn Văn Ân');
    expect(after.state).toBe('keyed');
    expect(after.revision).toBe(before.revision + 1);
    expect(BigInt(after.change_seq)).toBeGreaterThan(BigInt(before.change_seq));
    expect(after.keyed_at?.getTime()).toBe(keyedAt);
    // e2 was not touched: same row, same cursor.
    const e2 = await entryRow('e2');
    expect(e2.revision).toBe(1);
  }, 60_000);

  it('lists a value changed on both sides since the base as a conflict; neither value is lost', async () => {
    await edit(a, 'e2', 'meHoTen', 'Trần Thị Bích');
    const fromA = await send(await exportBytes(a));
    expect(fromA.merge).toMatchObject({ fieldsTaken: 1, conflicts: 0 });
    const cursor = (await entryRow('e2')).change_seq;
    // B, still on the first package's base, types another value into the same field.
    await edit(b, 'e2', 'meHoTen', 'Trần Thị Bính', 'u2');
    const bPackage = await exportBytes(b);
    const fromB = await send(bPackage, 'b1', 'may-b.sohoa');
    expect(fromB.merge).toMatchObject({ changed: true, conflicts: 1, conflictsOpen: 1, fieldsTaken: 0 });
    expect(fromB.message).toContain('1 giá trị bị sửa khác nhau ở hai nơi (xung đột)');
    const e2 = await entryRow('e2');
    expect(valueOf(e2, 'meHoTen')).toBe('Trần Thị Bích'); // the province's value stays
    expect(e2.change_seq).toEqual(cursor);
    const conflicts = await db().selectFrom('conflicts').selectAll().execute();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      book_id: 'b1',
      entry_id: 'e2',
      field: 'meHoTen',
      local: { value: 'Trần Thị Bích' },
      incoming: { value: 'Trần Thị Bính' },
      from_machine_id: b.machineId,
      upload_id: fromB.uploadId,
    });
    // Both chains are held: B's events were added beside A's.
    const machines = await db().selectFrom('audit_events').select('machine_id').distinct().execute();
    expect(new Set(machines.map((m) => m.machine_id))).toEqual(new Set([a.machineId, b.machineId]));
    // B's package again (the same file): the conflict stays listed once, nothing changes.
    const before = await tables(true);
    const again = await send(bPackage);
    expect(again.merge).toMatchObject({ changed: false, conflicts: 0, conflictsOpen: 1 });
    const strip = (s: string) => {
      const v = JSON.parse(s) as Record<string, unknown>;
      delete v['merges'];
      return JSON.stringify(v);
    };
    expect(strip(await tables(true))).toBe(strip(before));

    // A takes B's package on the laptop, a person picks B's value there; A's send settles the province's row.
    await importBytes(a, bPackage);
    const [onA] = await a.listConflicts('b1');
    expect(onA).toMatchObject({ entryId: 'e2', field: 'meHoTen' });
    await a.resolveConflict(onA!, 'incoming', ev('field.resolve', { userId: 'u1' }));
    const settled = await send(await exportBytes(a));
    expect(settled.merge).toMatchObject({
      fieldsTaken: 1,
      conflicts: 0,
      conflictsSettled: 1,
      conflictsOpen: 0,
    });
    expect(settled.message).toContain('1 xung đột đã được giải quyết');
    expect(valueOf(await entryRow('e2'), 'meHoTen')).toBe('Trần Thị Bính');
    expect(await db().selectFrom('conflicts').select('entry_id').execute()).toEqual([]);
  }, 60_000);

  it('removes an entry deleted on the workstation and lists it in entry_deletions', async () => {
    const cursor = BigInt(
      (
        await db()
          .selectFrom('entries')
          .select((eb) => eb.fn.max<string | number | null>('change_seq').as('m'))
          .executeTakeFirstOrThrow()
      ).m ?? 0,
    );
    await a.saveEntries({ remove: ['e1'], events: [ev('entry.delete', { entryId: 'e1', before: null })] });
    const receipt = await send(await exportBytes(a));
    expect(receipt.merge).toMatchObject({ changed: true, entriesRemoved: 1 });
    expect(receipt.message).toContain('xoá 1 mục đã xoá ở xã');
    expect(await db().selectFrom('entries').select('id').where('id', '=', 'e1').execute()).toEqual([]);
    const gone = await db().selectFrom('entry_deletions').selectAll().execute();
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({
      id: 'e1',
      book_id: 'b1',
      list: '2025',
      code: '19774',
      type: 'KS',
      year: 2017,
    });
    expect(BigInt(gone[0]!.change_seq)).toBeGreaterThan(cursor);
    // B's older package still holds e1: it is not brought back.
    const fromB = await send(await exportBytes(b));
    expect(fromB.merge).toMatchObject({ entriesAdded: 0 });
    expect(await db().selectFrom('entries').select('id').where('id', '=', 'e1').execute()).toEqual([]);
  }, 60_000);

  it('refuses a tampered package and a forged chain: nothing stored in any table', async () => {
    const before = await tables();
    const blobCount = async () =>
      (await readdir(blobs.root, { recursive: true })).filter((f) => /[0-9a-f]{64}$/.test(f));
    const files = (await blobCount()).length;
    const bytes = await exportBytes(a);
    const tampered = Buffer.from(bytes);
    tampered[Math.floor(tampered.length / 2)]! ^= 0xff;
    await expect(send(tampered)).rejects.toThrow(/422.*không khớp mã SHA-256/s);
    // A chain rewritten (its first event's note) and re-sealed — it verifies alone — but differing from the
    // province's copy of it.
    const forged = await rezip(bytes, (f) => {
      const name = 'audit/chain-1.jsonl';
      let prev = ZERO_HASH;
      const events = text(f.get(name))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as AuditEvent)
        .map((e) => {
          const body = {
            ...e,
            prevHash: prev,
            note: e.seq === 1 ? `forged'); DROP TABLE audit_events; --` : e.note,
          };
          const sealed = { ...body, hash: eventHash(body) };
          prev = sealed.hash;
          return sealed;
        });
      const chain = utf8(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      f.set(name, chain);
      const m = JSON.parse(text(f.get('manifest.json'))) as Manifest;
      const member = m.members.find((x) => x.name === name)!;
      member.size = chain.length;
      member.sha256 = createHash('sha256').update(chain).digest('hex');
      const head = events[events.length - 1]!;
      m.base.chains[head.machineId] = { seq: head.seq, hash: head.hash };
      f.set('manifest.json', utf8(JSON.stringify(m)));
    });
    await expect(send(forged)).rejects.toThrow(/422.*khác với bản tỉnh đã có/s);
    expect(await tables()).toBe(before);
    expect((await blobCount()).length).toBe(files);
    const refused = await db()
      .selectFrom('uploads')
      .select('status')
      .where('status', '=', 'refused')
      .execute();
    expect(refused).toHaveLength(2);
  }, 60_000);

  it('merges the book record: a setting changed on one machine taken; a note from one behind added', async () => {
    const book = (await a.getBook('b1'))!;
    await a.putBook(
      { ...book, doubleKeying: true },
      ev('book.update', { before: { doubleKeying: false }, after: { doubleKeying: true } }),
    );
    const fromA = await send(await exportBytes(a));
    expect(fromA.merge).toMatchObject({ book: 'merged' });
    const record = async () =>
      (await db().selectFrom('books').select('record').where('id', '=', 'b1').executeTakeFirstOrThrow())
        .record as { doubleKeying: boolean; notes: { text: string }[] };
    expect((await record()).doubleKeying).toBe(true);
    // B has not seen A's setting; it writes a note: the province keeps A's setting and adds B's note.
    const onB = (await b.getBook('b1'))!;
    const note = { at: Date.now(), userId: 'u2', userName: 'Bình', text: `Trang 3 rách'; --` };
    await b.putBook({ ...onB, notes: [...onB.notes, note] }, ev('book.note', { userId: 'u2' }));
    const fromB = await send(await exportBytes(b));
    expect(fromB.merge).toMatchObject({ book: 'merged' });
    const combined = await record();
    expect(combined.doubleKeying).toBe(true);
    expect(combined.notes.map((n) => n.text)).toEqual([`Trang 3 rách'; --`]);
    // A package with no book-level event the province lacks leaves the record as it is.
    await edit(a, 'e2', 'so', '2b');
    expect((await send(await exportBytes(a))).merge).toMatchObject({ book: 'kept' });
    expect(await record()).toEqual(combined);
  }, 60_000);

  it("refuses a package whose new entry has the id of another book's entry; nothing stored", async () => {
    const f = await openRepository({ name: `server-merge-f-${kind}-${++repoN}` });
    try {
      await f.putBook(testBook('b5'), ev('book.create', { bookId: 'b5' }));
      const forged: Entry = {
        ...emptyEntry({ bookId: 'b5', pageId: 'none', type: 'KS', order: 0 }, 'e2'),
        fields: { nksHoTen: ocrField('Người khác') },
      };
      await f.saveEntries({ put: [forged], events: [ev('entry.add', { bookId: 'b5', entryId: 'e2' })] });
      const before = await tables();
      await expect(send(await exportBytes(f, 'b5'), 'b5')).rejects.toThrow(
        /422.*Gói có mục "e2" trùng mã với một sổ khác ở tỉnh/s,
      );
      expect(await tables()).toBe(before);
      expect(valueOf(await entryRow('e2'), 'nksHoTen')).toBe('Lê Văn Cường');
    } finally {
      f.close();
    }
  }, 60_000);

  it('stores SQL-injection-like text verbatim: field values, book number, file names', async () => {
    const c = await openRepository({ name: `server-merge-c-${kind}-${++repoN}` });
    try {
      const bookEv = (action: Parameters<typeof ev>[0], over: Parameters<typeof ev>[1] = {}) =>
        ev(action, { bookId: 'b2', ...over });
      await c.putBook(
        { ...testBook('b2'), bookNumber: `01/2017'); DROP TABLE books; --` },
        bookEv('book.create'),
      );
      const fileName = `x'; DELETE FROM pages; --.jpg`;
      await c.addPage(
        newPage(
          {
            bookId: 'b2',
            order: 0,
            fileName,
            originalId: 'o1',
            pdfPage: null,
            width: 10,
            height: 10,
            warnings: [],
          },
          'q1',
        ),
        {
          pageId: 'q1',
          bookId: 'b2',
          image: new Blob([new TextEncoder().encode(INJECTION)], { type: 'image/jpeg' }),
          thumb: new Blob([new TextEncoder().encode('thumb')], { type: 'image/jpeg' }),
        },
        bookEv('page.import', { pageId: 'q1' }),
      );
      const entry: Entry = {
        ...emptyEntry({ bookId: 'b2', pageId: 'q1', type: 'KS', order: 0 }, `e'); DROP TABLE conflicts; --`),
        fields: { nksHoTen: ocrField(INJECTION), so: ocrField('1; SELECT pg_sleep(10)') },
      };
      await c.saveEntries({ put: [entry], events: [bookEv('entry.add', { entryId: entry.id })] });
      const receipt = await send(await exportBytes(c, 'b2'), 'b2', `b2'; DROP TABLE uploads; --.sohoa`);
      expect(receipt.merge).toMatchObject({ newBook: true, entriesAdded: 1, pagesAdded: 1 });
      const book = await db()
        .selectFrom('books')
        .selectAll()
        .where('id', '=', 'b2')
        .executeTakeFirstOrThrow();
      expect(book.book_number).toBe(`01/2017'); DROP TABLE books; --`);
      const page = await db()
        .selectFrom('pages')
        .selectAll()
        .where('id', '=', 'q1')
        .executeTakeFirstOrThrow();
      expect((page.record as { fileName: string }).fileName).toBe(fileName);
      expect(text((await blobs.get(page.image_sha256)) ?? undefined)).toBe(INJECTION);
      const row = await entryRow(entry.id);
      expect(valueOf(row, 'nksHoTen')).toBe(INJECTION);
      expect(valueOf(row, 'so')).toBe('1; SELECT pg_sleep(10)');
      const upload = await db()
        .selectFrom('uploads')
        .select('file_name')
        .where('id', '=', receipt.uploadId)
        .executeTakeFirstOrThrow();
      expect(upload.file_name).toBe(`b2'; DROP TABLE uploads; --.sohoa`);
      // Every table is still there and whole.
      expect(
        await db().selectFrom('entries').select('id').where('book_id', '=', 'b1').execute(),
      ).toHaveLength(1);
      expect(
        await db().selectFrom('audit_events').select('seq').where('book_id', '=', 'b2').execute(),
      ).toHaveLength(4); // book.create, page.import, entry.add, package.export
    } finally {
      c.close();
    }
  }, 60_000);

  it('merges at the next start an upload received but not merged (its transaction cut), exactly once', async () => {
    await edit(a, 'e2', 'so', '2a');
    await seedPage(a, 'p3');
    const bytes = await exportBytes(a);
    // The merge's transaction dies after the book row and before the pages are in (as under kill -9).
    const failing: BlobStore = {
      put: () => Promise.reject(new Error('simulated crash')),
      putStream: (s) => blobs.putStream(s),
      get: (h) => blobs.get(h),
      has: (h) => blobs.has(h),
      delete: (h) => blobs.delete(h),
    };
    await app.close();
    const before = await tables();
    await start(verifying, failing);
    await expect(send(bytes)).rejects.toThrow(/500/);
    const cut = await db()
      .selectFrom('uploads')
      .selectAll()
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(cut.status).toBe('received');
    expect(await tables()).toBe(before); // nothing of the cut transaction stayed
    await app.close();

    // Restart: the received upload is merged, once; the next restart finds nothing to do.
    await start();
    const merge = await db()
      .selectFrom('merges')
      .selectAll()
      .where('upload_id', '=', cut.id)
      .executeTakeFirstOrThrow();
    expect(merge.result as MergeSummary).toMatchObject({ changed: true, fieldsTaken: 1, pagesAdded: 1 });
    expect(valueOf(await entryRow('e2'), 'so')).toBe('2a');
    const p3 = await db().selectFrom('pages').selectAll().where('id', '=', 'p3').executeTakeFirstOrThrow();
    expect(p3.ord).toBe(2);
    expect(await blobs.has(p3.image_sha256)).toBe(true);
    const stored = await db()
      .selectFrom('uploads')
      .select('receipt')
      .where('id', '=', cut.id)
      .executeTakeFirstOrThrow();
    expect(stored.receipt).toMatchObject({ status: 'merged', uploadId: cut.id, merge: { pagesAdded: 1 } });
    const after = await tables();
    await app.close();
    await start();
    expect(await tables()).toBe(after);
    expect(
      await db().selectFrom('merges').select('upload_id').where('upload_id', '=', cut.id).execute(),
    ).toHaveLength(1);
  }, 60_000);

  it('serialises two merges of one new book from two connections (two server processes)', async () => {
    const d = await openRepository({ name: `server-merge-d-${kind}-${++repoN}` });
    const e = await openRepository({ name: `server-merge-e-${kind}-${++repoN}` });
    // A second pool on the same PostgreSQL database stands for a second server process (PGlite has one).
    const other =
      kind === 'postgres'
        ? await openStore({ databaseUrl: backend.databaseUrl, dataDir: join(backend.dataDir, 'second') })
        : backend.store;
    try {
      await d.putBook(testBook('b3'), ev('book.create', { bookId: 'b3' }));
      const first = await exportBytes(d, 'b3');
      await importBytes(e, first);
      const entry = (machine: string): Entry => ({
        ...emptyEntry({ bookId: 'b3', pageId: 'none', type: 'KS', order: 0 }, `from-${machine}`),
        fields: { nksHoTen: ocrField(machine) },
      });
      await d.saveEntries({
        put: [entry('d')],
        events: [ev('entry.add', { bookId: 'b3', entryId: 'from-d' })],
      });
      await e.saveEntries({
        put: [entry('e')],
        events: [ev('entry.add', { bookId: 'b3', entryId: 'from-e' })],
      });
      const device = await db().selectFrom('devices').select('id').executeTakeFirstOrThrow();
      const packages = [
        await readPackage(await exportBytes(d, 'b3')),
        await readPackage(await exportBytes(e, 'b3')),
      ];
      const ids = ['d'.repeat(32), 'e'.repeat(32)];
      for (const id of ids)
        await db()
          .insertInto('uploads')
          .values({
            id,
            device_id: device.id,
            list: '2025',
            code: '19774',
            book_id: 'b3',
            file_name: 'b3.sohoa',
            size: 1,
            created_at: new Date(),
            finished_at: new Date(),
            sha256: 'a'.repeat(64),
            status: 'received',
            receipt: null,
          })
          .execute();
      // PGlite is one connection (its merges queue); on PostgreSQL the two really run at once.
      const stores = [db(), other.db];
      const results = await Promise.all(
        packages.map((content, i) =>
          mergePackage(stores[i]!, blobs, {
            uploadId: ids[i]!,
            packageSha256: 'a'.repeat(64),
            content,
            now: new Date(),
            receipt: () => ({}),
          }),
        ),
      );
      expect(results.map((r) => r.summary.newBook).sort()).toEqual([false, true]);
      const entries = await db().selectFrom('entries').select('id').where('book_id', '=', 'b3').execute();
      expect(entries.map((r) => r.id).sort()).toEqual(['from-d', 'from-e']);
      const events = await db()
        .selectFrom('audit_events')
        .select('machine_id')
        .where('book_id', '=', 'b3')
        .execute();
      expect(new Set(events.map((r) => r.machine_id))).toEqual(new Set([d.machineId, e.machineId]));
      expect(
        await db().selectFrom('merges').select('upload_id').where('book_id', '=', 'b3').execute(),
      ).toHaveLength(2);
    } finally {
      d.close();
      e.close();
      if (other !== backend.store) await other.close();
    }
  }, 60_000);

  /** Adds a page `id` to machine `r`'s book b1 (a real scan). */
  async function seedPage(r: Repository, id: string): Promise<void> {
    const bytes = new Uint8Array(
      readFileSync(new URL('../fixtures/bordered/images/b003.jpg', import.meta.url)),
    );
    const order = (await r.listPages('b1')).length;
    await r.addPage(
      newPage(
        {
          bookId: 'b1',
          order,
          fileName: `${id}.jpg`,
          originalId: 'o1',
          pdfPage: null,
          width: 100,
          height: 140,
          warnings: [],
        },
        id,
      ),
      {
        pageId: id,
        bookId: 'b1',
        image: new Blob([bytes.slice().buffer], { type: 'image/jpeg' }),
        thumb: new Blob([bytes.slice(0, 2000).buffer], { type: 'image/jpeg' }),
      },
      ev('page.import', { pageId: id }),
    );
  }
});

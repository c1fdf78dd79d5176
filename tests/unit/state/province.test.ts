/// <reference types="svelte" />
/**
 * "Gửi về tỉnh", the parts that need no server: the tus metadata, the queue kept in settings, the receipt and
 * refusals read back, the device check's messages; and ProvinceState over the real Repository on fake-indexeddb
 * with a fake `fetch` for GET /api/device: the token is stored with an audit event that never holds it, a
 * malformed token changes nothing, and a send while offline is queued with the book's package kept in settings
 * (the package read back and verified by the package reader).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DetailedError } from 'tus-js-client';
import { readPackage } from '../../../src/exchange/package';
import { EntryWriter } from '../../../src/state/writer.svelte';
import {
  cleanToken,
  deviceCheckError,
  isNoResponse,
  mergeLines,
  parseReceipt,
  RECEIPT_HEADER,
  receiptOf,
  progressText,
  refusalText,
  savedSends,
  SENDS_KEY,
  TOKEN_KEY,
  uploadMetadata,
  withoutSend,
  withSend,
  type SavedSend,
} from '../../../src/state/province';
import { ProvinceState } from '../../../src/state/province.svelte';
import { openRepository, type Repository } from '../../../src/storage';
import { seedBook } from '../helpers/package-book';
import { testBook } from '../helpers/records';

const SHA = 'ab'.repeat(32);
const receipt = {
  uploadId: 'f'.repeat(32),
  bookId: 'b1',
  sha256: SHA,
  size: 1234,
  receivedAt: '2026-12-03T10:00:00.000Z',
  status: 'verified',
  counts: { pages: 2, entries: 2, events: 9 },
  message:
    'Tỉnh đã nhận và kiểm tra gói x.goi.zip: 2 trang, 2 mục, 9 sự kiện nhật ký nguyên vẹn; mã băm abab…',
};

describe('province: pure parts', () => {
  it('names the commune as "<list>:<code>" in the tus metadata', () => {
    const book = testBook('b1');
    expect(uploadMetadata(book, 'a.goi.zip')).toEqual({
      commune: `${book.commune.list}:${book.commune.code}`,
      bookId: 'b1',
      filename: 'a.goi.zip',
    });
    expect(uploadMetadata(book, 'a.goi.zip')['commune']).toMatch(/^(pre2025|2025):\d{5}$/);
  });

  it('reads the queue back from settings, dropping what is not a send', () => {
    const s: SavedSend = {
      bookId: 'b1',
      fileName: 'a.goi.zip',
      blob: new Blob(['x']),
      uploadUrl: null,
      at: 5,
    };
    const all = withSend({}, s);
    expect(savedSends(all)).toEqual({ b1: s });
    expect(
      savedSends({ ...all, b2: { bookId: 'other', fileName: 'x', blob: new Blob([]) }, b3: null }),
    ).toEqual({
      b1: s,
    });
    expect(savedSends(undefined)).toEqual({});
    expect(savedSends([s])).toEqual({});
    expect(savedSends({ b1: { ...s, uploadUrl: 7 } })['b1']?.uploadUrl).toBeNull();
    expect(withoutSend(withSend(all, { ...s, bookId: 'b2' }), 'b1')).toEqual({ b2: { ...s, bookId: 'b2' } });
  });

  it('takes a receipt only when it is one', () => {
    expect(parseReceipt(JSON.stringify(receipt))).toEqual(receipt);
    expect(parseReceipt('')).toBeNull();
    expect(parseReceipt('<html></html>')).toBeNull();
    expect(parseReceipt(JSON.stringify({ ...receipt, sha256: 'abc' }))).toBeNull();
    expect(parseReceipt(JSON.stringify({ ...receipt, status: 'merged' }))).toBeNull();
    const { counts: _c, ...stored } = { ...receipt, status: 'stored' };
    expect(parseReceipt(JSON.stringify(stored))).toEqual(stored);
  });

  it('reads the receipt a resumed send gets in the HEAD header when the last reply was lost', () => {
    const header = Buffer.from(JSON.stringify(receipt), 'utf8').toString('base64');
    expect(RECEIPT_HEADER).toBe('sohoa-receipt');
    expect(receiptOf('', header)).toEqual(receipt); // Vietnamese message intact through base64
    expect(receiptOf(JSON.stringify(receipt), undefined)).toEqual(receipt);
    expect(receiptOf('', undefined)).toBeNull();
    expect(receiptOf('', 'not base64 !')).toBeNull();
    expect(receiptOf('', Buffer.from('{"x":1}').toString('base64'))).toBeNull();
  });

  it('reads what the province merged and words it, conflicts marked for a person', () => {
    const merge = {
      newBook: false,
      changed: true,
      entriesAdded: 3,
      fieldsTaken: 2,
      conflicts: 1,
      conflictsOpen: 1,
      conflictsSettled: 0,
      pagesAdded: 4,
      entriesRemoved: 0,
      eventsAdded: 7,
    };
    const merged = { ...receipt, status: 'merged', merge: { ...merge, bookId: 'b1', book: 'kept' } };
    expect(parseReceipt(JSON.stringify(merged))).toEqual({ ...receipt, status: 'merged', merge });
    expect(parseReceipt(JSON.stringify({ ...merged, merge: { changed: true } }))).toBeNull();
    expect(mergeLines(merge)).toEqual([
      { text: 'Sổ đã có ở tỉnh, đã cập nhật', warn: false },
      { text: 'Thêm 3 mục', warn: false },
      { text: 'Cập nhật 2 giá trị', warn: false },
      { text: 'Thêm 4 trang', warn: false },
      {
        text: '1 xung đột: giá trị đã bị sửa khác ở máy khác, tỉnh giữ giá trị cũ và đã liệt kê để người có thẩm quyền đối chiếu ảnh và quyết định',
        warn: true,
      },
    ]);
    expect(mergeLines({ ...merge, newBook: true, conflicts: 0, conflictsOpen: 0 })[0]?.text).toBe(
      'Sổ mới ở tỉnh',
    );
    expect(mergeLines({ ...merge, conflicts: 0 }).at(-1)).toEqual({
      text: 'Sổ còn 1 xung đột chờ quyết định ở tỉnh',
      warn: true,
    });
    expect(mergeLines({ ...merge, changed: false })).toEqual([
      { text: 'Tỉnh đã có mọi thay đổi của sổ này: không có gì mới.', warn: false },
    ]);
    expect(
      mergeLines({
        ...merge,
        entriesAdded: 0,
        fieldsTaken: 0,
        pagesAdded: 0,
        conflicts: 0,
        conflictsOpen: 0,
      }),
    ).toEqual([
      { text: 'Sổ đã có ở tỉnh, đã cập nhật', warn: false },
      { text: 'Thêm 7 sự kiện nhật ký', warn: false },
    ]);
    expect(
      mergeLines({
        ...merge,
        entriesAdded: 0,
        fieldsTaken: 1,
        pagesAdded: 0,
        conflicts: 0,
        conflictsOpen: 0,
        conflictsSettled: 1,
      }),
    ).toEqual([
      { text: 'Sổ đã có ở tỉnh, đã cập nhật', warn: false },
      { text: 'Cập nhật 1 giá trị', warn: false },
      { text: '1 xung đột đã được giải quyết', warn: false },
    ]);
    expect(mergeLines(undefined)).toEqual([]);
  });

  it("shows the server's Vietnamese words for a refusal", () => {
    expect(refusalText(422, 'Gói bị hỏng: thiếu manifest.json.')).toBe('Gói bị hỏng: thiếu manifest.json.');
    expect(
      refusalText(401, JSON.stringify({ error: 'no_device', message: 'Thiết bị chưa được cấp mã.' })),
    ).toBe('Thiết bị chưa được cấp mã.');
    expect(refusalText(502, '<html>Bad gateway</html>')).toBe('Máy chủ tỉnh từ chối (mã 502).');
    expect(refusalText(500, '')).toBe('Máy chủ tỉnh từ chối (mã 500).');
  });

  it('says why the device check failed', () => {
    expect(deviceCheckError(null)).toContain('Không kết nối được máy chủ tỉnh');
    expect(deviceCheckError(401)).toContain('đã bị tỉnh thu hồi');
    expect(deviceCheckError(404)).toContain('ứng dụng đang chạy riêng trên máy');
    expect(deviceCheckError(403, JSON.stringify({ error: 'x', message: 'Không được phép.' }))).toBe(
      'Không được phép.',
    );
  });

  it('cleans a pasted token, tells a dropped link from a refusal, words the progress', () => {
    expect(cleanToken('  Bearer abcDEF_-123\n')).toBe('abcDEF_-123');
    expect(isNoResponse(Object.assign(new DetailedError('tus: failed'), { originalResponse: null }))).toBe(
      true,
    );
    expect(isNoResponse(new Error('x'))).toBe(true);
    const res = {
      getStatus: () => 422,
      getHeader: () => undefined,
      getBody: () => 'x',
      getUnderlyingObject: () => null,
    };
    expect(isNoResponse(Object.assign(new DetailedError('tus: refused'), { originalResponse: res }))).toBe(
      false,
    );
    expect(progressText(512 * 1024, 2 * 1024 * 1024)).toBe('Đang gửi 0,5/2 MB (25%)');
    expect(progressText(0, 0)).toBe('Đang gửi 0/0 MB (0%)');
  });
});

describe('ProvinceState', () => {
  let n = 0;
  const repos: Repository[] = [];
  afterEach(() => {
    for (const r of repos.splice(0)) r.close();
  });

  async function setup(online: boolean, fetchFn?: typeof fetch) {
    const repo = await openRepository({ name: `province-test-${++n}` });
    repos.push(repo);
    const writer = new EntryWriter(repo, () => ({ userId: 'u1', role: 'admin' }));
    const state = new ProvinceState(
      repo,
      writer,
      () => online,
      fetchFn ?? (() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    return { repo, state };
  }

  const TOKEN = 'Qx7_' + 'k'.repeat(39);

  it('stores the token with an audit event that does not hold it, and shows the device', async () => {
    const asked: string[] = [];
    const { repo, state } = await setup(true, (_url, init) => {
      asked.push(new Headers(init?.headers).get('authorization') ?? '');
      return Promise.resolve(
        new Response(
          JSON.stringify({ id: 3, label: 'Máy Phú Hội', communes: [{ list: '2025', code: '19774' }] }),
        ),
      );
    });
    await state.check(`  ${TOKEN} `);
    expect(asked).toEqual([`Bearer ${TOKEN}`]);
    expect(state.device).toEqual({
      id: 3,
      label: 'Máy Phú Hội',
      communes: [{ list: '2025', code: '19774' }],
    });
    expect(state.message).toEqual({ ok: true, text: 'Máy chủ tỉnh nhận máy này: "Máy Phú Hội".' });
    expect(await repo.getSetting(TOKEN_KEY)).toBe(TOKEN);
    const events = (await repo.listBookEvents(null)).filter((e) => e.action === 'settings.update');
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0])).not.toContain(TOKEN);
    expect(events[0]?.after).toEqual({ key: TOKEN_KEY, set: true, changed: true });
  });

  it('refuses a malformed token and changes nothing; a revoked one is said so', async () => {
    const { repo, state } = await setup(true, () => Promise.resolve(new Response('{}', { status: 401 })));
    await state.check('abc');
    expect(state.message?.ok).toBe(false);
    expect(await repo.getSetting(TOKEN_KEY)).toBeUndefined();
    await state.check(TOKEN);
    expect(state.message?.text).toContain('đã bị tỉnh thu hồi');
    expect(state.device).toBeNull();
  });

  it('says so when no province server answers (the app runs standalone)', async () => {
    const { state } = await setup(true, () =>
      Promise.resolve(new Response('<!doctype html><title>sohoa</title>')),
    );
    await state.check(TOKEN);
    expect(state.message?.text).toContain('ứng dụng đang chạy riêng trên máy');
  });

  it('queues a send made offline, keeping the verified package in settings', async () => {
    const { repo, state } = await setup(false);
    await seedBook(repo);
    const book = (await repo.getBook('b1'))!;
    await state.send(book);
    expect(state.sends.get('b1')?.phase).toBe('error'); // no token yet
    await repo.putSetting(TOKEN_KEY, TOKEN);
    await state.load();
    await state.send(book);
    expect(state.sends.get('b1')).toMatchObject({ phase: 'queued' });
    const saved = savedSends(await repo.getSetting(SENDS_KEY))['b1']!;
    expect(saved.fileName).toMatch(/\.goi\.zip$/);
    expect(saved.uploadUrl).toBeNull();
    const pkg = await readPackage(new Uint8Array(await saved.blob.arrayBuffer()));
    expect(pkg.book.id).toBe('b1');
    expect(pkg.pages).toHaveLength(2);
    // A reload finds it queued; "Huỷ gửi" forgets it.
    const again = new ProvinceState(
      repo,
      new EntryWriter(repo, () => ({ userId: 'u1', role: 'admin' })),
      () => false,
    );
    await again.load();
    expect(again.sends.get('b1')?.phase).toBe('queued');
    await again.cancel('b1');
    expect(savedSends(await repo.getSetting(SENDS_KEY))).toEqual({});
    expect(again.sends.has('b1')).toBe(false);
  });
});

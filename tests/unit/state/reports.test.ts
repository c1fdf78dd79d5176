/// <reference types="svelte" />
/**
 * ReportsState over the real Repository on fake-indexeddb: an operator may not change the inventory or the
 * deadline (refused in words, nothing stored, no event); a supervisor's row, replacement and removal are stored
 * with their events; a file that is not a workbook, or a sheet with a bad row, changes nothing; a failed write keeps
 * the inventory as it was and says why; a note lands on its book with a `book.note` event in the book's chain.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/domain/records/audit';
import { newUser, type Role, type User } from '../../../src/domain/records/user';
import { BookSession } from '../../../src/state/book-session.svelte';
import { ReportsState } from '../../../src/state/reports.svelte';
import { EntryWriter } from '../../../src/state/writer.svelte';
import { writeXlsx } from '../../../src/exchange/xlsx';
import { openRepository, StorageError, type Repository } from '../../../src/storage';
import { testBook, testEvent } from '../helpers/records';

let n = 0;
const repos: Repository[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.close();
});

const user = (id: string, role: Role): User =>
  newUser({ name: `Người ${id}`, role, pin: null, createdBy: null }, id);

async function setup() {
  const repo = await openRepository({ name: `reports-test-${++n}` });
  repos.push(repo);
  await repo.putBook(testBook('b1'), testEvent('book.create'));
  let current: User = user('sup', 'supervisor');
  const writer = new EntryWriter(repo, () => ({ userId: current.id, role: current.role }));
  const session = new BookSession(repo, writer);
  const reports = new ReportsState(
    repo,
    session,
    () => current,
    () => Promise.resolve(null),
  );
  await reports.open();
  return { repo, reports, as: (u: User) => (current = u) };
}

const row = {
  communeCode: '19774',
  communeName: 'Phường Phú Hội',
  type: 'KS',
  yearFrom: '2017',
  bookNumber: '01/2017',
  entries: '100',
};

const xlsxFile = async (name: string, rows: (string | number)[][]) =>
  new File(
    [new Uint8Array(await writeXlsx({ sheets: [{ name: 'DS', columns: [], rows, headingRows: [0] }] }))],
    name,
  );

describe('ReportsState', () => {
  it('refuses an operator: nothing stored, no event', async () => {
    const { repo, reports, as } = await setup();
    as(user('op', 'operator'));
    expect(await reports.saveRow(row)).toBe(false);
    expect(reports.error).toBe(
      'Chỉ người giám sát hoặc quản trị viên được sửa danh mục sổ và hạn hoàn thành.',
    );
    expect(await reports.setDeadline('2026-12-31')).toBe(false);
    expect(await repo.listInventory()).toEqual([]);
    expect(await repo.listBookEvents(null)).toEqual([]);
  });

  it('stores, replaces and removes rows with their events; the progress follows', async () => {
    const { repo, reports } = await setup();
    expect(await reports.saveRow(row)).toBe(true);
    expect(reports.progress?.books[0]).toMatchObject({ bookId: 'b1', estimatedEntries: 100 });
    // The same book typed again is refused; edited in place it is replaced.
    expect(await reports.saveRow({ ...row, bookNumber: '1/2017' })).toBe(false);
    expect(reports.error).toMatch(/^Quyển sổ này đã có trong danh mục/u);
    const id = reports.inventory[0]!.id;
    expect(await reports.saveRow({ ...row, entries: '120' }, id)).toBe(true);
    expect((await repo.listInventory()).map((r) => r.entries)).toEqual([120]);
    expect(await reports.setDeadline('2026-02-30')).toBe(false);
    expect(reports.error).toBe('Hạn hoàn thành không phải một ngày có thật.');
    expect(await reports.setDeadline('2026-12-31')).toBe(true);
    expect(await reports.removeRow(id)).toBe(true);
    expect(await repo.listInventory()).toEqual([]);
    const events = await repo.listBookEvents(null);
    expect(events.map((e) => [e.action, (e.after as { entries?: number } | null)?.entries ?? null])).toEqual([
      ['inventory.update', 100],
      ['inventory.update', 120],
      ['campaign.update', null],
      ['inventory.update', null],
    ]);
    expect(verifyChains(events).ok).toBe(true);
  });

  it('imports a sheet all or nothing', async () => {
    const { repo, reports } = await setup();
    const head = ['Mã xã', 'Loại sổ', 'Từ năm', 'Quyển số'];
    expect(await reports.importFile(new File(['Mã xã;Quyển số'], 'ds.csv'))).toBe(false);
    expect(reports.error).toMatch(/không phải tệp \.xlsx/u);
    expect(await reports.importFile(new File(['PK'], 'hong.xlsx'))).toBe(false);
    expect(reports.error).toBe('“hong.xlsx”: Tệp này không phải bảng tính Excel (.xlsx) đọc được.');
    const bad = await xlsxFile('sai.xlsx', [
      head,
      ['19774', 'KS', '2017', '01'],
      ['19774', 'KX', '2017', '02'],
    ]);
    expect(await reports.importFile(bad)).toBe(false);
    expect(reports.error).toBe(
      '“sai.xlsx”: Dòng 3: Loại sổ phải là một trong KS, KT, KH, CMC, HN (đang là “KX”). Danh mục không thay đổi.',
    );
    expect(await repo.listInventory()).toEqual([]);
    const good = await xlsxFile('ds.xlsx', [
      head,
      ['19774', 'KS', '2017', '01'],
      ['19774', 'KT', '2017', '02'],
    ]);
    expect(await reports.importFile(good)).toBe(true);
    expect(reports.message).toBe('Đã nhập 2 quyển từ “ds.xlsx”.');
    expect(await repo.listInventory()).toHaveLength(2);
    expect(await reports.importFile(good)).toBe(true);
    expect(reports.message).toBe('Đã nhập 2 quyển từ “ds.xlsx” (2 quyển đã có được cập nhật).');
    expect(await repo.listInventory()).toHaveLength(2);
  });

  it('a failed write changes nothing and says why', async () => {
    const { repo, reports } = await setup();
    const orig = repo.saveInventory.bind(repo);
    repo.saveInventory = () =>
      Promise.reject(
        new StorageError('quota', 'Bộ nhớ của trình duyệt đã đầy; dữ liệu đã lưu vẫn còn nguyên.'),
      );
    expect(await reports.saveRow(row)).toBe(false);
    expect(reports.error).toBe('Bộ nhớ của trình duyệt đã đầy; dữ liệu đã lưu vẫn còn nguyên.');
    expect(reports.inventory).toEqual([]);
    repo.saveInventory = orig;
  });

  it('notes a difficulty on a book, in its chain', async () => {
    const { repo, reports } = await setup();
    expect(await reports.addNote('b1', '   ')).toBe(false);
    expect(reports.error).toBe('Ghi chú đang trống.');
    expect(await reports.addNote('b1', ' Trang 12 bị ố. ')).toBe(true);
    const book = await repo.getBook('b1');
    expect(book?.notes).toMatchObject([{ userId: 'sup', userName: 'Người sup', text: 'Trang 12 bị ố.' }]);
    const events = await repo.listBookEvents('b1');
    expect(events.at(-1)).toMatchObject({ action: 'book.note', after: { text: 'Trang 12 bị ố.' } });
    expect(verifyChains(events).ok).toBe(true);
  });
});

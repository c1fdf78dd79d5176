/**
 * Who did what, verifiably (DESIGN.md §3.8), in the built app with the real IndexedDB: a profile created by the
 * administrator and chosen with its PIN; typing, confirming, flagging, splitting, rotating and deleting each leave
 * the expected events with that user, role and before/after; every chain verifies with a verifier written here
 * from the DESIGN paragraph alone (node:crypto, not the app's code); writes forced to fail show the banner and
 * lose nothing after "Thử lưu lại"; an event altered by hand is named by "Kiểm tra nhật ký".
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verify, type Ev } from './chains';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import {
  createBook,
  dbEntries,
  failNextWrites,
  importFiles,
  importMessages,
  readStore,
  waitForFields,
  waitOcrIdle,
} from './desk';

const app = useBuiltApp('?demo=0', async (s) => {
  await s.page.setViewportSize({ width: 1366, height: 768 });
});

const events = async (page: Page): Promise<Ev[]> => readStore<Ev>(page, 'audit');
const focusedName = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name);
const saved = (page: Page): Promise<void> =>
  expect.poll(() => page.locator('.toolbar .save').textContent()).toBe('Đã lưu');

let lan = '';

describe('users and the audit trail', () => {
  it('an administrator creates a profile; switching to it needs its PIN', async () => {
    const { page } = app.s;
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain(
      'Người quản trị · Quản trị viên',
    );
    await page.getByRole('button', { name: 'Chưa đặt mã PIN' }).click();
    const panel = page.getByTestId('users-panel');
    await panel.locator('input[name=user-name]').fill('Nguyễn Thị Lan');
    await panel.locator('input[name=user-pin]').fill('2468');
    await panel.locator('input[name=user-pin2]').fill('2486');
    await panel.getByRole('button', { name: 'Tạo người dùng' }).click();
    await expect(panel.getByRole('alert').textContent()).resolves.toContain('không giống nhau');
    await panel.locator('input[name=user-pin2]').fill('2468');
    await panel.getByRole('button', { name: 'Tạo người dùng' }).click();
    await expect(panel.getByRole('status').first().textContent()).resolves.toContain('Đã tạo người dùng');
    await page.screenshot({ path: join(SHOTS, 'audit-01-users.png'), fullPage: true });

    await page.getByTestId('current-user').click();
    const dialog = page.getByRole('dialog', { name: 'Đổi người dùng' });
    await dialog.getByRole('radio', { name: /Nguyễn Thị Lan/ }).check();
    await dialog.locator('input[name=pin]').fill('1111');
    await dialog.getByRole('button', { name: 'Chuyển' }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toBe('Mã PIN không đúng.');
    await page.screenshot({ path: join(SHOTS, 'audit-02-switch.png') });
    await dialog.locator('input[name=pin]').fill('2468');
    await dialog.getByRole('button', { name: 'Chuyển' }).click();
    await expect
      .poll(() => page.getByTestId('current-user').textContent())
      .toContain('Nguyễn Thị Lan · Người nhập liệu');
    const users = await readStore<{ id: string; name: string; role: string; pin: unknown }>(page, 'users');
    const u = users.find((x) => x.name === 'Nguyễn Thị Lan');
    expect(u?.role).toBe('operator');
    expect(JSON.stringify(u?.pin)).toMatch(/"salt":"[0-9a-f]{32}","hash":"[0-9a-f]{64}"/);
    expect(JSON.stringify(users)).not.toContain('2468');
    lan = u?.id ?? '';

    // At the next start, the last user has a PIN: whoever sits down says who they are first.
    await page.reload();
    const start = page.getByRole('dialog', { name: 'Ai đang làm việc?' });
    await start.waitFor();
    expect(await start.getByRole('button', { name: 'Huỷ' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect(start.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'audit-02b-start.png') });
    await start.locator('input[name=pin]').fill('2468');
    await start.getByRole('button', { name: 'Vào làm việc' }).click();
    await expect.poll(() => start.isVisible()).toBe(false);
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('Nguyễn Thị Lan');
  }, 60_000);

  it('records each change with the user, role and before/after', async () => {
    const { page } = app.s;
    await createBook(page, { type: 'KH', year: 2020, commune: 'nghi phu', bookNumber: '01/2020' });
    await importFiles(page, [{ path: join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg') }]);
    await importMessages(page, 1);
    await waitOcrIdle(page, 1);
    await page
      .getByRole('button', { name: /Nhập liệu/ })
      .first()
      .click();
    await waitForFields(page, 5);

    const name = page.locator('[name=chongHoTen]');
    const old = await name.inputValue();
    await name.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Trần Văn Hùng', { delay: 20 }); // one write per keystroke
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).not.toBe('chongHoTen');
    const flagged = (await focusedName(page)) ?? '';
    await page.keyboard.press('F3');
    await expect.poll(() => focusedName(page)).not.toBe(flagged);
    const tabs = await page.getByRole('tab').count();
    await page.locator('[name=voHoTen]').click();
    await page.getByRole('button', { name: 'Tách mục' }).click();
    await expect.poll(() => page.getByRole('tab').count()).toBe(tabs + 1);
    await page.getByRole('button', { name: 'Xoay', exact: true }).click();
    await expect
      .poll(async () => (await readStore<{ rotation: number }>(page, 'pages'))[0]?.rotation)
      .toBe(90);
    await page.getByRole('button', { name: 'Xoá mục' }).click();
    await page.getByRole('dialog', { name: 'Xoá mục này?' }).getByRole('button', { name: 'Xoá mục' }).click();
    await expect.poll(() => page.getByRole('tab').count()).toBe(tabs);
    await saved(page);

    const all = await events(page);
    const book = all.find((e) => e.action === 'book.create');
    expect(book).toMatchObject({ userId: lan, role: 'operator', seq: 1 });
    const mine = all.filter((e) => e.bookId === book?.bookId);
    const edits = mine.filter((e) => e.action === 'field.edit' && e.field === 'chongHoTen');
    expect(edits).toHaveLength(1); // one event per field edit, not one per keystroke
    expect(edits[0]).toMatchObject({ userId: lan, role: 'operator', before: old, after: 'Trần Văn Hùng' });
    const byAction = (a: string): Ev | undefined => mine.find((e) => e.action === a);
    expect(byAction('field.confirm')).toMatchObject({ field: 'chongHoTen', before: false, after: true });
    expect(byAction('field.flag')).toMatchObject({ field: flagged, before: [], after: ['blank'] });
    const split = byAction('entry.split')?.after as { fields: string[]; newEntryId: string } | undefined;
    expect(split?.fields).toEqual(expect.arrayContaining(['voHoTen']));
    expect(split?.fields).not.toContain('chongHoTen');
    expect(byAction('page.rotate')).toMatchObject({ before: 0, after: 90, userId: lan });
    const del = byAction('entry.delete');
    expect(del?.entryId).toBe(split?.newEntryId); // the entry made by the split is the one deleted
    expect((del?.before as { fields: Record<string, unknown> }).fields).toHaveProperty('voHoTen');
    const imported = byAction('page.import');
    expect(imported?.userId).toBe(lan);
    expect((imported?.after as { fileName: string }).fileName).toBe('p014.jpg');
    expect(byAction('page.ocr')).toMatchObject({ userId: null, role: null });
    for (const e of mine.filter((x) => x.action !== 'page.ocr')) expect(e.userId).toBe(lan);
    expect(verify(all)).toEqual([]);

    await page.getByRole('tab').first().click(); // the entry whose name was corrected
    await page.getByRole('button', { name: 'Lịch sử' }).click();
    const history = page.getByRole('dialog', { name: 'Lịch sử của mục' });
    await expect.poll(() => history.locator('tr[data-action=field\\.edit]').count()).toBeGreaterThan(0);
    await expect(history.textContent()).resolves.toContain('Trần Văn Hùng');
    await page.screenshot({ path: join(SHOTS, 'audit-03-history.png') });
    await history.getByRole('button', { name: 'Đóng' }).click();
  }, 300_000);

  it('a write that fails during add, split, rotate or mark is shown and kept for "Thử lưu lại"', async () => {
    const { page } = app.s;
    const banner = page.getByRole('button', { name: 'Thử lưu lại' });
    const tabs = page.getByRole('tab');
    const retry = async (): Promise<void> => {
      await banner.click();
      await expect.poll(() => banner.count()).toBe(0);
    };

    let n = await tabs.count();
    await failNextWrites(page, 1);
    await page.getByRole('button', { name: '+ Mục' }).click();
    await banner.waitFor();
    await page.screenshot({ path: join(SHOTS, 'audit-04-failed-write.png') });
    expect(await tabs.count()).toBe(n);
    const entries = (await dbEntries(page)).length;
    await retry();
    await expect.poll(() => tabs.count()).toBe(n + 1);
    expect((await dbEntries(page)).length).toBe(entries + 1);

    n = await tabs.count();
    await tabs.first().click();
    await page.locator('[name=voHoTen]').click();
    await failNextWrites(page, 1);
    await page.getByRole('button', { name: 'Tách mục' }).click();
    await banner.waitFor();
    expect(await tabs.count()).toBe(n);
    await retry();
    await expect.poll(() => tabs.count()).toBe(n + 1);
    expect((await dbEntries(page)).length).toBe(entries + 2);

    await failNextWrites(page, 1);
    await page.getByRole('button', { name: 'Xoay', exact: true }).click();
    await banner.waitFor();
    expect((await readStore<{ rotation: number }>(page, 'pages'))[0]?.rotation).toBe(90);
    await retry();
    expect((await readStore<{ rotation: number }>(page, 'pages'))[0]?.rotation).toBe(180);

    await page.getByRole('button', { name: 'Trang & nhập ảnh' }).click();
    await failNextWrites(page, 1);
    await page.getByRole('combobox', { name: 'Tình trạng trang 1' }).selectOption('blank');
    await banner.waitFor();
    expect((await readStore<{ mark: string }>(page, 'pages'))[0]?.mark).toBe('normal');
    await retry();
    expect((await readStore<{ mark: string }>(page, 'pages'))[0]?.mark).toBe('blank');

    const all = await events(page);
    expect(all.filter((e) => e.action === 'entry.add')).toHaveLength(3); // split, add, split
    expect(all.filter((e) => e.action === 'page.rotate').map((e) => e.after)).toEqual([90, 180]);
    expect(all.filter((e) => e.action === 'page.mark').map((e) => e.after)).toEqual(['blank']);
    expect(verify(all)).toEqual([]);
  }, 120_000);

  it('"Kiểm tra nhật ký" verifies the chains and names an event altered by hand', async () => {
    const { page } = app.s;
    await page.getByRole('button', { name: 'Kiểm tra nhật ký' }).click();
    await expect
      .poll(() => page.getByTestId('audit-result').textContent())
      .toMatch(/Nhật ký nguyên vẹn: \d+ sự kiện trong 1 chuỗi/);
    const edit = (await events(page)).find((e) => e.action === 'field.edit' && e.field === 'chongHoTen');
    expect(edit).toBeDefined();
    await page.evaluate(async (e) => {
      const db = await new Promise<IDBDatabase>((res) => {
        const r = indexedDB.open('sohoa');
        r.onsuccess = () => res(r.result);
      });
      await new Promise<void>((res, rej) => {
        const tx = db.transaction('audit', 'readwrite');
        tx.objectStore('audit').put({ ...e, after: 'Trần Văn Hưng' }, [e.bookId ?? '', e.machineId, e.seq]);
        tx.oncomplete = () => res();
        tx.onerror = () => rej(new Error(String(tx.error)));
      });
      db.close();
    }, edit as Ev);
    await page.getByRole('button', { name: 'Kiểm tra nhật ký' }).click();
    const result = page.getByTestId('audit-result');
    await expect.poll(() => result.getAttribute('role')).toBe('alert');
    await expect(result.textContent()).resolves.toContain(`ự kiện số ${edit?.seq} (Sửa giá trị`);
    await expect(result.textContent()).resolves.toContain('đã bị sửa sau khi ghi');
    await page.screenshot({ path: join(SHOTS, 'audit-05-broken.png') });
  }, 60_000);

  it('stays offline', () => {
    expect(app.s.foreign()).toEqual([]);
    expect(app.s.problems).toEqual([]);
  });
});

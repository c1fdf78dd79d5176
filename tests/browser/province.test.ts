/**
 * The province screens on a running province server (server/, PGlite, the built dist/ with province.html at
 * /province/): rows of the provincial copy inserted as the merge writes them; a province admin logs in and sees the
 * progress per commune with those figures, adds an inventory row and the deadline (writes with the session's CSRF
 * token), opens the monthly report (its .xlsx link downloads a workbook), the books, and enrols a workstation whose
 * token is shown once and works, then revokes it; creates a read-API key (shown once, it reads, revoked it stops). Screenshots at 1366×768 in test-results/browser/province-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../server/auth/service';
import { HUNG_DONG, insertProvinceRows } from '../server/province-rows';
import { openApp, SHOTS, type Session } from './harness';
import { serveFromServer, type ProvinceServer } from './province-server';

const ADMIN = { username: 'so.tuphap', password: 'mật-khẩu-tỉnh-2026' };
const COMMUNE = { username: 'xa.hungdong', password: 'mật-khẩu-xã-2026' };

describe('province screens', () => {
  let server: ProvinceServer;
  let s: Session;

  beforeAll(async () => {
    server = await serveFromServer();
    const auth = new AuthService(server.store.db);
    await auth.createAccount({ ...ADMIN, role: 'province_admin', communes: [] });
    await auth.createAccount({ ...COMMUNE, role: 'commune', communes: [HUNG_DONG] });
    await insertProvinceRows(server.store.db, Date.now());
    s = await openApp(server, 'province/');
    await s.page.setViewportSize({ width: 1366, height: 768 });
  });

  afterAll(async () => {
    await s.close();
    await server.close();
  });

  const cell = (row: string, cls: string) =>
    s.page.locator(`[data-testid=progress] tr[data-commune="${row}"] td.${cls}`);

  it('logs a province admin in and shows the progress per commune from the stored rows', async () => {
    const { page } = s;
    await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
    await page.getByLabel('Mật khẩu').fill('sai-mật-khẩu-rồi');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByTestId('error').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await page.getByLabel('Mật khẩu').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => cell('16702', 'keyed').textContent()).toBe('7');
    // No inventory yet: a commune's estimate is what its books hold (11 + 2 and 5 entries).
    expect(await cell('16702', 'estimated').textContent()).toBe('13');
    expect(await cell('16705', 'keyed').textContent()).toBe('5');
    expect(await page.getByTestId('who').textContent()).toContain('quản trị tỉnh');
    await page.screenshot({ path: join(SHOTS, 'province-progress-empty-inventory.png') });
  });

  it('adds an inventory row and the deadline, and the progress follows', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Danh mục sổ' }).click();
    const form = page.getByRole('form', { name: 'Thêm sổ vào danh mục' });
    await form.getByLabel('Mã xã').fill('16705');
    await form.getByLabel('Từ năm').fill('2018');
    await form.getByLabel('Quyển số').fill('1/2018');
    await form.getByLabel('Số mục ước tính').fill('1.200');
    await form.getByRole('button', { name: 'Thêm sổ' }).click();
    await expect.poll(() => page.getByTestId('message').textContent()).toContain('Đã lưu sổ KS 1/2018');
    await page.getByTestId('deadline').fill('2026-12-31');
    await page.getByRole('button', { name: 'Lưu hạn' }).click();
    await expect.poll(() => page.getByTestId('message').textContent()).toBe('Đã lưu hạn hoàn thành.');
    // A bad row: the server's Vietnamese reason, nothing added.
    await form.getByLabel('Mã xã').fill('123');
    await form.getByLabel('Từ năm').fill('2018');
    await form.getByLabel('Quyển số').fill('2');
    await form.getByRole('button', { name: 'Thêm sổ' }).click();
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('Mã xã phải có đúng 5 chữ số');
    expect(await page.locator('[data-testid=inventory] tbody tr[data-row]').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'province-inventory.png') });

    await page.getByRole('button', { name: 'Tiến độ' }).click();
    await expect.poll(() => cell('16705', 'estimated').textContent()).toBe('1.200');
    expect(await cell('16705', 'remaining').textContent()).toBe('1.195');
    expect(await page.locator('tr[data-commune="16705"]').getAttribute('data-late')).toMatch(
      /^(true|false)$/,
    );
    await page.screenshot({ path: join(SHOTS, 'province-progress.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'province-progress-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('shows the monthly report and downloads it as .xlsx', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Báo cáo tháng' }).click();
    await expect.poll(() => page.locator('[data-testid=monthly] tr[data-commune="16705"]').count()).toBe(1);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải tệp Excel' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^bao-cao-thang-\d{4}-\d{2}\.xlsx$/);
    const wb = XLSX.read(readFileSync(await file.path()), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets['Tiến độ theo xã']!, {
      header: 1,
      defval: '',
    });
    expect(rows.slice(2).map((r) => [r[0], r[4]])).toEqual([
      ['16702', 13],
      ['16705', 1200],
    ]);
    await page.screenshot({ path: join(SHOTS, 'province-monthly.png') });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'In báo cáo' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'province-monthly-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('lists the books received with their states and last upload', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Sổ đã nhận' }).click();
    const row = page.locator('[data-testid=books] tr[data-book="so-ks-2017-nghi-phu"]');
    await expect.poll(() => row.locator('td.entries').textContent()).toBe('11');
    expect(await row.locator('td[data-state=returned]').textContent()).toBe('1');
    await page.screenshot({ path: join(SHOTS, 'province-books.png') });
  });

  it('enrols a workstation (token shown once, it works), revokes it, and a commune account sees its commune only', async () => {
    const { page } = s;
    await page.getByRole('button', { name: 'Tài khoản và máy' }).click();
    const form = page.getByRole('form', { name: 'Đăng ký máy trạm' });
    await form.getByLabel('Tên máy').fill('Máy 1 – UBND xã Nghi Phú');
    await form.getByLabel('Danh mục').selectOption('pre2025');
    await form.getByLabel('Mã xã').fill('16702');
    await form.getByRole('button', { name: 'Đăng ký máy' }).click();
    const token = (await page.getByTestId('token').locator('code').textContent()) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const device = await fetch(new URL('/api/device', server.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(device.status).toBe(200);
    await page.screenshot({ path: join(SHOTS, 'province-accounts.png') });
    const row = page
      .locator('[data-testid=devices] tbody tr')
      .filter({ hasText: 'Máy 1 – UBND xã Nghi Phú' });
    await row.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await row.getByRole('button', { name: 'Thu hồi thật' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã thu hồi');
    expect(await page.getByTestId('token').count()).toBe(0);
    const after = await fetch(new URL('/api/device', server.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);

    // A read-API key for another provincial system: shown once, reads its commune, stops at revocation.
    const keys = page.getByRole('form', { name: 'Tạo khoá API' });
    await keys.getByLabel('Tên hệ thống').fill('Cổng dịch vụ công tỉnh');
    await keys.getByLabel('Danh mục').selectOption('pre2025');
    await keys.getByLabel('Mã xã').fill('16702');
    await keys.getByRole('button', { name: 'Tạo khoá API' }).click();
    await expect
      .poll(() => page.getByTestId('token').textContent())
      .toContain('Khoá API “Cổng dịch vụ công tỉnh”');
    const apiKey = (await page.getByTestId('token').locator('code.secret').textContent()) ?? '';
    expect(apiKey).toMatch(/^sohoa_ak_/);
    const who = await fetch(new URL('/api/v1/key', server.url), {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(who.status).toBe(200);
    const keyRow = page
      .locator('[data-testid=api-keys] tbody tr')
      .filter({ hasText: 'Cổng dịch vụ công tỉnh' });
    expect(await keyRow.textContent()).toContain(`${apiKey.slice(0, 'sohoa_ak_'.length + 4)}…`);
    await page.screenshot({ path: join(SHOTS, 'province-api-key.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'province-api-key-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await keyRow.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await keyRow.getByRole('button', { name: 'Thu hồi thật' }).click();
    await expect.poll(() => keyRow.textContent()).toContain('Đã thu hồi');
    const revoked = await fetch(new URL('/api/v1/key', server.url), {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(revoked.status).toBe(401);
    expect(s.problems).toEqual([]);
    expect(s.foreign()).toEqual([]);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    // The accounts form has its own "Tên đăng nhập" field: type only into the login form, once it is shown.
    const login = page.getByRole('region', { name: 'Số hoá sổ hộ tịch · Máy chủ tỉnh' });
    await login.getByLabel('Tên đăng nhập').fill(COMMUNE.username);
    await login.getByLabel('Mật khẩu').fill(COMMUNE.password);
    await login.getByRole('button', { name: 'Đăng nhập' }).click();
    // A commune account: its commune only, no accounts tab, no inventory form.
    await expect.poll(() => cell('16705', 'keyed').textContent()).toBe('5');
    await expect.poll(() => page.locator('[data-testid=progress] tr[data-commune]').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Tài khoản và máy' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'province-commune-account.png') });
    await page.getByRole('button', { name: 'Danh mục sổ' }).click();
    await expect.poll(() => page.locator('[data-testid=inventory] tr[data-row]').count()).toBe(1);
    expect(await page.getByRole('form', { name: 'Thêm sổ vào danh mục' }).count()).toBe(0);
    // The refused login (401), the session check before it (401) and the refused row (400) are the only errors.
    expect(s.consoleErrors.filter((e) => !/Failed to load resource: .* status of (400|401)/.test(e))).toEqual(
      [],
    );
  });
});

/**
 * A package made by `npm run package` (issue 14 item 7: a vendor pre-fills scans on a server) imported into the
 * built workstation through the "Sổ" screen's package import, like a package from another workstation: the new
 * book is listed with its pages and pre-filled entry, the keying screen shows the entry's values over the page
 * image, and importing it again changes nothing. Real OCR (Node) on two real pages, real IndexedDB, no network
 * beyond the app's origin.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageMain, type PackageCliResult } from '../../src/cli/package';
import { readStore } from './desk';
import { openApp, ROOT, serveBuiltApp, SHOTS, type AppServer, type Session } from './harness';

let server: AppServer;
let session: Session;
let dir = '';
let made: PackageCliResult;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), 'sohoa-package-cli-browser-'));
  made = await packageMain({
    inputs: [join(ROOT, 'tests/fixtures/integration/p004.jpg'), join(ROOT, 'tests/fixtures/pages/p014.jpg')],
    type: 'KS',
    commune: '16702',
    year: 2008,
    bookNumber: '01/2008',
    out: join(dir, 'so-01-2008.goi.zip'),
    paperSize: 'A4',
    list: undefined,
    originals: false,
    password: undefined,
    workers: 1,
    quiet: true,
  });
  server = await serveBuiltApp();
  session = await openApp(server, '?demo=0');
}, 240_000);
afterAll(async () => {
  await session.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function importFile(page: Page, path: string): Promise<string> {
  const before = await page
    .getByTestId('package-result')
    .textContent()
    .catch(() => null);
  await page.getByTestId('package-import').setInputFiles(path);
  await expect.poll(() => page.getByTestId('package-result').textContent()).not.toBe(before);
  return (await page.getByTestId('package-result').textContent())?.trim() ?? '';
}

describe('Gói do lệnh npm run package tạo', () => {
  it('imports into the workstation as a new book with its pre-filled entry', async () => {
    expect(made.ok).toBe(true);
    const page = session.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    expect(await importFile(page, made.file ?? '')).toMatch(/^Đã thêm sổ mới: 2 trang, 1 mục\./u);
    expect(await page.getByTestId('package-result').getAttribute('data-tone')).toBe('ok');
    const row = page.locator(`tr[data-book="${made.bookId ?? ''}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('01/2008');
    expect(await row.textContent()).toContain('Xã Nghi Phú');
    await page.screenshot({ path: join(SHOTS, 'package-cli-01-imported.png') });

    // The CLI's chain is stored as its own machine's, beside this machine's import.
    const audit = await readStore<{ machineId: string; action: string }>(page, 'audit');
    expect(new Set(audit.map((e) => e.machineId)).size).toBe(2);
    expect(audit.filter((e) => e.action === 'page.ocr')).toHaveLength(2);

    // The keying screen: the entry read on the page, over its image.
    await row.getByRole('button', { name: 'Nhập liệu' }).click();
    const name = page.locator('.entry-form [name=nksHoTen]');
    await expect.poll(() => name.inputValue().catch(() => '')).toBe('Phạm Phương Thư');
    expect(await page.locator('.entry-form [name=so]').inputValue()).toBe('292');
    await page.screenshot({ path: join(SHOTS, 'package-cli-02-keying.png') });

    // Again: nothing changes.
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    const events = (await readStore(page, 'audit')).length;
    expect(await importFile(page, made.file ?? '')).toMatch(/Không có gì thay đổi/u);
    expect((await readStore(page, 'audit')).length).toBe(events);

    expect(session.problems).toEqual([]);
    expect(session.foreign()).toEqual([]);
  }, 240_000);
});

/**
 * "Xuất dữ liệu" in the built app (issue 14 items 1 and 3): a small KS book (one page, three entries keyed by
 * another operator, two accepted, the third with an impossible date, written through the app's repository in the page) shows its validation report;
 * the administrator exports it with a typed reason (one entry not accepted), the download is read back with an
 * independent reader (SheetJS) — header row as KS-70, a name cell — the accepted entries are exported, the keyed
 * one is not, and one 'book.export' event records the file's name and SHA-256. A report line opens its entry on
 * the checker's screen.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { read, utils } from '@e965/xlsx';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { createBook, readStore } from './desk';

const KS_70 = JSON.parse(
  readFileSync(join(ROOT, 'tests', 'fixtures', 'templates', 'KS-70.json'), 'utf8'),
) as { header_cells: string[] };

const app = useBuiltApp('?demo=0', async (s) => {
  // Chromium's save picker is a native dialog the driver cannot answer: this run takes the download path.
  await s.context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
});

describe('Xuất dữ liệu', () => {
  it('reports, exports with a reason, and records what left', async () => {
    const { page } = app.s;
    await page.reload();
    await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '07/2017' });
    const [book] = await readStore<{ id: string }>(page, 'books');
    const bookId = book?.id ?? '';
    const bundle = await build({
      entryPoints: [join(ROOT, 'tests', 'browser', 'small-book.ts')],
      bundle: true,
      format: 'iife',
      globalName: '__smallBook',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    await page.evaluate(`${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.__smallBook = __smallBook; 0`);
    const ids = await page.evaluate(
      (id) =>
        (globalThis as unknown as { __smallBook: { seed(b: string): Promise<string[]> } }).__smallBook.seed(
          id,
        ),
      bookId,
    );
    expect(ids).toHaveLength(3);
    await page.reload();
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    await page.locator(`tr[data-book="${bookId}"] button`, { hasText: 'Trang & nhập ảnh' }).click();
    await page.getByRole('button', { name: 'Xuất dữ liệu', exact: true }).click();
    await page.locator('#export-title').waitFor();
    await expect.poll(() => page.locator('.counts').getAttribute('data-ready')).toBe('2');
    await expect.poll(() => page.locator('.report .summary').textContent()).toMatch(/lỗi/u);
    const fileName = (await page.locator('.file code.xlsx').textContent()) ?? '';
    expect(fileName).toBe('PhuongPhuHoi_ThanhPhoHue_ThuaThienHue.KS.2017.07-2017.xlsx');
    const lines = page.locator('.report tbody tr');
    await expect.poll(() => lines.count()).toBeGreaterThan(0);
    // Worst first.
    const sev = await lines.evaluateAll((rows): string[] =>
      rows.map((r) => r.getAttribute('data-severity') ?? ''),
    );
    const rank = (c: string): number => ['error', 'warning', 'info'].indexOf(c);
    expect(sev.every((c) => rank(c) >= 0)).toBe(true);
    expect(sev.map(rank)).toEqual([...sev.map(rank)].sort((a, b) => a - b));

    // Not all accepted: the button waits for a reason.
    const button = page.getByRole('button', { name: 'Tải tệp Excel' });
    expect(await button.isDisabled()).toBe(true);
    await page.locator('.reason textarea').fill('Huyện cần số liệu tháng này');
    await page.screenshot({ path: join(SHOTS, 'export-report.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(fileName);
    const bytes = readFileSync(await download.path());
    await page.locator('.done').waitFor();

    const wb = read(bytes, { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['DL Import', 'Ghi chu']);
    const rows = utils.sheet_to_json<(string | number)[]>(wb.Sheets['DL Import']!, { header: 1, raw: true });
    expect(rows[0]).toEqual(KS_70.header_cells);
    const nameCol = KS_70.header_cells.findIndex((h) => h.trim() === 'nksHoTen');
    expect(rows[1]?.[nameCol]).toBe('Nguyễn Văn An');
    expect(rows).toHaveLength(4);

    type Stored = { id: string; state: string };
    const states = Object.fromEntries((await readStore<Stored>(page, 'entries')).map((e) => [e.id, e.state]));
    expect(states).toEqual({ [ids[0]!]: 'exported', [ids[1]!]: 'exported', [ids[2]!]: 'keyed' });
    type Event = { action: string; after: Record<string, unknown>; note: string; role: string };
    const exp = (await readStore<Event>(page, 'audit')).filter((e) => e.action === 'book.export');
    expect(exp).toHaveLength(1);
    expect(exp[0]?.after).toMatchObject({
      fileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      template: 'KS-70',
      rows: 3,
      exported: 2,
      override: 'Huyện cần số liệu tháng này',
    });
    expect(exp[0]?.role).toBe('admin');
    expect(await page.locator('.done').textContent()).toContain(fileName);
    await page.screenshot({ path: join(SHOTS, 'export-done.png'), fullPage: true });

    // A line of the keyed entry opens it on the checker's screen (the administrator did not key it).
    const keyedLine = page.locator('.report tbody tr', { hasText: /^/u }).filter({
      has: page.locator('td:nth-child(3)', { hasText: '03' }),
    });
    await keyedLine.first().getByRole('button', { name: 'Mở mục' }).click();
    await expect.poll(() => page.locator('nav.top button[aria-current=page]').textContent()).toBe('Kiểm tra');
    expect(app.s.problems).toEqual([]);
    expect(app.s.foreign()).toEqual([]);
  }, 120_000);
});

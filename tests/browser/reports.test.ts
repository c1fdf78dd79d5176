/**
 * "Báo cáo" in the built app (issue 14 item 4): a KS book seeded through the app's repository (report-book.ts: two
 * pages, one blank; four entries numbered 01, 02, 04, 04; one illegible field; keyed, checked, returned, accepted
 * today), an inventory row typed in the editor, a deadline, a note on the book; the figures on screen are checked
 * against hand-computed values, a damaged spreadsheet is refused in Vietnamese with nothing changed, a spreadsheet
 * written by SheetJS is imported, the downloaded report is read back with SheetJS, the report prints on one A4
 * landscape page without the screen's controls, and the inventory / deadline / note events verify in their chains.
 * The eight-tab navigation fits one line at 1366 × 768.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { read, utils, write } from '@e965/xlsx';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { verify, type Ev } from './chains';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { createBook, readStore } from './desk';

const app = useBuiltApp('?demo=0', async (s) => {
  // Chromium's save picker is a native dialog the driver cannot answer: this run takes the download path.
  await s.context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
});

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const dmy = (d: Date): string => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
const daysFromNow = (n: number): Date => {
  const t = new Date();
  return new Date(t.getFullYear(), t.getMonth(), t.getDate() + n);
};

describe('Báo cáo', () => {
  it('inventory, progress, monthly report, note, import, xlsx and print', async () => {
    const { page } = app.s;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.reload();
    await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '07/2017' });
    const [book] = await readStore<{ id: string; commune: { code: string; name: string } }>(page, 'books');
    const bookId = book?.id ?? '';
    const code = book?.commune.code ?? '';
    const bundle = await build({
      entryPoints: [join(ROOT, 'tests', 'browser', 'report-book.ts')],
      bundle: true,
      format: 'iife',
      globalName: '__reportBook',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    await page.evaluate(`${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.__reportBook = __reportBook; 0`);
    const ids = await page.evaluate(
      (id) =>
        (globalThis as unknown as { __reportBook: { seed(b: string): Promise<string[]> } }).__reportBook.seed(
          id,
        ),
      bookId,
    );
    expect(ids).toHaveLength(4);
    await page.reload();

    // Eight tabs and the open book's name on one line at 1366 px (the book open: every tab enabled, its name shown).
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    await page.locator(`tr[data-book="${bookId}"] button`, { hasText: 'Trang & nhập ảnh' }).click();
    await page.locator('#book-title').waitFor();
    const nav = page.locator('nav.top');
    const tabs = nav.locator('> button');
    expect(await tabs.count()).toBe(8);
    const boxes = await tabs.evaluateAll((bs) =>
      bs.map((b) => b.getBoundingClientRect().toJSON() as DOMRect),
    );
    expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBe(1);
    expect(Math.max(...boxes.map((b) => b.right))).toBeLessThan(1366);
    expect(await nav.evaluate((n) => n.scrollWidth <= n.clientWidth)).toBe(true);
    const name = await nav.locator('.book').evaluate((e) => e.getBoundingClientRect().width);
    expect(name).toBeGreaterThan(60);
    await nav.screenshot({ path: join(SHOTS, 'reports-nav-1366.png') });

    await nav.getByRole('button', { name: 'Báo cáo', exact: true }).click();
    await page.locator('#reports-title').waitFor();
    await expect.poll(() => page.locator('.reports').getAttribute('data-busy')).toBe('');
    const now = new Date();
    await page.getByTestId('report-month').fill(`${now.getFullYear()}-${pad(now.getMonth() + 1)}`);
    await expect
      .poll(() => page.locator('#monthly-title').textContent())
      .toBe(`Báo cáo tháng ${pad(now.getMonth() + 1)}/${now.getFullYear()}`);

    // One inventory row typed in the editor ("7/2017" is the book "07/2017").
    const cell = (col: string) => page.locator(`tr.new [data-col=${col}]`);
    await cell('communeCode').fill(code);
    await cell('communeName').fill('Phường Phú Hội');
    await cell('yearFrom').fill('2017');
    await cell('bookNumber').fill('7/2017');
    await cell('entries').fill('10');
    await cell('pages').fill('5');
    await cell('paperSize').selectOption('A3');
    await cell('condition').selectOption('Cũ, mờ');
    await page.getByRole('button', { name: 'Thêm quyển' }).click();
    await expect
      .poll(() => page.getByTestId('reports-message').textContent())
      .toContain('Đã lưu quyển KS 7/2017');
    // The deadline: 30 days from today.
    await page.getByTestId('deadline').fill(iso(daysFromNow(30)));
    await page.getByRole('button', { name: 'Lưu hạn' }).click();
    await expect.poll(() => page.getByTestId('reports-message').textContent()).toContain('Hạn hoàn thành');

    // Commune: estimated 10; keyed or beyond 3 (accepted, verified, keyed; the returned one waits) → 7 left;
    // 4 first keyings in the last 30 days → 0,1 a day, 7 × 30 / 4 = 52.5 → 53 days: after the deadline.
    const commune = page.locator(`tr[data-commune="${code}"]`);
    await expect.poll(() => commune.locator('.remaining').textContent()).toBe('7');
    expect(await commune.locator('.keyed').textContent()).toBe('3');
    expect(await commune.locator('.finish').textContent()).toBe(dmy(daysFromNow(53)));
    expect(await commune.getAttribute('data-late')).toBe('true');
    const row = page.locator(`tr[data-book="${bookId}"]`);
    expect(await row.locator('.pages').textContent()).toBe('5 / 2');
    expect(await row.locator('.entries').textContent()).toBe('10 / 4');
    expect(await row.locator('.accepted').textContent()).toBe('1');
    expect(await row.locator('.corrected').textContent()).toBe('1');
    expect(await row.locator('.flags').textContent()).toBe('1 / 0');
    expect(await row.locator('.numbering').textContent()).toBe('4 · thiếu 3 · trùng 4');
    const bar = page.locator(`svg rect[data-series="Đã nhập"][data-row="Phường Phú Hội"]`);
    expect(await bar.getAttribute('data-value')).toBe('3');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'reports-top-1366.png') });

    // The month: 2 pages imported, 4 keyed, 2 verified, 1 returned, 1 accepted; seed-op's entries: 3 checked,
    // 1 returned (33,3 %), 5 fields checked, 1 wrong (20 %).
    const stage = async (s: string) => page.locator(`tr[data-stage=${s}] .month`).textContent();
    expect([await stage('pages'), await stage('keyed'), await stage('verified')]).toEqual(['2', '4', '2']);
    expect([await stage('returned'), await stage('accepted'), await stage('exported')]).toEqual([
      '1',
      '1',
      '0',
    ]);
    const op = page.locator('tr[data-user="seed-op"]');
    expect(await op.locator('.keyed').textContent()).toBe('4');
    expect(await op.locator('.field-rate').textContent()).toBe('20 %');
    expect(await op.textContent()).toContain('33,3 %');

    // A difficulty noted on the book, dated today.
    await page.getByTestId('note-book').selectOption(bookId);
    await page.getByTestId('note-text').fill('Trang 3 bị ố nước, nhiều chữ không đọc được.');
    await page.getByRole('button', { name: 'Ghi chú', exact: true }).click();
    await expect.poll(() => page.locator('ul.notes').textContent()).toContain(dmy(now));
    expect(await page.locator('ul.notes').textContent()).toContain('Trang 3 bị ố nước');
    await page.screenshot({ path: join(SHOTS, 'reports-1366.png') });
    await page.screenshot({ path: join(SHOTS, 'reports-1366-full.png'), fullPage: true });

    // A damaged spreadsheet: refused in words, the inventory unchanged.
    const file = page.getByTestId('inventory-file');
    await file.setInputFiles({
      name: 'hong.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('PK…'),
    });
    await expect
      .poll(() => page.getByTestId('reports-error').textContent())
      .toContain('“hong.xlsx”: Tệp này không phải bảng tính Excel (.xlsx) đọc được.');
    expect(await readStore(page, 'inventory')).toHaveLength(1);
    // A sheet with a bad year: refused naming the row, nothing imported.
    const sheet = (rows: unknown[][]) =>
      Buffer.from(
        write(
          { SheetNames: ['DS'], Sheets: { DS: utils.aoa_to_sheet(rows) } },
          { type: 'buffer', bookType: 'xlsx' },
        ) as Uint8Array,
      );
    const head = ['Mã xã', 'Loại sổ', 'Từ năm', 'Quyển số', 'Số mục ước tính'];
    await file.setInputFiles({
      name: 'sai.xlsx',
      mimeType: 'application/octet-stream',
      buffer: sheet([head, [code, 'KT', '2O18', '01/2018', 50]]),
    });
    await expect.poll(() => page.getByTestId('reports-error').textContent()).toContain('Dòng 2: Từ năm');
    expect(await readStore(page, 'inventory')).toHaveLength(1);
    // A good sheet written by SheetJS: one more book (KT 01/2018, 50 entries).
    await file.setInputFiles({
      name: 'ds.xlsx',
      mimeType: 'application/octet-stream',
      buffer: sheet([head, [code, 'KT', 2018, '01/2018', 50]]),
    });
    await expect
      .poll(() => page.getByTestId('reports-message').textContent())
      .toBe('Đã nhập 1 quyển từ “ds.xlsx”.');
    expect(await readStore(page, 'inventory')).toHaveLength(2);
    await expect.poll(() => commune.locator('.remaining').textContent()).toBe('57');

    // The report as .xlsx, read back with SheetJS: 60 estimated, 3 keyed, 57 left, 57 × 30 / 4 = 427.5 → 428 days.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải tệp Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`baocao_${now.getFullYear()}-${pad(now.getMonth() + 1)}.xlsx`);
    const wb = read(readFileSync(await download.path()), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['Tiến độ theo xã', 'Tiến độ theo sổ', 'Báo cáo tháng', 'Danh mục sổ']);
    const rows = (name: string) =>
      utils.sheet_to_json<(string | number)[]>(wb.Sheets[name]!, { header: 1, defval: '' });
    expect(rows('Tiến độ theo xã')[1]).toEqual([
      code,
      'Phường Phú Hội',
      2,
      1,
      60,
      3,
      57,
      0.1,
      dmy(daysFromNow(428)),
      dmy(daysFromNow(30)),
      'Trễ hạn',
    ]);
    const books = rows('Tiến độ theo sổ');
    const h = books[0] as string[];
    const ks = books.find((r) => r[h.indexOf('Quyển số')] === '7/2017');
    expect(ks?.[h.indexOf('Trang đã quét')]).toBe(2);
    expect(ks?.[h.indexOf('Trang trắng')]).toBe(1);
    expect(ks?.[h.indexOf('Số bị thiếu')]).toBe('3');
    expect(ks?.[h.indexOf('Số trùng')]).toBe('4');
    const month = rows('Báo cáo tháng');
    expect(month[2]?.slice(0, 3)).toEqual(['Mục đã nhập', 4, 4]);
    expect(month.some((r) => String(r[3]).includes('Trang 3 bị ố nước'))).toBe(true);
    expect(rows('Danh mục sổ')).toHaveLength(3);

    // Printed: the report alone, its controls hidden, on A4 landscape.
    await page.emulateMedia({ media: 'print' });
    expect(await nav.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Tải tệp Excel' }).isVisible()).toBe(false);
    expect(await page.locator('#communes-title').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'reports-print-1366.png'), fullPage: true });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/u.exec(pdf.toString('latin1'));
    expect(Math.round(Number(box?.[1]))).toBe(842);
    expect(Math.round(Number(box?.[2]))).toBe(595);
    await page.emulateMedia({ media: 'screen' });

    // Every change is an event, and the chains verify.
    const events = await readStore<Ev>(page, 'audit');
    const actions = (a: string) => events.filter((e) => e.action === a);
    expect(actions('inventory.update').map((e) => e.bookId)).toEqual([null]);
    expect(actions('inventory.import')[0]?.after).toMatchObject({ file: 'ds.xlsx', rows: 1, added: 1 });
    expect(actions('campaign.update')[0]?.after).toEqual({ deadline: iso(daysFromNow(30)) });
    expect(actions('book.note').map((e) => e.bookId)).toEqual([bookId]);
    expect(verify(events)).toEqual([]);
    expect(app.s.problems).toEqual([]);
    expect(app.s.foreign()).toEqual([]);
  }, 180_000);
});

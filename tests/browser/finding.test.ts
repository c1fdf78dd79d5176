/**
 * Counts and finding in the built app (issue 13): after book-a.pdf is read, keying an entry (every field confirmed)
 * shows on the toolbar, on the page's thumbnail (done look) and in the book list, which reads stored counters; then
 * "Đến trang" (Ctrl+G), "Tìm mục" (Ctrl+F) by name without diacritics in another word order and by month/year,
 * and the filters (Ctrl+Shift+1…4) with their counts, next entry moving among matching entries only.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { HIGH_CONFIDENCE } from '../../src/domain/fields/confidence';
import {
  createBook,
  dbEntries,
  importFiles,
  importMessages,
  OCR_TIMEOUT,
  readStore,
  waitForFields,
  waitOcrIdle,
} from './desk';

const BOOK_A = join(ROOT, 'tests', 'fixtures', 'pdf', 'book-a.pdf');
const app = useBuiltApp();

type Stored = Awaited<ReturnType<typeof dbEntries>>[number] & {
  state: string;
  order: number;
  fields: Record<string, { ocr?: { confidence: number } }>;
};

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

/** Entries as stored, with the 0-based index of the page each starts on. */
async function stored(): Promise<(Stored & { pageIndex: number })[]> {
  const { page } = app.s;
  const pages = await readStore<{ id: string; order: number }>(page, 'pages');
  const order = new Map(pages.map((p) => [p.id, p.order]));
  return ((await dbEntries(page)) as Stored[]).map((e) => ({
    ...e,
    pageIndex: order.get(e.pageIds[0] ?? '') ?? -1,
  }));
}

const activeField = (): Promise<string> =>
  app.s.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');

describe('counts and finding', () => {
  it(
    'counts keyed entries per page and book as the operator keys them',
    async () => {
      const { page } = app.s;
      await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '05/2017' });
      await importFiles(page, [{ path: BOOK_A }]);
      await importMessages(page, 1);
      await page
        .getByRole('button', { name: /Nhập liệu/ })
        .first()
        .click();
      await waitOcrIdle(page, 6);
      await waitForFields(page, 5);
      const all = await stored();
      const onPage1 = all.filter((e) => e.pageIndex === 0).length;
      expect(onPage1).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('page-keyed').textContent()).toBe(`✓ 0/${onPage1} mục`);

      // Key the first entry: Enter on every field, from the first one, until the entry moves on.
      await page.locator('.entry-form [name=so]').click();
      const fields = await page.locator('.entry-form .value [name]').count();
      for (let i = 0; i < fields; i++) {
        const before = await activeField();
        await page.keyboard.press('Enter');
        if (i < fields - 1) await expect.poll(activeField).not.toBe(before);
      }
      await expect.poll(async () => (await stored()).filter((e) => e.state === 'keyed').length).toBe(1);
      // The last Enter moved on (to page 2 when page 1 has one entry): back to page 1.
      if ((await page.getByTestId('page-indicator').textContent()) !== 'Trang 1/6')
        await page.keyboard.press('PageUp');
      await expect.poll(() => page.getByTestId('page-keyed').textContent()).toBe(`✓ 1/${onPage1} mục`);
      await page.screenshot({ path: join(SHOTS, 'find-01-keyed.png') });

      await page.getByRole('button', { name: 'Sổ', exact: true }).click();
      const row = page.locator('tr[data-book]').first();
      await expect.poll(() => row.getByTestId('book-keyed').textContent()).toBe(`1/${all.length}`);
      await row.getByRole('button', { name: 'Trang & nhập ảnh' }).click();
      const first = page.locator('.grid li[data-page="1"]');
      await expect.poll(() => first.getByTestId('page-keyed').textContent()).toBe(`Mục đã nhập 1/${onPage1}`);
      expect(await first.evaluate((li) => li.classList.contains('done'))).toBe(onPage1 === 1);
      await expect
        .poll(() => page.locator('.grid li[data-page="2"]').getByTestId('page-keyed').textContent())
        .toMatch(/^Mục đã nhập 0\/\d+$/);
      await page.screenshot({ path: join(SHOTS, 'find-02-grid.png') });
    },
    OCR_TIMEOUT,
  );

  it('goes to a page, finds entries by name and date, filters them', async () => {
    const { page } = app.s;
    await page
      .getByRole('button', { name: /Nhập liệu/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 1/6');
    await page.keyboard.press('Control+g');
    const goto = page.getByRole('dialog', { name: 'Đến trang' });
    await goto.getByRole('textbox').fill('9');
    await page.keyboard.press('Enter');
    await expect.poll(() => goto.getByRole('alert').textContent()).toBe('Hãy nhập số trang từ 1 đến 6.');
    await goto.getByRole('textbox').fill('4');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 4/6');

    // A name from page 3, without diacritics and in another word order.
    const all = await stored();
    const target = all.find(
      (e) => e.pageIndex === 2 && (e.fields['nksHoTen']?.value.split(' ').length ?? 0) >= 2,
    );
    const name = target?.fields['nksHoTen']?.value ?? '';
    expect(name).not.toBe('');
    const words = fold(name).split(' ');
    const query = [words.at(-1), words[0]].join(' ');
    await page.keyboard.press('Control+f');
    const find = page.getByRole('dialog', { name: 'Tìm mục' });
    await find.getByRole('searchbox').fill(query);
    await expect.poll(() => find.getByRole('option').first().textContent()).toContain('Trang 3');
    await page.screenshot({ path: join(SHOTS, 'find-03-search.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 3/6');
    await expect.poll(() => page.locator('.entry-form [name=nksHoTen]').inputValue()).toBe(name);

    // By month/year of a stored date of birth.
    const dated = all.find((e) => /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(e.fields['nksNgaySinh']?.value ?? ''));
    const [, mm, yyyy] = (dated?.fields['nksNgaySinh']?.value ?? '').split('/');
    await page.keyboard.press('Control+f');
    await find.getByRole('searchbox').fill(`${mm}/${yyyy}`);
    await expect.poll(() => find.getByRole('option').count()).toBeGreaterThanOrEqual(1);
    await find.getByRole('searchbox').fill('');

    // Filters, with their counts: unfinished = all but the keyed one; uncertain as stored.
    const uncertain = all.filter((e) =>
      Object.values(e.fields).some(
        (f) =>
          !f.confirmed &&
          !f.flags.length &&
          f.source === 'ocr' &&
          f.value &&
          (f.ocr?.confidence ?? 0) < HIGH_CONFIDENCE,
      ),
    ).length;
    await expect
      .poll(() => find.getByRole('button', { name: /^Chưa xong/ }).textContent())
      .toBe(`Chưa xong (${all.length - 1})`);
    await expect
      .poll(() => find.getByRole('button', { name: /^Chưa chắc chắn/ }).textContent())
      .toBe(`Chưa chắc chắn (${uncertain})`);
    await expect
      .poll(() => find.getByRole('button', { name: /^Bị trả lại/ }).textContent())
      .toBe('Bị trả lại (0)');
    await page.keyboard.press('Control+Shift+Digit1');
    await expect.poll(() => find.getByTestId('find-count').textContent()).toBe(`${all.length - 1} mục khớp`);
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.getByTestId('find-button').textContent())
      .toBe(`Chưa xong: ${all.length - 1} mục`);

    // Next entry under the filter skips the keyed entry: from page 1's first entry to the next unfinished one.
    await page.keyboard.press('Control+g');
    await goto.getByRole('textbox').fill('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 1/6');
    const next = all
      .filter((e) => e.state !== 'keyed')
      .sort((a, b) => a.pageIndex - b.pageIndex || a.order - b.order)[0];
    await page.keyboard.press('Alt+ArrowDown');
    await expect
      .poll(() => page.getByTestId('page-indicator').textContent())
      .toBe(`Trang ${(next?.pageIndex ?? 0) + 1}/6`);
    await expect
      .poll(() => page.locator('.entry-form [name=so]').inputValue())
      .toBe(next?.fields['so']?.value ?? '');

    // Flag a field (F4: illegible): the flagged filter counts it.
    await page.locator('.entry-form [name=nksHoTen]').click();
    await page.keyboard.press('F4');
    await expect
      .poll(async () => (await stored()).some((e) => e.fields['nksHoTen']?.flags.includes('illegible')))
      .toBe(true);
    const flagged = (await stored()).filter((e) =>
      Object.values(e.fields).some((f) => f.flags.length),
    ).length;
    await page.keyboard.press('Control+Shift+Digit4');
    await expect
      .poll(() => page.getByTestId('find-button').textContent())
      .toBe(`Có đánh dấu: ${flagged} mục`);
    await page.screenshot({ path: join(SHOTS, 'find-04-filter.png') });
    await page.keyboard.press('Control+Shift+Digit4');
    await expect.poll(() => page.getByTestId('find-button').textContent()).toBe('Tìm mục');
    expect(app.s.foreign()).toEqual([]);
    expect(app.s.problems).toEqual([]);
  }, 120_000);
});

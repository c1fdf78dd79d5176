/**
 * The right register: a marriage page (tests/fixtures/pages/p014.jpg, "SỔ ĐĂNG KÝ KẾT HÔN") imported into a birth
 * book beside a birth page (tests/fixtures/integration/p004.jpg) is kept, read by the real OCR worker, and shown
 * with a warning on its thumbnail and on the keying screen; no entry is pre-filled from it. The birth page is
 * read as usual, without a warning.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useBuiltApp } from './harness';
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

const MARRIAGE = join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg');
const BIRTH = join(ROOT, 'tests', 'fixtures', 'integration', 'p004.jpg');
const WARNING = /Trang này có vẻ thuộc Sổ đăng ký kết hôn.*không phải sổ đăng ký khai sinh như sổ này/;

const app = useBuiltApp('?demo=0', async (s) => {
  await createBook(s.page, { type: 'KS', year: 2022, commune: 'huong binh', bookNumber: '04/2022' });
});

describe('a page of another register', () => {
  it(
    'is imported with a warning and gets no pre-filled fields',
    async () => {
      const { page } = app.s;
      await importFiles(page, [
        { path: MARRIAGE, mimeType: 'image/jpeg' },
        { path: BIRTH, mimeType: 'image/jpeg' },
      ]);
      await importMessages(page, 1);
      await waitOcrIdle(page, 2);

      // Both pages kept; the marriage page says so on its thumbnail, the birth page does not.
      const notes = async (n: number): Promise<string> =>
        (await page.locator(`.grid li[data-page="${n}"] .info`).textContent()) ?? '';
      await expect.poll(() => notes(1)).toMatch(WARNING);
      expect(await notes(1)).toContain('SỐ ĐĂNG KÝ KẾT HÔN');
      expect(await notes(2)).not.toMatch(/có vẻ thuộc/);
      await page.screenshot({ path: join(SHOTS, 'reg-01-grid.png'), fullPage: true });

      // Nothing was forced into the birth form from the marriage page; the birth page was pre-filled.
      const pages = await readStore<{ id: string; fileName: string; otherRegister: unknown }>(page, 'pages');
      const marriage = pages.find((p) => p.fileName === 'p014.jpg');
      const birth = pages.find((p) => p.fileName === 'p004.jpg');
      expect(marriage?.otherRegister).toMatchObject({ type: 'KH' });
      expect(birth?.otherRegister).toBeNull();
      const entries = await dbEntries(page);
      expect(entries.filter((e) => e.pageIds.includes(marriage?.id ?? ''))).toEqual([]);
      expect(entries.filter((e) => e.pageIds.includes(birth?.id ?? '')).length).toBeGreaterThan(0);

      // The keying screen says it too, and the operator can still key the page by hand.
      await page.locator('.grid li[data-page="1"] button.thumb').click();
      const alert = page.locator('.desk .other-register');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(WARNING);
      expect(await page.locator('.entry-form').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'reg-02-desk.png') });
      await page.getByRole('button', { name: '+ Mục' }).click();
      await page.locator('[name=nksHoTen]').waitFor();
      expect(await page.locator('[name=nksQueQuan]').inputValue()).toBe('');

      // The birth page: its fields, no warning.
      await page.keyboard.press('PageDown');
      await waitForFields(page, 10);
      expect(await alert.count()).toBe(0);
      expect(app.s.foreign()).toEqual([]);
      expect(app.s.problems).toEqual([]);
    },
    OCR_TIMEOUT + 60_000,
  );
});

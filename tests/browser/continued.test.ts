/**
 * An entry that runs over a page break: OCR finds the second part without its opening labels, the operator joins
 * it to the entry of the previous page with one button, and the joined entry lists both pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { createBook, dbEntries, importFiles, importMessages, OCR_TIMEOUT, waitForFields } from './desk';

const DIR = join(ROOT, 'tests', 'fixtures', 'continued');
/** The two images are book-a.pdf page 2 cut in two (SOURCE.md): its truth says who the father is. */
const truth = JSON.parse(
  readFileSync(join(ROOT, 'tests', 'fixtures', 'book-a', 'book-a-p02.json'), 'utf8'),
) as { entries: { fields: Record<string, { value: string }> }[] };
const FATHER = truth.entries[0]?.fields['chaHoTen']?.value ?? '(missing in the truth)';
const app = useBuiltApp();

describe('an entry continued on the next page', () => {
  it(
    'is joined to the entry of the previous page',
    async () => {
      const { page } = app.s;
      await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '03/2017' });
      await importFiles(page, [
        { path: join(DIR, 'p1-top.jpg'), mimeType: 'image/jpeg' },
        { path: join(DIR, 'p2-bottom.jpg'), mimeType: 'image/jpeg' },
      ]);
      await importMessages(page, 1);
      await page
        .getByRole('button', { name: /Nhập liệu/ })
        .first()
        .click();
      await waitForFields(page, 5);
      await page.keyboard.press('PageDown');
      await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 2/2');
      // The second part, read without its opening labels: the father's name is on it.
      const second = await waitForFields(page, 5);
      expect(second['chaHoTen']).toBe(FATHER);
      const join_ = page.getByRole('button', { name: 'Gộp vào mục trang trước' });
      await join_.waitFor();
      await page.screenshot({ path: join(SHOTS, 'cont-01-second-part.png') });
      await join_.click();
      await expect.poll(async () => (await dbEntries(page)).length).toBe(1);
      const [e] = await dbEntries(page);
      expect(e?.pageIds).toHaveLength(2);
      expect(e?.fields['so']?.value).toBe('88');
      expect(e?.fields['chaHoTen']?.value).toBe(FATHER);
      await expect(page.getByRole('tab').first().textContent()).resolves.toContain('(tiếp)');
      await page.screenshot({ path: join(SHOTS, 'cont-02-joined.png') });
      expect(app.s.foreign()).toEqual([]);
      expect(app.s.problems).toEqual([]);
    },
    OCR_TIMEOUT,
  );
});

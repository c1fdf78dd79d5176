/**
 * Keying with suggestions on a handwriting-like page (page 4 of dev's book-b, a KT register of Huế, in
 * tests/fixtures/book-b with its truth): the operator types without tones or by syllable starts, picks with Tab or
 * a digit (Alt+digit in places), and the values stored in IndexedDB are the truth, NFC, confirmed. An input method
 * composing (compositionstart … compositionend) picks nothing and the value is left as typed; Tab with no list moves
 * to the next field as before.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBook, dbEntries, importFiles, importMessages, OCR_TIMEOUT, waitForFields } from './desk';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { readFileSync } from 'node:fs';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'book-b');
const PDF = join(FIXTURE, 'book-b-p04.pdf');
interface Truth {
  entries: { fields: Record<string, { value: string }> }[];
}
const truth = JSON.parse(readFileSync(join(FIXTURE, 'book-b-p04.json'), 'utf8')) as Truth;
const want = (entry: number, key: string): string =>
  truth.entries[entry]!.fields[key]!.value.normalize('NFC');

const app = useBuiltApp('?demo=0', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await createBook(page, { type: 'KT', year: 2022, commune: 'phu hoi hue', bookNumber: '01/2022' });
});

const field = (page: Page, key: string) => page.locator(`.entry-form .value [name="${key}"]`);
const list = (page: Page, key: string) => page.locator(`#f-${key}-list`);

/** Types like a keyboard (one key event per character, no input method). */
async function typeKeys(page: Page, key: string, text: string, replace = false): Promise<void> {
  const input = field(page, key);
  await input.focus();
  if (replace) await page.keyboard.press('Control+A');
  if (replace) await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/** What an input method commits at once ("Đông Lâm" typed in Telex ends as this text). */
async function commit(page: Page, text: string): Promise<void> {
  await page.keyboard.insertText(text);
}

/** The suggestion list of `key`, once it has been made for the value now in the field. */
async function options(page: Page, key: string): Promise<string[]> {
  await page.waitForFunction(
    (k) => {
      const ta = document.querySelector<HTMLTextAreaElement>(`.entry-form .value [name="${k}"]`);
      const ul = document.getElementById(`f-${k}-list`);
      return !!ta && !!ul && ul.dataset['query'] === ta.value;
    },
    key,
    { timeout: 5000, polling: 'raf' },
  );
  return list(page, key).locator('[role=option] .text').allTextContents();
}

/** Picks `value` from the list: Tab when it is the first, else its digit (Alt+digit in places and notes). */
async function pick(page: Page, key: string, value: string, alt = false): Promise<void> {
  const opts = await options(page, key);
  const i = opts.indexOf(value);
  expect(i, `${key}: "${value}" not among ${JSON.stringify(opts)}`).toBeGreaterThanOrEqual(0);
  expect(i).toBeLessThan(9);
  const active = Number(await list(page, key).getAttribute('data-active'));
  await page.keyboard.press(i === active ? 'Tab' : alt ? `Alt+${i + 1}` : String(i + 1));
  await expect.poll(() => field(page, key).inputValue()).toBe(value);
  await expect(list(page, key).count()).resolves.toBe(0);
}

/** Enter confirms the value and moves on (the desk's own key). */
async function confirm(page: Page, key: string): Promise<void> {
  await page.keyboard.press('Enter');
  await page.waitForFunction((k) => (document.activeElement as HTMLTextAreaElement | null)?.name !== k, key, {
    timeout: 5000,
  });
}

async function entryTab(page: Page, i: number): Promise<void> {
  await page.locator('[role=tablist][aria-label="Các mục trên trang"] [role=tab]').nth(i).click();
  await page
    .locator('[role=tablist][aria-label="Các mục trên trang"] [role=tab][aria-selected=true]')
    .nth(0)
    .waitFor();
  await expect
    .poll(() =>
      page
        .locator('[role=tablist][aria-label="Các mục trên trang"] [role=tab]')
        .nth(i)
        .getAttribute('aria-selected'),
    )
    .toBe('true');
}

const KEYED: [entry: number, key: string][] = [
  [0, 'nktHoTen'],
  [0, 'nktDanToc'],
  [0, 'nktNoiCuTru'],
  [0, 'nycHoTen'],
  [0, 'nycQuanHe'],
  [1, 'nktHoTen'],
  [1, 'nktDanToc'],
  [1, 'nktNoiCuTru'],
  [1, 'nktNoiChet'],
  [1, 'nycHoTen'],
  [1, 'nycQuanHe'],
];

describe('keying with suggestions', () => {
  it(
    'keys a handwriting-like page by typing without tones and picking; stores the truth NFC',
    async () => {
      const { page } = app.s;
      await importFiles(page, [{ path: PDF, mimeType: 'application/pdf' }]);
      await importMessages(page, 1);
      await page
        .getByRole('button', { name: /Nhập liệu/ })
        .first()
        .click();
      await waitForFields(page, 8);
      await entryTab(page, 0);
      await typeKeys(page, 'nktHoTen', 'ng v hung', true);
      await pick(page, 'nktHoTen', want(0, 'nktHoTen'));
      await confirm(page, 'nktHoTen');

      await typeKeys(page, 'nktDanToc', 'muong', true);
      await pick(page, 'nktDanToc', want(0, 'nktDanToc'));
      await confirm(page, 'nktDanToc');

      // A place: "khu vực" from the place words, the village as an input method commits it, then the rest of the
      // address from the units around the book's commune (same province).
      await typeKeys(page, 'nktNoiCuTru', 'khu v', true);
      await pick(page, 'nktNoiCuTru', 'khu vực', true);
      await page.keyboard.type(' ');
      await commit(page, 'Đông Lâm');
      await page.keyboard.type(', khe tre');
      await page.screenshot({ path: join(SHOTS, 'sg-01-place-list.png') });
      await pick(page, 'nktNoiCuTru', want(0, 'nktNoiCuTru'), true);
      await confirm(page, 'nktNoiCuTru');

      await typeKeys(page, 'nycHoTen', 'hoang huu tuan', true);
      await page.screenshot({ path: join(SHOTS, 'sg-02-name-list.png') });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.screenshot({ path: join(SHOTS, 'sg-02-name-list-1920.png') });
      await page.setViewportSize({ width: 1366, height: 768 });
      await pick(page, 'nycHoTen', want(0, 'nycHoTen'));
      await confirm(page, 'nycHoTen');

      await typeKeys(page, 'nycQuanHe', 'con tr', true);
      await pick(page, 'nycQuanHe', want(0, 'nycQuanHe'));
      await confirm(page, 'nycQuanHe');

      await entryTab(page, 1);
      // A minority name: the syllables no list holds as an input method commits them, the rest by its start.
      await typeKeys(page, 'nktHoTen', '', true);
      await commit(page, 'Kăn');
      await page.keyboard.type(' v ');
      await commit(page, 'Blấu');
      await pick(page, 'nktHoTen', want(1, 'nktHoTen'));
      await confirm(page, 'nktHoTen');

      await typeKeys(page, 'nktDanToc', 'ta oi', true);
      await pick(page, 'nktDanToc', want(1, 'nktDanToc'));
      await confirm(page, 'nktDanToc');

      await typeKeys(page, 'nktNoiCuTru', 'p phu hoi', true);
      await pick(page, 'nktNoiCuTru', want(1, 'nktNoiCuTru'), true);
      await confirm(page, 'nktNoiCuTru');

      await typeKeys(page, 'nktNoiChet', 'tai nha', true);
      await pick(page, 'nktNoiChet', 'Tại nhà', true);
      await page.keyboard.type(', phu hoi');
      await pick(page, 'nktNoiChet', want(1, 'nktNoiChet'), true);
      await confirm(page, 'nktNoiChet');

      await typeKeys(page, 'nycHoTen', 'bhling thi ', true);
      await commit(page, 'Ảo');
      await pick(page, 'nycHoTen', want(1, 'nycHoTen'));
      await confirm(page, 'nycHoTen');

      await typeKeys(page, 'nycQuanHe', 'chau', true);
      await pick(page, 'nycQuanHe', want(1, 'nycQuanHe'));
      await confirm(page, 'nycQuanHe');

      await page.locator('.save', { hasText: 'Đã lưu' }).waitFor({ timeout: 10_000 });
      const stored = (await dbEntries(page)).sort(
        (a, b) => (a as { order?: number }).order! - (b as { order?: number }).order!,
      );
      expect(stored.length).toBeGreaterThanOrEqual(2);
      for (const [ei, key] of KEYED) {
        const f = stored[ei]?.fields[key];
        expect(f?.value, `${ei}:${key}`).toBe(want(ei, key));
        expect(f?.value).toBe(f?.value.normalize('NFC'));
        expect(f?.confirmed, `${ei}:${key} confirmed`).toBe(true);
        expect(f?.source).toBe('keyed');
      }
      expect(app.s.problems).toEqual([]);
      expect(app.s.foreign()).toEqual([]);
    },
    OCR_TIMEOUT,
  );

  it('picks nothing while an input method composes; Tab without a list moves to the next field', async () => {
    const { page } = app.s;
    await typeKeys(page, 'nycQuanHe', 'con', true);
    expect((await options(page, 'nycQuanHe')).length).toBeGreaterThan(0);
    const input = field(page, 'nycQuanHe');
    // Composition starts: a Tab or a digit the input method sees is not a pick, and the value is left alone.
    await input.dispatchEvent('compositionstart', { data: '' });
    const tabNotTaken = await input.evaluate((el) =>
      el.dispatchEvent(
        new KeyboardEvent('keydown', {
          key: 'Tab',
          code: 'Tab',
          isComposing: true,
          bubbles: true,
          cancelable: true,
        }),
      ),
    );
    expect(tabNotTaken).toBe(true);
    await page.keyboard.press('1');
    await expect.poll(() => input.inputValue()).toBe('con1');
    // The list was not remade while composing.
    expect(await list(page, 'nycQuanHe').getAttribute('data-query')).toBe('con');
    await input.dispatchEvent('compositionend', { data: '1' });
    await page.keyboard.press('Backspace');
    expect(await options(page, 'nycQuanHe')).toContain('Con trai');
    // Not composing any more: the same synthetic Tab is taken.
    const tabTaken = await input.evaluate((el) =>
      el.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Tab', code: 'Tab', bubbles: true, cancelable: true }),
      ),
    );
    expect(tabTaken).toBe(false);
    expect(await input.inputValue()).not.toBe('con');
    // Esc closes the list; then Tab moves the focus on as it always did.
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await expect(list(page, 'nycQuanHe').count()).resolves.toBe(0);
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name))
      .toBe('ngayDangKy');
  });
});

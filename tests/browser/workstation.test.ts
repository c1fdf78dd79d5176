/**
 * The operator's day in the built app, in the system Chromium with real IndexedDB, workers, pdf.js, tesseract.js
 * and fabric: create a book, import book-a.pdf, wait for the background OCR, correct a field with the keyboard,
 * reload and find everything where it was; the focused field's box lies on the truth box at any zoom and after
 * a rotation; nothing leaves the origin. Screenshots of every screen go to test-results/browser/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import {
  createBook,
  dbCounts,
  dbEntries,
  formValues,
  importFiles,
  importMessages,
  iou,
  OCR_TIMEOUT,
  readStore,
  waitForFields,
} from './desk';

const BOOK_A = join(ROOT, 'tests', 'fixtures', 'pdf', 'book-a.pdf');
const truth = (n: number): { entries: { fields: Record<string, { value: string; bbox: number[] }> }[] } =>
  JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'book-a', `book-a-p0${n}.json`), 'utf8')) as never;

const app = useBuiltApp();

/** The stores that hold a book's data (each keyed or indexed by bookId). */
const BOOK_STORES = ['books', 'pages', 'originals', 'pageImages', 'ocr', 'entries', 'audit'];

const focusedBox = async (): Promise<number[]> =>
  ((await app.s.page.locator('[data-focused-box]').getAttribute('data-focused-box')) ?? '')
    .split(',')
    .map(Number);

describe('operator workstation', () => {
  it('creates a book and imports a PDF with thumbnails', async () => {
    const { page } = app.s;
    await expect(page.locator('#books-title').textContent()).resolves.toBe('Sổ hộ tịch');
    await page.screenshot({ path: join(SHOTS, 'ws-01-books-empty.png') });
    await page.getByRole('button', { name: /Tạo sổ mới/ }).click();
    await page.getByRole('combobox', { name: 'Xã/phường' }).fill('phu hoi hue');
    await page.locator('[role=listbox] [role=option]').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'ws-02-new-book.png') });
    await page.getByRole('button', { name: 'Đóng' }).click();
    await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '01/2017' });
    await importFiles(page, [{ path: BOOK_A }]);
    const msgs = await importMessages(page, 1);
    expect(msgs[0]?.text).toBe('Đã nhập 6 trang từ 1 tệp.');
    expect(msgs[0]?.details[0]?.text).toContain('Đã nhập 6 trang từ tệp "book-a.pdf"');
    await expect.poll(() => page.locator('.grid li img').count(), { timeout: 30_000 }).toBe(6);
    await page.screenshot({ path: join(SHOTS, 'ws-03-book-pages.png'), fullPage: true });
  }, 180_000);

  it(
    'pre-fills page 1 in the background and shows every field in register order',
    async () => {
      const { page } = app.s;
      await page
        .getByRole('button', { name: /Nhập liệu/ })
        .first()
        .click();
      await expect(page.getByTestId('page-indicator').textContent()).resolves.toBe('Trang 1/6');
      const values = await waitForFields(page, 15);
      const t = truth(1).entries[0]?.fields ?? {};
      expect(values['so']).toBe(t['so']?.value);
      expect(values['nksHoTen']).toBe(t['nksHoTen']?.value);
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS, 'ws-04-entry.png') });
    },
    OCR_TIMEOUT + 30_000,
  );

  it('draws the focused field’s box on its ink at every zoom and after a rotation', async () => {
    const { page } = app.s;
    const t = truth(1).entries[0]?.fields['nksNoiSinh'];
    await page.locator('[name=nksNoiSinh]').click();
    await expect
      .poll(async () => iou(await focusedBox(), t?.bbox ?? []), { timeout: 5000 })
      .toBeGreaterThanOrEqual(0.5);
    await page.keyboard.press('Alt+Equal');
    await page.keyboard.press('Alt+Equal');
    await expect.poll(async () => iou(await focusedBox(), t?.bbox ?? [])).toBeGreaterThanOrEqual(0.5);
    await page.screenshot({ path: join(SHOTS, 'ws-05-zoomed.png') });
    await page.getByRole('button', { name: /Xoay/ }).click();
    await expect.poll(async () => iou(await focusedBox(), t?.bbox ?? [])).toBeGreaterThanOrEqual(0.5);
    await page.screenshot({ path: join(SHOTS, 'ws-06-rotated.png') });
    // Back upright for the rest.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: /Xoay/ }).click();
    await page.keyboard.press('Alt+0');
  }, 60_000);

  it('lets the operator draw the box of a field OCR missed', async () => {
    const { page } = app.s;
    await page.locator('[name=ghiChu]').click();
    await page.keyboard.press('F9');
    await page.getByText('Kéo chuột trên ảnh để vẽ khung').waitFor();
    const img = ((await page.locator('[data-image-screen]').getAttribute('data-image-screen')) ?? '')
      .split(',')
      .map(Number);
    const [ix = 0, iy = 0, iw = 0, ih = 0] = img;
    // Drag over the lower middle of the page image.
    await page.mouse.move(ix + iw * 0.3, iy + ih * 0.7);
    await page.mouse.down();
    await page.mouse.move(ix + iw * 0.5, iy + ih * 0.72, { steps: 5 });
    await page.mouse.move(ix + iw * 0.7, iy + ih * 0.75, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => (await dbEntries(page))[0]?.fields['ghiChu']?.region?.box ?? null)
      .not.toBeNull();
    const box = (await dbEntries(page))[0]?.fields['ghiChu']?.region?.box ?? [];
    expect(box[0]).toBeGreaterThan(2480 * 0.25);
    expect(box[2]).toBeGreaterThan(2480 * 0.3);
    expect(iou(await focusedBox(), box)).toBeGreaterThan(0.9);
    await page.screenshot({ path: join(SHOTS, 'ws-06b-drawn-box.png') });
  }, 60_000);

  it('corrects a field with the keyboard, stores it NFC, and a reload restores everything', async () => {
    const { page } = app.s;
    const name = page.locator('[name=nksHoTen]');
    await name.click();
    await page.keyboard.press('Control+A');
    // Typed decomposed, as some input methods send it.
    await page.keyboard.insertText('Nguye\u0302\u0303n Thi\u0323 Kie\u0302\u0309m');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
      .toBe('nksNgaySinh');
    await page.keyboard.press('F3'); // nksNgaySinh: blank in the register
    // The flag is written before the focus moves on: wait for the focus, then read the store.
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
      .toBe('nksNgaySinhBangChu');
    const stored = await dbEntries(page);
    const e = stored.find((x) => x.fields['nksHoTen']?.value === 'Nguyễn Thị Kiểm');
    expect(e?.fields['nksHoTen']).toMatchObject({ confirmed: true, source: 'keyed' });
    expect(e?.fields['nksNgaySinh']?.flags).toContain('blank');

    await page.reload();
    await expect
      .poll(() => page.getByTestId('page-indicator').textContent(), { timeout: 30_000 })
      .toBe('Trang 1/6');
    const after = await formValues(page);
    expect(after['nksHoTen']).toBe('Nguyễn Thị Kiểm');
    await expect(page.locator('[data-key=nksHoTen]').getAttribute('data-tone')).resolves.toBe('confirmed');
    await expect(page.locator('[data-key=nksNgaySinh]').getAttribute('data-tone')).resolves.toBe('flagged');
    // Focus came back to where the operator was.
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
      .toBe('nksNgaySinhBangChu');
    await page.screenshot({ path: join(SHOTS, 'ws-07-after-reload.png') });
  }, 90_000);

  it(
    'moves to the next page, already read ahead',
    async () => {
      const { page } = app.s;
      await page.keyboard.press('PageDown');
      await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 2/6');
      const values = await waitForFields(page, 15);
      // Pre-filled from OCR: most values already right (the operator fixes the rest).
      const t = Object.entries(truth(2).entries[0]?.fields ?? {});
      const right = t.filter(([k, f]) => values[k] === f.value).length;
      expect(right / t.length).toBeGreaterThan(0.8);
      await page.keyboard.press('F1');
      await page.getByRole('heading', { name: 'Phím tắt' }).waitFor();
      await page.screenshot({ path: join(SHOTS, 'ws-08-shortcuts.png') });
      await page.keyboard.press('Escape');
    },
    OCR_TIMEOUT,
  );

  it('fits a 1366×768 laptop: toolbar on one row, at least 18 fields, the focused line magnified', async () => {
    const { page } = app.s;
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await page.locator('.entry-form [name=nksNoiSinh]').click();
      const m = await page.evaluate(() => {
        const bar = document.querySelector('.toolbar')!;
        const form = document.querySelector('.form')!.getBoundingClientRect();
        const visible = Array.from(document.querySelectorAll('.entry-form .row')).filter((r) => {
          const b = r.getBoundingClientRect();
          return b.top >= form.top && b.bottom <= form.bottom;
        }).length;
        return {
          height: bar.getBoundingClientRect().height,
          visible,
          scrollW: bar.scrollWidth - bar.clientWidth,
        };
      });
      expect(m.height).toBeLessThan(48);
      expect(m.scrollW).toBeLessThanOrEqual(0); // nothing hidden sideways either
      expect(m.visible).toBeGreaterThanOrEqual(18);
      // The focused field's line is shown at a readable size above the page (box ≥ 28 px, text ≥ 20 px).
      await expect
        .poll(async () => Number(await page.getByTestId('field-zoom').getAttribute('data-line-px')))
        .toBeGreaterThanOrEqual(28);
      await page.screenshot({ path: join(SHOTS, 'ws-08a-1366x768.png') });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 30_000);

  it('adds, splits and deletes entries on a page', async () => {
    const { page } = app.s;
    const tabs = page.getByRole('tab');
    await expect.poll(() => tabs.count()).toBe(1);
    const whole = await formValues(page);
    expect(whole['so']).toMatch(/\S/);
    expect(whole['nksHoTen']).toMatch(/\S/);
    await page.locator('[name=nksHoTen]').click();
    await page.getByRole('button', { name: 'Tách mục' }).click();
    await expect.poll(() => tabs.count()).toBe(2);
    // The new entry starts at the split field; the first keeps the fields before it.
    expect((await formValues(page))['nksHoTen']).toBe(whole['nksHoTen']);
    expect((await formValues(page))['so']).toBe('');
    await page.getByRole('button', { name: '+ Mục' }).click();
    await expect.poll(() => tabs.count()).toBe(3);
    await page.locator('[name=so]').fill('999');
    await page.screenshot({ path: join(SHOTS, 'ws-08b-entries.png') });
    // Deleting asks first: "Huỷ" keeps the entry.
    const ask = page.getByRole('dialog', { name: 'Xoá mục này?' });
    await page.getByRole('button', { name: 'Xoá mục' }).click();
    await expect(ask.textContent()).resolves.toContain('Mục 3 (số 999)');
    await page.screenshot({ path: join(SHOTS, 'ws-08c-delete-entry.png') });
    await ask.getByRole('button', { name: 'Huỷ' }).click();
    expect(await tabs.count()).toBe(3);
    await page.getByRole('button', { name: 'Xoá mục' }).click();
    await ask.getByRole('button', { name: 'Xoá mục' }).click();
    await expect.poll(() => tabs.count()).toBe(2);
    const stored = await dbEntries(page);
    expect(stored.some((e) => e.fields['so']?.value === '999')).toBe(false);
    expect(stored.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it(
    'undoes a deletion, finishes entries with one key, and reads a page again keeping typed values',
    async () => {
      const { page } = app.s;
      const tabs = page.getByRole('tab');
      // The deletion of the last test can be taken back from its toast.
      const toast = page.getByRole('status').filter({ hasText: 'Đã xoá' });
      await expect(toast.textContent()).resolves.toContain('mục 3 (số 999)');
      await toast.getByRole('button', { name: /Hoàn tác/ }).click();
      await expect.poll(() => tabs.count()).toBe(3);
      await expect
        .poll(async () => (await dbEntries(page)).some((e) => e.fields['so']?.value === '999'))
        .toBe(true);

      // Ctrl+Enter finishes the entry on screen: every field confirmed, keyed; focus goes to the next page's entry.
      await page.locator('[name=so]').click();
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 3/6');
      const finished = async (): Promise<{ state: string; confirmed: boolean } | undefined> => {
        const e = (await dbEntries(page)).find((x) => x.fields['so']?.value === '999');
        return e && { state: e.state, confirmed: Object.values(e.fields).every((f) => f.confirmed) };
      };
      await expect.poll(finished).toEqual({ state: 'keyed', confirmed: true });
      // Ctrl+Z (nothing being typed) takes it back, on its own page.
      await page.keyboard.press('Control+z');
      await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 2/6');
      await expect.poll(async () => (await finished())?.state).toBe('prefilled');
      // Enter on the last field finishes too.
      await page.getByRole('tab').nth(2).click();
      await page.locator('.entry-form .value [name]').last().click();
      await page.keyboard.press('Enter');
      await expect.poll(finished).toEqual({ state: 'keyed', confirmed: true });
      await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 3/6');
      await page.screenshot({ path: join(SHOTS, 'ws-08d-finished.png') });

      // Page 3, read again: the operator's typing stays, the page keeps its entries.
      await waitForFields(page, 5);
      const nameInput = page.locator('[name=nksHoTen]').first();
      await nameInput.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText('Tên Gõ Tay');
      await page.keyboard.press('Tab');
      // This page's own OCR events (other pages may still be read in the background on a busy machine).
      const pageId =
        (await readStore<{ id: string; order: number }>(page, 'pages')).find((p) => p.order === 2)?.id ?? '';
      expect(pageId).not.toBe('');
      const ocrEvents = async (): Promise<number> =>
        (await readStore<{ action: string; pageId: string | null }>(page, 'audit')).filter(
          (e) => e.action === 'page.ocr' && e.pageId === pageId,
        ).length;
      const before = await ocrEvents();
      await page.getByRole('button', { name: 'Đọc lại', exact: true }).click();
      const ask = page.getByRole('dialog', { name: 'Đọc lại trang này?' });
      await page.screenshot({ path: join(SHOTS, 'ws-08e-read-again.png') });
      await ask.getByRole('button', { name: 'Đọc lại, giữ giá trị đã nhập' }).click();
      // Set pending, then read: two events of this page.
      await expect
        .poll(ocrEvents, { timeout: OCR_TIMEOUT, interval: 300 })
        .toBeGreaterThanOrEqual(before + 2);
      await expect.poll(async () => (await formValues(page))['nksHoTen']).toBe('Tên Gõ Tay');
      expect((await dbEntries(page)).some((e) => e.fields['nksHoTen']?.value === 'Tên Gõ Tay')).toBe(true);

      // The book list counts the finished entry.
      await page.getByRole('button', { name: 'Sổ', exact: true }).click();
      await expect.poll(() => page.locator('tr[data-book] td').nth(6).textContent()).toMatch(/^1\//);
      await page.locator('nav.top').getByRole('button', { name: 'Nhập liệu', exact: true }).click();
      await expect.poll(() => page.getByTestId('page-indicator').textContent()).toBe('Trang 3/6');
    },
    OCR_TIMEOUT,
  );

  it('shows storage usage and OCR workers in Settings', async () => {
    const { page } = app.s;
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    await expect(page.getByTestId('storage-usage').textContent()).resolves.toMatch(
      /Đã dùng .* MB trên .* MB/,
    );
    // "Lưu" says it saved, or why not, in Vietnamese (never the browser's bubble).
    const workers = page.locator('input[name=ocr-workers]');
    await workers.fill('99');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Số luồng phải là số nguyên từ 1 đến' }).count(),
    ).resolves.toBe(1);
    await workers.fill('1');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu: 1 luồng nhận dạng.' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'ws-09-settings.png') });
    // A reload on Settings keeps the open book.
    await page.reload();
    await page.getByRole('heading', { name: 'Cài đặt' }).waitFor();
    const work = page.locator('nav.top').getByRole('button', { name: 'Nhập liệu', exact: true });
    await expect.poll(() => work.isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    await expect.poll(() => page.locator('tr[data-book]').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'ws-10-books.png') });
  }, 30_000);

  it('deletes a book only after confirmation, with everything under it', async () => {
    const { page } = app.s;
    const bookId = (await page.locator('tr[data-book]').getAttribute('data-book')) ?? '';
    // Every store that holds book data, counted for this book (the helper reads the stores from the database).
    const before = await dbCounts(page, bookId);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(BOOK_STORES));
    expect(before).toMatchObject({ books: 1, pages: 6, pageImages: 6, originals: 1 });
    expect(before['ocr']).toBeGreaterThan(0);
    expect(before['entries']).toBeGreaterThan(0);
    await page.locator('tr[data-book]').getByRole('button', { name: 'Xoá' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xoá sổ?' });
    await dialog.waitFor();
    await page.screenshot({ path: join(SHOTS, 'ws-11-delete-book.png') });
    await dialog.getByRole('button', { name: 'Huỷ' }).click();
    expect(await page.locator('tr[data-book]').count()).toBe(1);
    await page.locator('tr[data-book]').getByRole('button', { name: 'Xoá' }).click();
    await dialog.getByRole('button', { name: 'Xoá sổ' }).click();
    await expect.poll(() => page.locator('tr[data-book]').count()).toBe(0);
    // Nothing of the book is left in any store (the machine's own audit chain and the users may remain).
    const after = await dbCounts(page, bookId);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.values(after).every((n) => n === 0)).toBe(true);
    expect((await dbCounts(page))['books']).toBe(0);
    expect(await page.getByRole('button', { name: 'Nhập liệu', exact: true }).isDisabled()).toBe(true);
  }, 60_000);

  it('logs no error or warning to the console in a normal session', () => {
    expect(app.s.consoleErrors).toEqual([]);
  });

  it('never requests anything outside its own origin and breaks no CSP rule', () => {
    expect(app.s.requests.some((u) => u.endsWith('/models/vie.traineddata.gz'))).toBe(true);
    expect(app.s.foreign()).toEqual([]);
    expect(app.s.problems).toEqual([]);
  });
});

/**
 * Every file of the bad-input catalogue (copies in tests/fixtures) through the real import path in Chromium:
 * a Vietnamese message naming the file, or a correct import for the rotated, oversized and password cases; the
 * book and everything already stored stay as they were. A full storage quota too.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, ROOT, SHOTS, useBuiltApp } from './harness';
import { createBook, dbCounts, importFiles, importMessages, waitOcrIdle } from './desk';

const BAD = join(ROOT, 'tests', 'fixtures', 'bad-inputs');
const PDF = join(ROOT, 'tests', 'fixtures', 'pdf');

/** Refused files: path, expected words of the message. */
const REFUSED: [string, RegExp][] = [
  [join(PDF, 'empty.pdf'), /trống/],
  [join(PDF, 'not-a-pdf.pdf'), /không phải/],
  [join(PDF, 'truncated.pdf'), /hỏng/],
  [join(BAD, 'truncated.jpg'), /hỏng/],
  [join(BAD, 'huge-20000x20000.png'), /quá lớn/],
  [join(BAD, 'scan.docx'), /Word/],
  [join(BAD, 'docx-renamed.jpg'), /Word/],
  [join(BAD, 'Nguyễn <script>.png'), /không phải/],
];

const app = useBuiltApp('?demo=0', async (s) => {
  await createBook(s.page, { type: 'KT', year: 2019, commune: 'nghi phu', bookNumber: '02/2019' });
});

describe('importing bad inputs', () => {
  it('refuses each bad file with a message naming it, in one summary, and changes nothing', async () => {
    const { page } = app.s;
    const before = await dbCounts(page);
    // The whole catalogue in one pick: one card for the import, each refusal in its expandable part.
    await importFiles(
      page,
      REFUSED.map(([path]) => ({ path })),
    );
    const [card, ...more] = await importMessages(page, 1);
    expect(more).toEqual([]);
    expect(card?.kind).toBe('error');
    expect(card?.text).toBe(`Chưa nhập được trang nào; ${REFUSED.length} tệp bị từ chối.`);
    expect(card?.details).toHaveLength(REFUSED.length);
    for (const [path, expected] of REFUSED) {
      const name = (path.split('/').pop() ?? '').normalize('NFC');
      const line = card?.details.find((d) => d.text.includes(name));
      expect(line?.kind, name).toBe('error');
      expect(line?.text, name).toMatch(expected);
    }
    expect(await dbCounts(page)).toEqual(before);
    // Markup in a file name is shown as text, never parsed.
    expect(await page.locator('.messages script').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'imp-01-refused.png'), fullPage: true });
    // One close button for the whole import.
    await page.getByRole('button', { name: 'Đóng thông báo' }).click();
    await expect.poll(() => page.locator('.messages > li').count()).toBe(0);
  }, 180_000);

  it('imports a sideways phone photo upright and a 108-megapixel photo downscaled, with warnings', async () => {
    const { page } = app.s;
    const n = await page.locator('.messages > li').count();
    await importFiles(page, [
      { path: join(BAD, 'rotated-exif-6.jpg') },
      { path: join(BAD, 'phone-12000x9000.jpg') },
      { path: join(BAD, 'truncated.jpg') },
      { path: join(ROOT, 'tests', 'fixtures', 'tiff', 'phototest.tif'), mimeType: 'image/tiff' },
    ]);
    const cards = (await importMessages(page, n + 1)).slice(n);
    expect(cards).toHaveLength(1);
    const card = cards[0];
    expect(card?.kind).toBe('warning');
    expect(card?.text).toMatch(/^Đã nhập 3 trang từ 3 tệp; 1 tệp bị từ chối; \d+ cảnh báo\.$/);
    // The refusal first, then the warnings, then the files imported.
    expect(card?.details[0]).toMatchObject({ kind: 'error' });
    expect(card?.details[0]?.text).toContain('truncated.jpg');
    const msgs = card?.details.map((d) => d.text) ?? [];
    expect(msgs.join('\n')).toContain('Đã nhập 1 trang từ tệp "rotated-exif-6.jpg"');
    expect(msgs.join('\n')).toContain('Đã nhập 1 trang từ tệp "phone-12000x9000.jpg"');
    expect(msgs.join('\n')).toMatch(/12000×9000/);
    expect(msgs.join('\n')).toContain('Đã nhập 1 trang từ tệp "phototest.tif"');
    await page.screenshot({ path: join(SHOTS, 'imp-01b-summary.png'), fullPage: true });
    const sizes = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res) => {
        const r = indexedDB.open('sohoa');
        r.onsuccess = () => res(r.result);
      });
      const pages = await new Promise<{ fileName: string; width: number; height: number }[]>((res) => {
        const r = db.transaction('pages').objectStore('pages').getAll();
        r.onsuccess = () => res(r.result as never);
      });
      db.close();
      return pages.map((p) => [p.fileName, p.width, p.height] as const);
    });
    const rotated = sizes.find((x) => x[0] === 'rotated-exif-6.jpg');
    const phone = sizes.find((x) => x[0] === 'phone-12000x9000.jpg');
    expect(rotated && rotated[1] < rotated[2]).toBe(true);
    expect(phone && phone[1] * phone[2] <= 12_000_000).toBe(true);
    expect((await dbCounts(page)).originals).toBe(3);
  }, 120_000);

  it('asks for the password of an encrypted PDF and imports it with the right one', async () => {
    const { page } = app.s;
    const before = await dbCounts(page);
    const n = await page.locator('.messages > li').count();
    await importFiles(page, [{ path: join(PDF, 'encrypted.pdf') }]);
    const dialog = page.getByRole('dialog', { name: 'Tệp PDF có mật khẩu' });
    await dialog.waitFor();
    await page.locator('input[name=pdf-password]').fill('sai');
    await page.getByRole('button', { name: 'Mở tệp' }).click();
    await expect.poll(() => dialog.getByRole('alert').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'imp-02-password.png') });
    await page.locator('input[name=pdf-password]').fill('user');
    await page.getByRole('button', { name: 'Mở tệp' }).click();
    const msgs = await importMessages(page, n + 1);
    expect(msgs[n]?.text).toBe('Đã nhập 1 trang từ 1 tệp.');
    expect(msgs[n]?.details.map((d) => d.text)).toEqual(['Đã nhập 1 trang từ tệp "encrypted.pdf".']);
    expect((await dbCounts(page)).pages).toBe(before.pages + 1);
  }, 120_000);

  it('reorders, marks and deletes pages', async () => {
    const { page } = app.s;
    const names = async (): Promise<string[]> =>
      page.$$eval('.grid li .info small:first-of-type', (els) =>
        els.map((e) => e.getAttribute('title') ?? ''),
      );
    const before = await names();
    expect(before.length).toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: 'Chuyển trang 2 lên trước' }).click();
    await expect.poll(names).toEqual([before[1], before[0], ...before.slice(2)]);
    await page.getByRole('combobox', { name: 'Tình trạng trang 1' }).selectOption('blank');
    await expect.poll(() => page.locator('.grid li.skipped').count()).toBe(1);
    const counts = await dbCounts(page);
    await page.getByRole('button', { name: 'Xoá trang 3' }).click();
    await page.getByRole('button', { name: 'Xoá trang', exact: true }).click();
    await expect.poll(async () => (await dbCounts(page)).pages).toBe(counts.pages - 1);
    expect((await dbCounts(page)).pageImages).toBe(counts.pageImages - 1);
    expect(await names()).toEqual([before[1], before[0], ...before.slice(3)]);
    await page.screenshot({ path: join(SHOTS, 'imp-04-pages.png'), fullPage: true });
  }, 60_000);

  it('reports a full storage quota and leaves the book as it was', async () => {
    // Chromium reads an origin's quota once, at its first write (the app writes as it starts): a fresh profile
    // whose 3 MB quota is set before the app is loaded.
    const q = await openApp(app.server, '?demo=0', async (page, context) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.server.origin, quotaSize: 3_000_000 });
    });
    try {
      const { page } = q;
      await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '09/2017' });
      await importFiles(page, [{ path: join(BAD, 'rotated-exif-6.jpg') }]);
      const n = (await importMessages(page, 1)).length;
      // The page just imported is read in the background: its entries land only once OCR is done.
      await waitOcrIdle(page, 1);
      const before = await dbCounts(page);
      expect(before.pages).toBe(1);
      await importFiles(page, [{ path: join(PDF, 'book-a.pdf') }]);
      const m = (await importMessages(page, n + 1))[n];
      expect(m?.kind).toBe('error');
      expect(m?.text).toBe('Chưa nhập được trang nào; 1 tệp bị từ chối.');
      expect(m?.details[0]?.text).toMatch(/đầy/);
      expect(m?.details[0]?.text).toContain('book-a.pdf');
      expect(await dbCounts(page)).toEqual(before);
      await page.screenshot({ path: join(SHOTS, 'imp-03-quota.png'), fullPage: true });
      expect(q.foreign()).toEqual([]);
    } finally {
      await q.close();
    }
  }, 120_000);

  it('stays offline', () => {
    expect(app.s.foreign()).toEqual([]);
    expect(app.s.problems).toEqual([]);
  });
});

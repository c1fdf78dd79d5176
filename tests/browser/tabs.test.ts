/**
 * Two tabs on one book: the second tab's write of an entry the first tab changed meanwhile is refused with a
 * Vietnamese message (revision check), never overwriting silently; after a reload it shows the other tab's value.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, useBuiltApp } from './harness';
import { createBook, dbEntries, formValues, importFiles, importMessages, waitForFields } from './desk';

const app = useBuiltApp();

describe('two tabs on one book', () => {
  it('refuses a stale write instead of overwriting', async () => {
    const a = app.s.page;
    await createBook(a, { type: 'KH', year: 2016, commune: 'ben thanh', bookNumber: '07/2016' });
    await importFiles(a, [
      { path: join(process.cwd(), 'public', 'demo', 'p014.jpg'), mimeType: 'image/jpeg' },
    ]);
    await importMessages(a, 1);
    await a
      .getByRole('button', { name: /Nhập liệu/ })
      .first()
      .click();
    await waitForFields(a, 5);

    const b = await app.s.context.newPage();
    await b.goto(app.server.url);
    await b.locator('.entry-form').waitFor({ timeout: 30_000 });

    await a.locator('[name=so]').fill('11');
    await expect.poll(() => a.locator('.save').textContent()).toBe('Đã lưu');
    await b.locator('[name=so]').fill('22');
    await expect
      .poll(() => b.getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toContain('cửa sổ khác');
    await b.getByRole('button', { name: 'Tải lại trang' }).waitFor();
    await b.screenshot({ path: join(SHOTS, 'tabs-01-conflict.png') });
    const stored = await dbEntries(a);
    expect(stored.some((e) => e.fields['so']?.value === '11')).toBe(true);
    expect(stored.some((e) => e.fields['so']?.value === '22')).toBe(false);

    await b.reload();
    await b.locator('.entry-form').waitFor({ timeout: 30_000 });
    expect((await formValues(b))['so']).toBe('11');
    await b.close();
  }, 300_000);
});

/**
 * Work packages between two profiles (two browsers, each its own IndexedDB and machine id) in the built app
 * (issue 14 item 5): profile 1 makes the small book and exports its package from the book list; profile 2 imports
 * it (book added whole) and importing it again changes nothing; both edit the same name, profile 2 also another
 * field; profile 2's package brought back to profile 1 takes the one-sided change and lists the name as a conflict
 * with both values (text, never markup), which a person settles there. Real IndexedDB, real downloads, no network
 * beyond the app's origin.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, ROOT, serveBuiltApp, SHOTS, type AppServer, type Session } from './harness';
import { createBook, readStore } from './desk';
import { mkdirSync } from 'node:fs';

let server: AppServer;
let one: Session;
let two: Session;

// Chromium's save picker is a native dialog the driver cannot answer: both profiles take the download path.
const noPicker = async (_p: Page, context: Session['context']): Promise<void> => {
  await context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serveBuiltApp();
  one = await openApp(server, '?demo=0', noPicker);
  two = await openApp(server, '?demo=0', noPicker);
}, 60_000);
afterAll(async () => {
  await one.close();
  await two.close();
  await server.close();
});

const books = (page: Page) => page.getByRole('button', { name: 'Sổ', exact: true }).click();

async function exportFrom(page: Page, bookId: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`tr[data-book="${bookId}"] [data-testid=package-export]`).click(),
  ]);
  await expect.poll(() => page.getByTestId('package-result').getAttribute('data-tone')).toBe('ok');
  expect(download.suggestedFilename()).toMatch(/\.KS\.2017\.07-2017\.goi\.zip$/u);
  return download.path();
}

async function importInto(page: Page, path: string): Promise<string> {
  const before = await page
    .getByTestId('package-result')
    .textContent()
    .catch(() => null);
  await page.getByTestId('package-import').setInputFiles(path);
  await expect.poll(() => page.getByTestId('package-result').textContent()).not.toBe(before);
  return (await page.getByTestId('package-result').textContent())?.trim() ?? '';
}

/** Types `value` into `key` of the first entry on the keying screen and waits until it is stored. */
async function editFirstEntry(page: Page, bookId: string, key: string, value: string): Promise<void> {
  await books(page);
  await page.locator(`tr[data-book="${bookId}"]`).getByRole('button', { name: 'Nhập liệu' }).click();
  const field = page.locator(`.entry-form [name=${key}]`);
  await field.waitFor({ timeout: 30_000 });
  await field.fill(value);
  await expect.poll(() => page.locator('.save').textContent()).toBe('Đã lưu');
  await expect
    .poll(async () =>
      (await readStore<{ id: string; fields: Record<string, { value: string }> }>(page, 'entries')).some(
        (e) => e.fields[key]?.value === value,
      ),
    )
    .toBe(true);
}

describe('Gói công việc giữa hai máy', () => {
  it('exports, imports on another profile, edits on both, brings back and shows the conflict', async () => {
    const p1 = one.page;
    const p2 = two.page;
    await createBook(p1, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '07/2017' });
    const [book] = await readStore<{ id: string }>(p1, 'books');
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
    await p1.evaluate(`${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.__smallBook = __smallBook; 0`);
    const ids = await p1.evaluate(
      (id) =>
        (globalThis as unknown as { __smallBook: { seed(b: string): Promise<string[]> } }).__smallBook.seed(
          id,
        ),
      bookId,
    );
    expect(ids).toHaveLength(3);
    await p1.reload();
    await books(p1);

    // Profile 1 → profile 2: the book arrives whole.
    const first = await exportFrom(p1, bookId);
    await p1.screenshot({ path: join(SHOTS, 'package-01-exported.png') });
    await books(p2);
    expect(await importInto(p2, first)).toMatch(/^Đã thêm sổ mới: 1 trang, 3 mục\./u);
    await p2.locator(`tr[data-book="${bookId}"]`).waitFor();
    expect(await p2.locator(`tr[data-book="${bookId}"] [data-testid=book-keyed]`).textContent()).toBe('3/3');
    await p2.screenshot({ path: join(SHOTS, 'package-02-imported.png') });
    // The same package again: nothing changes.
    const events2 = (await readStore(p2, 'audit')).length;
    expect(await importInto(p2, first)).toMatch(/Không có gì thay đổi/u);
    expect((await readStore(p2, 'audit')).length).toBe(events2);
    const machines = new Set((await readStore<{ machineId: string }>(p2, 'audit')).map((e) => e.machineId));
    expect(machines.size).toBe(2); // profile 1's chain stored as its own, and profile 2's import

    // Both edit the same name; profile 2 also the place of birth (markup typed in stays text).
    await editFirstEntry(p1, bookId, 'nksHoTen', 'Nguyễn Văn Ấn');
    await editFirstEntry(p2, bookId, 'nksHoTen', 'Nguyễn Văn Ân <img src=x onerror=alert(1)>');
    await editFirstEntry(p2, bookId, 'nksNoiSinh', 'Bệnh viện Trung ương Huế');

    // Profile 2 → profile 1: the one-sided change is taken, the name is a conflict.
    await books(p2);
    const back = await exportFrom(p2, bookId);
    await books(p1);
    const got = await importInto(p1, back);
    expect(got).toMatch(
      /^Đã gộp gói vào sổ: 1 giá trị lấy từ gói, 1 xung đột cần chọn\. Sổ đang có 1 xung đột chờ chọn\./u,
    );
    const list = p1.getByTestId('conflict-list');
    await list.waitFor();
    expect(await list.getByTestId('conflict-local').textContent()).toBe('Nguyễn Văn Ấn');
    expect(await list.getByTestId('conflict-incoming').textContent()).toBe(
      'Nguyễn Văn Ân <img src=x onerror=alert(1)>',
    );
    expect(await list.locator('img').count()).toBe(0);
    expect(await p1.locator(`tr[data-book="${bookId}"] [data-testid=book-conflicts]`).textContent()).toBe(
      '1 xung đột',
    );
    await p1.setViewportSize({ width: 1366, height: 768 });
    await p1.screenshot({ path: join(SHOTS, 'package-03-conflict.png') });
    type Stored = { id: string; fields: Record<string, { value: string }> };
    const first1 = (await readStore<Stored>(p1, 'entries')).find((e) => e.id === ids[0]);
    expect(first1?.fields['nksHoTen']?.value).toBe('Nguyễn Văn Ấn'); // never overwritten silently
    expect(first1?.fields['nksNoiSinh']?.value).toBe('Bệnh viện Trung ương Huế');
    expect(await readStore(p1, 'conflicts')).toHaveLength(1);

    // A person looks at the page and keeps this machine's value.
    await list.getByTestId('keep-local').click();
    await expect.poll(() => p1.getByTestId('conflict-list').textContent()).toContain('Không còn xung đột');
    expect(await readStore(p1, 'conflicts')).toHaveLength(0);
    expect(await p1.locator('[data-testid=book-conflicts]').count()).toBe(0);
    const resolved = (await readStore<{ action: string; note: string }>(p1, 'audit')).filter(
      (e) => e.action === 'field.resolve',
    );
    expect(resolved).toHaveLength(1);
    await p1.screenshot({ path: join(SHOTS, 'package-04-resolved.png') });

    // The desk of the open book follows the merge: an edit right after it saves (no stale copy refused).
    await p1.locator('nav.top').getByRole('button', { name: 'Nhập liệu', exact: true }).click();
    const place = p1.locator('.entry-form [name=nksNoiSinh]');
    await expect.poll(() => place.inputValue()).toBe('Bệnh viện Trung ương Huế');
    await place.fill('Bệnh viện Trung ương Huế, Thừa Thiên Huế');
    await expect.poll(() => p1.locator('.save').textContent()).toBe('Đã lưu');
    expect(
      (await readStore<Stored>(p1, 'entries')).find((e) => e.id === ids[0])?.fields['nksNoiSinh']?.value,
    ).toBe('Bệnh viện Trung ương Huế, Thừa Thiên Huế');
    await books(p1);

    // A file that is not a package is refused with its reason, nothing changed.
    const auditBefore = (await readStore(p1, 'audit')).length;
    const bad = join(ROOT, 'tests', 'fixtures', 'bad-inputs', 'truncated.jpg');
    expect(await importInto(p1, bad)).toMatch(
      /^Tệp "truncated\.jpg": Gói bị từ chối, không có gì thay đổi\./u,
    );
    expect(await p1.getByTestId('package-result').getAttribute('data-tone')).toBe('error');
    expect((await readStore(p1, 'audit')).length).toBe(auditBefore);
    await p1.screenshot({ path: join(SHOTS, 'package-05-refused.png') });

    for (const s of [one, two]) {
      expect(s.problems).toEqual([]);
      expect(s.foreign()).toEqual([]);
    }
  }, 240_000);
});

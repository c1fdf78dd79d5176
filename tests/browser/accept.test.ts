/**
 * Acceptance ("Nghiệm thu", issue 10 item 5) in the built app with the real IndexedDB. Two KH books, every entry
 * keyed by an operator and verified by a checker (seeded in the page through the app's Repository). Book A: the
 * supervisor draws the sample at the commune level, inspects the sampled entries beside the page image (half of
 * them, reload: same sample, same marks), the book is accepted; then at the province level likewise; the records
 * table shows both, the minutes print (print media, a PDF). Book B: two sampled entries marked defective (Re = 1)
 * → rejected, the defective entries go back to checking and the checker's queue shows them first with the notes;
 * no new sample until the checker has checked them again, then the commune draws from the whole lot.
 * Every step leaves its events and the chains verify (independent verifier, and "Kiểm tra nhật ký").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verify, type Ev } from './chains';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { createBook, readStore } from './desk';
import type { VerifiedBook } from './verified-book';

interface Rec {
  id: string;
  level: string;
  userId: string;
  lotSize: number;
  seed: number;
  sampleIds: string[];
  marks: Record<string, { verdict: string; note: string }>;
  decision: { accepted: boolean; defects: number; sampleSize: number } | null;
  moved: string[];
}
interface StoredBook {
  id: string;
  bookNumber: string;
  acceptances: Rec[];
}

const app = useBuiltApp('?demo=0', async (s) => {
  await s.page.setViewportSize({ width: 1366, height: 768 });
});

const USERS = {
  keyer: { name: 'Trần Văn An', role: 'operator', pin: '1357' },
  checker: { name: 'Lê Thị Bình', role: 'checker', pin: '2468' },
  supervisor: { name: 'Phạm Quốc Cường', role: 'supervisor', pin: '9753' },
} as const;
const ids: Record<keyof typeof USERS, string> = { keyer: '', checker: '', supervisor: '' };
let bookA = '';
let bookB = '';

async function createUser(page: Page, u: { name: string; role: string; pin: string }): Promise<void> {
  const panel = page.getByTestId('users-panel');
  await panel.locator('input[name=user-name]').fill(u.name);
  await panel.locator('select[name=user-role]').selectOption(u.role);
  await panel.locator('input[name=user-pin]').fill(u.pin);
  await panel.locator('input[name=user-pin2]').fill(u.pin);
  await panel.getByRole('button', { name: 'Tạo người dùng' }).click();
  await expect.poll(() => panel.textContent()).toContain(u.name);
}

async function switchTo(page: Page, u: { name: string; pin: string }): Promise<void> {
  await page.getByTestId('current-user').click();
  const dialog = page.getByRole('dialog', { name: 'Đổi người dùng' });
  await dialog.getByRole('radio', { name: new RegExp(u.name) }).check();
  await dialog.locator('input[name=pin]').fill(u.pin);
  await dialog.getByRole('button', { name: 'Chuyển' }).click();
  await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(u.name);
}

/** Reloads the app and comes back in as `u` (the start dialog asks the PIN of the last user). */
async function reloadAs(page: Page, u: { pin: string }): Promise<void> {
  await page.reload();
  const start = page.getByRole('dialog', { name: 'Ai đang làm việc?' });
  await start.locator('input[name=pin]').fill(u.pin);
  await start.getByRole('button', { name: 'Vào làm việc' }).click();
  await start.waitFor({ state: 'hidden' });
}

const tab = (page: Page, name: string): Promise<void> =>
  page.getByRole('navigation', { name: 'Màn hình' }).getByRole('button', { name, exact: true }).click();

async function openBook(page: Page, bookId: string): Promise<void> {
  await tab(page, 'Sổ');
  await page.locator(`tr[data-book="${bookId}"] button`, { hasText: 'Trang & nhập ảnh' }).click();
  await page.locator('#book-title').waitFor();
}

const bookOf = async (page: Page, id: string): Promise<StoredBook | undefined> =>
  (await readStore<StoredBook>(page, 'books')).find((b) => b.id === id);
const statesOf = async (page: Page, bookId: string): Promise<Record<string, string>> =>
  Object.fromEntries(
    (await readStore<{ id: string; bookId: string; state: string }>(page, 'entries'))
      .filter((e) => e.bookId === bookId)
      .map((e) => [e.id, e.state]),
  );
const status = (page: Page): Promise<string | null> =>
  page.getByTestId('accept-status').getAttribute('data-status');
const row = (page: Page, id: string) => page.locator(`[data-testid=accept-sample] tr[data-entry="${id}"]`);

/** Marks sampled entries "Đúng" by clicking, each after the previous mark is stored. */
async function markOk(page: Page, bookId: string, entryIds: readonly string[]): Promise<void> {
  for (const id of entryIds) {
    await row(page, id).getByRole('button', { name: 'Đúng', exact: true }).click();
    await expect.poll(() => row(page, id).locator('.mark').textContent()).toBe('Đúng');
  }
  const rec = (await bookOf(page, bookId))?.acceptances.at(-1);
  for (const id of entryIds) expect(rec?.marks[id]?.verdict).toBe('ok');
}

async function seedBook(page: Page, bookId: string, pages: number): Promise<string[]> {
  const bundle = await build({
    entryPoints: [join(ROOT, 'tests', 'browser', 'verified-book.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__verifiedBook',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  await page.evaluate(`${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.__verifiedBook = __verifiedBook; 0`);
  const args: VerifiedBook = {
    bookId,
    image: readFileSync(join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg')).toString('base64'),
    width: 2480,
    height: 3508,
    pages,
    perPage: 4,
    operatorId: ids.keyer,
    checkerId: ids.checker,
  };
  return page.evaluate(
    (a) =>
      (
        globalThis as unknown as { __verifiedBook: { seed(b: VerifiedBook): Promise<string[]> } }
      ).__verifiedBook.seed(a),
    args,
  );
}

describe('Nghiệm thu', () => {
  it('sets up three people and two books of verified entries', async () => {
    const { page } = app.s;
    await page.getByRole('button', { name: 'Chưa đặt mã PIN' }).click();
    for (const u of Object.values(USERS)) await createUser(page, u);
    const users = await readStore<{ id: string; name: string }>(page, 'users');
    for (const k of Object.keys(USERS) as (keyof typeof USERS)[])
      ids[k] = users.find((u) => u.name === USERS[k].name)?.id ?? '';
    await createBook(page, { type: 'KH', year: 2020, commune: 'nghi phu', bookNumber: '01/2020' });
    await createBook(page, { type: 'KH', year: 2020, commune: 'nghi phu', bookNumber: '02/2020' });
    const books = await readStore<StoredBook>(page, 'books');
    bookA = books.find((b) => b.bookNumber === '01/2020')?.id ?? '';
    bookB = books.find((b) => b.bookNumber === '02/2020')?.id ?? '';
    expect(await seedBook(page, bookA, 10)).toHaveLength(40);
    expect(await seedBook(page, bookB, 5)).toHaveLength(20);
    await page.reload();
    await switchTo(page, USERS.supervisor);
  }, 120_000);

  it('commune level: draws the sample, inspects it against the image; a reload keeps sample and marks', async () => {
    const { page } = app.s;
    await openBook(page, bookA);
    await tab(page, 'Nghiệm thu');
    await expect.poll(() => page.getByTestId('accept-lot').textContent()).toBe('Lô: 40 mục đã kiểm tra');
    await expect(page.locator('select[name=acceptance-level]').inputValue()).resolves.toBe('Cấp xã');
    expect(await page.getByTestId('accept-plan').textContent()).toBe(
      'Mã chữ D (phương án E) · Cỡ mẫu 13 · Ac 0 · Re 1',
    );
    await page.getByRole('button', { name: 'Rút mẫu' }).click();
    await expect.poll(() => status(page)).toBe('sampling');
    const rec = (await bookOf(page, bookA))?.acceptances[0];
    expect(rec).toMatchObject({ level: 'Cấp xã', userId: ids.supervisor, lotSize: 40, decision: null });
    const sample = rec?.sampleIds ?? [];
    expect(sample).toHaveLength(13);
    expect(new Set(sample).size).toBe(13);
    expect(await page.locator('[data-testid=accept-sample] tbody tr').count()).toBe(13);

    // Open a sampled entry beside its page; a field's name shows its crop.
    const first = sample[0] ?? '';
    await row(page, first).locator('button.link').click();
    await expect.poll(() => row(page, first).getAttribute('class')).toContain('current');
    await page.getByTestId('accept-values').getByRole('button', { name: 'Họ, chữ đệm, tên chồng' }).click();
    const zoom = page.getByTestId('field-zoom');
    await expect.poll(() => zoom.getAttribute('data-drawn')).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'accept-01-inspect-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'accept-01-inspect-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });

    // "Có lỗi" without a note is refused in words.
    await row(page, first).getByRole('button', { name: 'Có lỗi' }).click();
    await expect.poll(() => page.getByTestId('accept-error').textContent()).toContain('Hãy ghi lỗi');

    await markOk(page, bookA, sample.slice(0, 7));
    await reloadAs(page, USERS.supervisor);
    await expect.poll(() => status(page)).toBe('sampling');
    const again = (await bookOf(page, bookA))?.acceptances ?? [];
    expect(again).toHaveLength(1);
    expect(again[0]?.sampleIds).toEqual(sample);
    expect(Object.keys(again[0]?.marks ?? {}).sort()).toEqual(sample.slice(0, 7).sort());
    expect(
      await page
        .locator('[data-testid=accept-sample] tbody tr')
        .evaluateAll((rs) =>
          rs.map((r) => [r.getAttribute('data-entry'), r.querySelector('.mark')?.textContent ?? '']),
        ),
    ).toEqual(sample.map((id, i) => [id, i < 7 ? 'Đúng' : '']));
    expect(await page.getByTestId('accept-status').textContent()).toContain('còn 6/13 mục mẫu chưa đánh giá');
  }, 120_000);

  it('commune level: every sampled entry right → accepted; the minutes print', async () => {
    const { page } = app.s;
    const sample = (await bookOf(page, bookA))?.acceptances[0]?.sampleIds ?? [];
    await markOk(page, bookA, sample.slice(7));
    await page.getByRole('button', { name: 'Kết luận' }).click();
    await expect.poll(() => status(page)).toBe('accepted');
    const states = await statesOf(page, bookA);
    expect(Object.values(states).filter((s) => s === 'accepted')).toHaveLength(40);
    const rec = (await bookOf(page, bookA))?.acceptances[0];
    expect(rec?.decision).toMatchObject({ accepted: true, defects: 0, sampleSize: 13 });
    expect(rec?.moved).toHaveLength(40);

    const minutes = page.getByTestId('minutes');
    await expect.poll(() => minutes.textContent()).toContain('BIÊN BẢN NGHIỆM THU');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.top').isVisible()).toBe(false);
    expect(await page.locator('[data-testid=accept-sample]').isVisible()).toBe(false);
    expect(await minutes.isVisible()).toBe(true);
    const text = (await minutes.textContent()) ?? '';
    for (const want of [
      'Cấp xã',
      'Phạm Quốc Cường',
      'Cỡ lô40 mục',
      'Cỡ mẫu13 mục · Ac = 0 · Re = 1',
      `Hạt giống rút mẫu${rec?.seed}`,
      'Số mục có lỗi0/13',
      'ĐẠT — 40 mục chuyển sang “Đã nghiệm thu”',
    ])
      expect(text).toContain(want);
    expect(await minutes.locator('ol.sample li').count()).toBe(13);
    await page.screenshot({ path: join(SHOTS, 'accept-02-minutes-print-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'accept-02-minutes-print-1920.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // One A4 page: the minutes alone, nothing of the screen behind them.
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: join(SHOTS, 'accept-03-accepted-1366.png'), fullPage: true });
  }, 120_000);

  it('province level: samples the accepted entries, accepted; both records are shown', async () => {
    const { page } = app.s;
    await page.locator('select[name=acceptance-level]').selectOption('Cấp tỉnh');
    await expect
      .poll(() => page.getByTestId('accept-lot').textContent())
      .toBe('Lô: 40 mục đã nghiệm thu cấp xã');
    await page.getByRole('button', { name: 'Rút mẫu' }).click();
    await expect.poll(() => status(page)).toBe('sampling');
    const recs = (await bookOf(page, bookA))?.acceptances ?? [];
    expect(recs.map((r) => r.level)).toEqual(['Cấp xã', 'Cấp tỉnh']);
    const sample = recs[1]?.sampleIds ?? [];
    expect(sample).toHaveLength(13);
    await reloadAs(page, USERS.supervisor);
    await expect.poll(() => page.locator('select[name=acceptance-level]').inputValue()).toBe('Cấp tỉnh');
    await markOk(page, bookA, sample);
    await page.getByRole('button', { name: 'Kết luận' }).click();
    await expect.poll(() => status(page)).toBe('accepted');
    const province = (await bookOf(page, bookA))?.acceptances[1];
    expect(province?.decision).toMatchObject({ accepted: true, defects: 0 });
    expect(province?.moved).toEqual([]);
    expect(Object.values(await statesOf(page, bookA)).every((s) => s === 'accepted')).toBe(true);
    await expect
      .poll(() => page.getByTestId('minutes-verdict').textContent())
      .toContain('lô 40 mục đạt nghiệm thu cấp tỉnh');
    await expect(page.getByTestId('accept-gate').textContent()).resolves.toBe(
      'Sổ đã nghiệm thu đạt cấp tỉnh.',
    );

    const table = page.getByTestId('accept-records');
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((rs) =>
        rs.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent.trim())),
      );
    expect(rows.map((r) => [r[0], r[1], r[4], r[5], r[6], r[8], r[9]])).toEqual([
      ['Cấp xã', 'Phạm Quốc Cường', '40', '13', '0 / 1', '0', 'Đạt'],
      ['Cấp tỉnh', 'Phạm Quốc Cường', '40', '13', '0 / 1', '0', 'Đạt'],
    ]);
    expect(rows.map((r) => r[7])).toEqual(recs.map((r) => String(r.seed)));
    await page.screenshot({ path: join(SHOTS, 'accept-04-province-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'accept-04-province-1920.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);

  it('a book with errors beyond Re is rejected: its errors go back to the checker, listed first', async () => {
    const { page } = app.s;
    await openBook(page, bookB);
    await tab(page, 'Nghiệm thu');
    await expect.poll(() => page.getByTestId('accept-lot').textContent()).toBe('Lô: 20 mục đã kiểm tra');
    await page.getByRole('button', { name: 'Rút mẫu' }).click();
    await expect.poll(() => status(page)).toBe('sampling');
    const sample = (await bookOf(page, bookB))?.acceptances[0]?.sampleIds ?? [];
    expect(sample).toHaveLength(13);
    const bad = sample.slice(0, 2);
    const notes = ['Tên vợ sai dấu: Hoà, sổ ghi Hòa', 'Ngày đăng ký sai số'];
    for (const [i, id] of bad.entries()) {
      await row(page, id)
        .locator('input')
        .fill(notes[i] ?? '');
      await row(page, id).getByRole('button', { name: 'Có lỗi' }).click();
      await expect.poll(() => row(page, id).locator('.mark').textContent()).toBe(`Có lỗi: ${notes[i]}`);
    }
    await markOk(page, bookB, sample.slice(2));
    await page.getByRole('button', { name: 'Kết luận' }).click();
    await expect.poll(() => status(page)).toBe('rejected');
    const errors = page.getByTestId('accept-errors');
    for (const n of notes) await expect(errors.textContent()).resolves.toContain(n);
    const states = await statesOf(page, bookB);
    expect(bad.map((id) => states[id])).toEqual(['keyed', 'keyed']);
    expect(Object.values(states).filter((s) => s === 'verified')).toHaveLength(18);
    const rec = (await bookOf(page, bookB))?.acceptances[0];
    expect(rec?.decision).toMatchObject({ accepted: false, defects: 2, sampleSize: 13 });
    expect(rec?.moved).toEqual(bad);
    await expect(page.getByTestId('minutes-verdict').textContent()).resolves.toContain(
      'KHÔNG ĐẠT — 2 mục có lỗi gửi kiểm tra lại',
    );
    await page.screenshot({ path: join(SHOTS, 'accept-05-rejected-1366.png'), fullPage: true });

    // The checker's queue: the two entries, first, with the supervisor's notes; every field to check again.
    await switchTo(page, USERS.checker);
    await tab(page, 'Kiểm tra');
    await expect.poll(() => page.getByTestId('check-queue').textContent()).toBe('Mục 1/2 chờ kiểm tra');
    await expect(page.getByTestId('check-sent-back').textContent()).resolves.toContain('2 mục bị trả lại');
    const note = page.getByTestId('check-acceptance-note');
    await expect.poll(() => note.textContent()).toContain(notes[0]);
    expect(await note.textContent()).toContain('Nghiệm thu cấp xã không đạt');
    expect(await page.locator('[data-testid=check-fields] .row').count()).toBeGreaterThan(10);
    expect(await page.locator('[data-testid=check-fields]').textContent()).toContain('Đã xem 0/');
    await page.screenshot({ path: join(SHOTS, 'accept-06-checker-queue.png') });
    // The supervisor may not draw again before both are checked.
    await switchTo(page, USERS.supervisor);
    await tab(page, 'Nghiệm thu');
    await expect
      .poll(() => page.getByTestId('accept-gate').textContent())
      .toBe(
        'Nghiệm thu cấp xã không đạt: còn 2 mục có lỗi đang được kiểm tra lại; rút mẫu lại khi chúng đã được kiểm tra.',
      );
    expect(await page.getByRole('button', { name: 'Rút mẫu' }).isDisabled()).toBe(true);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SHOTS, 'accept-05-rejected-1920.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);

  it('the checker checks both again; the commune draws a new sample from the whole lot', async () => {
    const { page } = app.s;
    await switchTo(page, USERS.checker);
    await tab(page, 'Kiểm tra');
    const note = page.getByTestId('check-acceptance-note');
    const focused = (): Promise<string | null> =>
      page.locator('[data-testid=check-fields] .row.focused').getAttribute('data-key');
    for (const n of ['Tên vợ sai dấu', 'Ngày đăng ký sai số']) {
      await expect.poll(() => note.textContent()).toContain(n);
      const keys = await page.$$eval('[data-testid=check-fields] .row', (rows) =>
        rows.map((r) => r.getAttribute('data-key') ?? ''),
      );
      for (const key of keys) {
        await expect.poll(focused).toBe(key);
        await page.keyboard.press('Enter');
      }
    }
    await expect
      .poll(() => page.getByTestId('check-queue').textContent())
      .toBe('Không còn mục nào chờ bạn kiểm tra');
    await expect
      .poll(async () => Object.values(await statesOf(page, bookB)))
      .toEqual(Array.from({ length: 20 }, () => 'verified'));
    expect(await page.getByTestId('check-sent-back').count()).toBe(0);

    await switchTo(page, USERS.supervisor);
    await tab(page, 'Nghiệm thu');
    await expect.poll(() => page.getByTestId('accept-lot').textContent()).toBe('Lô: 20 mục đã kiểm tra');
    await page.getByRole('button', { name: 'Rút mẫu' }).click();
    await expect.poll(() => status(page)).toBe('sampling');
    const recs = (await bookOf(page, bookB))?.acceptances ?? [];
    expect(recs.map((r) => [r.level, r.lotSize, r.decision?.accepted ?? null])).toEqual([
      ['Cấp xã', 20, false],
      ['Cấp xã', 20, null],
    ]);
    expect(recs[1]?.seed).not.toBe(recs[0]?.seed);
  }, 120_000);

  it("shows the supervisor who keyed and who checked what, per person, and the book's figures", async () => {
    const { page } = app.s;
    const panel = page.getByTestId('people-stats');
    await panel.getByRole('button', { name: 'Xem thống kê' }).click();
    await panel.getByTestId('people-table').waitFor();
    const cells = (id: string): Promise<string[]> =>
      panel.locator(`tr[data-user="${id}"] td`).allTextContents();
    const keyer = await cells(ids.keyer);
    // Person, keyed, confirmed, OCR kept, edits, returns received, returns given, checked, fields checked.
    expect(keyer.slice(0, 2)).toEqual([`${USERS.keyer.name} (Người nhập liệu)`, '20']);
    const checks = (await readStore<Ev>(page, 'audit')).filter(
      (e) => e.bookId === bookB && e.action === 'field.check' && e.userId === ids.checker,
    );
    expect(checks.length).toBeGreaterThan(10);
    const checker = await cells(ids.checker);
    expect(checker[0]).toBe(`${USERS.checker.name} (Người kiểm tra)`);
    expect(checker.slice(7, 9)).toEqual(['22', String(checks.length)]); // 20 seeded + the 2 checked again
    expect(checker[10]).toMatch(/\d (ms|giây)/u);
    const figures = (await panel.getByTestId('book-stats').textContent())?.replace(/\s+/gu, ' ').trim();
    expect(figures).toMatch(/^20 mục: Đã kiểm tra 20\. .* Số thứ tự: thiếu 0 chỗ, trùng 0 số\.$/u);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'accept-06-people-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'accept-06-people-1920.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  }, 60_000);

  it('every step left its events, and the chains verify', async () => {
    const { page } = app.s;
    const all = await readStore<Ev>(page, 'audit');
    expect(verify(all)).toEqual([]);
    const of = (bookId: string, action: string): Ev[] =>
      all.filter((e) => e.bookId === bookId && e.action === action);
    expect(of(bookA, 'book.sample')).toHaveLength(2);
    expect(of(bookA, 'book.inspect')).toHaveLength(26);
    expect(of(bookA, 'book.accept').map((e) => (e.after as { level: string }).level)).toEqual([
      'Cấp xã',
      'Cấp tỉnh',
    ]);
    expect(
      of(bookA, 'entry.state')
        .filter((e) => e.after === 'accepted')
        .map((e) => [e.before, e.userId, e.role]),
    ).toEqual(Array.from({ length: 40 }, () => ['verified', ids.supervisor, 'supervisor']));
    expect(of(bookB, 'book.sample')).toHaveLength(2);
    expect(of(bookB, 'book.inspect')).toHaveLength(13);
    expect(of(bookB, 'book.accept')).toHaveLength(1);
    expect(
      of(bookB, 'entry.state')
        .filter((e) => e.userId === ids.checker && e.after === 'verified' && e.note !== 'test')
        .map((e) => e.before),
    ).toEqual(['keyed', 'keyed']);
    const back = of(bookB, 'entry.state').filter((e) => e.userId === ids.supervisor);
    expect(back.map((e) => [e.before, e.after])).toEqual([
      ['verified', 'keyed'],
      ['verified', 'keyed'],
    ]);
    expect(back[0]?.note).toContain('Tên vợ sai dấu');

    await switchTo(page, USERS.supervisor);
    for (const id of [bookA, bookB]) {
      await openBook(page, id);
      await page.getByRole('button', { name: 'Kiểm tra nhật ký' }).click();
      await expect
        .poll(() => page.getByTestId('audit-result').textContent())
        .toMatch(/Nhật ký nguyên vẹn: \d+ sự kiện trong 1 chuỗi/);
    }
  }, 120_000);

  it('the levels are a setting: the supervisor adds the district level in Settings, checked in words', async () => {
    const { page } = app.s;
    await tab(page, 'Cài đặt');
    const form = page.getByTestId('acceptance-levels');
    const inputs = form.locator('input[name^=level-]');
    await expect
      .poll(() => inputs.evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value)))
      .toEqual(['Cấp xã', 'Cấp tỉnh']);
    await form.getByRole('button', { name: '+ Thêm cấp' }).click();
    await inputs.nth(2).fill('cấp  XÃ');
    await form.getByRole('button', { name: 'Lưu các cấp' }).click();
    const message = page.getByTestId('levels-message');
    await expect.poll(() => message.textContent()).toBe('“cấp XÃ” trùng với cấp thứ 1.');
    expect(await message.getAttribute('role')).toBe('alert');
    expect(await inputs.nth(2).getAttribute('aria-invalid')).toBe('true');
    await inputs.nth(2).fill('Cấp huyện');
    await form.getByRole('button', { name: 'Đưa cấp thứ 3 lên' }).click();
    await form.getByRole('button', { name: 'Lưu các cấp' }).click();
    await expect.poll(() => message.textContent()).toBe('Đã lưu: Cấp xã → Cấp huyện → Cấp tỉnh.');
    const [setting] = (await readStore<{ key: string; value: unknown }>(page, 'settings')).filter(
      (x) => x.key === 'acceptance',
    );
    expect(setting?.value).toMatchObject({ levels: ['Cấp xã', 'Cấp huyện', 'Cấp tỉnh'] });
    await page.screenshot({ path: join(SHOTS, 'accept-07-levels-setting.png'), fullPage: true });

    // Book A (accepted by the commune and the province before) now stands at the district level.
    await openBook(page, bookA);
    await tab(page, 'Nghiệm thu');
    const level = page.locator('select[name=acceptance-level]');
    await expect
      .poll(() => level.locator('option').evaluateAll((os) => os.map((o) => o.textContent)))
      .toEqual(['Cấp xã', 'Cấp huyện', 'Cấp tỉnh']);
    await expect.poll(() => level.inputValue()).toBe('Cấp huyện');
    expect(await page.getByTestId('accept-lot').textContent()).toBe('Lô: 40 mục đã nghiệm thu cấp xã');
    await level.selectOption('Cấp tỉnh');
    await expect
      .poll(() => page.getByTestId('accept-gate').textContent())
      .toBe('Sổ chưa nghiệm thu đạt cấp huyện: hãy nghiệm thu cấp huyện trước.');
    expect(await page.getByRole('button', { name: 'Rút mẫu' }).isDisabled()).toBe(true);
  }, 120_000);

  it('stays offline, without errors', () => {
    expect(app.s.foreign()).toEqual([]);
    expect(app.s.problems).toEqual([]);
  });
});

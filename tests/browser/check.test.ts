/**
 * Checking and returned work (issue 10 items 1–2) in the built app with the real IndexedDB: an operator keys an
 * entry and is told why the checker's screen is not theirs; a checker does not get their own entry, checks the
 * operator's entry field by field with the keyboard and marks one field wrong with a reason → returned; the
 * operator finds it first with the reason, fixes it and finishes → keyed; the checker accepts one field and the
 * operator changes it: its mark is cleared (checked again); the checker verifies it; a reload keeps everything, the
 * history reads the rounds and the chains verify.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { createBook, importFiles, importMessages, readStore, waitForFields, waitOcrIdle } from './desk';

interface StoredEntry {
  id: string;
  state: string;
  keyedBy: string | null;
  fields: Record<string, { value: string; confirmed: boolean; check?: { verdict: string; reason?: string } }>;
}
interface Ev {
  action: string;
  entryId: string | null;
  field: string | null;
  before: unknown;
  after: unknown;
  userId: string | null;
}

const app = useBuiltApp('?demo=0', async (s) => {
  await s.page.setViewportSize({ width: 1366, height: 900 });
});

const TARGET = 'chongHoTen';
let anId = '';
let binhId = '';
let entryId = '';

async function createUser(page: Page, name: string, role: string, pin: string): Promise<void> {
  const panel = page.getByTestId('users-panel');
  await panel.locator('input[name=user-name]').fill(name);
  await panel.locator('select[name=user-role]').selectOption(role);
  await panel.locator('input[name=user-pin]').fill(pin);
  await panel.locator('input[name=user-pin2]').fill(pin);
  await panel.getByRole('button', { name: 'Tạo người dùng' }).click();
  await expect.poll(() => panel.textContent()).toContain(name);
}

async function switchTo(page: Page, name: string, pin: string): Promise<void> {
  await page.getByTestId('current-user').click();
  const dialog = page.getByRole('dialog', { name: 'Đổi người dùng' });
  await dialog.getByRole('radio', { name: new RegExp(name) }).check();
  await dialog.locator('input[name=pin]').fill(pin);
  await dialog.getByRole('button', { name: 'Chuyển' }).click();
  await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(name);
}

const entryOf = async (page: Page, id: string): Promise<StoredEntry | undefined> =>
  (await readStore<StoredEntry>(page, 'entries')).find((e) => e.id === id);
const focusedRow = (page: Page): Promise<string | null> =>
  page.locator('[data-testid=check-fields] .row.focused').getAttribute('data-key');
const tab = (page: Page, name: string): Promise<void> =>
  page.getByRole('navigation', { name: 'Màn hình' }).getByRole('button', { name, exact: true }).click();

/** On the checker's screen: Enter on every field, Space + `reason` on `wrong` (each after the focus arrived). */
async function checkAll(page: Page, wrong?: { key: string; reason: string }): Promise<void> {
  const keys = await page.$$eval('[data-testid=check-fields] .row', (rows) =>
    rows.map((r) => r.getAttribute('data-key') ?? ''),
  );
  expect(keys.length).toBeGreaterThan(10);
  for (const key of keys) {
    await expect.poll(() => focusedRow(page)).toBe(key);
    if (key === wrong?.key) {
      await page.keyboard.press('Space');
      await page.getByRole('list', { name: 'Lý do sai (phím số)' }).waitFor();
      await page.screenshot({ path: join(SHOTS, 'check-03-reasons.png') });
      await page.keyboard.press(wrong.reason);
    } else await page.keyboard.press('Enter');
  }
}

describe('checking and returned work', () => {
  it('an operator keys an entry and may not check; the checker does not get their own entry', async () => {
    const { page } = app.s;
    await page.getByRole('button', { name: 'Chưa đặt mã PIN' }).click();
    await createUser(page, 'Trần Văn An', 'operator', '1357');
    await createUser(page, 'Lê Thị Bình', 'checker', '2468');
    const users = await readStore<{ id: string; name: string }>(page, 'users');
    anId = users.find((u) => u.name === 'Trần Văn An')?.id ?? '';
    binhId = users.find((u) => u.name === 'Lê Thị Bình')?.id ?? '';

    await switchTo(page, 'Trần Văn An', '1357');
    await createBook(page, { type: 'KH', year: 2020, commune: 'nghi phu', bookNumber: '01/2020' });
    await importFiles(page, [{ path: join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg') }]);
    await importMessages(page, 1);
    await waitOcrIdle(page, 1);
    await tab(page, 'Nhập liệu');
    await waitForFields(page, 5);
    await page.locator(`.entry-form .value [name=${TARGET}]`).click();
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(async () => (await readStore<StoredEntry>(page, 'entries')).filter((e) => e.state === 'keyed'))
      .toHaveLength(1);
    const keyed = (await readStore<StoredEntry>(page, 'entries')).find((e) => e.state === 'keyed');
    expect(keyed?.keyedBy).toBe(anId);
    entryId = keyed?.id ?? '';

    await tab(page, 'Kiểm tra');
    const refusal = page.getByTestId('check-refusal');
    await expect.poll(() => refusal.textContent()).toContain('Người nhập liệu');
    await page.screenshot({ path: join(SHOTS, 'check-01-operator.png') });

    // The checker keys an entry of their own: it never reaches their queue.
    await switchTo(page, 'Lê Thị Bình', '2468');
    await tab(page, 'Nhập liệu');
    await page.getByRole('button', { name: '+ Mục' }).click();
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(async () => (await readStore<StoredEntry>(page, 'entries')).filter((e) => e.keyedBy === binhId))
      .toHaveLength(1);
    await tab(page, 'Kiểm tra');
    await expect.poll(() => page.getByTestId('check-queue').textContent()).toBe('Mục 1/1 chờ kiểm tra');
    await expect(page.getByTestId('check-own').textContent()).resolves.toContain('1 mục do bạn nhập');
  }, 400_000);

  it('the checker marks one field wrong with a reason: the entry is returned', async () => {
    const { page } = app.s;
    await expect.poll(() => focusedRow(page)).not.toBeNull();
    await page.getByTestId('field-zoom').waitFor();
    await page.screenshot({ path: join(SHOTS, 'check-02-desk.png') });
    await checkAll(page, { key: TARGET, reason: 'Digit2' }); // 2: sai dấu
    await expect.poll(async () => (await entryOf(page, entryId))?.state).toBe('returned');
    const e = await entryOf(page, entryId);
    expect(e?.fields[TARGET]).toMatchObject({
      confirmed: false,
      check: { verdict: 'wrong', reason: 'diacritics' },
    });
    await expect(page.getByTestId('check-outcome').textContent()).resolves.toContain('Bị trả lại');
    await expect(page.getByTestId('check-queue').textContent()).resolves.toBe(
      'Không còn mục nào chờ bạn kiểm tra',
    );
    await page.screenshot({ path: join(SHOTS, 'check-04-returned.png') });
  }, 120_000);

  it('the operator finds it first with the reason, fixes it and finishes: keyed again', async () => {
    const { page } = app.s;
    await switchTo(page, 'Trần Văn An', '1357');
    await tab(page, 'Nhập liệu');
    const note = page.locator(`.row[data-key=${TARGET}] [data-testid=field-check]`);
    await expect.poll(() => note.textContent()).toBe('Người kiểm tra: Sai dấu');
    await expect(page.getByTestId('entry-state').textContent()).resolves.toBe('Bị trả lại');
    await page.screenshot({ path: join(SHOTS, 'check-05-operator-returned.png') });
    const input = page.locator(`.entry-form .value [name=${TARGET}]`);
    await input.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Nguyễn Văn Hoà');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await entryOf(page, entryId))?.state).toBe('keyed');
    const e = await entryOf(page, entryId);
    expect(e?.fields[TARGET]?.value).toBe('Nguyễn Văn Hoà');
    expect(Object.values(e?.fields ?? {}).some((f) => f.check)).toBe(false);
  }, 60_000);

  it('the checker verifies it; a reload keeps it; the history reads the rounds; the chains verify', async () => {
    const { page } = app.s;
    await switchTo(page, 'Lê Thị Bình', '2468');
    await tab(page, 'Kiểm tra');
    await expect.poll(() => page.getByTestId('check-queue').textContent()).toBe('Mục 1/1 chờ kiểm tra');
    await page.locator(`[data-testid=check-fields] .row[data-key=${TARGET}]`).click();
    await expect.poll(() => page.locator('[data-testid=diff-value]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'check-06-diff.png') });
    // The checker accepts this one field, then the operator changes it: its mark goes, it must be checked again.
    await expect.poll(() => focusedRow(page)).toBe(TARGET);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await entryOf(page, entryId))?.fields[TARGET]?.check?.verdict).toBe('ok');
    await switchTo(page, 'Trần Văn An', '1357');
    await tab(page, 'Nhập liệu');
    await page.getByRole('tab').first().click();
    const input = page.locator(`.entry-form .value [name=${TARGET}]`);
    await expect.poll(() => input.inputValue()).toBe('Nguyễn Văn Hoà');
    await input.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Nguyễn Văn Hòa');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await entryOf(page, entryId))?.fields[TARGET])
      .toMatchObject({ value: 'Nguyễn Văn Hòa', confirmed: true });
    const edited = await entryOf(page, entryId);
    expect(edited?.state).toBe('keyed');
    expect(edited?.fields[TARGET]?.check).toBeUndefined();
    const cleared = (await readStore<Ev>(page, 'audit')).filter(
      (x) => x.entryId === entryId && x.action === 'field.check' && x.after === null,
    );
    expect(cleared.map((x) => [x.field, x.userId])).toEqual([[TARGET, anId]]);
    await switchTo(page, 'Lê Thị Bình', '2468');
    await tab(page, 'Kiểm tra');
    await expect.poll(() => page.getByTestId('check-queue').textContent()).toBe('Mục 1/1 chờ kiểm tra');
    await expect(page.getByTestId('check-fields').textContent()).resolves.toContain('Đã xem 0/');
    await page.locator('[data-testid=check-fields] .row').first().click(); // back to the first field
    await checkAll(page);
    await expect.poll(async () => (await entryOf(page, entryId))?.state).toBe('verified');

    await page.reload();
    const start = page.getByRole('dialog', { name: 'Ai đang làm việc?' });
    await start.locator('input[name=pin]').fill('2468');
    await start.getByRole('button', { name: 'Vào làm việc' }).click();
    await expect
      .poll(() => page.getByTestId('check-queue').textContent())
      .toBe('Không còn mục nào chờ bạn kiểm tra');
    expect((await entryOf(page, entryId))?.state).toBe('verified');

    const events = (await readStore<Ev>(page, 'audit')).filter((x) => x.entryId === entryId);
    expect(
      events.filter((x) => x.action === 'entry.state').map((x) => [x.before, x.after, x.userId]),
    ).toEqual([
      ['prefilled', 'keyed', anId],
      ['keyed', 'returned', binhId],
      ['returned', 'keyed', anId],
      ['keyed', 'verified', binhId],
    ]);
    expect(
      events
        .filter((x) => x.action === 'field.check' && x.field === TARGET)
        .map((x) => [(x.after as { verdict?: string } | null)?.verdict ?? null, x.userId]),
    ).toEqual([
      ['wrong', binhId],
      ['ok', binhId],
      [null, anId],
      ['ok', binhId],
    ]);

    await tab(page, 'Nhập liệu');
    await page.getByRole('tab').first().click();
    await page.getByRole('button', { name: 'Lịch sử' }).click();
    const history = page.getByRole('dialog', { name: 'Lịch sử của mục' });
    await expect.poll(() => history.textContent()).toContain('Bị trả lại — Trả lại:');
    await expect(history.textContent()).resolves.toContain('Đã kiểm tra — Đã kiểm tra: mọi trường đúng');
    await page.screenshot({ path: join(SHOTS, 'check-07-history.png') });
    await history.getByRole('button', { name: 'Đóng' }).click();
    await tab(page, 'Trang & nhập ảnh');
    await page.getByRole('button', { name: 'Kiểm tra nhật ký' }).click();
    await expect
      .poll(() => page.getByTestId('audit-result').textContent())
      .toMatch(/Nhật ký nguyên vẹn: \d+ sự kiện trong 1 chuỗi/);
  }, 120_000);

  it('stays offline', () => {
    expect(app.s.foreign()).toEqual([]);
    expect(app.s.problems).toEqual([]);
  });
});

/**
 * Blind double keying (issue 10 item 3) in the built app with the real IndexedDB: the administrator turns the
 * book's setting on; operator A keys an entry; A does not get it back for the second keying; operator B keys it
 * blind (empty inputs, A's values nowhere on the page) with one field different, reloading half way (the typed
 * values come back); the comparison sends the one differing field to checker C, who sees both values beside the
 * crop and types the right value from the image: the entry is verified. A reload keeps everything; the events are
 * all there and the chains verify by DESIGN §3.8 alone (tests/browser/chains.ts).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verify, type Ev } from './chains';
import { ROOT, SHOTS, useBuiltApp } from './harness';
import { createBook, importFiles, importMessages, readStore, waitForFields, waitOcrIdle } from './desk';

interface StoredEntry {
  id: string;
  state: string;
  keyedBy: string | null;
  second?: { by: string; values: Record<string, string>; differ: string[]; compared: number };
  fields: Record<
    string,
    {
      value: string;
      source: string;
      check?: { verdict: string; by: string; via?: string; corrected?: string };
    }
  >;
}

const app = useBuiltApp('?demo=0', async (s) => {
  await s.page.setViewportSize({ width: 1366, height: 768 });
});

const TARGET = 'chongHoTen';
const ids: Record<'an' | 'bich' | 'cuong', string> = { an: '', bich: '', cuong: '' };
let entryId = '';
/** A's values, as stored when A finished. */
let first: Record<string, string> = {};
/** What B types in TARGET: A's value with one diacritic changed. */
let other = '';

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

async function reloadAs(page: Page, pin: string): Promise<void> {
  await page.reload();
  const start = page.getByRole('dialog', { name: 'Ai đang làm việc?' });
  await start.locator('input[name=pin]').fill(pin);
  await start.getByRole('button', { name: 'Vào làm việc' }).click();
}

const entryOf = async (page: Page, id: string): Promise<StoredEntry | undefined> =>
  (await readStore<StoredEntry>(page, 'entries')).find((e) => e.id === id);
const tab = (page: Page, name: string): Promise<void> =>
  page.getByRole('navigation', { name: 'Màn hình' }).getByRole('button', { name, exact: true }).click();
const key2Keys = (page: Page): Promise<string[]> =>
  page.$$eval('[data-testid=key2-fields] .row', (rows) => rows.map((r) => r.getAttribute('data-key') ?? ''));
const key2Input = (page: Page, key: string) =>
  page.locator(`[data-testid=key2-fields] input[name=key2-${key}]`);
const focusedKey2 = (page: Page): Promise<string | null> =>
  page.locator('[data-testid=key2-fields] .row.focused').getAttribute('data-key');

/** One diacritic changed (the kind of difference the comparison must not fold away). */
function oneMarkOff(s: string): string {
  const swaps: [string, string][] = [
    ['ễ', 'ê'],
    ['ă', 'â'],
    ['ơ', 'ô'],
    ['ư', 'u'],
    ['à', 'á'],
    ['ị', 'i'],
    ['n', 'ñ'],
  ];
  for (const [a, b] of swaps) if (s.includes(a)) return s.replace(a, b);
  return `${s}x`;
}

/** B types `values[key]` in each field from `from` on (Enter after each; the last Enter finishes). */
async function typeFrom(
  page: Page,
  keys: string[],
  from: number,
  to: number,
  values: Record<string, string>,
) {
  for (let i = from; i < to; i++) {
    const key = keys[i] ?? '';
    await expect.poll(() => focusedKey2(page)).toBe(key);
    const v = values[key] ?? '';
    if (v) await page.keyboard.type(v);
    await expect.poll(() => key2Input(page, key).inputValue()).toBe(v);
    if (i < keys.length - 1) await page.keyboard.press('Enter');
  }
}

describe('blind double keying', () => {
  it('the administrator turns it on; operator A keys an entry and does not get it for the second keying', async () => {
    const { page } = app.s;
    await page.getByRole('button', { name: 'Chưa đặt mã PIN' }).click();
    await createUser(page, 'Trần Văn An', 'operator', '1357');
    await createUser(page, 'Phạm Thị Bích', 'operator', '2468');
    await createUser(page, 'Lê Văn Cường', 'checker', '3579');
    const users = await readStore<{ id: string; name: string }>(page, 'users');
    ids.an = users.find((u) => u.name === 'Trần Văn An')?.id ?? '';
    ids.bich = users.find((u) => u.name === 'Phạm Thị Bích')?.id ?? '';
    ids.cuong = users.find((u) => u.name === 'Lê Văn Cường')?.id ?? '';

    await createBook(page, { type: 'KH', year: 2020, commune: 'nghi phu', bookNumber: '02/2020' });
    await importFiles(page, [{ path: join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg') }]);
    await importMessages(page, 1);
    await waitOcrIdle(page, 1);
    // The setting sits beside "checkers may correct" on the checker's screen; the tab appears once it is on.
    const nav = page.getByRole('navigation', { name: 'Màn hình' });
    await expect(nav.getByRole('button', { name: 'Nhập lần hai' }).count()).resolves.toBe(0);
    await tab(page, 'Kiểm tra');
    await page.locator('input[name=double-keying]').check();
    await expect
      .poll(async () => (await readStore<{ doubleKeying?: boolean }>(page, 'books'))[0]?.doubleKeying)
      .toBe(true);
    await nav.getByRole('button', { name: 'Nhập lần hai' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'double-01-setting.png') });

    await switchTo(page, 'Trần Văn An', '1357');
    await tab(page, 'Nhập liệu');
    await waitForFields(page, 5);
    await page.locator(`.entry-form .value [name=${TARGET}]`).click();
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(async () => (await readStore<StoredEntry>(page, 'entries')).filter((e) => e.state === 'keyed'))
      .toHaveLength(1);
    const keyed = (await readStore<StoredEntry>(page, 'entries')).find((e) => e.state === 'keyed');
    expect(keyed?.keyedBy).toBe(ids.an);
    entryId = keyed?.id ?? '';
    first = Object.fromEntries(Object.entries(keyed?.fields ?? {}).map(([k, f]) => [k, f.value]));
    expect(first[TARGET]?.length).toBeGreaterThan(3);
    other = oneMarkOff(first[TARGET] ?? '');
    expect(other).not.toBe(first[TARGET]);

    await tab(page, 'Nhập lần hai');
    await expect
      .poll(() => page.getByTestId('key2-queue').textContent())
      .toBe('Không còn mục nào chờ bạn nhập lần hai');
    await expect(page.getByTestId('key2-own').textContent()).resolves.toContain('1 mục do bạn nhập lần một');
    await page.screenshot({ path: join(SHOTS, 'double-02-first-keyer.png') });
  }, 400_000);

  it('operator B keys it blind, reloads half way, finishes with one field different', async () => {
    const { page } = app.s;
    await switchTo(page, 'Phạm Thị Bích', '2468');
    // On the keying screen A's entry is veiled for B (no form, no values), with the way to the blind keying.
    await tab(page, 'Nhập liệu');
    await page.getByRole('tab').first().click();
    await page.getByTestId('entry-veiled').waitFor();
    expect(await page.locator('.entry-form').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'double-02b-veiled.png') });
    await page.getByRole('button', { name: 'Nhập lần hai mục này' }).click();
    await expect.poll(() => page.getByTestId('key2-queue').textContent()).toBe('Mục 1/1 chờ nhập lần hai');
    const keys = await key2Keys(page);
    expect(keys.length).toBeGreaterThan(10);
    // Blind: every input empty, and none of A's values is anywhere on the page.
    for (const k of keys) expect(await key2Input(page, k).inputValue()).toBe('');
    const text = (await page.locator('main').textContent()) ?? '';
    for (const v of Object.values(first)) if (v.length > 3) expect(text).not.toContain(v);
    await page.getByTestId('field-zoom').waitFor();
    await page.screenshot({ path: join(SHOTS, 'double-03-blind.png') });

    const values: Record<string, string> = { ...first, [TARGET]: other };
    const half = Math.floor(keys.length / 2);
    await page.locator('[data-testid=key2-fields] .row').first().click();
    await typeFrom(page, keys, 0, half, values);
    // The draft is stored with everything typed so far (the app's own state) before the reload.
    await expect
      .poll(async () => {
        const s = await readStore<{ key: string; value: Record<string, string> | null }>(page, 'settings');
        const draft = s.find((x) => x.key === `key2-draft:${entryId}:${ids.bich}`)?.value ?? {};
        return keys.slice(0, half).every((k) => draft[k] === (values[k] ?? ''));
      })
      .toBe(true);
    // Nothing is on the entry yet: the draft is the keyer's alone.
    expect((await entryOf(page, entryId))?.second).toBeUndefined();

    await reloadAs(page, '2468');
    await expect.poll(() => page.getByTestId('key2-queue').textContent()).toBe('Mục 1/1 chờ nhập lần hai');
    for (const k of keys.slice(0, half))
      await expect.poll(() => key2Input(page, k).inputValue()).toBe(values[k] ?? '');
    await expect.poll(() => focusedKey2(page)).not.toBeNull();
    await page.locator(`[data-testid=key2-fields] .row[data-key=${keys[half]}] input`).click();
    await typeFrom(page, keys, half, keys.length, values);
    await page.screenshot({ path: join(SHOTS, 'double-04-typed.png') });
    await page.keyboard.press('Control+Enter');

    await expect.poll(async () => (await entryOf(page, entryId))?.state).toBe('keyed2');
    const e = await entryOf(page, entryId);
    expect(e?.second).toMatchObject({ by: ids.bich, differ: [TARGET] });
    expect(e?.second?.values[TARGET]).toBe(other);
    expect(e?.fields[TARGET]?.value).toBe(first[TARGET]);
    const agreed = Object.entries(e?.fields ?? {}).filter(([, f]) => f.check?.via === 'double-keying');
    expect(agreed.length).toBe(keys.length - 1);
    await expect.poll(() => page.getByTestId('key2-outcome').textContent()).toContain('1 trường khác nhau');
    await expect(page.getByTestId('key2-queue').textContent()).resolves.toBe(
      'Không còn mục nào chờ bạn nhập lần hai',
    );
    await page.screenshot({ path: join(SHOTS, 'double-05-done.png') });
  }, 200_000);

  it('checker C sees both values beside the crop, types the right one from the image: verified', async () => {
    const { page } = app.s;
    await switchTo(page, 'Lê Văn Cường', '3579');
    await tab(page, 'Kiểm tra');
    await expect.poll(() => page.getByTestId('check-queue').textContent()).toBe('Mục 1/1 chờ kiểm tra');
    await expect
      .poll(() => page.locator('[data-testid=check-fields] .row.focused').getAttribute('data-key'))
      .toBe(TARGET);
    const pair = page.getByTestId('keying-pair');
    await expect.poll(() => pair.textContent()).toContain(other);
    await expect(pair.textContent()).resolves.toContain('Lần một (Trần Văn An)');
    await expect(pair.textContent()).resolves.toContain('Lần hai (Phạm Thị Bích)');
    await expect(page.getByTestId('entry-agreement').textContent()).resolves.toContain('1 trường khác nhau');
    await expect(page.getByTestId('book-agreement').textContent()).resolves.toMatch(
      /Hai lần nhập khớp \d+,\d %/,
    );
    await page.getByTestId('field-zoom').waitFor();
    await page.screenshot({ path: join(SHOTS, 'double-06-third.png') });

    // Enter does not pick a side; 3 opens the input for the value the image shows.
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Hai lần nhập khác nhau');
    await page.keyboard.press('Digit3');
    const input = page.locator('input[name=resolve-value]');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(first[TARGET] ?? '');
    await page.screenshot({ path: join(SHOTS, 'double-07-typing.png') });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await entryOf(page, entryId))?.state).toBe('verified');
    const e = await entryOf(page, entryId);
    expect(e?.fields[TARGET]).toMatchObject({
      value: first[TARGET],
      check: { verdict: 'ok', by: ids.cuong },
    });
    await page.screenshot({ path: join(SHOTS, 'double-08-verified.png') });
  }, 120_000);

  it('a reload keeps it; the events are all there and the chains verify', async () => {
    const { page } = app.s;
    await reloadAs(page, '3579');
    await expect
      .poll(() => page.getByTestId('check-queue').textContent())
      .toBe('Không còn mục nào chờ bạn kiểm tra');
    expect((await entryOf(page, entryId))?.state).toBe('verified');
    await expect(page.getByTestId('book-agreement').textContent()).resolves.toContain('Hai lần nhập khớp');

    const events = await readStore<Ev>(page, 'audit');
    expect(verify(events)).toEqual([]);
    const mine = events.filter((x) => x.entryId === entryId).sort((a, b) => a.seq - b.seq);
    expect(mine.filter((x) => x.action === 'entry.state').map((x) => [x.before, x.after, x.userId])).toEqual([
      ['prefilled', 'keyed', ids.an],
      ['keyed', 'keyed2', ids.bich],
      ['keyed2', 'verified', ids.cuong],
    ]);
    const k2 = mine.filter((x) => x.action === 'entry.key2');
    expect(k2.map((x) => x.userId)).toEqual([ids.bich]);
    expect((k2[0]?.after as { values: Record<string, string> }).values[TARGET]).toBe(other);
    const target = mine.filter((x) => x.action === 'field.check' && x.field === TARGET);
    expect(target.map((x) => [x.userId, x.note])).toEqual([[ids.cuong, 'lấy giá trị lần một']]);
    expect(
      events.some(
        (x) => x.action === 'book.update' && (x.after as { doubleKeying?: boolean }).doubleKeying === true,
      ),
    ).toBe(true);
  }, 60_000);

  it('stays offline', () => {
    expect(app.s.foreign()).toEqual([]);
    expect(app.s.problems).toEqual([]);
  });
});

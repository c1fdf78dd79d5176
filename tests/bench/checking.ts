/**
 * Session D of the workstation benchmark (issue 10 targets): the checker's desk. A KS book (25 fields an entry)
 * with one scanned page and `entries` entries keyed by an operator, every value right and every field boxed
 * (tests/browser/verified-book.ts, bundled here with esbuild and run through the app's Repository in the page);
 * the checker verifies them with the keyboard. Figures: keystrokes per entry (Enter on each field; target ≤ 26),
 * and, for every move to the next field, the time from the key until the zoomed crop of that field is drawn
 * (FieldZoom's `data-drawn` names the box it drew) and the next frame — median and max (targets 50 ms, 150 ms).
 * The entries must be stored verified at the end. `--only-check` runs this session alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { createBook, readStore } from '../browser/desk';
import { openApp, ROOT, type AppServer } from '../browser/harness';
import type { VerifiedBook } from '../browser/verified-book';

export const CHECK_KEYS_TARGET = 26;
export const CROP_MEDIAN_TARGET_MS = 50;
export const CROP_MAX_TARGET_MS = 150;

export interface CheckingResult {
  entries: number;
  fields: number;
  /** Keys pressed per entry (all entries). */
  keysPerEntry: number[];
  /** Key → crop of the next field drawn → next frame, per move (ms). */
  cropMs: number[];
  medianMs: number;
  maxMs: number;
  verified: number;
  foreign: string[];
  problems: string[];
}

const OPERATOR = { name: 'Người nhập thử', role: 'operator', pin: '1357' };
const CHECKER = { name: 'Người kiểm tra thử', role: 'checker', pin: '2468' };

async function createUser(page: Page, u: { name: string; role: string; pin: string }): Promise<void> {
  const panel = page.getByTestId('users-panel');
  await panel.locator('input[name=user-name]').fill(u.name);
  await panel.locator('select[name=user-role]').selectOption(u.role);
  await panel.locator('input[name=user-pin]').fill(u.pin);
  await panel.locator('input[name=user-pin2]').fill(u.pin);
  await panel.getByRole('button', { name: 'Tạo người dùng' }).click();
  await panel.getByText(u.name).first().waitFor();
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

export async function runChecking(
  server: AppServer,
  log: (s: string) => void,
  entries = 4,
): Promise<CheckingResult> {
  const s = await openApp(server, '?demo=0');
  const { page } = s;
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: 'Chưa đặt mã PIN' }).click();
    await createUser(page, OPERATOR);
    await createUser(page, CHECKER);
    const users = await readStore<{ id: string; name: string }>(page, 'users');
    const idOf = (name: string): string => users.find((u) => u.name === name)?.id ?? '';
    await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '01/2017' });
    const [book] = await readStore<{ id: string }>(page, 'books');
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
    await page.evaluate(
      `${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.__verifiedBook = __verifiedBook; 0`,
    );
    const args: VerifiedBook = {
      bookId: book?.id ?? '',
      image: readFileSync(join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg')).toString('base64'),
      width: 2480,
      height: 3508,
      pages: 1,
      perPage: entries,
      operatorId: idOf(OPERATOR.name),
      checkerId: idOf(CHECKER.name),
      type: 'KS',
      state: 'keyed',
    };
    const ids = await page.evaluate(
      (a) =>
        (
          globalThis as unknown as { __verifiedBook: { seed(b: VerifiedBook): Promise<string[]> } }
        ).__verifiedBook.seed(a),
      args,
    );
    log(`session D: ${ids.length} keyed KS entries seeded; the checker verifies them`);

    // tsx compiles this file with esbuild's keepNames: functions evaluated in the page call its `__name` helper.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.reload();
    await page.getByTestId('current-user').click();
    const dialog = page.getByRole('dialog', { name: 'Đổi người dùng' });
    await dialog.getByRole('radio', { name: new RegExp(CHECKER.name) }).check();
    await dialog.locator('input[name=pin]').fill(CHECKER.pin);
    await dialog.getByRole('button', { name: 'Chuyển' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const nav = page.getByRole('navigation', { name: 'Màn hình' });
    await nav.getByRole('button', { name: 'Sổ', exact: true }).click();
    await page.locator(`tr[data-book="${args.bookId}"] button`, { hasText: 'Trang & nhập ảnh' }).click();
    await page.locator('#book-title').waitFor();
    await nav.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=field-zoom]')?.getAttribute('data-drawn') ?? '',
    );

    // In the page: every Enter starts a clock (capture phase, before the desk's handler); the first change of
    // FieldZoom's data-drawn after it, then the next frame, stops it.
    await page.evaluate(() => {
      const w = window as unknown as { __cropMs: number[]; __t0: number | null };
      w.__cropMs = [];
      w.__t0 = null;
      window.addEventListener(
        'keydown',
        (e) => {
          if (e.key === 'Enter') w.__t0 = performance.now();
        },
        { capture: true },
      );
      new MutationObserver(() => {
        const t0 = w.__t0;
        if (t0 === null) return;
        w.__t0 = null;
        requestAnimationFrame(() => {
          setTimeout(() => w.__cropMs.push(performance.now() - t0), 0);
        });
      }).observe(document.body, { attributes: true, attributeFilter: ['data-drawn'], subtree: true });
    });

    const fields = await page.locator('[data-testid=check-fields] .row').count();
    const keysPerEntry: number[] = [];
    let moves = 0;
    for (let e = 0; e < ids.length; e++) {
      let keys = 0;
      for (let f = 0; f < fields; f++) {
        const last = e === ids.length - 1 && f === fields - 1;
        await page.keyboard.press('Enter');
        keys++;
        if (last) break; // the queue is empty: no next crop
        moves++;
        // Wait for the app: the crop of the next field is drawn and timed.
        await page.waitForFunction(
          (n) => (window as unknown as { __cropMs: number[] }).__cropMs.length >= n,
          moves,
          { timeout: 20_000 },
        );
      }
      keysPerEntry.push(keys);
    }
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=check-queue]')?.textContent ===
        'Không còn mục nào chờ bạn kiểm tra',
    );
    const stored = await readStore<{ id: string; state: string }>(page, 'entries');
    const verified = stored.filter((x) => ids.includes(x.id) && x.state === 'verified').length;
    const cropMs = await page.evaluate(() => (window as unknown as { __cropMs: number[] }).__cropMs);
    return {
      entries: ids.length,
      fields,
      keysPerEntry,
      cropMs,
      medianMs: median(cropMs),
      maxMs: Math.max(...cropMs),
      verified,
      foreign: s.foreign(),
      problems: s.problems,
    };
  } finally {
    await s.close();
  }
}

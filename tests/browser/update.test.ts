/**
 * A new version of the installed app never reloads the page under the operator: the province server starts
 * serving a new build (here: the same build with a changed sw.js, which is what makes a browser install a new
 * version), the app shows "Có phiên bản mới — Tải lại" and keeps running; a value typed a moment before
 * "Tải lại" (no Enter, no wait for the save) is saved first, then the new version takes over and the page reloads
 * with the value in place.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBook, formValues, importFiles, importMessages } from './desk';
import { openApp, ROOT, SHOTS, type AppServer, type Session } from './harness';
import { serveFromServer } from './province-server';

const dist = join(mkdtempSync(join(tmpdir(), 'sohoa-update-')), 'dist');
let server: AppServer;
let s: Session;

beforeAll(async () => {
  cpSync(join(ROOT, 'dist'), dist, { recursive: true });
  server = await serveFromServer(dist);
  s = await openApp(server, '?demo=0');
}, 60_000);

afterAll(async () => {
  await s.close();
  await server.close();
  rmSync(join(dist, '..'), { recursive: true, force: true });
});

/** The script URL of the service worker of each state of the page's registration. */
const workers = (): Promise<{ active: boolean; waiting: boolean; installing: boolean }> =>
  s.page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return { active: !!r?.active, waiting: !!r?.waiting, installing: !!r?.installing };
  });

describe('a new version of the installed app', () => {
  it('waits for "Tải lại", saves the typed value first, then reloads into the new version', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 1366, height: 768 });
    await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '09/2017' });
    await importFiles(page, [{ path: join(ROOT, 'tests', 'fixtures', 'pages', 'p014.jpg') }]);
    await importMessages(page, 1);
    await page
      .getByRole('button', { name: /Nhập liệu/ })
      .first()
      .click();
    if ((await page.locator('.entry-form').count()) === 0)
      await page.getByRole('button', { name: '+ Mục' }).click();
    await page.locator('nav.top[data-offline="ready"][data-sw="controlled"]').waitFor({ timeout: 120_000 });
    expect(await workers()).toEqual({ active: true, waiting: false, installing: false });

    // The server gets a new build; the browser finds it at its next check (here asked for at once).
    appendFileSync(join(dist, 'sw.js'), '\n// next version\n');
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 60_000 });
    await expect(prompt.textContent()).resolves.toContain('Có phiên bản mới — Tải lại');
    expect(await workers()).toMatchObject({ active: true, waiting: true });
    await page.screenshot({ path: join(SHOTS, 'update-01-prompt.png') });

    // The page did not reload by itself.
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);

    // A value typed a moment ago, then "Tải lại" at once.
    const field = page.locator('[name=nksHoTen]');
    await field.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Nguyễn Thị Lụa');
    const reloaded = page.waitForEvent('load');
    await prompt.getByRole('button', { name: 'Tải lại' }).click();
    await reloaded;
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBeUndefined();
    await page.locator('.entry-form').waitFor({ timeout: 30_000 });
    expect((await formValues(page))['nksHoTen']).toBe('Nguyễn Thị Lụa');
    await expect.poll(workers).toEqual({ active: true, waiting: false, installing: false });
    await expect(prompt.count()).resolves.toBe(0);
    await page.locator('nav.top[data-sw="controlled"]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'update-02-after-reload.png') });
    expect(s.foreign()).toEqual([]);
    expect(s.problems).toEqual([]);
  }, 180_000);
});

/**
 * Never lose an operator's work: values typed into a field (no Enter, no navigation) survive the browser being
 * killed (SIGKILL, like a power cut or a crashed tab); the reopened app comes back on the same page and field.
 * Uses a persistent Chromium profile so IndexedDB outlives the process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, serveBuiltApp, SHOTS, type AppServer } from './harness';
import { createBook, formValues, importFiles, importMessages } from './desk';

let server: AppServer;
const profile = mkdtempSync(join(tmpdir(), 'sohoa-profile-'));

beforeAll(async () => {
  server = await serveBuiltApp();
}, 60_000);

afterAll(async () => {
  await server.close();
  rmSync(profile, { recursive: true, force: true });
});

const launch = (): Promise<BrowserContext> =>
  chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });

/** Kills every Chromium process of this profile at once (no shutdown, no flush). */
function killProfile(): void {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  const pids = out
    .split('\n')
    .filter((l) => l.includes(profile))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
    .filter((n) => n > 0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

describe('a killed browser', () => {
  it('loses nothing that was typed', async () => {
    const first = await launch();
    const page = first.pages()[0] ?? (await first.newPage());
    await page.goto(`${server.url}?demo=0`);
    await createBook(page, { type: 'KS', year: 2017, commune: 'phu hoi hue', bookNumber: '05/2017' });
    await importFiles(page, [{ path: join(ROOT, 'public', 'demo', 'p014.jpg'), mimeType: 'image/jpeg' }]);
    await importMessages(page, 1);
    await page
      .getByRole('button', { name: /Nhập liệu/ })
      .first()
      .click();
    if ((await page.locator('.entry-form').count()) === 0)
      await page.getByRole('button', { name: '+ Mục' }).click();
    const field = page.locator('[name=nksHoTen]');
    await field.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Lê Thị Bé');
    await expect.poll(() => page.locator('.save').textContent()).toBe('Đã lưu');
    killProfile();
    await first.close().catch(() => undefined);

    const second = await launch();
    try {
      const again = second.pages()[0] ?? (await second.newPage());
      await again.goto(server.url);
      await again.locator('.entry-form').waitFor({ timeout: 30_000 });
      expect((await formValues(again))['nksHoTen']).toBe('Lê Thị Bé');
      await expect
        .poll(() => again.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name))
        .toBe('nksHoTen');
      await again.screenshot({ path: join(SHOTS, 'crash-01-restored.png') });
    } finally {
      await second.close();
    }
  }, 180_000);
});

/**
 * "Tải ALTO / PAGE (zip)" in the built app (issue 14 item 6): a KS book seeded with a real scan (bordered b004), its
 * recorded tesseract.js OCR stored through the app's `saveOcr` with the two entries pre-filled from it (accepted),
 * and a blank page without OCR, is exported through the download path. The zip is read back with yauzl (alto/ and
 * page/ per page, deflated), the first page's ALTO and PAGE files are validated against the published schemas with
 * libxml2 (xmllint-wasm) and read with XPath (a word OCR read, an entry's name with its box, the source file name
 * with XML's special characters), the blank page's ALTO says so, and one `book.export` event (kind `alto-page`)
 * records the zip's SHA-256 while the entries stay accepted.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/geometry';
import type { OcrWordRecord } from '../../src/domain/records/page';
import { extractPage } from '../../src/extract';
import { entriesFromDrafts } from '../../src/prefill/records';
import { unzip } from '../unit/helpers/unzip';
import { validateArchive, xpathString } from '../unit/helpers/xml-schemas';
import { createBook, readStore } from './desk';
import { ROOT, SHOTS, useBuiltApp } from './harness';

const app = useBuiltApp('?demo=0', async (s) => {
  // Chromium's save picker is a native dialog the driver cannot answer: this run takes the download path.
  await s.context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
});

const el = (name: string): string => `*[local-name()='${name}']`;

describe('Xuất dữ liệu: ALTO / PAGE', () => {
  it('exports the archival zip through the download path, valid against both schemas, and records it', async () => {
    const { page } = app.s;
    await page.reload();
    await createBook(page, { type: 'KS', year: 2018, commune: 'phu hoi hue', bookNumber: '02/2018' });
    const [book] = await readStore<{ id: string }>(page, 'books');
    const bookId = book?.id ?? '';

    const recorded = JSON.parse(
      readFileSync(join(ROOT, 'tests', 'fixtures', 'ocr', 'b004.ocr.json'), 'utf8'),
    ) as {
      width: number;
      height: number;
      engine: string;
      model: string;
      words: OcrWordRecord[];
      lines: { box: Box; words: number[] }[];
    };
    const lines = recorded.lines.map((l) => ({ box: l.box, words: l.words.map((i) => recorded.words[i]!) }));
    const pageId = `${bookId}-p0`;
    let n = 0;
    const drafts = extractPage(lines, 'KS').entries;
    const entries = entriesFromDrafts(bookId, pageId, 'KS', drafts, () => `${bookId}-e${++n}`);
    expect(entries).toHaveLength(2);
    const name = entries[0]?.fields['nksHoTen'];
    expect(name?.region?.box).toBeTruthy();
    const ocr = {
      width: recorded.width,
      height: recorded.height,
      engine: recorded.engine,
      model: recorded.model,
      words: recorded.words,
      lines: recorded.lines.map((l) => ({ box: l.box, words: l.words })),
      detectedType: 'KS',
      detectedYear: 2018,
      skew: 0,
      ms: 1000,
      createdAt: Date.UTC(2026, 0, 5),
      drafts,
    };
    const scan = readFileSync(join(ROOT, 'tests', 'fixtures', 'bordered', 'images', 'b004.jpg'));
    const image = { b64: scan.toString('base64'), width: recorded.width, height: recorded.height };

    const bundle = await build({
      entryPoints: [join(ROOT, 'tests', 'browser', 'alto-book.ts')],
      bundle: true,
      format: 'iife',
      globalName: '__altoBook',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    await page.evaluate(`${bundle.outputFiles[0]?.text ?? ''}\n;globalThis.__altoBook = __altoBook; 0`);
    const ids = await page.evaluate(
      ([id, img, o, es]) =>
        (
          globalThis as unknown as {
            __altoBook: { seed(b: string, i: typeof img, o: unknown, e: typeof es): Promise<string[]> };
          }
        ).__altoBook.seed(id, img, o, es),
      [bookId, image, ocr, entries] as const,
    );
    expect(ids).toHaveLength(2);
    await page.reload();
    await page.getByRole('button', { name: 'Sổ', exact: true }).click();
    await page.locator(`tr[data-book="${bookId}"] button`, { hasText: 'Trang & nhập ảnh' }).click();
    await page.getByRole('button', { name: 'Xuất dữ liệu', exact: true }).click();
    await page.locator('#export-title').waitFor();
    await expect.poll(() => page.locator('.counts').getAttribute('data-ready')).toBe('2');
    const zipName = (await page.locator('.file code.archive').textContent()) ?? '';
    expect(zipName).toBe('PhuongPhuHoi_ThanhPhoHue_ThuaThienHue.KS.2018.02-2018.alto-page.zip');

    const button = page.getByRole('button', { name: 'Tải ALTO / PAGE (zip)' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(zipName);
    const bytes = readFileSync(await download.path());
    await page.locator('.archive-done').waitFor();
    expect(await page.locator('.archive-done').getAttribute('data-pages')).toBe('2');

    const members = await unzip(new Uint8Array(bytes));
    expect(members.map((m) => m.name)).toEqual([
      'alto/0001.xml',
      'page/0001.xml',
      'alto/0002.xml',
      'page/0002.xml',
    ]);
    expect(members.every((m) => m.method === 8)).toBe(true);
    const text = (i: number): string => new TextDecoder().decode(members[i]?.bytes);
    const alto = text(0);
    const pageXml = text(1);
    const va = await validateArchive(alto, 'alto');
    expect(va.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(va.valid).toBe(true);
    const vp = await validateArchive(pageXml, 'page');
    expect(vp.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(vp.valid).toBe(true);
    expect((await validateArchive(text(2), 'alto')).valid).toBe(true);

    const words = recorded.words.filter((w) => w.text.trim()).length;
    expect(await xpathString(alto, `count(//${el('TextBlock')}[not(@TAGREFS)]//${el('String')})`)).toBe(
      String(words),
    );
    expect(
      await xpathString(pageXml, `//${el('Word')}[@id='r1_l1_w3']/${el('TextEquiv')}/${el('Unicode')}`),
    ).toBe('HƯƠNG');
    const tag = await xpathString(alto, `//${el('OtherTag')}[@LABEL='nksHoTen']/@ID`);
    const altoName = `//${el('ComposedBlock')}[@ID='E1']/${el('TextBlock')}[@TAGREFS='${tag}']//${el('String')}`;
    expect(await xpathString(alto, `${altoName}/@CONTENT`)).toBe(name?.value);
    expect(await xpathString(alto, `${altoName}/@VPOS`)).toBe(String(Math.round(name?.region?.box[1] ?? -1)));
    expect(await xpathString(pageXml, `/${el('PcGts')}/${el('Page')}/@imageFilename`)).toBe(
      'b004 <quét> & "gốc".jpg',
    );
    expect(await xpathString(text(2), `//${el('Page')}/@PAGECLASS`)).toBe('blank');
    expect(await xpathString(text(3), `/${el('PcGts')}/${el('Page')}/@type`)).toBe('blank');

    type Event = { action: string; after: Record<string, unknown> };
    const exp = (await readStore<Event>(page, 'audit')).filter((e) => e.action === 'book.export');
    expect(exp).toHaveLength(1);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(exp[0]?.after).toMatchObject({
      kind: 'alto-page',
      fileName: zipName,
      sha256: sha,
      size: bytes.length,
      pages: 2,
      exported: 0,
    });
    const states = (await readStore<{ bookId: string; state: string }>(page, 'entries'))
      .filter((e) => e.bookId === bookId)
      .map((e) => e.state);
    expect(states).toEqual(['accepted', 'accepted']);
    const shown = (await page.locator('.archive-done').textContent()) ?? '';
    expect(shown).toContain(zipName);
    expect(shown).toContain(sha);
    for (const [w, h] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: join(SHOTS, `export-alto-${w}.png`) });
    }

    // The file name pattern: an unknown placeholder is refused in Vietnamese as typed, a valid one stored (and
    // audited) and used for the names at once.
    const input = page.getByRole('textbox', { name: 'Mẫu tên tệp' });
    await input.fill('{xa}.{trang}.{so}');
    await expect
      .poll(() => page.locator('.pattern [role=alert]').textContent())
      .toContain('Mẫu tên tệp có chỗ điền không biết: {trang}.');
    await page.getByRole('button', { name: 'Lưu mẫu' }).click();
    await expect.poll(() => page.locator('.pattern [role=status]').getAttribute('data-ok')).toBe('false');
    await input.fill('{maxa}-{loai}-{nam}_so{so}');
    await expect
      .poll(() => page.locator('.pattern code.preview-pdf').textContent())
      .toMatch(/^\d{5}-KS-2018_so\d+\.pdf$/u);
    await page.getByRole('button', { name: 'Lưu mẫu' }).click();
    await expect.poll(() => page.locator('.pattern [role=status]').getAttribute('data-ok')).toBe('true');
    await expect
      .poll(() => page.locator('.file code.archive').textContent())
      .toMatch(/^\d{5}-KS-2018\.alto-page\.zip$/u);
    type Setting = { action: string; bookId: string | null; field: string; after: unknown };
    const changes = (await readStore<Setting>(page, 'audit')).filter((e) => e.action === 'settings.update');
    expect(changes.map((e) => [e.bookId, e.field, e.after])).toEqual([
      [null, 'exportNamePattern', '{maxa}-{loai}-{nam}_so{so}'],
    ]);
    await page.locator('.pattern summary').click();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.locator('.pattern').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'export-name-pattern-1366.png') });
    expect(app.s.problems).toEqual([]);
    expect(app.s.foreign()).toEqual([]);
  }, 180_000);
});

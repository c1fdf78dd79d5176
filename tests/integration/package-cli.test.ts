/**
 * `npm run package` for real: two real pages (a KS page and a KH page) pre-filled by the real tesseract.js engine
 * into a new KS book, the package read back and verified by `readPackage` (manifest, hashes, audit chains), its
 * records checked against the fixture's truth, then imported into a workstation store (fake-indexeddb, the app's
 * own import code) and exported again by `npm run export`. The command itself (child process) for its exit
 * statuses and for leaving no file behind on refusal.
 */
import 'fake-indexeddb/auto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportMain } from '../../src/cli/export';
import { CLI_NOTE } from '../../src/cli/package-book';
import { packageMain, type PackageCliResult } from '../../src/cli/package';
import { verifyChains } from '../../src/domain/records/audit';
import { readPackage, type PackageContent } from '../../src/exchange/package';
import { decodeImage } from '../../src/image/decode-node';
import { importPackage } from '../../src/state/package-io';
import { openRepository } from '../../src/storage';

const ROOT = resolve(__dirname, '../..');
const FIX = join(ROOT, 'tests/fixtures');
const KS_PAGE = join(FIX, 'integration/p004.jpg');
const KH_PAGE = join(FIX, 'pages/p014.jpg');

let dir = '';
let made: PackageCliResult;
let bytes: Uint8Array;
let pkg: PackageContent;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-package-int-'));
  made = await packageMain({
    inputs: [KS_PAGE, KH_PAGE],
    type: 'KS',
    commune: '16702',
    year: 2008,
    bookNumber: '01/2008',
    out: join(dir, 'so-01-2008.goi.zip'),
    paperSize: 'A4',
    list: undefined,
    originals: true,
    password: undefined,
    workers: 1,
    quiet: true,
  });
  bytes = new Uint8Array(await readFile(made.file ?? ''));
  pkg = await readPackage(bytes);
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Truth {
  entries: { fields: Record<string, { value: string }> }[];
}

describe('npm run package on real scans', () => {
  it('writes one file, verified by readPackage, with the new book', async () => {
    expect(made.ok).toBe(true);
    expect(made.lines[0]).toMatch(
      /^Đã ghi gói công việc .*so-01-2008\.goi\.zip: sổ KS số 01\/2008 năm 2008, Xã Nghi Phú — Thành phố Vinh — Nghệ An; 2 trang, 1 mục điền sẵn/u,
    );
    expect(made.lines).toContain(
      'CHÚ Ý: 1 trang ghi loại sổ khác KS; các trang này không được điền sẵn mục nào.',
    );
    expect(await readdir(dir)).toEqual(['so-01-2008.goi.zip']); // no temporary file left
    expect(pkg.book).toMatchObject({
      id: made.bookId,
      type: 'KS',
      commune: {
        code: '16702',
        name: 'Xã Nghi Phú',
        district: 'Thành phố Vinh',
        province: 'Nghệ An',
        list: 'pre2025',
      },
      year: 2008,
      bookNumber: '01/2008',
      paperSize: 'A4',
      acceptances: [],
    });
    expect(pkg.manifest.producer).toMatch(/^sohoa .* \(npm run package\)$/u);
    expect(pkg.manifest.counts).toEqual({ pages: 2, entries: 1, events: 6, originals: 2 });
  });

  it('stores each page as the workstation import does, read by OCR', async () => {
    expect(pkg.pages.map((p) => [p.order, p.fileName, p.pdfPage, p.width, p.height, p.ocr, p.mark])).toEqual([
      [0, 'p004.jpg', null, 2480, 3508, 'done', 'normal'],
      [1, 'p014.jpg', null, 2480, 3508, 'done', 'normal'],
    ]);
    expect(pkg.pages[0]?.otherRegister).toBeNull();
    expect(pkg.pages[1]?.otherRegister?.type).toBe('KH');
    // An upright, full-size JPEG scan stays the working image as it is; the thumbnail is 240 px wide.
    const first = pkg.images.get(pkg.pages[0]?.id ?? '');
    expect(first?.image.mime).toBe('image/jpeg');
    expect(Buffer.from(first?.image.bytes ?? []).equals(await readFile(KS_PAGE))).toBe(true);
    const thumb = decodeImage(first?.thumb.bytes ?? new Uint8Array());
    expect([thumb.type, thumb.width, thumb.height]).toEqual(['jpeg', 240, 339]);
    // The originals travel too (--originals), byte for byte.
    expect(pkg.originals.map((o) => [o.fileName, o.mime])).toEqual([
      ['p004.jpg', 'image/jpeg'],
      ['p014.jpg', 'image/jpeg'],
    ]);
    expect(pkg.pages.map((p) => p.originalId)).toEqual(pkg.originals.map((o) => o.id));
    expect(
      Buffer.from(pkg.originalBytes.get(pkg.originals[1]?.id ?? '') ?? []).equals(await readFile(KH_PAGE)),
    ).toBe(true);
    // OCR kept with every page (words in page pixels), drafts as extracted.
    expect(pkg.ocr.map((o) => o.pageId)).toEqual(pkg.pages.map((p) => p.id));
    for (const o of pkg.ocr) {
      expect(o.words.length).toBeGreaterThan(50);
      expect(o.engine).toMatch(/tesseract/iu);
    }
    expect(pkg.ocr[1]?.detectedType).toBe('KH');
  });

  it('pre-fills the entry of the KS page with the values on it', async () => {
    const truth = JSON.parse(await readFile(join(FIX, 'integration/p004.json'), 'utf8')) as Truth;
    const want = truth.entries[0]?.fields ?? {};
    const [entry] = pkg.entries;
    expect(pkg.entries).toHaveLength(1);
    expect(entry).toMatchObject({ type: 'KS', state: 'prefilled', pageIds: [pkg.pages[0]?.id], order: 0 });
    const keys = Object.keys(want);
    const equal = keys.filter(
      (k) => entry?.fields[k]?.value === want[k]?.value.normalize('NFC').replace(/\s+/g, ' ').trim(),
    );
    // 55/55 fields of this page and p014 measured by the prefill CLI's own test; allow a margin.
    expect(equal.length / keys.length).toBeGreaterThan(0.85);
    expect(entry?.fields['nksHoTen']?.value).toBe('Phạm Phương Thư');
    const ocrEvent = pkg.events.find((e) => e.action === 'page.ocr' && e.pageId === pkg.pages[0]?.id);
    const fields = Object.values(entry?.fields ?? {});
    for (const f of fields) {
      expect(f).toMatchObject({ source: 'ocr', confirmed: false });
      if (f.value) expect(f.region?.pageId).toBe(pkg.pages[0]?.id);
      expect(f.changed).toEqual({
        at: ocrEvent?.at,
        by: '',
        machineId: pkg.manifest.machineId,
        seq: ocrEvent?.seq,
      });
    }
  });

  it('records the steps in one valid audit chain of a fresh machine', () => {
    expect(verifyChains(pkg.events)).toMatchObject({ ok: true, chains: 1, events: 6 });
    expect(pkg.events.map((e) => [e.seq, e.action, e.userId, e.machineId])).toEqual(
      ['book.create', 'page.import', 'page.import', 'page.ocr', 'page.ocr', 'package.export'].map((a, i) => [
        i + 1,
        a,
        null,
        pkg.manifest.machineId,
      ]),
    );
    expect(pkg.events[0]).toMatchObject({
      note: CLI_NOTE,
      after: { type: 'KS', commune: '16702', year: 2008 },
    });
    expect(pkg.events[3]?.after).toEqual({ ocr: 'done', entries: [pkg.entries[0]?.id] });
    expect(pkg.events[4]?.after).toEqual({ ocr: 'done', entries: [], otherRegister: 'KH' });
    const head = pkg.events[5];
    expect(pkg.manifest.base.chains).toEqual({ [pkg.manifest.machineId]: { seq: 6, hash: head?.hash } });
  });

  it('imports into a workstation store as a new book (once), and exports as a draft', async () => {
    const repo = await openRepository({ name: 'package-cli-import' });
    try {
      const event = {
        at: Date.now(),
        userId: null,
        role: null,
        action: 'package.import' as const,
        entryId: null,
        pageId: null,
        field: null,
        before: null,
        after: null,
        note: null,
      };
      const first = await importPackage(repo, bytes, event);
      expect(first).toMatchObject({
        newBook: true,
        changed: true,
        pagesAdded: 2,
        entriesAdded: 1,
        conflicts: 0,
      });
      const entries = await repo.listEntries(made.bookId ?? '');
      expect(entries.map((e) => e.fields['nksHoTen']?.value)).toEqual(['Phạm Phương Thư']);
      expect((await repo.listPages(made.bookId ?? '')).map((p) => p.ocr)).toEqual(['done', 'done']);
      expect(await importPackage(repo, bytes, event)).toMatchObject({ changed: false });
    } finally {
      repo.close();
    }
    const out = join(dir, 'export');
    const exported = await exportMain({ packagePath: made.file ?? '', out, draft: true });
    expect(exported.ok).toBe(true);
    expect(exported.lines[0]).toBe('BẢN NHÁP: 1/1 mục chưa nghiệm thu.');
  });
});

describe('npm run package on a password-protected PDF and an EXIF-turned photo', () => {
  it('renders the PDF page and turns the photo upright, each stored as a JPEG of the exact page size', async () => {
    const r = await packageMain({
      inputs: [join(FIX, 'pdf/encrypted.pdf'), join(FIX, 'bad-inputs/rotated-exif-6.jpg')],
      type: 'KS',
      commune: '00004',
      year: 2026,
      bookNumber: '02/2026',
      out: join(dir, 'pdf', 'so-02-2026.goi.zip'),
      paperSize: 'A3',
      list: undefined,
      originals: true,
      password: 'user',
      workers: 1,
      quiet: true,
    });
    expect(r.ok, r.lines.join('\n')).toBe(true);
    const p = await readPackage(new Uint8Array(await readFile(r.file ?? '')));
    expect(p.book).toMatchObject({
      commune: { code: '00004', name: 'Phường Ba Đình', district: '', list: '2025' },
      paperSize: 'A3',
    });
    expect(p.pages.map((x) => [x.fileName, x.pdfPage])).toEqual([
      ['encrypted.pdf', 1],
      ['rotated-exif-6.jpg', null],
    ]);
    expect(p.originals.map((o) => o.mime)).toEqual(['application/pdf', 'image/jpeg']);
    for (const page of p.pages) {
      const img = p.images.get(page.id);
      expect(img?.image.mime).toBe('image/jpeg');
      const decoded = decodeImage(img?.image.bytes ?? new Uint8Array());
      // Boxes refer to the working image: its pixel size is the page's.
      expect([decoded.width, decoded.height, decoded.orientation]).toEqual([page.width, page.height, 1]);
      expect(page.height).toBeGreaterThan(page.width); // upright portrait pages
    }
    const photo = p.pages[1];
    expect(photo?.warnings).toEqual([
      'Ảnh đã được xoay cho đúng chiều theo thông tin hướng chụp (EXIF) ghi trong tệp.',
    ]);
    // Re-encoded upright, not the turned file itself.
    const photoBytes = p.images.get(photo?.id ?? '')?.image.bytes ?? new Uint8Array();
    expect(Buffer.from(photoBytes).equals(await readFile(join(FIX, 'bad-inputs/rotated-exif-6.jpg')))).toBe(
      false,
    );
    expect(p.entries.length).toBeGreaterThan(0);
    expect(verifyChains(p.events).ok).toBe(true);
  });
});

describe('the command', () => {
  const run = async (args: string[]): Promise<{ code: number; stderr: string }> => {
    try {
      const r = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'src/cli/package.ts', ...args],
        {
          cwd: ROOT,
        },
      );
      return { code: 0, stderr: r.stderr };
    } catch (e) {
      const x = e as { code?: number; stderr?: string };
      return { code: typeof x.code === 'number' ? x.code : -1, stderr: x.stderr ?? '' };
    }
  };
  const book = ['--type', 'KS', '--year', '2008', '--book', '1'];

  it('exits 2 on a wrong commune, 1 on a bad scan, and leaves no file', async () => {
    const out = join(dir, 'cmd', 'x.goi.zip');
    const wrong = await run([KS_PAGE, ...book, '--commune', '99999', '--out', out]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Không có xã/phường/thị trấn mã 99999');
    const bad = await run([
      KS_PAGE,
      join(FIX, 'bad-inputs/truncated.jpg'),
      ...book,
      '--commune',
      '16702',
      '--out',
      out,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Tệp "truncated.jpg": Tệp ảnh bị hỏng hoặc không đầy đủ.');
    expect(bad.stderr).toContain('Có tệp không đọc được: chưa ghi gói nào.');
    const usage = await run([KS_PAGE, '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Tùy chọn không rõ: --bogus.');
    expect(existsSync(join(dir, 'cmd')) ? await readdir(join(dir, 'cmd')) : []).toEqual([]);
  });
});

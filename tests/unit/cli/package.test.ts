/**
 * `npm run package` without OCR: its arguments (Vietnamese refusals), the commune of the book's year, the page
 * images it stores (working JPEG and thumbnail, as the import worker makes them, decoded back), and refusals that
 * leave no file: a bad scan from the bad-input catalogue, a missing file, a commune that does not exist. The real
 * pre-fill of real pages, read back with `readPackage` and imported into a store: tests/integration/package-cli.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args';
import {
  PACKAGE_USAGE,
  packageMain,
  parsePackageArgs,
  resolveCommune,
  type PackageArgs,
} from '../../../src/cli/package';
import { decodeImage } from '../../../src/image/decode-node';
import { encodePageImages } from '../../../src/image/encode-node';
import { thumbSize } from '../../../src/image/page-image';

const FIX = resolve(__dirname, '../../fixtures');
const BAD = join(FIX, 'bad-inputs');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-package-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = [
  '--type',
  'ks',
  '--commune',
  '16702',
  '--year',
  '2008',
  '--book',
  ' 01/2008 ',
  '--out',
  'b.zip',
];

describe('parsePackageArgs', () => {
  it('reads scans and options in any order', () => {
    expect(
      parsePackageArgs(['a.pdf', ...base, 'scans/', '--paper=a3', '--originals', '--workers', '2']),
    ).toEqual({
      inputs: ['a.pdf', 'scans/'],
      type: 'KS',
      commune: '16702',
      year: 2008,
      bookNumber: '01/2008',
      out: 'b.zip',
      paperSize: 'A3',
      list: undefined,
      originals: true,
      password: undefined,
      workers: 2,
      quiet: false,
    });
    expect(parsePackageArgs(['--help'])).toBeNull();
    expect(PACKAGE_USAGE).toContain('--commune MÃ');
  });

  it.each([
    [base, 'Chưa chỉ ra tệp quét hay thư mục nào.'],
    [['a.pdf', ...base.slice(2)], 'Thiếu --type <loại sổ>.'],
    [['a.pdf', ...base, '--type', 'KS'], 'Tùy chọn --type được cho hai lần.'],
    [['a.pdf', ...base.slice(0, 2), ...base.slice(4)], 'Thiếu --commune <mã xã>.'],
    [['a.pdf', ...base.slice(0, -2)], 'Thiếu --out <tệp gói>.'],
    [['a.pdf', ...base.slice(0, -1)], 'Thiếu giá trị cho --out.'],
    [['a.pdf', ...base, '--bogus'], 'Tùy chọn không rõ: --bogus.'],
    [['a.pdf', ...base, '--type=TDCC'], 'Tùy chọn --type được cho hai lần.'],
    [
      ['a.pdf', '--type', 'TDCC', ...base.slice(2)],
      'Loại sổ không hợp lệ: "TDCC" (chọn KS, KT, KH, CMC hoặc HN).',
    ],
    [
      ['a.pdf', ...base.slice(0, 3), '1670', ...base.slice(4)],
      'Mã xã phải gồm đúng 5 chữ số (nhận được "1670").',
    ],
    [['a.pdf', ...base.slice(0, 5), '08', ...base.slice(6)], 'Năm phải là số có 4 chữ số (nhận được "08").'],
    [['a.pdf', ...base, '--paper', 'A5'], 'Khổ giấy không hợp lệ: "A5" (chọn A4 hoặc A3).'],
    [['a.pdf', ...base, '--list', '2024'], 'Danh mục không hợp lệ: "2024" (chọn pre2025 hoặc 2025).'],
    [['a.pdf', ...base, '--workers', '0'], 'Giá trị của --workers phải là số nguyên dương (nhận được "0").'],
    [['a.pdf', ...base, '--quiet=1'], 'Tùy chọn --quiet không nhận giá trị.'],
  ])('refuses %j in Vietnamese', (argv, message) => {
    expect(() => parsePackageArgs(argv)).toThrow(UsageError);
    expect(() => parsePackageArgs(argv)).toThrow(message);
  });
});

describe('resolveCommune', () => {
  it('finds the commune in the unit list of the book year', () => {
    expect(resolveCommune('16702', 2008)).toEqual({
      ok: true,
      commune: {
        code: '16702',
        name: 'Xã Nghi Phú',
        district: 'Thành phố Vinh',
        province: 'Nghệ An',
        list: 'pre2025',
      },
    });
    const y2026 = resolveCommune('00004', 2026);
    expect(y2026.ok && y2026.commune).toMatchObject({ name: 'Phường Ba Đình', district: '', list: '2025' });
  });

  it('refuses a code the list of that year does not have, naming the list', () => {
    expect(resolveCommune('99999', 2008)).toEqual({
      ok: false,
      message:
        'Không có xã/phường/thị trấn mã 99999 trong danh mục đơn vị hành chính pre2025 (trước 7/2025) dùng cho sổ năm 2008.',
    });
    expect(resolveCommune('16702', 2008, '2025')).toMatchObject({
      ok: false,
      message: 'Sổ năm 2008 không dùng danh mục 2025 (từ 7/2025); dùng pre2025.',
    });
  });

  it('asks for --list when a 2025 book names a code both lists have', () => {
    const r = resolveCommune('00004', 2025);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(
      /^Mã 00004 có trong cả hai danh mục dùng cho năm 2025: .*Thêm --list pre2025 hoặc --list 2025\.$/u,
    );
    const picked = resolveCommune('00004', 2025, '2025');
    expect(picked.ok && picked.commune.name).toBe('Phường Ba Đình');
  });
});

describe('page images (as the import worker stores them)', () => {
  it('encodes the working JPEG at the exact page size and a 240 px thumbnail, natively and in pure JS', () => {
    const width = 600;
    const height = 848;
    const data = new Uint8ClampedArray(width * height * 4).fill(255);
    for (let y = 100; y < 140; y++)
      for (let x = 50; x < 550; x++) data.set([20, 20, 20], (y * width + x) * 4);
    for (const useNative of [true, false]) {
      const out = encodePageImages({ width, height, data }, { useNative });
      const page = decodeImage(out.image ?? new Uint8Array());
      expect([page.type, page.width, page.height]).toEqual(['jpeg', width, height]);
      expect(page.data[(120 * width + 300) * 4]).toBeLessThan(60); // the ink survived
      expect(page.data[(400 * width + 300) * 4]).toBeGreaterThan(230);
      const thumb = decodeImage(out.thumb);
      expect({ width: thumb.width, height: thumb.height }).toEqual(thumbSize(width, height));
      expect(thumb.width).toBe(240);
      expect(encodePageImages({ width, height, data }, { useNative, thumbOnly: true }).image).toBeNull();
    }
  });
});

describe('packageMain refusals (nothing written)', () => {
  const args = (over: Partial<PackageArgs>): PackageArgs => ({
    inputs: [join(FIX, 'integration', 'p004.jpg')],
    type: 'KS',
    commune: '16702',
    year: 2008,
    bookNumber: '01/2008',
    out: join(dir, 'out', 'book.goi.zip'),
    paperSize: 'A4',
    list: undefined,
    originals: false,
    password: undefined,
    workers: 1,
    quiet: true,
    ...over,
  });
  const leftovers = async (): Promise<string[]> =>
    existsSync(join(dir, 'out')) ? await readdir(join(dir, 'out')) : [];

  it('a commune code that does not exist: a usage refusal', async () => {
    const r = await packageMain(args({ commune: '99999' }));
    expect(r).toMatchObject({ ok: false, usage: true });
    expect(r.lines[0]).toMatch(/^Không có xã\/phường\/thị trấn mã 99999/u);
    expect(await leftovers()).toEqual([]);
  });

  it('an --out file that already exists is never replaced', async () => {
    const taken = join(dir, 'taken.goi.zip');
    await writeFile(taken, 'an earlier package');
    const r = await packageMain(args({ out: taken }));
    expect(r).toMatchObject({ ok: false, usage: true });
    expect(r.lines[0]).toMatch(
      /^Tệp .*taken\.goi\.zip đã có: chọn tên khác cho --out hoặc chuyển tệp cũ đi\./u,
    );
    expect(await readFile(taken, 'utf8')).toBe('an earlier package');
    const isDir = await packageMain(args({ out: dir }));
    expect(isDir).toMatchObject({ ok: false, usage: true });
  });

  it('a year in the future', async () => {
    const r = await packageMain(args({ year: 2999 }));
    expect(r).toMatchObject({ ok: false, usage: true });
    expect(r.lines[0]).toMatch(/^Năm đăng ký phải là số từ 1945 đến \d{4}\.$/u);
  });

  it('a missing scan', async () => {
    const r = await packageMain(args({ inputs: [join(dir, 'nope.pdf')] }));
    expect(r.ok).toBe(false);
    expect(r.lines).toEqual(['Tệp "nope.pdf" không tồn tại.', 'Chưa ghi gói nào.']);
    expect(await leftovers()).toEqual([]);
  });

  it.each([
    ['truncated.jpg', /truncated\.jpg/u],
    ['docx-renamed.jpg', /docx-renamed\.jpg/u],
    ['scan.docx', /scan\.docx/u],
    ['huge-20000x20000.png', /huge-20000x20000\.png/u],
    ['Nguyễn <script>.png', /Nguyễn <script>\.png/u],
  ])(
    'a bad scan (%s) among good ones refuses the whole package before reading any page',
    async (name, re) => {
      const r = await packageMain(args({ inputs: [join(FIX, 'integration', 'p004.jpg'), join(BAD, name)] }));
      expect(r.ok).toBe(false);
      expect(r.usage).toBeUndefined();
      expect(r.lines[0]).toMatch(re);
      expect(r.lines.at(-1)).toBe('Có tệp không đọc được: chưa ghi gói nào.');
      expect(await leftovers()).toEqual([]);
    },
  );

  it('cancelled (Ctrl+C): nothing read, nothing written', async () => {
    const cancel = new AbortController();
    cancel.abort();
    const r = await packageMain(args({}), () => undefined, cancel.signal);
    expect(r).toEqual({ ok: false, lines: ['Đã huỷ: chưa ghi gói nào.'] });
    expect(await leftovers()).toEqual([]);
  });

  it('a damaged PDF', async () => {
    const r = await packageMain(args({ inputs: [join(FIX, 'pdf', 'truncated.pdf')] }));
    expect(r.ok).toBe(false);
    expect(r.lines[0]).toMatch(/truncated\.pdf/u);
    expect(await leftovers()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePrefillArgs, PREFILL_USAGE, UsageError } from '../../../src/cli/args';
import { compareNames, isSkippedInFolder } from '../../../src/cli/inputs';
import { pageIdOf, pageLabel, sortPages, toPredEntry, toPredPage } from '../../../src/cli/output';
import { classifyBytes, failureOf } from '../../../src/cli/runner';
import { median, PeakSampler, percentile, table } from '../../../src/cli/stats';
import { plain } from '../../../src/cli/version';
import type { EntryDraft } from '../../../src/extract/types';
import { ImageDecodeError } from '../../../src/image/errors';
import { PdfError } from '../../../src/pdf/node';

describe('parsePrefillArgs', () => {
  it('reads inputs and options in any order', () => {
    const a = parsePrefillArgs([
      'a.jpg',
      '--out',
      'p.json',
      'dir',
      '--workers=3',
      '--type',
      'kt',
      '--password',
      'pw',
      '--ocr-out',
      'o',
      '--confirmed',
      'keyed.json',
    ]);
    expect(a.inputs).toEqual(['a.jpg', 'dir']);
    expect(a).toMatchObject({
      out: 'p.json',
      workers: 3,
      type: 'KT',
      password: 'pw',
      ocrOut: 'o',
      confirmed: 'keyed.json',
      quiet: false,
    });
  });
  it('accepts every register type, in any case, and lists them in the usage text', () => {
    for (const t of ['KS', 'KT', 'KH', 'CMC', 'HN']) {
      expect(parsePrefillArgs(['a.jpg', '--out', 'p', '--type', t.toLowerCase()]).type).toBe(t);
    }
    expect(PREFILL_USAGE).toContain('--type LOẠI        loại sổ đã biết: KS, KT, KH, CMC hoặc HN');
    expect(() => parsePrefillArgs(['a.jpg', '--out', 'p', '--type', 'TDCC'])).toThrow(
      'Loại sổ không hợp lệ: "TDCC" (chọn KS, KT, KH, CMC hoặc HN).',
    );
  });
  it('takes everything after -- as inputs', () => {
    expect(parsePrefillArgs(['--out', 'p.json', '--', '--weird.jpg']).inputs).toEqual(['--weird.jpg']);
  });
  it.each([
    [['--out', 'p.json'], /Chưa chỉ ra tệp/],
    [['a.jpg'], /Thiếu --out/],
    [['a.jpg', '--out'], /Thiếu giá trị/],
    [['a.jpg', '--out', 'p', '--workers', '0'], /số nguyên dương/],
    [['a.jpg', '--out', 'p', '--type', 'XX'], /Loại sổ không hợp lệ/],
    [['a.jpg', '--out', 'p', '--bogus'], /Tùy chọn không rõ/],
  ])('refuses %j with a Vietnamese message', (argv, msg) => {
    expect(() => parsePrefillArgs(argv)).toThrow(UsageError);
    expect(() => parsePrefillArgs(argv)).toThrow(msg);
  });
  it('accepts --help alone', () => {
    expect(parsePrefillArgs(['--help']).help).toBe(true);
  });
});

const entry: EntryDraft = {
  type: 'KS',
  box: null,
  continuesPrevious: false,
  fields: {
    nksHoTen: {
      value: 'Nguye\u0302\u0303n Văn An',
      confidence: 0.93456,
      box: [412.4, 388, 530, 61.6],
      warnings: [],
      ocrText: '',
    },
    ghiChu: { value: '', confidence: 0, box: [1, 2, 3, 4], warnings: [], ocrText: '' },
    so: { value: '12', confidence: 1.7, box: null, warnings: ['x'], ocrText: '12' },
  },
};

describe('output shaping', () => {
  it('keeps every field as a plain NFC string, boxes only for filled fields', () => {
    const e = toPredEntry(entry);
    expect(e.type).toBe('KS');
    expect(e.fields).toEqual({ nksHoTen: 'Nguyễn Văn An', ghiChu: '', so: '12' });
    expect(e.fields['nksHoTen']).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(e.confidence).toEqual({ nksHoTen: 0.935, ghiChu: 0, so: 1 });
    expect(e.boxes).toEqual({ nksHoTen: [412, 388, 530, 62] });
    for (const v of Object.values(e.fields)) expect(typeof v).toBe('string');
  });
  it('adds pdf_page only for PDF pages', () => {
    expect(toPredPage('p001.jpg', undefined, { entries: [] })).toEqual({ file: 'p001.jpg', entries: [] });
    expect(toPredPage('b.pdf', 2, { entries: [entry] })).toMatchObject({ file: 'b.pdf', pdf_page: 2 });
    expect(Object.keys(toPredPage('b.pdf', 2, { entries: [] }))).toEqual(['file', 'pdf_page', 'entries']);
  });
  it('names pages like the truth ids', () => {
    expect(pageIdOf('p001.jpg')).toBe('p001');
    expect(pageIdOf('book-a.pdf', 2)).toBe('book-a-p02');
    expect(pageLabel('book-a.pdf', 2)).toBe('book-a.pdf#2');
    expect(pageLabel('p1.png')).toBe('p1.png');
  });
  it('sorts pages by input order then PDF page', () => {
    const s = sortPages([{ order: 1, pdfPage: 2 }, { order: 0 }, { order: 1, pdfPage: 1 }]);
    expect(s).toEqual([{ order: 0 }, { order: 1, pdfPage: 1 }, { order: 1, pdfPage: 2 }]);
  });
});

describe('inputs', () => {
  it('sorts names naturally', () => {
    expect(['p10.jpg', 'p2.jpg', 'p1.jpg'].sort(compareNames)).toEqual(['p1.jpg', 'p2.jpg', 'p10.jpg']);
  });
  it('skips hidden and sidecar files in folders only', () => {
    expect(isSkippedInFolder('.DS_Store')).toBe(true);
    expect(isSkippedInFolder('p001.json')).toBe(true);
    expect(isSkippedInFolder('scan.docx')).toBe(false);
    expect(isSkippedInFolder('p001.JPG')).toBe(false);
  });
});

describe('classifyBytes (by content, not name)', () => {
  const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  it('accepts images and PDFs whatever their names', () => {
    expect(classifyBytes(bytes(0xff, 0xd8, 0xff, 0xe0), 4, 'x.pdf')).toBe('image');
    expect(classifyBytes(text('%PDF-1.7\n'), 9, 'scan.jpg')).toBe('pdf');
  });
  it('refuses empty files, non-PDF .pdf and Word files', () => {
    expect(() => classifyBytes(new Uint8Array(0), 0, 'empty.pdf')).toThrow(PdfError);
    expect(() => classifyBytes(new Uint8Array(0), 0, 'empty.jpg')).toThrow(ImageDecodeError);
    expect(() => classifyBytes(text('Xin chào'), 8, 'not-a-pdf.pdf')).toThrow(/không phải là tệp PDF/);
    expect(() => classifyBytes(bytes(0x50, 0x4b, 3, 4, 0, 0), 6, 'docx-renamed.jpg')).toThrow(/docx/);
    expect(() => classifyBytes(text('<script>'), 8, 'Nguyễn <script>.png')).toThrow(/không phải ảnh/);
  });
});

describe('failureOf', () => {
  it('adds the --password hint', () => {
    const f = failureOf('/x/enc.pdf', new PdfError('password_required', { fileName: 'enc.pdf' }));
    expect(f).toMatchObject({ file: 'enc.pdf', code: 'pdf_password_required' });
    expect(f.message).toMatch(/"enc.pdf".*--password/);
  });
  it('names the file and page for unexpected errors', () => {
    expect(failureOf('/x/b.pdf', new Error('boom'), 3).message).toBe(
      'Lỗi khi xử lý trang 3 của tệp "b.pdf": boom',
    );
    const io = Object.assign(new Error('x'), { code: 'EACCES' });
    expect(failureOf('/x/a.jpg', io).message).toBe('Không đọc được tệp "a.jpg" (EACCES).');
  });
  it('strips terminal control characters', () => {
    expect(plain('a\u001b[31mb\tc')).toBe('a[31mb\tc');
  });
});

describe('stats', () => {
  it('median and nearest-rank percentiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
  it('tracks a peak', () => {
    let v = 1;
    const s = new PeakSampler(() => v);
    s.sample();
    v = 5;
    s.sample();
    v = 2;
    expect(s.stop()).toBe(5);
  });
  it('aligns a table', () => {
    expect(
      table([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\nccc   d');
  });
});

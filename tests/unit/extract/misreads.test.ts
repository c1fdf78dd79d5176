import { describe, expect, it } from 'vitest';
import { extractPage, type OcrLineInput } from '../../../src/extract';
import { makeLineText } from '../../../src/extract/line-text';
import { findLabels, labelPatterns } from '../../../src/extract/labels';
import { REGISTERS } from '../../../src/domain/registers';

type Box = [number, number, number, number];

/** Recorded-OCR-like lines for misreads seen on scans: one line per text, words 90 px apart; `heights` overrides word heights. */
function page(texts: string[], opts: { heights?: Record<number, number[]> } = {}): OcrLineInput[] {
  return texts.map((t, i) => ({
    box: [100, 100 + i * 60, 1500, 50] as Box,
    words: t.split(' ').map((w, k) => ({
      text: w,
      confidence: 0.95,
      box: [100 + k * 90, 100 + i * 60, 80, opts.heights?.[i]?.[k] ?? 40] as Box,
    })),
  }));
}

describe('labels glued together', () => {
  it('finds a label that follows the previous label’s colon without a space', () => {
    const words = 'Ngày, tháng,nămsinh:Giớitính: Nữ'.split(' ').map((t, i) => ({
      text: t,
      confidence: 0.9,
      box: [i * 300, 0, 280, 40] as Box,
    }));
    const line = makeLineText(words, [0, 0, 900, 40]);
    const hits = findLabels(line, 0, labelPatterns(REGISTERS.KT));
    expect(hits.map((h) => line.text.slice(h.start, h.end))).toEqual(['Ngày, tháng,nămsinh', 'Giớitính']);
  });
});

describe('garbled labels', () => {
  it('reads "m chết:" as the one missing label ending in "chết", not as the tail of the line above', () => {
    const lines = page([
      'SỔ ĐĂNG KÝ KHAI TỬ',
      'Số: 240',
      'Họ, chữ đệm, tên người chết: Hoàng Hữu Tiến',
      'Thời gian chết: 7 giờ 24 phút, ngày 14/07/2016',
      'm chết: | Tại nhà, phường Thủy Xuân, thành phố Huế',
      'Nguyên nhân chết: Bệnh lý',
    ]);
    const e = extractPage(lines, 'KT').entries[0]!;
    expect(e.fields['nktGioPhutChet']?.value).toBe('7 giờ 24 phút');
    expect(e.fields['nktNoiChet']?.value).toBe('Tại nhà, phường Thủy Xuân, thành phố Huế');
    expect(e.fields['nktNguyenNhanChet']?.value).toBe('Bệnh lý');
  });
});

describe('values', () => {
  it('takes a date written on the line below its label when nothing follows the label', () => {
    const lines = page([
      'SỔ ĐĂNG KÝ KHAI TỬ',
      'Số: 119',
      'Họ, chữ đệm, tên người chết: Hoàng Thị Hằng',
      'Ngày, tháng,nămsinh:Giớitính: Nữ Dân tộc: Kinh',
      '25/09/1949',
      'Quốc tịch: Việt Nam',
    ]);
    // The glued label token is wide; the value line sits under the label, left of "Giới tính".
    const row = lines[3]!.words;
    let x = 100;
    for (const w of row) {
      const width = w.text.length * 22;
      w.box = [x, w.box[1], width, 40];
      x += width + 20;
    }
    lines[4]!.box = [130, 100 + 4 * 60, 200, 50];
    lines[4]!.words[0]!.box = [130, 100 + 4 * 60, 200, 40];
    const e = extractPage(lines, 'KT').entries[0]!;
    expect(e.fields['nktNgaySinh']?.value).toBe('25/09/1949');
    expect(e.fields['nktGioiTinh']?.value).toBe('Nữ');
  });
  it('keeps short first words of a value when the label words were read tall', () => {
    const lines = page(['SỔ ĐĂNG KÝ KHAI TỬ', 'Số: 119', 'Họ, chữ đệm, tên người đi khai tử: Lê Bảo Huyền'], {
      heights: { 2: [86, 86, 62, 62, 66, 26, 73, 50, 25, 28, 36] },
    });
    const e = extractPage(lines, 'KT').entries[0]!;
    expect(e.fields['nycHoTen']?.value).toBe('Lê Bảo Huyền');
  });
});

describe('names', () => {
  it('keeps a common surname read with no confidence at the head of a name, not other low-confidence debris', () => {
    const lines = page([
      'SỔ ĐĂNG KÝ KHAI SINH',
      'Số: 12',
      'Họ, chữ đệm, tên người đi đăng ký khai sinh: Đỗ Thu Hiền',
    ]);
    lines[2]!.words.at(-3)!.confidence = 0;
    expect(extractPage(lines, 'KS').entries[0]!.fields['nycHoTen']?.value).toBe('Đỗ Thu Hiền');
    const other = page([
      'SỔ ĐĂNG KÝ KHAI SINH',
      'Số: 12',
      'Họ, chữ đệm, tên người đi đăng ký khai sinh: ư Thu Hiền',
    ]);
    other[2]!.words.at(-3)!.confidence = 0;
    expect(extractPage(other, 'KS').entries[0]!.fields['nycHoTen']?.value).toBe('Thu Hiền');
  });
});

describe('cross-field repairs of misread digits', () => {
  const birth = (digits: string, words: string, id: string) =>
    page([
      'UBND PHƯỜNG VĨNH NINH Năm 2023',
      'SỔ ĐĂNG KÝ KHAI SINH',
      'Số: 293 Quyển số: 01/2025',
      'Họ, chữ đệm, tên: Trần Mỹ An',
      `Ngày, tháng, năm sinh: ${digits}`,
      `ghi bằng chữ: ${words}`,
      'Giới tính: Nữ',
      `Số định danh cá nhân: ${id}`,
      'Ngày, tháng, năm đăng ký: 05/04/2023',
    ]);
  it('reads digits from the words when they put the birth after its registration', () => {
    const e = extractPage(
      birth('21/02/2025', 'Ngày hai mươi mốt tháng hai năm hai nghìn không trăm hai mươi ba', '046325959006'),
      'KS',
    ).entries[0]!;
    expect(e.fields['nksNgaySinh']?.value).toBe('21/02/2023');
    expect(e.fields['nksNgaySinh']?.confidence).toBeLessThanOrEqual(0.6);
    expect(e.fields['nksNgaySinh']?.warnings.join(' ')).toContain('21/02/2025');
    // The ID's year digits follow the (now sure) birth year; the book number its header year.
    expect(e.fields['nksSoDinhDanh']?.value).toBe('046323959006');
    expect(e.fields['quyenSo']?.value).toBe('01/2023');
  });
  it('leaves digits and words that disagree on a possible date as written', () => {
    const e = extractPage(
      birth('19/02/2023', 'Ngày mười tám tháng hai năm hai nghìn không trăm hai mươi ba', '046323959006'),
      'KS',
    ).entries[0]!;
    expect(e.fields['nksNgaySinh']?.value).toBe('19/02/2023');
    expect(e.fields['nksNgaySinhBangChu']?.warnings.length).toBeGreaterThan(0);
  });
  it('leaves an ID whose year digits are far from the birth year', () => {
    const e = extractPage(
      birth('21/02/2023', 'Ngày hai mươi mốt tháng hai năm hai nghìn không trăm hai mươi ba', '046398959006'),
      'KS',
    ).entries[0]!;
    expect(e.fields['nksSoDinhDanh']?.value).toBe('046398959006');
  });
  it('takes the death year that puts the death shortly before its registration', () => {
    const lines = page([
      'UBND XÃ PHONG CHƯƠNG Năm 2023',
      'SỔ ĐĂNG KÝ KHAI TỬ',
      'Số: 118',
      'Họ, chữ đệm, tên người chết: Nguyễn Thị Trâm',
      'Thời gian chết: 23 giờ 49 phút, ngày 18/01/2025',
      'Ngày, tháng, năm đăng ký: 30/01/2023',
    ]);
    const f = extractPage(lines, 'KT').entries[0]!.fields['nktNgayChet']!;
    expect(f.value).toBe('18/01/2023');
    expect(f.warnings.length).toBeGreaterThan(0);
  });
});

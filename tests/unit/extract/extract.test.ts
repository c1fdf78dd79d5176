import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { approxFind } from '../../../src/extract/approx-match';
import { extractPage, type OcrLineInput } from '../../../src/extract';
import { splitTimeDate, matchDateWords } from '../../../src/extract/entry';
import { makeLineText, spanBox } from '../../../src/extract/line-text';
import { findLabels, labelPatterns } from '../../../src/extract/labels';
import { REGISTERS } from '../../../src/domain/registers';

const fixture = (name: string) => new URL(`../../fixtures/ocr/${name}`, import.meta.url);
const loadLines = (name: string): OcrLineInput[] =>
  (JSON.parse(readFileSync(fixture(name), 'utf8')) as { lines: OcrLineInput[] }).lines;
const loadTruth = (name: string) =>
  JSON.parse(readFileSync(fixture(name), 'utf8')) as {
    entries: { fields: Record<string, { value: string }> }[];
  };

function accuracy(lines: OcrLineInput[], truth: ReturnType<typeof loadTruth>): number {
  const res = extractPage(lines);
  let ok = 0;
  let n = 0;
  truth.entries.forEach((te, i) => {
    for (const [k, v] of Object.entries(te.fields)) {
      n++;
      if ((res.entries[i]?.fields[k]?.value ?? '') === v.value.normalize('NFC')) ok++;
    }
  });
  return ok / n;
}

describe('approxFind', () => {
  it('finds a label despite a misread letter and lost spaces', () => {
    const m = approxFind('noicutru', 'noicutruthonduong', 1);
    expect(m[0]).toMatchObject({ start: 0, end: 8, cost: 0 });
    expect(approxFind('quoctich', 'quoctlchvietnam', 1)[0]?.cost).toBe(1);
  });
  it('returns nothing over budget', () => {
    expect(approxFind('ghichu', 'vietnam', 1)).toEqual([]);
  });
});

describe('labels', () => {
  const words = (s: string) =>
    s.split(' ').map((t, i) => ({
      text: t,
      confidence: 0.9,
      box: [i * 100, 0, 90, 40] as [number, number, number, number],
    }));
  it('prefers the longest label and keeps values out', () => {
    const line = makeLineText(words('Số định danh cá nhân: 046201600751'), [0, 0, 600, 40]);
    const hits = findLabels(line, 0, labelPatterns(REGISTERS.KH));
    expect(hits).toHaveLength(1);
    expect(line.text.slice(hits[0]!.start, hits[0]!.end)).toBe('Số định danh cá nhân');
  });
  it('does not read a name as a label inside a line', () => {
    const line = makeLineText(words('Họ, chữ đệm, tên: Nguyễn Quỳnh Lài'), [0, 0, 600, 40]);
    const hits = findLabels(line, 0, labelPatterns(REGISTERS.KS));
    expect(hits).toHaveLength(1);
  });
  it('finds the second label of a two-column line', () => {
    const line = makeLineText(words('Ngày, tháng, năm sinh: 07/01/1999 Dân tộc: Kinh'), [0, 0, 900, 40]);
    const hits = findLabels(line, 0, labelPatterns(REGISTERS.KH));
    expect(hits.map((h) => line.text.slice(h.start, h.end))).toEqual(['Ngày, tháng, năm sinh', 'Dân tộc']);
  });
  it('cuts boxes of partial words proportionally', () => {
    const line = makeLineText(words('ab cd'), [0, 0, 200, 40]);
    expect(spanBox(line, 3, 4)).toEqual([100, 0, 45, 40]);
  });
});

describe('extractPage on recorded OCR', () => {
  it('reads a printed two-entry marriage page (p014)', () => {
    const res = extractPage(loadLines('p014.lines.json'));
    expect(res.type).toBe('KH');
    expect(res.entries).toHaveLength(2);
    expect(res.entries[0]?.fields['chongHoTen']?.value).toBe('Pả Lào');
    expect(res.entries[1]?.fields['voSoDinhDanh']?.value).toBe('046192699880');
    expect(accuracy(loadLines('p014.lines.json'), loadTruth('p014.truth.json'))).toBeGreaterThanOrEqual(0.95);
  });
  it('reads a handwriting-like death page with split time and date (book-b p1)', () => {
    const res = extractPage(loadLines('book-b-p01.lines.json'));
    expect(res.type).toBe('KT');
    expect(res.entries).toHaveLength(2);
    expect(
      accuracy(loadLines('book-b-p01.lines.json'), loadTruth('book-b-p01.truth.json')),
    ).toBeGreaterThanOrEqual(0.5);
  });
  it('gives every field of the register, blank when not found, and boxes for values', () => {
    const res = extractPage(loadLines('p014.lines.json'));
    const e = res.entries[0]!;
    expect(Object.keys(e.fields)).toEqual(REGISTERS.KH.fields.map((f) => f.key));
    expect(e.fields['ghiChu']?.value).toBe('');
    const box = e.fields['chongHoTen']?.box;
    expect(box?.[2]).toBeGreaterThan(50);
  });
});

describe('ruled table layout (bordered cells, wrapped labels)', () => {
  it('reads labels that wrap inside their cell and fields printed side by side', () => {
    const o = JSON.parse(readFileSync(fixture('b004.ocr.json'), 'utf8')) as {
      lines: { box: [number, number, number, number]; words: number[] }[];
      words: OcrLineInput['words'];
    };
    const lines = o.lines.map((l) => ({ box: l.box, words: l.words.map((i) => o.words[i]!) }));
    const truth = JSON.parse(
      readFileSync(new URL('../../fixtures/bordered/truth/b004.json', import.meta.url), 'utf8'),
    ) as {
      entries: { fields: Record<string, { value: string }> }[];
    };
    const res = extractPage(lines);
    expect(res.entries).toHaveLength(2);
    expect(res.entries[0]?.fields['nycHoTen']?.value).toBe(truth.entries[0]?.fields['nycHoTen']?.value);
    expect(res.entries[0]?.fields['nksSoDinhDanh']?.value).toBe(
      truth.entries[0]?.fields['nksSoDinhDanh']?.value,
    );
    expect(accuracy(lines, truth)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('date in words against digits', () => {
  const lines = (words: string, digits: string): OcrLineInput[] =>
    [
      'SỔ ĐĂNG KÝ KHAI SINH',
      'Số: 12 Quyển số: 01/2017',
      'Họ, chữ đệm, tên: Trần Mỹ An',
      `Ngày, tháng, năm sinh: ${digits}`,
      `ghi bằng chữ: ${words}`,
      'Giới tính: Nữ',
    ].map((t, i) => ({
      box: [100, 100 + i * 60, 1500, 50] as [number, number, number, number],
      words: t.split(' ').map((w, k) => ({
        text: w,
        confidence: 0.9,
        box: [100 + k * 90, 100 + i * 60, 80, 50] as [number, number, number, number],
      })),
    }));
  it('repairs a garbled wording of the same date', () => {
    const e = extractPage(lines('Ngàu mười chín thág mười năm hai nghìn khôg trăm mười bảy', '19/10/2017'))
      .entries[0]!;
    expect(e.fields['nksNgaySinhBangChu']?.value).toBe(
      'Ngày mười chín tháng mười năm hai nghìn không trăm mười bảy',
    );
  });
  it('keeps words that say another date, and flags them', () => {
    const e = extractPage(lines('Ngày mười tám tháng mười năm hai nghìn không trăm mười bảy', '19/10/2017'))
      .entries[0]!;
    expect(e.fields['nksNgaySinhBangChu']?.value).toBe(
      'Ngày mười tám tháng mười năm hai nghìn không trăm mười bảy',
    );
    expect(e.fields['nksNgaySinhBangChu']?.warnings.length).toBeGreaterThan(0);
    expect(e.fields['nksNgaySinh']?.value).toBe('19/10/2017');
  });
});

describe('time and date of death', () => {
  it('splits the printed line even when "ngày" is misread', () => {
    expect(splitTimeDate('19 giờ 16 phút, ngày 07/07/2022')).toEqual({
      time: '19 giờ 16 phút',
      date: '07/07/2022',
    });
    expect(splitTimeDate('19 giờ 16 phút, ngàu 07/07/2022')).toEqual({
      time: '19 giờ 16 phút',
      date: '07/07/2022',
    });
  });
  it('matches a date in words against its digits', () => {
    const m = matchDateWords('Ngày mười chín tháng mưới năm hai nghìn không trăm mười bảy', '19/10/2017');
    expect(m?.value).toBe('Ngày mười chín tháng mười năm hai nghìn không trăm mười bảy');
    expect(m!.distance).toBeLessThan(0.05);
  });
});

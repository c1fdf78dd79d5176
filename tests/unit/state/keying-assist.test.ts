import { describe, expect, it } from 'vitest';
import { searchCommunes } from '../../../src/domain/admin';
import { newBook } from '../../../src/domain/records/book';
import { emptyEntry, type Entry, type FieldValue } from '../../../src/domain/records/entry';
import type { OcrPageRecord } from '../../../src/domain/records/page';
import { KeyingAssist, type AssistStore } from '../../../src/state/keying-assist';

const commune = searchCommunes('phu hoi hue', ['pre2025'])[0]!;
const book = newBook({ type: 'KT', commune, year: 2022, bookNumber: '01/2022', paperSize: 'A4' }, 'b1');

const field = (value: string, confirmed: boolean, extra: Partial<FieldValue> = {}): FieldValue => ({
  value,
  flags: [],
  source: confirmed ? 'keyed' : 'ocr',
  confirmed,
  ...extra,
});

function entry(id: string, fields: Entry['fields'], pageId = 'p1'): Entry {
  return { ...emptyEntry({ bookId: 'b1', pageId, type: 'KT', order: 0 }, id), fields };
}

function store(entries: Entry[], ocr?: OcrPageRecord): AssistStore & { reads: number } {
  const s = {
    reads: 0,
    listEntries: (bookId: string) => {
      s.reads++;
      return Promise.resolve(entries.filter((e) => e.bookId === bookId));
    },
    getOcr: () => Promise.resolve(ocr),
  };
  return s;
}

describe('KeyingAssist', () => {
  it('suggests values confirmed in this book for the same kind of field (the book lexicon)', async () => {
    const earlier = entry('e1', {
      nktHoTen: field('Kăn Văn Blấu', true),
      nycHoTen: field('Bhling Thị Ảo', true),
      nktNoiCuTru: field('khu vực Đông Lâm, thị trấn Khe Tre, huyện Nam Đông, tỉnh Thừa Thiên Huế', true),
      // Not confirmed: not part of the lexicon.
      ghiChu: field('Ghi chú chưa xác nhận', false),
    });
    const s = store([earlier]);
    const assist = new KeyingAssist(s, () => book);
    await assist.ready();
    expect(s.reads).toBe(1);
    const current = entry('e2', {});
    // A name confirmed in another name field of the book.
    const names = assist.suggestions(current, 'nktHoTen', 'bhl t ao').map((x) => x.text);
    expect(names[0]).toBe('Bhling Thị Ảo');
    expect(assist.suggestions(current, 'nycHoTen', 'kan v bl')[0]).toMatchObject({
      text: 'Kăn Văn Blấu',
      source: 'book',
    });
    // A village keyed once completes from its tail, after what the operator typed before the comma.
    expect(assist.suggestions(current, 'nktNoiChet', 'Tại nhà, dong lam')[0]?.text).toBe(
      'Tại nhà, khu vực Đông Lâm, thị trấn Khe Tre, huyện Nam Đông, tỉnh Thừa Thiên Huế',
    );
    expect(assist.suggestions(current, 'ghiChu', 'ghi chu').map((x) => x.text)).not.toContain(
      'Ghi chú chưa xác nhận',
    );
    // Dates get none.
    expect(assist.offers(current, 'nktNgayChet')).toBe(false);
    expect(assist.suggestions(current, 'nktNgayChet', '12')).toEqual([]);
  });

  it('learns values confirmed on the page on screen at once, and reads the store once per book', async () => {
    const s = store([]);
    const assist = new KeyingAssist(s, () => book);
    await assist.ready();
    const onPage = entry('e3', { nycHoTen: field('Rơ Mah Hling', true) });
    const current = entry('e4', {});
    expect(assist.suggestions(current, 'nktHoTen', 'ro mah h', [onPage, current])[0]?.text).toBe(
      'Rơ Mah Hling',
    );
    // Gone from the page, still in the lexicon.
    expect(assist.suggestions(current, 'nktHoTen', 'ro mah h', [current])[0]?.text).toBe('Rơ Mah Hling');
    expect(s.reads).toBe(1);
  });

  it("offers what OCR read for the field and the units around the book's commune", () => {
    const current = entry('e5', {
      nktHoTen: field('Nguyễn Văn Hưng', false, { ocr: { text: 'Nguyễn Văn Hưng', confidence: 0.4 } }),
    });
    const assist = new KeyingAssist(store([]), () => book);
    expect(assist.suggestions(current, 'nktHoTen', 'ng v hung')[0]).toMatchObject({
      text: 'Nguyễn Văn Hưng',
      source: 'ocr',
    });
    expect(assist.suggestions(current, 'nktNoiCuTru', 'p phu hoi')[0]?.text).toBe(
      'phường Phú Hội, thành phố Huế, tỉnh Thừa Thiên Huế',
    );
    expect(assist.suggestions(current, 'nktNoiCuTru', 'tổ 7, thuy chau')[0]?.text).toBe(
      'tổ 7, phường Thủy Châu, thị xã Hương Thủy, tỉnh Thừa Thiên Huế',
    );
  });

  it("offers the recognizer's other readings of a weak word of the field", async () => {
    const box: [number, number, number, number] = [100, 100, 600, 60];
    const ocr: OcrPageRecord = {
      pageId: 'p1',
      width: 2480,
      height: 3508,
      engine: 'tesseract.js',
      model: 'vie',
      words: [
        { text: 'Trần', confidence: 0.95, box: [110, 105, 120, 50], line: 0, block: 0 },
        { text: 'Phương', confidence: 0.93, box: [240, 105, 180, 50], line: 0, block: 0 },
        {
          text: 'Mụ',
          confidence: 0.41,
          box: [430, 105, 80, 50],
          line: 0,
          block: 0,
          alternatives: ['My', 'Mỹ'],
        },
      ],
      lines: [{ box, words: [0, 1, 2] }],
      detectedType: 'KT',
      detectedYear: null,
      skew: 0,
      ms: 1,
      createdAt: 0,
    };
    const current = entry('e6', {
      nktHoTen: field('Trần Phương Mụ', false, { region: { pageId: 'p1', box } }),
    });
    const assist = new KeyingAssist(store([], ocr), () => book);
    await assist.preparePage('p1');
    const got = assist.suggestions(current, 'nktHoTen', 'tran phuong my');
    expect(got.map((x) => x.text)).toContain('Trần Phương My');
    expect(got.find((x) => x.text === 'Trần Phương My')?.source).toBe('ocr');
  });
});

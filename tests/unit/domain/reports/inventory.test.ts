import { describe, expect, it } from 'vitest';
import {
  bookNumberKey,
  checkInventoryInput,
  communeName,
  inventoryInput,
  parseDeadline,
  readInventorySheet,
} from '../../../../src/domain/reports';

const NOW = new Date(2026, 5, 1);

const input = {
  communeCode: '19774',
  communeName: 'Phường Phú Hội',
  type: 'ks',
  yearFrom: '2017',
  yearTo: '',
  bookNumber: ' 01/2017 ',
  entries: '1.250',
  pages: '260',
  paperSize: 'a3',
  condition: 'cu, mo',
  note: '',
};

describe('inventory rows', () => {
  it('checks a typed row: trims, folds labels, reads thousands separators', () => {
    const r = checkInventoryInput(input, NOW);
    expect(r.error).toBeNull();
    expect(r.row).toMatchObject({
      id: '19774|KS|2017|1/2017',
      type: 'KS',
      yearFrom: 2017,
      yearTo: 2017,
      bookNumber: '01/2017',
      entries: 1250,
      pages: 260,
      paperSize: 'A3',
      condition: 'worn',
    });
    expect(inventoryInput(r.row!)).toMatchObject({ condition: 'Cũ, mờ', yearTo: '', entries: '1250' });
  });

  it('names the first problem in Vietnamese', () => {
    expect(checkInventoryInput({ ...input, communeCode: '1977' }, NOW).error).toBe(
      'Mã xã phải có đúng 5 chữ số (đang là “1977”).',
    );
    expect(checkInventoryInput({ ...input, type: 'XX' }, NOW).error).toMatch(
      /^Loại sổ phải là một trong KS/u,
    );
    expect(checkInventoryInput({ ...input, yearFrom: '2030' }, NOW).error).toBe(
      'Từ năm phải là năm từ 1945 đến 2026 (đang là “2030”).',
    );
    expect(checkInventoryInput({ ...input, yearTo: '2016' }, NOW).error).toMatch(/^Đến năm/u);
    expect(checkInventoryInput({ ...input, entries: '12a' }, NOW).error).toBe(
      'Số mục ước tính phải là số nguyên không âm (đang là “12a”).',
    );
    expect(checkInventoryInput({ ...input, condition: 'mới' }, NOW).error).toMatch(/^Tình trạng phải là/u);
    expect(checkInventoryInput({ ...input, bookNumber: ' ' }, NOW).error).toBe('Chưa có quyển số.');
  });

  it('folds book numbers: 01/2008 = 1/2008 = "01 / 2008"', () => {
    expect(bookNumberKey('01/2008')).toBe('1/2008');
    expect(bookNumberKey(' 01 / 2008')).toBe('1/2008');
    expect(bookNumberKey('01-TP/HT')).toBe('1/tp/ht');
  });

  it('reads a sheet with its heading anywhere, columns in any order, empty rows skipped', () => {
    const r = readInventorySheet(
      [
        ['Danh mục sổ hộ tịch'],
        [],
        ['Quyển số', 'LOAI SO', 'Mã xã', 'Từ năm', 'Số mục ước tính', 'Tình trạng'],
        ['01/2017', 'KS', '19774', 2017, 120, 'Tốt'],
        [null, null, null, null, null, null],
        ['02/2017', 'KT', 19774, 2017, '', 'Rách, hư hỏng'],
      ],
      NOW,
    );
    expect(r.error).toBeNull();
    expect(r.rows?.map((x) => [x.id, x.entries, x.condition])).toEqual([
      ['19774|KS|2017|1/2017', 120, 'good'],
      ['19774|KT|2017|2/2017', 0, 'damaged'],
    ]);
  });

  it('refuses the whole sheet at the first bad row, naming the row', () => {
    const head = ['Mã xã', 'Loại sổ', 'Từ năm', 'Quyển số'];
    expect(
      readInventorySheet([head, ['19774', 'KS', '2017', '01'], ['19774', 'KS', '20x7', '02']], NOW).error,
    ).toBe('Dòng 3: Từ năm phải là năm từ 1945 đến 2026 (đang là “20x7”).');
    expect(
      readInventorySheet([head, ['19774', 'KS', '2017', '01'], ['19774', 'KS', '2017', '1']], NOW).error,
    ).toBe('Dòng 3: quyển sổ này đã có ở dòng 2.');
    expect(
      readInventorySheet(
        [
          ['a', 'b'],
          [1, 2],
        ],
        NOW,
      ).error,
    ).toBe('Không thấy dòng tiêu đề có cột “Mã xã” và “Quyển số” trong trang tính đầu tiên.');
    expect(readInventorySheet([['Mã xã', 'Quyển số', 'Từ năm']], NOW).error).toBe('Thiếu cột “Loại sổ”.');
    expect(readInventorySheet([head], NOW).error).toBe('Bảng tính không có dòng sổ nào dưới dòng tiêu đề.');
  });

  it('parses a deadline that exists', () => {
    expect(parseDeadline('2026-12-31')).toBe('2026-12-31');
    expect(parseDeadline('2026-02-30')).toBeNull();
    expect(parseDeadline('31/12/2026')).toBeNull();
  });
});

describe('commune names', () => {
  it('fills an empty name from the unit list of the book year', () => {
    const r = checkInventoryInput({ communeCode: '19786', type: 'KS', yearFrom: '2017', bookNumber: '1' });
    expect(r.row?.communeName).toBe(communeName('19786', 2017));
    expect(r.row?.communeName).toMatch(/Phú Hội/u);
    expect(
      checkInventoryInput({ communeCode: '00000', type: 'KS', yearFrom: '2017', bookNumber: '1' }).row
        ?.communeName,
    ).toBe('');
  });
});

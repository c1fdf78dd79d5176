/**
 * Workbooks of every register type written with exceljs (src/exchange/xlsx.ts) and read back with an independent
 * reader (SheetJS), cell by cell: header row exactly as the template, text cells (leading zeros kept), codes,
 * dates, partial and impossible dates, the *SoDinhDanh → *SoGiayToTuyThan mapping, row order by `so`, Ghi chu.
 */
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES, type TemplateId } from '../../../src/domain/templates/index';
import type { RegisterType } from '../../../src/domain/registers/types';
import { buildBookExport, type BookExport, type BookExportInput } from '../../../src/exchange/workbook';
import { writeXlsx } from '../../../src/exchange/xlsx';
import { fixtureBooks } from './fixtures';

const KS_70 = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'templates', 'KS-70.json'), 'utf8'),
) as { header_cells: string[]; code_lists: Record<string, Record<string, string>> };

interface ReadBack {
  sheetNames: string[];
  /** Cell objects of a sheet by address. */
  cell(sheet: string, row: number, col: number): XLSX.CellObject | undefined;
  /** Values of a row (1-based), as strings/numbers, up to `width` columns. */
  row(sheet: string, row: number, width: number): (string | number | undefined)[];
  /** Value of a column (by its code) in a data row of DL Import. */
  get(row: number, code: string): string | number | undefined;
  rowCount(sheet: string): number;
}

async function roundTrip(input: BookExportInput): Promise<[BookExport, ReadBack]> {
  const exp = buildBookExport(input);
  const bytes = await writeXlsx(exp.model);
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true, cellStyles: true });
  const cell = (sheet: string, row: number, col: number) =>
    wb.Sheets[sheet]?.[XLSX.utils.encode_cell({ r: row - 1, c: col - 1 })] as XLSX.CellObject | undefined;
  const codes = exp.template.columns.map((c) => c.code);
  const rb: ReadBack = {
    sheetNames: wb.SheetNames,
    cell,
    row: (sheet, row, width) =>
      Array.from({ length: width }, (_, c) => cell(sheet, row, c + 1)?.v as string | number | undefined),
    get: (row, code) => {
      const i = codes.indexOf(code);
      expect(i, code).toBeGreaterThanOrEqual(0);
      return cell('DL Import', row, i + 1)?.v as string | number | undefined;
    },
    rowCount: (sheet) => XLSX.utils.decode_range(wb.Sheets[sheet]?.['!ref'] ?? 'A1').e.r + 1,
  };
  return [exp, rb];
}

const books = fixtureBooks();
const results = {} as Record<RegisterType | 'KS-60', [BookExport, ReadBack]>;

beforeAll(async () => {
  for (const t of ['KS', 'KT', 'KH', 'CMC', 'HN'] as const) results[t] = await roundTrip(books[t]);
  results['KS-60'] = await roundTrip({ ...books.KS, options: { template: 'KS-60' } });
});

describe('every register type round-trips', () => {
  const cases: [RegisterType | 'KS-60', TemplateId][] = [
    ['KS', 'KS-70'],
    ['KS-60', 'KS-60'],
    ['KT', 'KT-48'],
    ['KH', 'KH-44'],
    ['CMC', 'CMC-50'],
    ['HN', 'HN-35'],
  ];
  it.each(cases)('%s: sheets, header row exactly as the template %s, every data cell as built', (k, id) => {
    const [exp, rb] = results[k];
    const cols = TEMPLATES[id].columns;
    expect(rb.sheetNames).toEqual(['DL Import', 'Ghi chu']);
    expect(rb.row('DL Import', 1, cols.length)).toEqual(cols.map((c) => c.header));
    expect(rb.cell('DL Import', 1, cols.length + 1)).toBeUndefined();
    expect(rb.rowCount('DL Import')).toBe(exp.model.sheets[0]!.rows.length);
    exp.model.sheets[0]!.rows.slice(1).forEach((values, r) => {
      values.forEach((v, c) => {
        const got = rb.cell('DL Import', r + 2, c + 1);
        if (v === '' || v === null) expect(got?.v, `${cols[c]!.code} row ${r + 2}`).toBeUndefined();
        else {
          expect(got?.v, `${cols[c]!.code} row ${r + 2}`).toBe(v);
          // Text cells are strings under the text format; STT is a number.
          expect(got?.t).toBe(typeof v === 'number' ? 'n' : 's');
          expect(got?.z ?? 'General').toBe(cols[c]!.numberFormat);
        }
      });
    });
  });
});

describe('KS-70 workbook', () => {
  it('header row equals KS-70.json exactly (trailing spaces, code hints)', () => {
    const [, rb] = results.KS;
    expect(rb.row('DL Import', 1, 70)).toEqual(KS_70.header_cells);
  });
  it('one row per entry in so order, STT numbered, IDs and numbers as text with leading zeros', () => {
    const [exp, rb] = results.KS;
    expect(exp.entryIds.length).toBe(3);
    expect([rb.get(2, 'so'), rb.get(3, 'so'), rb.get(4, 'so')]).toEqual(['01', '02', '003']);
    expect([rb.get(2, 'STT'), rb.get(3, 'STT'), rb.get(4, 'STT')]).toEqual([1, 2, 3]);
    expect(rb.get(2, 'nksSoDinhDanh')).toBe('068217000045');
    expect(rb.cell('DL Import', 2, 12)?.t).toBe('s');
    expect(rb.get(2, 'quyenSo')).toBe('01/2017');
    expect(rb.get(4, 'quyenSo')).toBe('01/2017'); // from the book when the entry has none
    expect([rb.get(2, 'trangSo'), rb.get(3, 'trangSo'), rb.get(4, 'trangSo')]).toEqual(['1', '2', '3']);
    expect(rb.get(2, 'noiDangKy')).toBe('UBND xã An Nhơn, huyện Đạ Tẻh, tỉnh Lâm Đồng');
  });
  it('codes, code-list names, dates, partial and impossible dates', () => {
    const [, rb] = results.KS;
    expect([rb.get(2, 'nksGioiTinh'), rb.get(3, 'nksGioiTinh')]).toEqual(['1', '2']);
    expect(rb.get(4, 'nksGioiTinh')).toBe('Nan'); // unknown: as written, reported
    expect(rb.get(3, 'nksDanToc')).toBe('Mông'); // "Mèo" → the list name
    expect(rb.get(2, 'ngayDangKy')).toBe('10.02.2017');
    expect(rb.get(2, 'nksNgaySinh')).toBe('01.02.2017');
    expect(rb.get(3, 'meNgaySinh')).toBe('01.1990');
    expect(rb.get(3, 'chaNgaySinh')).toBe('1988');
    expect(rb.get(3, 'nksNgaySinh')).toBe('30.02.2017');
    expect(rb.get(4, 'nksNgaySinh')).toBe('mùng 5');
    expect(rb.get(2, 'nksNgaySinhBangChu')).toBe('Ngày một tháng hai năm hai nghìn không trăm mười bảy');
    expect(rb.get(2, 'loaiDangKy')).toBeUndefined();
  });
  it('the Ghi chu sheet lists the code lists of KS-70.json', () => {
    const [, rb] = results.KS;
    const read: Record<string, Record<string, string>> = {};
    let current: Record<string, string> | null = null;
    for (let r = 1; r <= rb.rowCount('Ghi chu'); r++) {
      const [a, b] = rb.row('Ghi chu', r, 2);
      if (a === undefined) current = null;
      else if (b === undefined) read[String(a)] = current = {};
      else {
        expect(rb.cell('Ghi chu', r, 1)?.t).toBe('s');
        current![String(a)] = String(b);
      }
    }
    expect(read).toEqual(KS_70.code_lists);
  });
});

describe('the other templates', () => {
  it('KS-60 has no personal-ID column: the child ID is reported, not exported', () => {
    const [exp, rb] = results['KS-60'];
    expect(rb.row('DL Import', 1, 2)).toEqual(['so ', 'quyenSo ']);
    expect(rb.get(2, 'so')).toBe('01');
    expect(exp.findings.filter((f) => f.code === 'export.no_column').map((f) => [f.row, f.column])).toEqual([
      [2, 'nksSoDinhDanh'],
      [3, 'nksSoDinhDanh'],
    ]);
  });
  it('KT: nktSoDinhDanh goes to nktSoGiayToTuyThan with the document kind (4, a 9-digit CMND 1)', () => {
    const [, rb] = results.KT;
    expect([rb.get(2, 'so'), rb.get(3, 'so')]).toEqual(['1', '2']);
    expect(rb.get(2, 'nktSoGiayToTuyThan')).toBe('004150000789');
    expect(rb.get(2, 'nktLoaiGiayToTuyThan')).toBe('4');
    expect(rb.get(3, 'nktSoGiayToTuyThan')).toBe('186123456');
    expect(rb.get(3, 'nktLoaiGiayToTuyThan')).toBe('1');
    expect(rb.get(2, 'nktGioPhutChet')).toBe('14 giờ 05 phút');
    expect(rb.get(2, 'nktNgayChet')).toBe('12.03.2023');
    expect(rb.get(2, 'nktGioiTinh')).toBe('2');
    expect(rb.get(3, 'nktNgaySinh')).toBe('1940');
    expect(rb.get(2, 'quyenSo')).toBe('01/2023');
  });
  it('KH: both spouses’ IDs as *SoGiayToTuyThan with kind 4; an empty ID leaves both empty', () => {
    const [, rb] = results.KH;
    expect(rb.get(2, 'so')).toBe('07');
    expect(rb.get(2, 'chongSoGiayToTuyThan')).toBe('068090001234');
    expect(rb.get(2, 'chongLoaiGiayToTuyThan')).toBe('4');
    expect(rb.get(2, 'voSoGiayToTuyThan')).toBeUndefined();
    expect(rb.get(2, 'voLoaiGiayToTuyThan')).toBeUndefined();
    expect(rb.get(2, 'voDanToc')).toBe('Cơ-ho');
    expect(rb.get(2, 'voQuocTich')).toBe('Việt Nam');
    expect(rb.get(2, 'voNgaySinh')).toBe('1995');
  });
  it('CMC: the kind of recognition as its code, both people', () => {
    const [, rb] = results.CMC;
    expect(rb.get(2, 'loaiXacNhan')).toBe('1');
    expect(rb.get(2, 'cmSoGiayToTuyThan')).toBe('020080000111');
    expect(rb.get(2, 'ncNgaySinh')).toBe('05.05.2010');
    expect(rb.get(2, 'nycQHNguoiDuocNhan')).toBe('Cha');
  });
  it('HN: noiCap from the commune, partial residence dates as written', () => {
    const [, rb] = results.HN;
    expect(rb.get(2, 'noiCap')).toBe('UBND xã An Nhơn, huyện Đạ Tẻh, tỉnh Lâm Đồng');
    expect(rb.get(2, 'nxnThoiGianCuTruTu')).toBe('01.2019');
    expect(rb.get(2, 'nxnThoiGianCuTruDen')).toBe('2019');
    expect(rb.get(2, 'nxnGioiTinh')).toBe('2');
    expect(rb.get(2, 'nxnSoGiayToTuyThan')).toBe('017196000333');
  });
});

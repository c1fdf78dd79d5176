import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTERS } from '../../../../src/domain/registers/index';
import {
  documentKind,
  exportCode,
  exportDate,
  exportId,
  exportValue,
  registrationPlace,
  TEMPLATES,
  TEMPLATES_OF,
} from '../../../../src/domain/templates/index';
import { GIOI_TINH, LOAI_XAC_NHAN } from '../../../../src/domain/templates/codes';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const FIXTURE = join(ROOT, 'tests/fixtures/templates/KS-70.json');
const SHARED = join(ROOT, '..', 'shared/domain/templates/KS-70.json');

interface Ks70 {
  sheets: string[];
  header_cells: string[];
  data_cell_number_format: string[];
  code_lists: Record<string, Record<string, string>>;
}
const ks70 = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Ks70;

describe('KS-70 (published)', () => {
  it('the fixture is the shared record, when the shared folder is beside the repository', () => {
    if (existsSync(SHARED)) expect(readFileSync(FIXTURE, 'utf8')).toBe(readFileSync(SHARED, 'utf8'));
  });
  it('has the header row of KS-70.json exactly, cell by cell, with its data-cell formats', () => {
    const t = TEMPLATES['KS-70'];
    expect(t.provenance).toBe('published');
    expect(t.columns.map((c) => c.header)).toEqual(ks70.header_cells);
    expect(t.columns.map((c) => c.numberFormat)).toEqual(ks70.data_cell_number_format);
    expect([t.sheets.data, t.sheets.codes]).toEqual(ks70.sheets);
    expect(t.columns[5]!.header).toBe('loaiDangKy \ni=[1,2,3,4,5,6]');
  });
  it('writes the Ghi chu code lists of KS-70.json', () => {
    const t = TEMPLATES['KS-70'];
    const sheet = Object.fromEntries(t.codeSheet.map((n) => [n, t.codeLists[n]!.codes]));
    expect(sheet).toEqual(ks70.code_lists);
    expect(t.codeSheet).toEqual(Object.keys(ks70.code_lists));
  });
  it('matches the register module column list (STT excluded)', () => {
    expect(TEMPLATES['KS-70'].columns.slice(1).map((c) => c.code)).toEqual(REGISTERS.KS.templateColumns);
  });
});

describe('derived templates', () => {
  it('have the column counts of registers.md §8.6 and no STT', () => {
    const counts = Object.fromEntries(Object.values(TEMPLATES).map((t) => [t.id, t.columns.length]));
    expect(counts).toEqual({ 'KS-70': 70, 'KS-60': 60, 'KH-44': 44, 'KT-48': 48, 'CMC-50': 50, 'HN-35': 35 });
    for (const t of Object.values(TEMPLATES)) {
      if (t.id !== 'KS-70') {
        expect(t.provenance, t.id).toBe('derived');
        expect(t.columns.map((c) => c.code)).not.toContain('STT');
      }
      expect(TEMPLATES_OF[t.type]).toContain(t.id);
    }
  });
  it('KS-60 is KS-70 without its ID and Str columns, headers as KS-70 writes them', () => {
    const ks60 = TEMPLATES['KS-60'].columns;
    expect(ks60.map((c) => c.code)).not.toContain('nksSoDinhDanh');
    expect(ks60.filter((c) => c.code.endsWith('Str'))).toEqual([]);
    expect(ks60[0]!.header).toBe('so ');
    expect(ks60.find((c) => c.code === 'loaiDangKy')!.header).toBe('loaiDangKy \ni=[1,2,3,4,5,6]');
  });
  it('derived headers carry the code hints where KS-70 has them', () => {
    const kt = TEMPLATES['KT-48'].columns;
    expect(kt.find((c) => c.code === 'loaiDangKy')!.header).toBe('loaiDangKy \ni=[0,1,2,3,4]');
    expect(kt.find((c) => c.code === 'nktLoaiGiayToTuyThan')!.header).toBe(
      'nktLoaiGiayToTuyThan\ni=[1,2,3,4,5,6,7,8]',
    );
    expect(kt.find((c) => c.code === 'nycLoaiGiayToTuyThan')!.header).toBe('nycLoaiGiayToTuyThan');
    expect(kt.find((c) => c.code === 'nktHoTen')!.header).toBe('nktHoTen');
  });
  it('type cells: dates, codes, text; personal-ID columns at most 12 characters', () => {
    const col = (id: keyof typeof TEMPLATES, code: string) =>
      TEMPLATES[id].columns.find((c) => c.code === code)!;
    expect(col('KT-48', 'nktNgayChet').cell).toBe('date');
    expect(col('KT-48', 'nktNgayChetGhiBangChu').cell).toBe('text');
    expect(col('KT-48', 'gbtLoai').cell).toBe('code');
    expect(col('HN-35', 'nxnThoiGianCuTruTu').cell).toBe('date');
    expect(col('KS-70', 'nksHanCheNangLucHanhViNgayCanCuHuyTuyenBo').cell).toBe('text');
    expect(col('KS-70', 'nksSoDinhDanh').maxLength).toBe(12);
    expect(col('KS-70', 'STT').cell).toBe('number');
    expect(col('KS-70', 'quyenSo').auto).toBe('bookNumber');
    expect(col('HN-35', 'noiCap').auto).toBe('registrationPlace');
  });
});

describe('export forms', () => {
  it('dates: dd.mm.yyyy, partial as written, impossible kept, unreadable as written', () => {
    expect(exportDate('5/3/2017')).toEqual({ text: '05.03.2017' });
    expect(exportDate('01/2019')).toEqual({ text: '01.2019' });
    expect(exportDate('2019')).toEqual({ text: '2019' });
    expect(exportDate('30/02/2023')).toEqual({ text: '30.02.2023', problem: 'date_impossible' });
    expect(exportDate('05/03')).toEqual({ text: '05/03', problem: 'date_unreadable' });
    expect(exportDate('')).toEqual({ text: '' });
  });
  it('codes from codes or labels, unknown values kept and reported', () => {
    expect(exportCode('Nữ', GIOI_TINH)).toEqual({ text: '2' });
    expect(exportCode('nam', GIOI_TINH)).toEqual({ text: '1' });
    expect(exportCode('Trai', GIOI_TINH)).toEqual({ text: '1' });
    expect(exportCode('2', GIOI_TINH)).toEqual({ text: '2' });
    expect(exportCode('Nan', GIOI_TINH)).toEqual({ text: 'Nan', problem: 'code_unknown' });
    expect(exportCode('Mẹ nhận con', LOAI_XAC_NHAN)).toEqual({ text: '2' });
  });
  it('IDs as digits (leading zeros kept), the document kind of an ID', () => {
    expect(exportId('001 317 018 785')).toBe('001317018785');
    expect(exportId('0012.3')).toBe('00123');
    expect(exportId('B1234567')).toBe('B1234567');
    expect(documentKind('001317018785')).toBe('4');
    expect(documentKind('186123456')).toBe('1');
    expect(documentKind('001317018785', '8')).toBe('8');
  });
  it('ethnicity and nationality as their code-list names, other text as written (NFC, spaces folded)', () => {
    expect(exportValue('Mèo', 'ethnicity', 'text')).toEqual({ text: 'Mông' });
    expect(exportValue('VN', 'nationality', 'text')).toEqual({ text: 'Việt Nam' });
    expect(exportValue('Xyz', 'ethnicity', 'text')).toEqual({ text: 'Xyz' });
    expect(exportValue('  Nguyễn  Văn An ', 'name', 'text')).toEqual({ text: 'Nguyễn Văn An' });
  });
  it('registration place from the commune', () => {
    expect(
      registrationPlace({
        code: '1',
        name: 'Xã An Nhơn',
        district: 'Huyện Đạ Tẻh',
        province: 'Lâm Đồng',
        list: 'pre2025',
      }),
    ).toBe('UBND xã An Nhơn, huyện Đạ Tẻh, tỉnh Lâm Đồng');
    expect(
      registrationPlace({
        code: '2',
        name: 'Phường Ba Đình',
        district: '',
        province: 'Hà Nội',
        list: '2025',
      }),
    ).toBe('UBND phường Ba Đình, thành phố Hà Nội');
  });
});

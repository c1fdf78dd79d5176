import { describe, expect, it } from 'vitest';
import { REGISTERS } from '../../../src/domain/registers';
import { crossCheck, headerYear, relationFromNames } from '../../../src/extract/cross-checks';
import type { FieldDraft } from '../../../src/extract/types';

const f = (value: string, confidence = 0.8): FieldDraft => ({
  value,
  confidence,
  box: null,
  warnings: [],
  ocrText: value,
  region: [0, 0, 10, 10],
});

describe("cross-field checks driven by the register's person groups", () => {
  it("reads each person's birth year and sex from their own ID, in every register that prints them", () => {
    const cases: [keyof typeof REGISTERS, string, string, string | null][] = [
      ['KS', 'nksNgaySinh', 'nksSoDinhDanh', 'nksGioiTinh'],
      ['KT', 'nktNgaySinh', 'nktSoDinhDanh', 'nktGioiTinh'],
      ['KH', 'voNgaySinh', 'voSoDinhDanh', null],
      ['CMC', 'ncNgaySinh', 'ncSoGiayToTuyThan', null],
      ['HN', 'nxnNgaySinh', 'nxnSoGiayToTuyThan', 'nxnGioiTinh'],
    ];
    for (const [type, birth, id, sex] of cases) {
      const fields: Record<string, FieldDraft> = { [birth]: f('21/01/2O1?'), [id]: f('046317018785') };
      if (sex) fields[sex] = f('N~');
      crossCheck(REGISTERS[type], fields, null);
      expect(fields[birth]?.value, type).toBe('21/01/2017');
      if (sex) expect(fields[sex]?.value, type).toBe('Nữ');
    }
  });
  it('takes no year from an ID whose century digit gives no plausible birth year; the sex is its parity', () => {
    // G = 8: the 2300s (domain/registers.md §4.1); G = 5 with YY = 50: 2150; G = 3 with YY = 96: 2096.
    for (const [id, sex] of [
      ['046817018785', 'Nam'],
      ['046550018785', 'Nữ'],
      ['461396709883', 'Nữ'],
    ]) {
      const fields = { nktNgaySinh: f('21/01/2O1?'), nktSoDinhDanh: f(id ?? ''), nktGioiTinh: f('N~') };
      crossCheck(REGISTERS.KT, fields, null);
      expect(fields.nktNgaySinh.value).toBe('21/01/2O1?');
      expect(fields.nktGioiTinh.value).toBe(sex);
      expect(fields.nktGioiTinh.confidence).toBe(0.4);
    }
  });
  it('keeps a readable, plausible birth year', () => {
    const fields = { nksNgaySinh: f('21/01/2016'), nksSoDinhDanh: f('046317018785', 0.9) };
    crossCheck(REGISTERS.KS, fields, null);
    expect(fields.nksNgaySinh.value).toBe('21/01/2016');
  });
  it('corrects a misread ID year digit from a sure birth date', () => {
    const fields = { chongNgaySinh: f('02/03/1987', 0.95), chongSoDinhDanh: f('046088123456', 0.9) };
    crossCheck(REGISTERS.KH, fields, null);
    expect(fields.chongSoDinhDanh.value).toBe('046087123456');
  });
  it('the relation word of a person declared by the register: father or mother on a birth', () => {
    for (const [name, want] of [
      ['Lê Văn Hùng', 'Cha'],
      ['Trần Thị Lan', 'Mẹ'],
      ['Ngô Văn Bảy', ''],
    ] as const) {
      const fields = {
        nycHoTen: f(name),
        nycQuanHe: f('', 0),
        chaHoTen: f('Lê Văn Hùng'),
        meHoTen: f('Trần Thị Lan'),
      };
      relationFromNames(REGISTERS.KS, fields);
      expect(fields.nycQuanHe.value).toBe(want);
    }
  });
  it("merges the requester's name with the parent the relation names", () => {
    const fields = {
      nycHoTen: f('Lê Văn Hừng', 0.5),
      nycQuanHe: f('Cha'),
      chaHoTen: f('Lê Văn Hùng', 0.9),
      meHoTen: f('Trần Thị Lan'),
    };
    crossCheck(REGISTERS.KS, fields, null);
    expect(fields.nycHoTen.value).toBe('Lê Văn Hùng');
    expect(fields.meHoTen.value).toBe('Trần Thị Lan');
  });
  it("a registrar naming the deceased's son is no person of the death entry", () => {
    const fields = { nycHoTen: f('Lê Văn Hùng'), nycQuanHe: f('', 0), nktHoTen: f('Lê Văn Hùng') };
    relationFromNames(REGISTERS.KT, fields);
    expect(fields.nycQuanHe.value).toBe('');
  });
});

describe('headerYear', () => {
  it('takes the first plausible year after "Năm"', () => {
    expect(headerYear('UBND XÃ AN HÒA  SỔ ĐĂNG KÝ KHAI SINH  Năm 2023')).toBe(2023);
    expect(headerYear('Năm: 1998')).toBe(1998);
    expect(headerYear('Năm 2923 … Năm 2023')).toBe(2023);
    expect(headerYear('Năm 1750')).toBeNull();
    expect(headerYear('không có năm')).toBeNull();
  });
});

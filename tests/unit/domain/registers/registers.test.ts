import { describe, expect, it } from 'vitest';
import {
  detectRegisterType,
  fieldByKey,
  fieldsByLabel,
  REGISTERS,
  REGISTER_TYPES,
  registerByType,
} from '../../../../src/domain/registers/index';
import { TEMPLATES } from '../../../../src/domain/templates/templates';

const PRINTED: Record<'KS' | 'KT' | 'KH', [string, string | null][]> = {
  KS: [
    ['so', 'Số'],
    ['quyenSo', 'Quyển số'],
    ['nksHoTen', 'Họ, chữ đệm, tên'],
    ['nksNgaySinh', 'Ngày, tháng, năm sinh'],
    ['nksNgaySinhBangChu', 'ghi bằng chữ'],
    ['nksGioiTinh', 'Giới tính'],
    ['nksDanToc', 'Dân tộc'],
    ['nksQuocTich', 'Quốc tịch'],
    ['nksNoiSinh', 'Nơi sinh'],
    ['nksQueQuan', 'Quê quán'],
    ['nksSoDinhDanh', 'Số định danh cá nhân'],
    ['meHoTen', 'Họ, chữ đệm, tên người mẹ'],
    ['meNgaySinh', 'Năm sinh'],
    ['meDanToc', 'Dân tộc'],
    ['meQuocTich', 'Quốc tịch'],
    ['meNoiCuTru', 'Nơi cư trú'],
    ['chaHoTen', 'Họ, chữ đệm, tên người cha'],
    ['chaNgaySinh', 'Năm sinh'],
    ['chaDanToc', 'Dân tộc'],
    ['chaQuocTich', 'Quốc tịch'],
    ['chaNoiCuTru', 'Nơi cư trú'],
    ['nycHoTen', 'Họ, chữ đệm, tên người đi đăng ký khai sinh'],
    ['nycQuanHe', 'Quan hệ với người được khai sinh'],
    ['ngayDangKy', 'Ngày, tháng, năm đăng ký'],
    ['ghiChu', 'Ghi chú'],
  ],
  KT: [
    ['so', 'Số'],
    ['nktHoTen', 'Họ, chữ đệm, tên người chết'],
    ['nktNgaySinh', 'Ngày, tháng, năm sinh'],
    ['nktGioiTinh', 'Giới tính'],
    ['nktDanToc', 'Dân tộc'],
    ['nktQuocTich', 'Quốc tịch'],
    ['nktSoDinhDanh', 'Số định danh cá nhân'],
    ['nktNoiCuTru', 'Nơi cư trú cuối cùng'],
    ['nktGioPhutChet', 'Thời gian chết'],
    ['nktNgayChet', null],
    ['nktNoiChet', 'Nơi chết'],
    ['nktNguyenNhanChet', 'Nguyên nhân chết'],
    ['nycHoTen', 'Họ, chữ đệm, tên người đi khai tử'],
    ['nycQuanHe', 'Quan hệ với người chết'],
    ['ngayDangKy', 'Ngày, tháng, năm đăng ký'],
    ['ghiChu', 'Ghi chú'],
  ],
  KH: [
    ['so', 'Số'],
    ['chongHoTen', 'Họ, chữ đệm, tên chồng'],
    ['chongNgaySinh', 'Ngày, tháng, năm sinh'],
    ['chongDanToc', 'Dân tộc'],
    ['chongQuocTich', 'Quốc tịch'],
    ['chongNoiCuTru', 'Nơi cư trú'],
    ['chongSoDinhDanh', 'Số định danh cá nhân'],
    ['voHoTen', 'Họ, chữ đệm, tên vợ'],
    ['voNgaySinh', 'Ngày, tháng, năm sinh'],
    ['voDanToc', 'Dân tộc'],
    ['voQuocTich', 'Quốc tịch'],
    ['voNoiCuTru', 'Nơi cư trú'],
    ['voSoDinhDanh', 'Số định danh cá nhân'],
    ['ngayDangKy', 'Ngày, tháng, năm đăng ký'],
    ['ghiChu', 'Ghi chú'],
  ],
};

describe('printed fields of the current forms', () => {
  for (const type of ['KS', 'KT', 'KH'] as const) {
    it(`${type}: keys in printed order, current label first`, () => {
      const def = registerByType(type);
      expect(def.fields.map((f) => f.key)).toEqual(PRINTED[type].map(([k]) => k));
      PRINTED[type].forEach(([, label], i) => {
        const field = def.fields[i];
        if (label === null) expect(field?.labels).toEqual([]);
        else expect(field?.labels[0]).toBe(label);
      });
    });
  }

  it('kinds of key fields', () => {
    expect(fieldByKey('KS', 'nksNgaySinh')?.kind).toBe('date');
    expect(fieldByKey('KS', 'nksNgaySinhBangChu')?.kind).toBe('date_words');
    expect(fieldByKey('KS', 'meNgaySinh')?.kind).toBe('year_or_date');
    expect(fieldByKey('KS', 'nycQuanHe')?.kind).toBe('relation');
    expect(fieldByKey('KT', 'nktNgaySinh')?.kind).toBe('year_or_date');
    expect(fieldByKey('KT', 'nktGioPhutChet')?.kind).toBe('time');
    expect(fieldByKey('KT', 'nktNgayChet')).toMatchObject({
      kind: 'date',
      splitFrom: 'nktGioPhutChet',
      labels: [],
    });
  });

  it('era variants are known', () => {
    expect(fieldByKey('KS', 'nksHoTen')?.labels).toEqual(expect.arrayContaining(['Họ và tên', 'Họ tên']));
    expect(fieldByKey('KS', 'nksQueQuan')?.labels).toContain('Nguyên quán');
    expect(fieldByKey('KS', 'meNoiCuTru')?.labels).toEqual(
      expect.arrayContaining(['Nơi thường trú', 'Nơi thường trú/tạm trú']),
    );
    expect(fieldByKey('KS', 'nksNgaySinh')?.labels).toContain('Ngày sinh');
  });

  it('every label is NFC and without a trailing colon', () => {
    for (const def of Object.values(REGISTERS)) {
      for (const f of def.fields) {
        for (const l of f.labels) {
          expect(l).toBe(l.normalize('NFC'));
          expect(l.endsWith(':')).toBe(false);
        }
      }
    }
  });
});

describe('template columns', () => {
  it('have the documented counts (STT excluded)', () => {
    expect(REGISTERS.KS.templateColumns).toHaveLength(69);
    expect(REGISTERS.KH.templateColumns).toHaveLength(44);
    expect(REGISTERS.KT.templateColumns).toHaveLength(48);
    expect(REGISTERS.CMC.templateColumns).toHaveLength(50);
    expect(REGISTERS.HN.templateColumns).toHaveLength(35);
    for (const t of REGISTER_TYPES) {
      expect(new Set(REGISTERS[t].templateColumns).size).toBe(REGISTERS[t].templateColumns.length);
    }
  });
  it('start and end as the templates do', () => {
    expect(REGISTERS.KS.templateColumns.slice(0, 4)).toEqual(['so', 'quyenSo', 'trangSo', 'ngayDangKy']);
    expect(REGISTERS.KT.templateColumns.slice(10, 13)).toEqual(['nktHoTen', 'nktGioiTinh', 'nktNgaySinh']);
    expect(REGISTERS.KH.templateColumns.slice(16, 18)).toEqual(['chongHoTen', 'chongNgaySinh']);
    expect(REGISTERS.CMC.templateColumns[3]).toBe('quyetDinhSo');
    expect(REGISTERS.HN.templateColumns[4]).toBe('noiCap');
    expect(REGISTERS.KS.templateColumns.at(-1)).toBe('qgNuocNgoaiDaDangKy');
    expect(REGISTERS.HN.templateColumns.at(-1)).toBe('nycNoiCapGiayToTuyThan');
  });
  it('map every printed field to its column in every template version', () => {
    const missing = Object.values(REGISTERS).flatMap((d) =>
      d.templates.flatMap((id) => d.fields.filter((f) => !f.templateColumn[id]).map((f) => `${id}.${f.key}`)),
    );
    // KS-60 has no personal-ID column; every other printed field exports somewhere.
    expect(missing).toEqual(['KS-60.nksSoDinhDanh']);
    for (const d of Object.values(REGISTERS)) {
      for (const f of d.fields) {
        const own = f.templateColumn[d.templates[0]!];
        if (own && own.column === f.key) expect(d.templateColumns).toContain(f.key);
      }
    }
  });
  it('send the personal IDs without a column of their own to *SoGiayToTuyThan with the document kind', () => {
    const moved = Object.values(REGISTERS).flatMap((d) =>
      d.fields
        .filter((f) => f.templateColumn[d.templates[0]!]?.column !== f.key)
        .map((f) => [f.key, f.templateColumn[d.templates[0]!]]),
    );
    expect(moved).toEqual([
      ['nktSoDinhDanh', { column: 'nktSoGiayToTuyThan', documentKindColumn: 'nktLoaiGiayToTuyThan' }],
      ['chongSoDinhDanh', { column: 'chongSoGiayToTuyThan', documentKindColumn: 'chongLoaiGiayToTuyThan' }],
      ['voSoDinhDanh', { column: 'voSoGiayToTuyThan', documentKindColumn: 'voLoaiGiayToTuyThan' }],
    ]);
    for (const t of REGISTER_TYPES) {
      for (const id of REGISTERS[t].templates) {
        for (const f of REGISTERS[t].fields) {
          const col = f.templateColumn[id];
          if (col)
            expect(
              TEMPLATES[id].columns.map((c) => c.code),
              `${id}.${f.key}`,
            ).toContain(col.column);
        }
      }
    }
  });
});

describe('detectRegisterType', () => {
  it('recognises titles with or without diacritics', () => {
    expect(detectRegisterType('SỔ ĐĂNG KÝ KHAI SINH')).toBe('KS');
    expect(detectRegisterType('SỔ ĐĂNG KÝ KHAI TỬ')).toBe('KT');
    expect(detectRegisterType('SỔ ĐĂNG KÝ KẾT HÔN')).toBe('KH');
    expect(detectRegisterType('SỔ ĐĂNG KÝ NHẬN CHA, MẸ, CON')).toBe('CMC');
    expect(detectRegisterType('SỔ CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN')).toBe('HN');
    expect(detectRegisterType('so dang ky khai tu')).toBe('KT');
    expect(detectRegisterType('Sổ đăng ký kết hôn')).toBe('KH');
  });
  it('tolerates OCR noise and wrong diacritics', () => {
    expect(detectRegisterType('S0 ĐĂNG KY KHAl SlNH')).toBe('KS');
    expect(detectRegisterType('SỐ ĐĂNG KÝ KHẢI TỦ')).toBe('KT');
    expect(detectRegisterType('SO DANG KY KET H0N')).toBe('KH');
    expect(detectRegisterType('SỔ CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHẢN')).toBe('HN');
    expect(detectRegisterType('— SỔ ĐĂNG KÝ KHAI SINH —  Năm 2017')).toBe('KS');
  });
  it('returns null for unrelated text', () => {
    expect(detectRegisterType('UBND XÃ VINH HƯNG')).toBeNull();
    expect(detectRegisterType('Trang 39')).toBeNull();
    expect(detectRegisterType('SỔ ĐĂNG KÝ')).toBeNull();
    expect(detectRegisterType('')).toBeNull();
  });
});

describe('fieldsByLabel', () => {
  it('matches folded labels and returns repeats in order', () => {
    expect(fieldsByLabel('KS', 'Dân tộc:').map((f) => f.key)).toEqual(['nksDanToc', 'meDanToc', 'chaDanToc']);
    expect(fieldsByLabel('KT', 'Thoi gian chet').map((f) => f.key)).toEqual(['nktGioPhutChet']);
    expect(fieldsByLabel('KS', 'HỌ VÀ TÊN').map((f) => f.key)).toEqual(['nksHoTen']);
    expect(fieldsByLabel('KS', 'xyz')).toEqual([]);
  });
});

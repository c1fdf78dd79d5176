import { describe, expect, it } from 'vitest';
import { RULES, RULE_CODES } from '../../../../src/domain/rules/catalogue';
import { checkBook, checkEntry } from '../../../../src/domain/rules/check';
import type { Finding } from '../../../../src/domain/rules/types';
import { entry, fv } from './helpers';

const pre2025 = {
  code: '00001',
  name: 'Xã A',
  district: 'Huyện B',
  province: 'Nghệ An',
  list: 'pre2025' as const,
};

/** One scenario per rule family; together they must raise every code of the catalogue. */
function everyFinding(): Finding[] {
  return [
    ...checkEntry(
      entry('KS', {
        so: '1 2',
        nksHoTen: 'Ksor  Siu',
        nksGioiTinh: 'Nan',
        nksNgaySinh: '06/03/2017',
        nksNgaySinhBangChu: 'Ngày mười chín tháng mười năm hai nghìn không trăm mười bảy',
        nksDanToc: 'Mèo',
        nksQuocTich: 'Atlantis',
        nksSoDinhDanh: '046217018785',
        meHoTen: 'nguyễn thị 4',
        meNgaySinh: '2010',
        meDanToc: 'Xyz',
        chaHoTen: 'Minh',
        chaQuocTich: 'VN',
        ngayDangKy: '05/03/2017',
      }),
      { bookYear: 2016, commune: pre2025 },
    ),
    ...checkEntry(
      entry('KT', {
        nktNgaySinh: '12/03/1950',
        nktNgayChet: '11/03/1950',
        nktSoDinhDanh: '046 317018785',
        ngayDangKy: '05/03',
      }),
    ),
    ...checkEntry(
      entry('KT', { nktNgayChet: fv('30/02/2023', ['impossible_date']), ngayDangKy: '01/02/2023' }),
    ),
    ...checkEntry(entry('KT', { nktNgaySinh: '1849', nktNgayChet: '30/02/2023', ngayDangKy: '2023' })),
    ...checkEntry(entry('KT', { nktNgaySinh: '12/O3/1950', nktSoDinhDanh: '04631701878A' })),
    ...checkEntry(entry('HN', { nxnSoGiayToTuyThan: '04631701', nxnNgaySinh: '19/10/1917' })),
    ...checkEntry(entry('HN', { nxnSoGiayToTuyThan: '186123456' })),
    ...checkEntry(
      entry('HN', { nxnSoGiayToTuyThan: '003317018785', nxnGioiTinh: 'Nam', nxnNgaySinh: '19/10/2018' }),
    ),
    ...checkEntry(entry('KS', { nksNgaySinhBangChu: 'không rõ' })),
    ...checkEntry(entry('KH', { chongNgaySinh: '01/01/2000', voNgaySinh: '1998', ngayDangKy: '01/06/2016' })),
    ...checkBook(
      [
        { id: 'a', bookId: 'b', fields: { so: fv('2') } },
        { id: 'b', bookId: 'b', fields: { so: fv('2') } },
      ],
      { bookYears: { b: 2017 } },
    ),
  ];
}

describe('the rule catalogue', () => {
  const all = everyFinding();

  it('every rule has a test scenario here, and every finding carries its catalogue severity', () => {
    expect(new Set(all.map((f) => f.code))).toEqual(new Set(RULE_CODES));
    for (const f of all) expect(f.severity, f.code).toBe(RULES[f.code].severity);
  });

  it('codes are stable dotted names; titles and messages are NFC Vietnamese sentences naming fields', () => {
    for (const code of RULE_CODES) {
      expect(code).toMatch(/^[a-z]+\.[a-z0-9_]+$/u);
      expect(RULES[code].title).toBe(RULES[code].title.normalize('NFC'));
    }
    for (const f of all) {
      expect(f.message).toBe(f.message.normalize('NFC'));
      expect(f.message, f.code).toMatch(/\.$/u);
      expect(f.fields.length, f.code).toBeGreaterThan(0);
    }
  });

  it('never rewrites a value', () => {
    const e = entry('KS', { nksHoTen: ' nguyễn  văn ', nksNgaySinh: '30/02/1990', ngayDangKy: '1989' });
    const before = JSON.stringify(e);
    checkEntry(e, { bookYear: 1988 });
    expect(JSON.stringify(e)).toBe(before);
  });
});

import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../../../src/domain/records/entry';
import { fieldWarnings } from '../../../../src/domain/records/validate';
import { fieldByKey, type RegisterType } from '../../../../src/domain/registers';

const fv = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: false });

function def(type: RegisterType, key: string) {
  const d = fieldByKey(type, key);
  if (!d) throw new Error(`no field ${type}.${key}`);
  return d;
}

describe("field warnings use the register's person groups", () => {
  it("checks an ID against the same person's sex and birth year, in every register that prints them", () => {
    // 046317018785: G = 3 (female, 2000s), YY = 17.
    const cases: [RegisterType, string, string, string][] = [
      ['KS', 'nksSoDinhDanh', 'nksGioiTinh', 'nksNgaySinh'],
      ['KT', 'nktSoDinhDanh', 'nktGioiTinh', 'nktNgaySinh'],
      ['HN', 'nxnSoGiayToTuyThan', 'nxnGioiTinh', 'nxnNgaySinh'],
    ];
    for (const [type, idKey, sexKey, birthKey] of cases) {
      const id = def(type, idKey);
      const agree = { [sexKey]: fv('Nữ'), [birthKey]: fv('19/10/2017') };
      expect(fieldWarnings(id, fv('046317018785'), agree)).toEqual([]);
      const sexOff = fieldWarnings(id, fv('046317018785'), { ...agree, [sexKey]: fv('Nam') });
      expect(sexOff.join(' ')).toMatch(/giới tính/u);
      const yearOff = fieldWarnings(id, fv('046317018785'), { ...agree, [birthKey]: fv('19/10/2018') });
      expect(yearOff.join(' ')).toMatch(/năm sinh 2018/u);
    }
  });
  it('spouses have no sex field: only the birth year is checked', () => {
    const id = def('KH', 'voSoDinhDanh');
    expect(fieldWarnings(id, fv('046317018785'), { voNgaySinh: fv('01/01/2016') }).join(' ')).toMatch(
      /năm sinh 2016/u,
    );
    // Another person's birth date is not this person's.
    expect(fieldWarnings(id, fv('046317018785'), { chongNgaySinh: fv('01/01/2016') })).toEqual([]);
  });
  it('a year after this year is out of range', () => {
    const next = new Date().getFullYear() + 1;
    expect(fieldWarnings(def('KS', 'nksNgaySinh'), fv(`01/01/${next}`), {})[0]).toMatch(/ngoài khoảng/u);
    expect(fieldWarnings(def('KS', 'meNgaySinh'), fv('1849'), {})[0]).toMatch(/ngoài khoảng/u);
  });
});

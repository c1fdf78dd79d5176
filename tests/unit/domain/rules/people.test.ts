import { describe, expect, it } from 'vitest';
import { checkEntry } from '../../../../src/domain/rules/check';
import { ageRange, marriageLawOf } from '../../../../src/domain/rules/people';
import { codes, entry, only } from './helpers';

describe('ages from possibly partial dates', () => {
  it('counts full years, as a range when a part is missing', () => {
    expect(ageRange({ day: 10, month: 5, year: 1996 }, { day: 9, month: 5, year: 2016 })).toEqual([19, 19]);
    expect(ageRange({ day: 10, month: 5, year: 1996 }, { day: 10, month: 5, year: 2016 })).toEqual([20, 20]);
    expect(ageRange({ year: 1996 }, { day: 1, month: 6, year: 2016 })).toEqual([19, 20]);
    expect(ageRange({ month: 3, year: 1990 }, { year: 2000 })).toEqual([9, 10]);
    // An impossible day counts as the month's last day.
    expect(ageRange({ day: 30, month: 2, year: 1990 }, { day: 28, month: 2, year: 2000 })).toEqual([10, 10]);
    expect(ageRange({ day: 5, month: 3 }, { year: 2000 })).toBeNull();
  });

  it('finds the marriage law of the registration year', () => {
    expect(marriageLawOf(1959)).toBeNull();
    expect(marriageLawOf(1960)?.firm).toEqual({ male: 18, female: 15 });
    expect(marriageLawOf(1977)?.name).toBe('Luật Hôn nhân và gia đình 1959');
    expect(marriageLawOf(1987)?.name).toBe('Luật Hôn nhân và gia đình 1986');
    expect(marriageLawOf(2014)?.name).toBe('Luật Hôn nhân và gia đình 2000');
    expect(marriageLawOf(2015)).toMatchObject({
      firm: { male: 20, female: 18 },
      full: { male: 20, female: 18 },
    });
  });
});

describe('marriage age by the law of the registration year', () => {
  const kh = (chong: string, vo: string, reg: string) =>
    checkEntry(entry('KH', { chongNgaySinh: chong, voNgaySinh: vo, ngayDangKy: reg }));

  it('2014 law: under 20 full years (man) or 18 (woman) is underage', () => {
    const fs = kh('10/05/1996', '01/01/1998', '09/05/2016');
    expect(codes(fs)).toEqual(['marriage.underage']);
    expect(fs[0]?.fields).toEqual(['chongNgaySinh', 'ngayDangKy']);
    expect(fs[0]?.severity).toBe('warning');
    expect(fs[0]?.message).toBe(
      'Chồng 19 tuổi khi đăng ký kết hôn: chưa đủ tuổi kết hôn theo Luật Hôn nhân và gia đình 2014 (nam 20 tuổi).',
    );
    expect(kh('10/05/1996', '01/01/1998', '10/05/2016')).toEqual([]);
    expect(codes(kh('01/01/1990', '02/01/1999', '01/01/2017'))).toEqual(['marriage.underage']);
  });

  it('2000 law: "từ hai mươi tuổi" read both ways — 19 full years is doubtful (info), 18 underage', () => {
    const doubtful = kh('10/05/1990', '01/01/1990', '10/05/2009');
    expect(codes(doubtful)).toEqual(['marriage.age_doubtful']);
    expect(doubtful[0]?.severity).toBe('info');
    expect(codes(kh('10/05/1991', '01/01/1980', '10/05/2009'))).toEqual(['marriage.underage']);
    expect(codes(kh('01/01/1980', '01/05/1992', '10/05/2009'))).toEqual(['marriage.age_doubtful']);
    expect(codes(kh('01/01/1980', '01/06/1992', '10/05/2009'))).toEqual(['marriage.underage']);
  });

  it('1960–1976: firm limit 18 / 15 (the South’s law until 1977), doubtful below 20 / 18', () => {
    expect(codes(kh('01/01/1950', '01/01/1954', '01/06/1970'))).toEqual(['marriage.age_doubtful']);
    expect(codes(kh('01/01/1950', '01/01/1956', '01/06/1970'))).toEqual(['marriage.underage']);
    expect(kh('01/01/1930', '01/01/1945', '01/06/1955')).toEqual([]);
  });

  it('a partial birth date that may or may not reach the age is doubtful, not underage', () => {
    expect(codes(kh('1996', '1990', '01/06/2016'))).toEqual([
      'date.partial',
      'date.partial',
      'marriage.age_doubtful',
    ]);
  });
});

describe('parent age at the child’s birth', () => {
  it('parent.age below 12 or above 70, or born after the child', () => {
    const ks = (me: string, cha: string) =>
      checkEntry(entry('KS', { nksNgaySinh: '01/06/2020', meNgaySinh: me, chaNgaySinh: cha }));
    expect(ks('1990', '1985')).toEqual([]);
    const young = only(ks('2010', '1985'), 'parent.age');
    expect(young).toHaveLength(1);
    expect(young[0]?.fields).toEqual(['meNgaySinh', 'nksNgaySinh']);
    expect(young[0]?.message).toContain('dưới 12 tuổi');
    expect(only(ks('1990', '1930'), 'parent.age')[0]?.message).toContain('trên 70 tuổi');
    expect(only(ks('2021', '1985'), 'parent.age')[0]?.message).toContain('sau ngày sinh của con');
    // A year-only mother's birth that may reach 12 is not flagged (range 11–12).
    expect(only(ks('2008', '1985'), 'parent.age')).toEqual([]);
  });

  it('applies to parent and child of a parent–child recognition', () => {
    const fs = checkEntry(entry('CMC', { cmNgaySinh: '1930', ncNgaySinh: '2005' }));
    expect(codes(fs)).toEqual(['parent.age']);
  });
});

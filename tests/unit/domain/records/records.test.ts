import { describe, expect, it } from 'vitest';
import { validateBookInput } from '../../../../src/domain/records/book';
import { fieldWarnings, isImpossibleDate } from '../../../../src/domain/records/validate';
import { fieldByKey } from '../../../../src/domain/registers';
import type { FieldValue } from '../../../../src/domain/records/entry';

const fv = (value: string, extra: Partial<FieldValue> = {}): FieldValue => ({
  value,
  flags: [],
  source: 'keyed',
  confirmed: false,
  ...extra,
});

describe('book input', () => {
  const commune = {
    code: '19822',
    name: 'Phường Phú Hội',
    district: 'Thành phố Huế',
    province: 'Thừa Thiên Huế',
    list: 'pre2025' as const,
  };
  it('accepts a complete book', () => {
    expect(
      validateBookInput({ type: 'KS', commune, year: 2017, bookNumber: '01/2017', paperSize: 'A4' }),
    ).toEqual([]);
  });
  it('lists every problem in Vietnamese', () => {
    const p = validateBookInput({ year: 1800 }, new Date('2026-01-01'));
    expect(p).toHaveLength(5);
    expect(p.join(' ')).toMatch(/loại sổ/);
    expect(p.join(' ')).toMatch(/1945 đến 2026/);
  });
});

describe('field warnings (never blocking, never rewriting)', () => {
  const date = fieldByKey('KS', 'nksNgaySinh');
  const id = fieldByKey('KT', 'nktSoDinhDanh');
  const sex = fieldByKey('KS', 'nksGioiTinh');
  it('flags impossible and unreadable dates', () => {
    if (!date) throw new Error('no date field');
    expect(fieldWarnings(date, fv('31/04/1990'), {})[0]).toMatch(/không có thật/);
    expect(isImpossibleDate(date, '31/04/1990')).toBe(true);
    expect(fieldWarnings(date, fv('ngày xưa'), {})[0]).toMatch(/dạng ngày/);
    expect(fieldWarnings(date, fv('05/03/1990'), {})).toEqual([]);
    expect(fieldWarnings(date, fv('1990'), {})).toEqual([]);
  });
  it('says nothing about fields flagged blank or illegible', () => {
    if (!date) throw new Error('no date field');
    expect(fieldWarnings(date, fv('xx', { flags: ['illegible'] }), {})).toEqual([]);
  });
  it('checks ID numbers and sex', () => {
    if (!id || !sex) throw new Error('fields missing');
    expect(fieldWarnings(id, fv('12345'), {}).length).toBeGreaterThan(0);
    expect(fieldWarnings(sex, fv('Nam'), {})).toEqual([]);
    expect(fieldWarnings(sex, fv('N4m'), {})[0]).toMatch(/Nam/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  compareDates,
  daysInMonth,
  EARLIEST_REGISTER_YEAR,
  formatDate,
  isPlausibleDate,
  isPlausibleYear,
  parseDate,
  toExportDate,
  writtenDateLayout,
} from '../../../../src/domain/fields/date';

describe('parseDate', () => {
  it('parses full dates in every separator style', () => {
    for (const s of ['19/10/2017', '19.10.2017', '19-10-2017', '19 / 10 / 2017']) {
      expect(parseDate(s)).toEqual({
        day: 19,
        month: 10,
        year: 2017,
        partial: false,
        impossible: false,
        valid: true,
      });
    }
    expect(parseDate('2/1/2017')).toMatchObject({ day: 2, month: 1, year: 2017, valid: true });
  });

  it('parses partial dates', () => {
    expect(parseDate('01/2019')).toEqual({
      month: 1,
      year: 2019,
      partial: true,
      impossible: false,
      valid: true,
    });
    expect(parseDate('1946')).toEqual({ year: 1946, partial: true, impossible: false, valid: true });
    expect(parseDate('30/02')).toMatchObject({
      day: 30,
      month: 2,
      partial: true,
      impossible: true,
      valid: false,
    });
  });

  it('keeps impossible dates as written and flags them', () => {
    expect(parseDate('31/04/1990')).toEqual({
      day: 31,
      month: 4,
      year: 1990,
      partial: false,
      impossible: true,
      valid: false,
    });
    expect(parseDate('29/02/2001')).toMatchObject({ day: 29, month: 2, year: 2001, impossible: true });
    expect(parseDate('29/02/2000')).toMatchObject({ impossible: false, valid: true });
    expect(parseDate('29/02/1900')).toMatchObject({ impossible: true });
    expect(parseDate('31/11/1975')).toMatchObject({ impossible: true });
    expect(parseDate('12/13/1975')).toMatchObject({ impossible: true });
    expect(parseDate('00/05/1975')).toMatchObject({ impossible: true });
  });

  it('rejects unrecognised text', () => {
    expect(parseDate('ngày 5')).toEqual({ partial: false, impossible: false, valid: false });
    expect(parseDate('')).toMatchObject({ valid: false });
    expect(parseDate('19/10/17')).toMatchObject({ valid: false });
  });
});

describe('export and format', () => {
  it('toExportDate uses dots and keeps partial shapes', () => {
    expect(toExportDate('19/10/2017')).toBe('19.10.2017');
    expect(toExportDate('2/1/2017')).toBe('02.01.2017');
    expect(toExportDate('01/2019')).toBe('01.2019');
    expect(toExportDate('1946')).toBe('1946');
    expect(toExportDate('31/04/1990')).toBe('31.04.1990');
    expect(toExportDate('không rõ')).toBeNull();
    expect(toExportDate({ day: 5, month: 6, year: 1948 })).toBe('05.06.1948');
  });
  it('formatDate and helpers', () => {
    expect(formatDate({ day: 7, month: 8, year: 2016 })).toBe('07/08/2016');
    expect(formatDate({})).toBeNull();
    expect(daysInMonth(2, 2024)).toBe(29);
    expect(daysInMonth(2, 2023)).toBe(28);
    expect(compareDates({ day: 1, month: 1, year: 2000 }, { day: 2, month: 1, year: 2000 })).toBeLessThan(0);
    expect(compareDates({ year: 1990 }, { day: 2, month: 1, year: 1990 })).toBe(0);
  });
});

describe('plausible years and dates (one notion for extraction, re-reading and validation)', () => {
  it("a year lies between the registers' earliest year and the latest allowed (this year by default)", () => {
    expect(isPlausibleYear(EARLIEST_REGISTER_YEAR)).toBe(true);
    expect(isPlausibleYear(EARLIEST_REGISTER_YEAR - 1)).toBe(false);
    expect(isPlausibleYear(2017, 2017)).toBe(true);
    expect(isPlausibleYear(2018, 2017)).toBe(false);
    expect(isPlausibleYear(new Date().getFullYear())).toBe(true);
    expect(isPlausibleYear(new Date().getFullYear() + 1)).toBe(false);
    expect(isPlausibleYear(1990.5)).toBe(false);
  });
  it('names the layout of a written date', () => {
    expect(writtenDateLayout('5/3/1990')).toBe('full');
    expect(writtenDateLayout('05.03.1990')).toBe('full');
    expect(writtenDateLayout('31/04/1990')).toBe('full');
    expect(writtenDateLayout('03/1990')).toBe('month_year');
    expect(writtenDateLayout('1990')).toBe('year');
    expect(writtenDateLayout('05/03')).toBe('day_month');
    expect(writtenDateLayout('O5/03/1990')).toBeNull();
    expect(writtenDateLayout('ngày xưa')).toBeNull();
  });
  it('a plausible date is in its transcribed form with possible parts (impossible days kept)', () => {
    expect(isPlausibleDate('05/03/1990')).toBe(true);
    expect(isPlausibleDate('31/04/1990')).toBe(true);
    expect(isPlausibleDate('5/3/1990')).toBe(false);
    expect(isPlausibleDate('05.03.1990')).toBe(false);
    expect(isPlausibleDate('00/03/1990')).toBe(false);
    expect(isPlausibleDate('32/03/1990')).toBe(false);
    expect(isPlausibleDate('05/13/1990')).toBe(false);
    expect(isPlausibleDate('05/03/1849')).toBe(false);
    expect(isPlausibleDate('05/03/2030', ['full'], 2026)).toBe(false);
    expect(isPlausibleDate('1990')).toBe(false);
    expect(isPlausibleDate('1990', ['full', 'year'])).toBe(true);
    expect(isPlausibleDate('0990', ['year'])).toBe(false);
  });
});

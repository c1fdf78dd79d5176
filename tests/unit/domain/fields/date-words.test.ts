import { describe, expect, it } from 'vitest';
import { daysInMonth } from '../../../../src/domain/fields/date';
import { dateToWords, wordsToDate } from '../../../../src/domain/fields/date-words';

describe('dateToWords (register style)', () => {
  const printed: [number, number, number, string][] = [
    [19, 10, 2017, 'Ngày mười chín tháng mười năm hai nghìn không trăm mười bảy'],
    [2, 1, 2017, 'Ngày mồng hai tháng một năm hai nghìn không trăm mười bảy'],
    [4, 4, 2017, 'Ngày mồng bốn tháng tư năm hai nghìn không trăm mười bảy'],
    [14, 12, 2016, 'Ngày mười bốn tháng mười hai năm hai nghìn không trăm mười sáu'],
    [24, 12, 2019, 'Ngày hai mươi tư tháng mười hai năm hai nghìn không trăm mười chín'],
    [21, 2, 2023, 'Ngày hai mươi mốt tháng hai năm hai nghìn không trăm hai mươi ba'],
    [10, 11, 2019, 'Ngày mồng mười tháng mười một năm hai nghìn không trăm mười chín'],
    [13, 7, 2024, 'Ngày mười ba tháng bảy năm hai nghìn không trăm hai mươi tư'],
    [16, 10, 2020, 'Ngày mười sáu tháng mười năm hai nghìn không trăm hai mươi'],
  ];
  it.each(printed)('%i/%i/%i', (day, month, year, words) => {
    expect(dateToWords({ day, month, year })).toBe(words);
    expect(wordsToDate(words)).toEqual({ day, month, year });
  });

  it('supports style variants', () => {
    expect(dateToWords({ day: 26, month: 6, year: 1948 }, { commas: true, thousand: 'ngàn' })).toBe(
      'Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám',
    );
    expect(dateToWords({ day: 27, month: 8, year: 2008 }, { capitalize: 'words', zeroTens: 'linh' })).toBe(
      'Ngày Hai Mươi Bảy Tháng Tám Năm Hai Nghìn Không Trăm Linh Tám',
    );
    expect(
      dateToWords({ day: 5, month: 4, year: 2005 }, { dayPrefix: false, monthFour: 'bốn', zeroTens: 'lẻ' }),
    ).toBe('Ngày năm tháng bốn năm hai nghìn không trăm lẻ năm');
    expect(dateToWords({ month: 3, year: 1990 })).toBe('Tháng ba năm một nghìn chín trăm chín mươi');
    expect(dateToWords({ year: 1946 })).toBe('Năm một nghìn chín trăm bốn mươi sáu');
  });
});

describe('wordsToDate', () => {
  it('parses variants', () => {
    expect(wordsToDate('Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám')).toEqual({
      day: 26,
      month: 6,
      year: 1948,
    });
    expect(wordsToDate('Ngày Hai Mươi Bảy Tháng Tám Năm Hai Nghìn Không Trăm Linh Tám')).toEqual({
      day: 27,
      month: 8,
      year: 2008,
    });
    expect(wordsToDate('ngày mùng năm tháng năm năm hai nghìn không trăm lẻ năm')).toEqual({
      day: 5,
      month: 5,
      year: 2005,
    });
    expect(wordsToDate('NGAY MUOI LAM THANG MUOI NAM HAI NGHIN')).toEqual({ day: 15, month: 10, year: 2000 });
    expect(wordsToDate('ngày ba mươi mốt tháng tư năm một nghìn chín trăm chín mươi')).toEqual({
      day: 31,
      month: 4,
      year: 1990,
    });
    expect(wordsToDate('ngày hai mươi lăm tháng chạp năm một nghìn chín trăm năm mươi nhăm')).toEqual({
      day: 25,
      month: 12,
      year: 1955,
    });
    expect(wordsToDate('Tháng ba năm một nghìn chín trăm chín mươi')).toEqual({ month: 3, year: 1990 });
    expect(wordsToDate('Năm một nghìn chín trăm bốn mươi sáu')).toEqual({ year: 1946 });
  });
  it('returns null when unparsable', () => {
    expect(wordsToDate('')).toBeNull();
    expect(wordsToDate('hôm qua')).toBeNull();
    expect(wordsToDate('ngày bốn mươi tháng hai năm hai nghìn')).toBeNull();
    expect(wordsToDate('ngày hai tháng mười ba năm hai nghìn')).toBeNull();
    expect(wordsToDate('ngày hai tháng ba năm xyz')).toBeNull();
  });

  it('round-trips every date of several years in several styles', () => {
    const styles = [
      {},
      { thousand: 'ngàn' as const, zeroTens: 'lẻ' as const, commas: true },
      { capitalize: 'words' as const, dayPrefix: 'mùng' as const, five: 'nhăm' as const },
      {
        capitalize: 'none' as const,
        dayPrefix: false as const,
        monthFour: 'bốn' as const,
        four: 'bốn' as const,
      },
    ];
    for (const year of [1900, 1948, 1975, 2000, 2004, 2017, 2024]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysInMonth(month, year); day++) {
          for (const st of styles) {
            expect(wordsToDate(dateToWords({ day, month, year }, st))).toEqual({ day, month, year });
          }
        }
      }
    }
  });
});

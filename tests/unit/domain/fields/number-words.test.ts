import { describe, expect, it } from 'vitest';
import { numberToWords, wordsToNumber } from '../../../../src/domain/fields/number-words';

describe('numberToWords', () => {
  const cases: [number, string][] = [
    [0, 'không'],
    [4, 'bốn'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [1948, 'một nghìn chín trăm bốn mươi tám'],
    [2000, 'hai nghìn'],
    [2005, 'hai nghìn không trăm linh năm'],
    [2017, 'hai nghìn không trăm mười bảy'],
    [2024, 'hai nghìn không trăm hai mươi tư'],
    [1000005, 'một triệu không trăm linh năm'],
  ];
  it.each(cases)('%i → %s', (n, w) => {
    expect(numberToWords(n)).toBe(w);
    expect(wordsToNumber(w)).toBe(n);
  });

  it('supports style variants', () => {
    expect(numberToWords(2005, { thousand: 'ngàn', zeroTens: 'lẻ' })).toBe('hai ngàn không trăm lẻ năm');
    expect(numberToWords(24, { four: 'bốn' })).toBe('hai mươi bốn');
    expect(numberToWords(35, { five: 'nhăm' })).toBe('ba mươi nhăm');
    expect(() => numberToWords(-1)).toThrow(RangeError);
  });

  it('round-trips 0..3000', () => {
    for (let n = 0; n <= 3000; n++) expect(wordsToNumber(numberToWords(n))).toBe(n);
  });
});

describe('wordsToNumber', () => {
  it('reads variants and ignores case/diacritics', () => {
    expect(wordsToNumber('Hai Ngàn Không Trăm Lẻ Tám')).toBe(2008);
    expect(wordsToNumber('hai muoi bay')).toBe(27);
    expect(wordsToNumber('một nghìn chín trăm năm mươi nhăm')).toBe(1955);
    expect(wordsToNumber('hai mươi bốn')).toBe(24);
    expect(wordsToNumber('2017')).toBe(2017);
  });
  it('returns null for garbage', () => {
    expect(wordsToNumber('')).toBeNull();
    expect(wordsToNumber('hai ba')).toBeNull();
    expect(wordsToNumber('xin chào')).toBeNull();
    expect(wordsToNumber('trăm')).toBeNull();
  });
});

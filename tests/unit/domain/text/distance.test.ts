import { describe, expect, it } from 'vitest';
import { cer, levenshtein, substringDistance } from '../../../../src/domain/text/distance';

describe('distance', () => {
  it('levenshtein counts code points', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('Huế', 'Hue')).toBe(1);
    expect(levenshtein('same', 'same')).toBe(0);
  });
  it('substringDistance finds a phrase inside a line', () => {
    expect(substringDistance('khai sinh', 'so dang ky khai sinh nam 2017')).toBe(0);
    expect(substringDistance('khai sinh', 'so dang ky khal slnh')).toBe(2);
  });
  it('cer normalises and divides by the reference length', () => {
    expect(cer('Nguyễn Văn An', 'Nguyễn Văn An')).toBe(0);
    expect(cer('Nguyen', 'Nguyễn'.normalize('NFD'))).toBeCloseTo(1 / 6);
    expect(cer('a  b', 'a b')).toBe(0);
    expect(cer('', '')).toBe(0);
    expect(cer('x', '')).toBe(1);
  });
});

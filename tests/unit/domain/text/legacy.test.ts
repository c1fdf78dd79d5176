import { describe, expect, it } from 'vitest';
import {
  detectLegacyEncoding,
  legacyToUnicode,
  tcvn3ToUnicode,
  vniToUnicode,
} from '../../../../src/domain/text/legacy';

describe('TCVN3', () => {
  it('converts known samples', () => {
    expect(tcvn3ToUnicode('Ninh B×nh')).toBe('Ninh Bình');
    expect(tcvn3ToUnicode('Thõa Thiªn HuÕ')).toBe('Thừa Thiên Huế');
    expect(tcvn3ToUnicode('Hå ChÝ Minh')).toBe('Hồ Chí Minh');
    expect(tcvn3ToUnicode('NguyÔn V¨n §¹t')).toBe('Nguyễn Văn Đạt');
    expect(tcvn3ToUnicode('ng\u00adêi')).toBe('người');
  });
  it('leaves ASCII alone', () => {
    expect(tcvn3ToUnicode('abc 123')).toBe('abc 123');
  });
});

describe('VNI', () => {
  it('converts known samples', () => {
    expect(vniToUnicode('chaøo')).toBe('chào');
    expect(vniToUnicode('Nguyeãn Vaên Ñaït')).toBe('Nguyễn Văn Đạt');
    expect(vniToUnicode('ngöôøi')).toBe('người');
    expect(vniToUnicode('Thöøa Thieân Hueá')).toBe('Thừa Thiên Huế');
    expect(vniToUnicode('Tieáng Vieät')).toBe('Tiếng Việt');
    expect(vniToUnicode('THÖØA THIEÂN HUEÁ')).toBe('THỪA THIÊN HUẾ');
  });
});

describe('detectLegacyEncoding', () => {
  it('recognises each encoding', () => {
    expect(detectLegacyEncoding('Ninh B×nh')).toBe('tcvn3');
    expect(detectLegacyEncoding('Thõa Thiªn HuÕ')).toBe('tcvn3');
    expect(detectLegacyEncoding('chaøo')).toBe('vni');
    expect(detectLegacyEncoding('Nguyeãn Vaên Ñaït')).toBe('vni');
  });
  it('returns null for Unicode and ASCII', () => {
    expect(detectLegacyEncoding('Nguyễn Văn Đạt')).toBeNull();
    expect(detectLegacyEncoding('Khánh Hoà, tiên, quá')).toBeNull();
    expect(detectLegacyEncoding('hello world')).toBeNull();
  });
  it('legacyToUnicode converts only when detected', () => {
    expect(legacyToUnicode('Ninh B×nh')).toEqual({ text: 'Ninh Bình', encoding: 'tcvn3' });
    expect(legacyToUnicode('Huế')).toEqual({ text: 'Huế', encoding: null });
  });
});

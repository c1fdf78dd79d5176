import { describe, expect, it } from 'vitest';
import {
  applyTone,
  normalizeTonePlacement,
  splitTone,
  toneInsensitiveKey,
} from '../../../../src/domain/text/tone';

describe('splitTone', () => {
  it('separates base and tone', () => {
    expect(splitTone('hòa')).toEqual({ base: 'hoa', tone: 'huyen' });
    expect(splitTone('hoà')).toEqual({ base: 'hoa', tone: 'huyen' });
    expect(splitTone('Nguyễn')).toEqual({ base: 'Nguyên', tone: 'nga' });
    expect(splitTone('người')).toEqual({ base: 'ngươi', tone: 'huyen' });
    expect(splitTone('an')).toEqual({ base: 'an', tone: 'ngang' });
    expect(splitTone('Việt'.normalize('NFD'))).toEqual({ base: 'Viêt', tone: 'nang' });
  });
});

describe('applyTone', () => {
  const cases: [string, Parameters<typeof applyTone>[1], string, string][] = [
    // base, tone, old style, new style
    ['hoa', 'huyen', 'hòa', 'hoà'],
    ['thuy', 'hoi', 'thủy', 'thuỷ'],
    ['khoe', 'hoi', 'khỏe', 'khoẻ'],
    ['hoa', 'sac', 'hóa', 'hoá'],
    ['cua', 'hoi', 'của', 'của'],
    ['mua', 'huyen', 'mùa', 'mùa'],
    ['qua', 'hoi', 'quả', 'quả'],
    ['quy', 'sac', 'quý', 'quý'],
    ['gi', 'huyen', 'gì', 'gì'],
    ['giư', 'nga', 'giữ', 'giữ'],
    ['hoang', 'huyen', 'hoàng', 'hoàng'],
    ['ngươi', 'huyen', 'người', 'người'],
    ['tuôi', 'hoi', 'tuổi', 'tuổi'],
    ['ngoai', 'huyen', 'ngoài', 'ngoài'],
    ['chuyên', 'nang', 'chuyện', 'chuyện'],
    ['Nguyên', 'nga', 'Nguyễn', 'Nguyễn'],
    ['HOA', 'huyen', 'HÒA', 'HOÀ'],
    ['quôc', 'sac', 'quốc', 'quốc'],
  ];
  it.each(cases)('%s + %s', (base, tone, oldStyle, newStyle) => {
    expect(applyTone(base, tone, 'old')).toBe(oldStyle);
    expect(applyTone(base, tone, 'new')).toBe(newStyle);
  });

  it('round-trips splitTone for common syllables', () => {
    for (const w of ['Trần', 'Phương', 'Thủy', 'Hòa', 'Khánh', 'Quỳnh', 'Giàu', 'Tuyết', 'Ngọc']) {
      const { base, tone } = splitTone(w);
      expect(applyTone(base, tone, 'old')).toBe(w);
    }
  });
});

describe('toneInsensitiveKey', () => {
  it('equates tone placement variants', () => {
    expect(toneInsensitiveKey('hòa')).toBe(toneInsensitiveKey('hoà'));
    expect(toneInsensitiveKey('Thủy')).toBe(toneInsensitiveKey('thuỷ'));
    expect(toneInsensitiveKey('Khánh Hòa')).toBe(toneInsensitiveKey('khánh  hoà'));
  });
  it('keeps different tones and vowels distinct', () => {
    expect(toneInsensitiveKey('hòa')).not.toBe(toneInsensitiveKey('hóa'));
    expect(toneInsensitiveKey('hòa')).not.toBe(toneInsensitiveKey('hoa'));
    expect(toneInsensitiveKey('thủy')).not.toBe(toneInsensitiveKey('thùy'));
    expect(toneInsensitiveKey('Mĩ')).not.toBe(toneInsensitiveKey('Mỹ'));
  });
  it('normalizeTonePlacement rewrites a text', () => {
    expect(normalizeTonePlacement('Khánh Hoà, Thanh Hoá', 'old')).toBe('Khánh Hòa, Thanh Hóa');
    expect(normalizeTonePlacement('Khánh Hòa', 'new')).toBe('Khánh Hoà');
  });
});

import { describe, expect, it } from 'vitest';
import { isVietnameseSpelling } from '../../../../src/domain/text/spelling';

describe('isVietnameseSpelling', () => {
  it('accepts Vietnamese words, the onsets gi and qu, and minority names in plain letters', () => {
    for (const w of [
      'Nguyễn',
      'Hữu',
      'Lưu',
      'ưu',
      'cứu',
      'giấy',
      'giận',
      'quân',
      'Tuân',
      'hoặc',
      'quăng',
      'boong',
    ])
      expect(isVietnameseSpelling(w), w).toBe(true);
    for (const w of [
      'Ksor',
      "H'Bia",
      'Niê',
      'Rơ',
      'Khánh',
      'Tài',
      'sáu',
      'cháo',
      'Hoà',
      'Thuỷ',
      'Hòa',
      'Thủy',
    ])
      expect(isVietnameseSpelling(w), w).toBe(true);
  });

  it('rejects legacy-encoded names read as Latin-1 and words with two tones', () => {
    // VNI bytes for Bùi, Dương, Đỗ, Ngô, Lâm, Tuấn, Xuân, Khánh, Chúc, Út, Việt, Hoàng, Hữu (from the name lists).
    for (const w of ['Buøi', 'Döông', 'Ñoã', 'Ngoâ', 'Laâm', 'Tuaán', 'Xuaân', 'Khaùnh', 'Chuùc', 'Uùt'])
      expect(isVietnameseSpelling(w), w).toBe(false);
    for (const w of ['Vieät', 'Hoøang', 'Höõu', 'ÄÄng', 'HáşŁi', 'ðình', 'Nguyễến'])
      expect(isVietnameseSpelling(w), w).toBe(false);
  });
});

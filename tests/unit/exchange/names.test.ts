/** The default stem of a book's exported files: diacritics and unsafe characters removed, parts kept apart. */
import { describe, expect, it } from 'vitest';
import { exportStem, safePart } from '../../../src/exchange/names';

const commune = (name: string, district: string, province: string) =>
  ({ code: '00001', name, district, province, list: 'pre2025' }) as const;

describe('exportStem', () => {
  it('is <xã>_<huyện>_<tỉnh>.<TYPE>.<year>.<book> without diacritics', () => {
    const book = {
      type: 'KS' as const,
      year: 2008,
      bookNumber: '01/2008',
      commune: commune('Xã Nghi Phú', 'Huyện Nghi Lộc', 'Tỉnh Nghệ An'),
    };
    expect(exportStem(book)).toBe('XaNghiPhu_HuyenNghiLoc_TinhNgheAn.KS.2008.01-2008');
  });

  it('leaves out a missing district and turns separators, dots and markup into hyphens', () => {
    const book = {
      type: 'KT' as const,
      year: 2019,
      bookNumber: '../01.TP\\HT <x>',
      commune: { ...commune('Phường Đông Hà', '', 'Quảng Trị'), list: '2025' as const },
    };
    const stem = exportStem(book);
    expect(stem).toBe('PhuongDongHa_QuangTri.KT.2019.01-TP-HT-x');
    expect(stem).toMatch(/^[A-Za-z0-9_.-]+$/u);
    expect(safePart('Đắk Lắk')).toBe('Dak-Lak');
  });
});

/**
 * File names of exports (src/exchange/names.ts): the default stem (diacritics and unsafe characters removed, parts
 * kept apart), name patterns (placeholders, a missing district left out, invalid patterns refused in Vietnamese),
 * and names that can never collide.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NAME_PATTERN,
  DEFAULT_PATTERN,
  entryStem,
  exportStem,
  parseNamePattern,
  patternOrDefault,
  safePart,
  uniqueNames,
  type NamePattern,
} from '../../../src/exchange/names';

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

const nghiPhu = {
  type: 'KS' as const,
  year: 2008,
  bookNumber: '01/2008',
  commune: commune('Xã Nghi Phú', 'Huyện Nghi Lộc', 'Tỉnh Nghệ An'),
};
const dongHa = {
  type: 'KT' as const,
  year: 2025,
  bookNumber: '03',
  commune: { ...commune('Phường Đông Hà', '', 'Quảng Trị'), code: '19186', list: '2025' as const },
};

function parsed(p: string): NamePattern {
  const r = parseNamePattern(p);
  if (!r.ok) throw new Error(r.message);
  return r.pattern;
}

describe('name patterns', () => {
  it('makes the observed names by default: the stem for the book, the stem and the number for an entry', () => {
    expect(DEFAULT_NAME_PATTERN).toBe('{xa}_{huyen}_{tinh}.{loai}.{nam}.{quyen}.{so}');
    expect(exportStem(nghiPhu, DEFAULT_PATTERN)).toBe('XaNghiPhu_HuyenNghiLoc_TinhNgheAn.KS.2008.01-2008');
    expect(entryStem(nghiPhu, '12')).toBe('XaNghiPhu_HuyenNghiLoc_TinhNgheAn.KS.2008.01-2008.12');
    expect(entryStem(nghiPhu, '')).toBe('XaNghiPhu_HuyenNghiLoc_TinhNgheAn.KS.2008.01-2008.khongso');
    // A 2025 commune has no district: it is left out with its separator.
    expect(entryStem(dongHa, '7')).toBe('PhuongDongHa_QuangTri.KT.2025.03.7');
  });

  it('follows a pattern the supervisor writes, removing diacritics and unsafe characters from the values', () => {
    const p = parsed('{maxa}-{loai}-{nam}-Q{quyen}_so{so}');
    expect(entryStem(nghiPhu, '14/A (bản sao)', p)).toBe('00001-KS-2008-Q01-2008_so14-A-ban-sao');
    expect(exportStem(nghiPhu, p)).toBe('00001-KS-2008-Q01-2008');
    const first = parsed('{so}.{tinh}_{huyen}_{xa}');
    expect(entryStem(dongHa, 'Số 5', first)).toBe('So-5.QuangTri_PhuongDongHa');
    expect(exportStem(dongHa, first)).toBe('QuangTri_PhuongDongHa');
    const evil = {
      ...nghiPhu,
      bookNumber: '../../etc/passwd',
      commune: commune('Xã <script>', 'Huyện C:\\Windows', 'Tỉnh "A"'),
    };
    const name = entryStem(evil, '1/../2', DEFAULT_PATTERN);
    expect(name).toBe('XaScript_HuyenCWindows_TinhA.KS.2008.etc-passwd.1-2');
    expect(name).toMatch(/^[A-Za-z0-9_.-]+$/u);
    // Spaces around a placeholder's name and a pattern given in NFD are taken as meant.
    expect(parsed('{ xa }.{so}'.normalize('NFD')).tokens).toHaveLength(3);
  });

  it('refuses an invalid pattern with a Vietnamese message', () => {
    const refuse = (p: string): string => {
      const r = parseNamePattern(p);
      if (r.ok) throw new Error(`accepted: ${p}`);
      return r.message;
    };
    expect(refuse('')).toBe('Mẫu tên tệp không được để trống.');
    expect(refuse('   ')).toBe('Mẫu tên tệp không được để trống.');
    expect(refuse('{xa}.{trang}.{so}')).toMatch(
      /^Mẫu tên tệp có chỗ điền không biết: \{trang\}\. Chỉ dùng được: \{xa\}/u,
    );
    expect(refuse('{xa}.{}.{so}')).toMatch(/chỗ điền không biết: \{\}/u);
    expect(refuse('{xa}.{loai}')).toMatch(/phải có \{so\}/u);
    expect(refuse('{xa/{so}')).toMatch(/ngoặc/u);
    expect(refuse('{xa}}.{so}')).toMatch(/ngoặc/u);
    expect(refuse('{xa} {so}')).toBe(
      'Mẫu tên tệp không dùng được ký tự “ ”: ngoài các chỗ điền chỉ được có chữ không dấu, chữ số và các dấu . _ -',
    );
    expect(refuse('{xa}/{so}')).toMatch(/ký tự “\/”/u);
    expect(refuse('Sổ.{so}')).toMatch(/ký tự “ổ”/u);
    expect(refuse('.{so}')).toMatch(/bắt đầu/u);
    expect(refuse(`${'a'.repeat(120)}{so}`)).toMatch(/dài quá 120/u);
    // A stored pattern that no longer parses falls back to the default.
    expect(patternOrDefault('{nope}')).toBe(DEFAULT_PATTERN);
    expect(patternOrDefault(undefined)).toBe(DEFAULT_PATTERN);
    expect(patternOrDefault('{so}').source).toBe('{so}');
  });

  it('never gives two entries the same name, whatever the pattern', () => {
    const p = parsed('{so}_2');
    const stems = ['5', '5', '5', '5-2', ''].map((so) => entryStem(nghiPhu, so, p));
    expect(stems).toEqual(['5_2', '5_2', '5_2', '5-2_2', 'khongso_2']);
    const names = uniqueNames([...stems, '5_2_2', '5_2_3', 'KHONGSO_2'], '.pdf');
    expect(names).toEqual([
      '5_2.pdf',
      '5_2_2.pdf',
      '5_2_3.pdf',
      '5-2_2.pdf',
      'khongso_2.pdf',
      '5_2_2_2.pdf',
      '5_2_3_2.pdf',
      'KHONGSO_2_2.pdf',
    ]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});

import { describe, expect, it } from 'vitest';
import {
  communeByCode,
  communeLabel,
  communeOptions,
  searchCommunes,
  UNIT_LIST_TAG,
  UNIT_LISTS,
  unitListsForYear,
  type UnitList,
} from '../../../../src/domain/admin/index';
import communes2025 from '../../../../src/domain/data/communes-2025.json';

const BOTH: UnitList[] = ['pre2025', '2025'];
const codes = (refs: { code: string; list: string }[]): string[] => refs.map((r) => `${r.list}:${r.code}`);

describe('unitListsForYear', () => {
  it('offers the units in force in the book year (both in 2025, the reform took effect on 1 July)', () => {
    expect(unitListsForYear(1975)).toEqual(['pre2025']);
    expect(unitListsForYear(2024)).toEqual(['pre2025']);
    expect(unitListsForYear(2025)).toEqual(['pre2025', '2025']);
    expect(unitListsForYear(2026)).toEqual(['2025']);
    expect(unitListsForYear(2031)).toEqual(['2025']);
    expect(unitListsForYear(Number.NaN)).toEqual(['pre2025', '2025']);
    expect(UNIT_LISTS).toEqual(['pre2025', '2025']);
    expect(UNIT_LIST_TAG).toEqual({ pre2025: 'trước 7/2025', '2025': 'từ 7/2025' });
  });
});

describe('unit lists (data integrity)', () => {
  const pre = communeOptions('pre2025');
  const now = communeOptions('2025');

  it('has about 10,600 pre-2025 communes and exactly 3,321 communes from July 2025', () => {
    expect(pre.length).toBeGreaterThan(10_500);
    expect(pre.length).toBeLessThan(10_700);
    expect(now).toHaveLength(3321);
  });

  it('has unique 5-digit codes per list, in code order', () => {
    for (const list of [pre, now]) {
      expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
      expect(list.every((c) => /^\d{5}$/u.test(c.code))).toBe(true);
      expect(list.map((c) => c.code)).toEqual(list.map((c) => c.code).sort());
    }
  });

  it('names every commune with its unit word, its district (pre-2025 only) and its province', () => {
    expect(pre.every((c) => c.list === 'pre2025' && /^(Xã|Phường|Thị trấn) \S/u.test(c.name))).toBe(true);
    expect(pre.every((c) => /^(Quận|Huyện|Thị xã|Thành phố) \S/u.test(c.district))).toBe(true);
    expect(new Set(pre.map((c) => c.province)).size).toBe(63);
    expect(now.every((c) => c.list === '2025' && /^(Xã|Phường|Đặc khu) \S/u.test(c.name))).toBe(true);
    expect(now.every((c) => c.district === '')).toBe(true);
    expect(now.filter((c) => c.name.startsWith('Đặc khu '))).toHaveLength(13);
  });

  it('puts every 2025 commune in one of the 34 provinces, each of which has communes', () => {
    const provinces = (communes2025 as unknown as { provinces: [string, string, string][] }).provinces;
    expect(provinces).toHaveLength(34);
    const names = new Set(provinces.map((p) => p[1]));
    expect(names.size).toBe(34);
    expect(now.every((c) => names.has(c.province))).toBe(true);
    expect(new Set(now.map((c) => c.province))).toEqual(names);
    expect(names).toContain('Hồ Chí Minh');
    expect(names).toContain('Huế');
  });

  it('stores NFC text', () => {
    for (const c of [...pre, ...now]) {
      for (const s of [c.name, c.district, c.province]) expect(s).toBe(s.normalize('NFC'));
    }
  });

  it('records source, commit and licence of the 2025 list, with the Ia Mơ code corrected', () => {
    const data = communes2025 as unknown as { source: string; licence: string };
    expect(data.source).toContain('dvhcvn/20250701');
    // Shipped data names no other host: the app works offline, same origin only.
    expect(JSON.stringify(data)).not.toMatch(/https?:\/\//);
    expect(data.source).toContain('dd94887ce32324380bc5bb0a76fe39867dafc73b');
    expect(data.source).toContain('MIT');
    expect(data.licence).toMatch(/^MIT License\n\nCopyright \(c\) 2025 dvhcvn/u);
    expect(communeByCode('2025', '23938')).toEqual({
      code: '23938',
      name: 'Xã Ia Mơ',
      district: '',
      province: 'Gia Lai',
      list: '2025',
    });
    expect(communeByCode('2025', '23737')).toBeNull();
    expect(communeByCode('pre2025', '23737')?.name).toBe('Xã Ia Mơ Nông');
  });

  it('returns fresh objects', () => {
    const a = communeByCode('pre2025', '16702')!;
    a.name = 'changed';
    expect(communeByCode('pre2025', '16702')?.name).toBe('Xã Nghi Phú');
    expect(communeOptions('pre2025')[0]).not.toBe(communeOptions('pre2025')[0]);
  });
});

describe('communeLabel', () => {
  it('joins commune, district and province with dashes', () => {
    expect(communeLabel(communeByCode('pre2025', '16702')!)).toBe('Xã Nghi Phú — Thành phố Vinh — Nghệ An');
    expect(communeLabel(communeByCode('2025', '26743')!)).toBe('Phường Bến Thành — Hồ Chí Minh');
  });
});

describe('searchCommunes', () => {
  const first = (q: string, lists: UnitList[] = BOTH): string | undefined => {
    const r = searchCommunes(q, lists, 1)[0];
    return r && `${r.list}:${r.code}`;
  };

  it('ignores case and missing or wrong diacritics', () => {
    for (const q of ['Nghi Phú', 'nghi phu', 'NGHI PHÚ', 'Nghì Phụ', '  nghi   phu ']) {
      expect(first(q, ['pre2025'])).toBe('pre2025:16702');
    }
    expect(first('Xa Nghi Phu')).toBe('pre2025:16702');
  });

  it('treats đ as d both ways', () => {
    expect(first('dong da ha noi', ['2025'])).toBe('2025:00235');
    expect(first('đống đa hà nội', ['2025'])).toBe('2025:00235');
  });

  it('matches words of the commune, district and province in any order', () => {
    expect(first('nghi phu nghe an')).toBe('pre2025:16702');
    expect(first('nghe an nghi phu')).toBe('pre2025:16702');
    expect(first('vinh nghi phu')).toBe('pre2025:16702');
    expect(first('nghi phu ngh')).toBe('pre2025:16702');
    expect(first('p ben thanh hcm', ['pre2025'])).toBe('pre2025:26743');
    expect(first('tp hcm ben nghe')).toBe('pre2025:26740');
    expect(first('tt phong dien can tho')).toBe('pre2025:31299');
    expect(searchCommunes('nghi phu quang ninh', BOTH)).toEqual([]);
  });

  it('ranks an equal commune name before names starting with the query, before other matches', () => {
    const r = searchCommunes('ben thanh', BOTH, 5);
    expect(codes(r.slice(0, 2))).toEqual(['pre2025:26743', '2025:26743']);
    expect(r[2]!.name).not.toBe('Phường Bến Thành');
    expect(searchCommunes('nghi phu', ['pre2025'], 2).map((c) => c.name)).toEqual([
      'Xã Nghi Phú',
      'Xã Nghi Phương',
    ]);
  });

  it('orders equal matches by code, then by list order as given', () => {
    expect(codes(searchCommunes('ben thanh', ['2025', 'pre2025'], 2))).toEqual([
      '2025:26743',
      'pre2025:26743',
    ]);
    const ia = searchCommunes('Xã Ia Mơ', BOTH, 3);
    expect(codes(ia.slice(0, 2))).toEqual(['pre2025:23938', '2025:23938']);
    expect(searchCommunes('xa an', BOTH, 20)).toEqual(searchCommunes('xa an', BOTH, 20));
  });

  it('puts names written with the same diacritics first when the query has them', () => {
    expect(searchCommunes('Phường Đúc', ['pre2025'], 2).map((c) => c.name)).toEqual([
      'Phường Phường Đúc',
      'Xã Phượng Dực',
    ]);
    expect(searchCommunes('phuong duc', ['pre2025'], 2).map((c) => c.name)).toEqual([
      'Xã Phượng Dực',
      'Phường Phường Đúc',
    ]);
  });

  it('finds a commune by its 5-digit code in every list that has it', () => {
    expect(codes(searchCommunes('26743', BOTH))).toEqual(['pre2025:26743', '2025:26743']);
    // The 2025 list reuses old codes, not always for the same unit.
    expect(searchCommunes(' 16702 ', BOTH).map(communeLabel)).toEqual([
      'Xã Nghi Phú — Thành phố Vinh — Nghệ An',
      'Phường Vinh Phú — Nghệ An',
    ]);
    expect(searchCommunes('99999', BOTH)).toEqual([]);
  });

  it('searches only the lists asked for', () => {
    expect(searchCommunes('ben thanh', ['2025'], 50).every((c) => c.list === '2025')).toBe(true);
    expect(searchCommunes('dac khu phu quoc', ['pre2025'])).toEqual([]);
    expect(first('dk phu quoc', unitListsForYear(2026))).toBe('2025:31078');
    expect(searchCommunes('ben thanh', unitListsForYear(2010)).every((c) => c.list === 'pre2025')).toBe(true);
  });

  it('matches names with apostrophes written with or without them', () => {
    expect(first("M'Đrắk", ['2025'])).toBe('2025:24412');
    expect(first('mdrak', ['2025'])).toBe('2025:24412');
    expect(first('m drak', ['2025'])).toBe('2025:24412');
  });

  it('respects the limit and returns nothing for an empty query', () => {
    expect(searchCommunes('a', BOTH)).toHaveLength(20);
    expect(searchCommunes('a', BOTH, 5)).toHaveLength(5);
    expect(searchCommunes('a', BOTH, 0)).toEqual([]);
    expect(searchCommunes('', BOTH)).toEqual([]);
    expect(searchCommunes(' ,. ', BOTH)).toEqual([]);
    expect(searchCommunes('nghi phu', [])).toEqual([]);
  });

  it('returns NFC results that callers may change freely', () => {
    const [r] = searchCommunes('nghi phu', ['pre2025'], 1);
    expect(r).toEqual({
      code: '16702',
      name: 'Xã Nghi Phú',
      district: 'Thành phố Vinh',
      province: 'Nghệ An',
      list: 'pre2025',
    });
    r!.name = 'x';
    expect(searchCommunes('nghi phu', ['pre2025'], 1)[0]!.name).toBe('Xã Nghi Phú');
    const decomposed = 'Nghi Phú'.normalize('NFD');
    expect(first(decomposed, ['pre2025'])).toBe('pre2025:16702');
  });
});

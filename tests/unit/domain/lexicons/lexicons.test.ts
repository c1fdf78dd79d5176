import { describe, expect, it } from 'vitest';
import {
  createLexicon,
  ETHNICITIES,
  ethnicityLexicon,
  lookupEthnicity,
  lookupNationality,
  lookupRelation,
  lookupSex,
  nationalityLexicon,
  relationLexicon,
} from '../../../../src/domain/lexicons/index';

describe('ethnicities', () => {
  it('has the 54 groups with unique codes and canonical names', () => {
    expect(ETHNICITIES).toHaveLength(54);
    expect(new Set(ETHNICITIES.map((e) => e.code)).size).toBe(54);
    expect(new Set(ETHNICITIES.map((e) => e.canonical)).size).toBe(54);
    expect(ETHNICITIES[0]).toMatchObject({ code: '01', canonical: 'Kinh' });
  });
  it('maps aliases and spelling variants to the printed canonical', () => {
    expect(lookupEthnicity('Kinh')).toBe('Kinh');
    expect(lookupEthnicity('kinh')).toBe('Kinh');
    expect(lookupEthnicity('Mèo')).toBe('Mông');
    expect(lookupEthnicity("H'Mông")).toBe('Mông');
    expect(lookupEthnicity('Khmer')).toBe('Khơ-me');
    expect(lookupEthnicity('Khơ Me')).toBe('Khơ-me');
    expect(lookupEthnicity('Cơ-tu')).toBe('Cơ Tu');
    expect(lookupEthnicity('Katu')).toBe('Cơ Tu');
    expect(lookupEthnicity('Co Tu')).toBe('Cơ Tu');
    expect(lookupEthnicity('Tà-ôi')).toBe('Tà Ôi');
    expect(lookupEthnicity('Pa Kô')).toBe('Tà Ôi');
    expect(lookupEthnicity('Bru - Vân Kiều')).toBe('Bru-Vân Kiều');
    expect(lookupEthnicity('Vân Kiều')).toBe('Bru-Vân Kiều');
    expect(lookupEthnicity('Gié-Triêng')).toBe('Giẻ-Triêng');
    expect(lookupEthnicity('Raglai')).toBe('Ra-glai');
    expect(lookupEthnicity("X'tiêng")).toBe('Xtiêng');
    expect(lookupEthnicity('Mán')).toBe('Dao');
    expect(lookupEthnicity('Lào')).toBe('Lào');
  });
  it('returns null for unknown text', () => {
    expect(lookupEthnicity('')).toBeNull();
    expect(lookupEthnicity('Xyz')).toBeNull();
  });
  it('exposes candidates in list order', () => {
    expect(ethnicityLexicon.candidates.slice(0, 4)).toEqual(['Kinh', 'Tày', 'Thái', 'Hoa']);
    expect(ethnicityLexicon.lookupEntry('Mèo')?.code).toBe('08');
  });
});

describe('nationalities', () => {
  it('looks up common forms', () => {
    expect(lookupNationality('Việt Nam')).toBe('Việt Nam');
    expect(lookupNationality('VN')).toBe('Việt Nam');
    expect(lookupNationality('viet nam')).toBe('Việt Nam');
    expect(lookupNationality('Mỹ')).toBe('Hoa Kỳ');
    expect(lookupNationality('Cam-pu-chia')).toBe('Campuchia');
    expect(lookupNationality('Lào')).toBe('Lào');
    expect(lookupNationality('Hàn Quốc')).toBe('Hàn Quốc');
    expect(nationalityLexicon.lookupEntry('Nhật')?.code).toBe('JP');
    expect(nationalityLexicon.candidates).toContain('Đài Loan');
    expect(lookupNationality('Atlantis')).toBeNull();
  });
});

describe('relations', () => {
  it('looks up relations, exact before folded', () => {
    expect(lookupRelation('Cha')).toBe('Cha');
    expect(lookupRelation('con trai')).toBe('Con trai');
    expect(lookupRelation('CHÁU NỘI')).toBe('Cháu nội');
    expect(lookupRelation('Bà')).toBe('Bà');
    expect(lookupRelation('Bố')).toBe('Bố');
    expect(lookupRelation('Cô')).toBe('Cô');
    expect(lookupRelation('Con')).toBe('Con');
    expect(lookupRelation('Nguoi nuoi duong')).toBe('Người nuôi dưỡng');
    expect(relationLexicon.candidates).toEqual(
      expect.arrayContaining(['Mẹ', 'Vợ', 'Chồng', 'Con gái', 'Thím', 'Mợ']),
    );
    expect(lookupRelation('Sếp')).toBeNull();
  });
});

describe('sexes and the generic lexicon', () => {
  it('sex lexicon', () => {
    expect(lookupSex('nu')).toBe('Nữ');
    expect(lookupSex('NAM')).toBe('Nam');
  });
  it('matching levels: exact, tone placement, folded', () => {
    const lx = createLexicon([
      { code: 'a', canonical: 'Hòa', variants: [] },
      { code: 'b', canonical: 'Hóa', variants: [] },
    ]);
    expect(lx.lookup('hoà')).toBe('Hòa');
    expect(lx.lookup('Hoá')).toBe('Hóa');
    expect(lx.lookup('HOA')).toBe('Hòa'); // folded: first entry wins
  });
});

import { describe, expect, it } from 'vitest';
import {
  centurySexDigit,
  checkPersonalId,
  decodeCenturySex,
  decodePersonalId,
} from '../../../../src/domain/fields/id-number';
import { ID_PROVINCE_CODES } from '../../../../src/domain/fields/provinces';

const codes = (id: string, ctx = {}) => checkPersonalId(id, ctx).map((w) => w.code);

describe('checkPersonalId', () => {
  it('accepts consistent numbers from the dev set', () => {
    expect(checkPersonalId('046317018785', { sex: 'Nữ', birthYear: 2017 })).toEqual([]);
    expect(checkPersonalId('046216539878', { sex: 'Nam', birthYear: 2016 })).toEqual([]);
    expect(checkPersonalId('046136389599', { sex: 'Nữ', birthYear: 1936 })).toEqual([]);
    expect(checkPersonalId('046027431782')).toEqual([]);
  });
  it('flags format problems', () => {
    expect(codes('')).toEqual(['empty']);
    expect(codes('04631701878')).toEqual(['length']);
    expect(codes('04631701878O')).toEqual(['non_digit']);
    expect(codes('046 317 018 785')).toEqual(['spaces']);
    expect(codes('191234567')).toEqual(['cmnd_9']);
  });
  it('flags province, sex, century and year mismatches', () => {
    expect(codes('003317018785')).toEqual(['province']);
    expect(codes('046317018785', { sex: 'Nam' })).toEqual(['sex']);
    expect(codes('046317018785', { birthYear: 1917 })).toEqual(['century']);
    expect(codes('046317018785', { birthYear: 2018 })).toEqual(['year']);
  });
  it('never throws on odd input', () => {
    expect(() => checkPersonalId(undefined as unknown as string)).not.toThrow();
    expect(checkPersonalId('046317018785', { birthYear: Number.NaN })).toEqual([]);
  });
  it('messages are Vietnamese', () => {
    expect(checkPersonalId('046317018785', { sex: 'Nam' })[0]?.message).toMatch(/giới tính/u);
  });
});

describe('century/sex digit and province table', () => {
  it('decodes and encodes G', () => {
    expect(decodeCenturySex(0)).toEqual({ century: 1900, sex: 'Nam' });
    expect(decodeCenturySex(3)).toEqual({ century: 2000, sex: 'Nữ' });
    expect(decodeCenturySex(4)).toEqual({ century: 2100, sex: 'Nam' });
    expect(decodeCenturySex(7)).toEqual({ century: 2200, sex: 'Nữ' });
    // domain/registers.md §4.1: the pairs continue 6/7, 8/9 after the 2100s (not back to the 1800s).
    expect(decodeCenturySex(8)).toEqual({ century: 2300, sex: 'Nam' });
    expect(decodeCenturySex(9)).toEqual({ century: 2300, sex: 'Nữ' });
    expect(centurySexDigit('Nữ', 2017)).toBe(3);
    expect(centurySexDigit('Nam', 1950)).toBe(0);
    expect(centurySexDigit('Nữ', 2350)).toBe(9);
    expect(centurySexDigit('Nam', 1850)).toBeNull();
  });
  it('every digit round-trips through encode and decode', () => {
    for (let g = 0; g <= 9; g++) {
      const { century, sex } = decodeCenturySex(g);
      expect(centurySexDigit(sex, century + 42)).toBe(g);
    }
  });
  it('decodes a whole 12-digit ID, and nothing else', () => {
    expect(decodePersonalId('046317018785')).toEqual({
      province: '046',
      sex: 'Nữ',
      century: 2000,
      birthYear: 2017,
      yearDigits: '17',
    });
    expect(decodePersonalId('046136389599')?.birthYear).toBe(1936);
    expect(decodePersonalId('046216539878')?.sex).toBe('Nam');
    expect(decodePersonalId('191234567')).toBeNull();
    expect(decodePersonalId('04631701878O')).toBeNull();
    expect(decodePersonalId('046 317 018 785')).toBeNull();
  });
  it('has the 63 pre-2025 provinces', () => {
    expect(Object.keys(ID_PROVINCE_CODES)).toHaveLength(63);
    expect(ID_PROVINCE_CODES['046']).toBe('Thừa Thiên Huế');
    expect(ID_PROVINCE_CODES['040']).toBe('Nghệ An');
    expect(ID_PROVINCE_CODES['079']).toBe('Hồ Chí Minh');
  });
});

import { describe, expect, it } from 'vitest';
import { capitalizeName, checkName, nameCase, splitSyllables } from '../../../../src/domain/fields/name';
import { parsePlacePart, placeUnit, splitPlace } from '../../../../src/domain/fields/place';

describe('name', () => {
  it('splits syllables', () => {
    expect(splitSyllables('  Nguyễn  Nữ Sen   Quyên ')).toEqual(['Nguyễn', 'Nữ', 'Sen', 'Quyên']);
    expect(splitSyllables('')).toEqual([]);
  });
  it('capitalises', () => {
    expect(capitalizeName('NGUYỄN văn an')).toBe('Nguyễn Văn An');
    expect(capitalizeName("h'hen niê")).toBe("H'Hen Niê");
  });
  it('classifies case conventions', () => {
    expect(nameCase('Trần Mỹ An')).toBe('title');
    expect(nameCase('TRẦN MỸ AN')).toBe('upper');
    expect(nameCase('trần mỹ an')).toBe('lower');
    expect(nameCase('TRần Mỹ an')).toBe('mixed');
  });
  it('warns without blocking', () => {
    expect(checkName('Trần Mỹ An')).toEqual([]);
    expect(checkName('TRẦN MỸ AN')).toEqual([]);
    expect(checkName('Trần  Mỹ an').map((w) => w.code)).toEqual(['spacing', 'case']);
    expect(checkName('Pả').map((w) => w.code)).toEqual(['single_syllable']);
    expect(checkName(' ').map((w) => w.code)).toEqual(['empty']);
  });
});

describe('place', () => {
  it('splits an address and recognises unit prefixes', () => {
    const parts = splitPlace('tổ dân phố Hà Thanh, thị trấn Phú Đa, huyện Phú Vang, tỉnh Thừa Thiên Huế');
    expect(parts.map((p) => p.unit)).toEqual(['tổ dân phố', 'thị trấn', 'huyện', 'tỉnh']);
    expect(parts.map((p) => p.name)).toEqual(['Hà Thanh', 'Phú Đa', 'Phú Vang', 'Thừa Thiên Huế']);
    expect(parts[1]?.level).toBe('commune');
  });
  it('handles names that repeat the unit word and non-unit parts', () => {
    expect(parsePlacePart('phường Phường Đúc')).toMatchObject({ unit: 'phường', name: 'Phường Đúc' });
    expect(parsePlacePart('180 Trần Hưng Đạo')).toEqual({
      text: '180 Trần Hưng Đạo',
      name: '180 Trần Hưng Đạo',
    });
    expect(parsePlacePart('khu vực An Lỗ')).toMatchObject({ unit: 'khu vực', name: 'An Lỗ' });
    expect(parsePlacePart('tổ 25')).toMatchObject({ unit: 'tổ', name: '25' });
    expect(parsePlacePart('thị xã Hương Thủy')).toMatchObject({ unit: 'thị xã', level: 'district' });
    expect(parsePlacePart('Thành phố Huế')).toMatchObject({ unit: 'thành phố', name: 'Huế' });
  });
  it('expands abbreviations only when written as abbreviations', () => {
    expect(parsePlacePart('TP. Huế')).toMatchObject({ unit: 'thành phố', name: 'Huế' });
    expect(parsePlacePart('TX Hương Trà')).toMatchObject({ unit: 'thị xã' });
    expect(parsePlacePart('p Vĩnh Ninh').unit).toBeUndefined();
  });
  it('finds the unit of a level', () => {
    expect(
      placeUnit('Trạm Y tế phường Vĩnh Ninh, thành phố Huế, tỉnh Thừa Thiên Huế', 'province')?.name,
    ).toBe('Thừa Thiên Huế');
    expect(placeUnit('Bệnh viện Trung ương Huế', 'province')).toBeNull();
  });
});

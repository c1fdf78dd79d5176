import { describe, expect, it } from 'vitest';
import { checkEntry } from '../../../../src/domain/rules/check';
import { isKnownSyllable } from '../../../../src/domain/rules/format';
import { codes, entry, fv, only } from './helpers';

describe('format rules', () => {
  it('text.spaces: doubled, leading, trailing spaces and tabs', () => {
    for (const v of ['Nguyễn  Văn An', ' Nguyễn Văn An', 'Nguyễn Văn An ', 'Nguyễn\tVăn An']) {
      expect(codes(checkEntry(entry('KS', { nksHoTen: v })))).toContain('text.spaces');
    }
    expect(codes(checkEntry(entry('KS', { nksHoTen: 'Nguyễn Văn An' })))).toEqual([]);
    // The name's own spacing warning is not repeated.
    expect(only(checkEntry(entry('KS', { nksHoTen: 'Nguyễn  Văn An' })), 'text.spaces')).toHaveLength(1);
    expect(checkEntry(entry('KS', { nksHoTen: 'Nguyễn  Văn An' }))).toHaveLength(1);
  });

  it('name.digit, name.case, name.single_syllable', () => {
    expect(codes(checkEntry(entry('KS', { nksHoTen: 'Nguyễn Văn 4n' })))).toContain('name.digit');
    expect(codes(checkEntry(entry('KS', { meHoTen: 'nguyễn thị hoa' })))).toContain('name.case');
    expect(codes(checkEntry(entry('KS', { meHoTen: 'NGUYỄN THỊ HOA' })))).not.toContain('name.case');
    expect(codes(checkEntry(entry('KS', { chaHoTen: 'Minh' })))).toContain('name.single_syllable');
  });

  it('name.syllable: warns on syllables outside the inventory, lists them, any case or tone placement', () => {
    expect(isKnownSyllable('HOÀ')).toBe(true);
    expect(isKnownSyllable('thuỷ')).toBe(true);
    expect(codes(checkEntry(entry('KS', { nksHoTen: 'NGUYỄN THỊ THUỶ HOÀ' })))).toEqual([]);
    const [f, ...rest] = only(checkEntry(entry('KS', { meHoTen: 'Ksor H’Yang Thị Siu' })), 'name.syllable');
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('"Ksor"');
    expect(f?.message).toContain('"Siu"');
    expect(f?.message).not.toContain('"Thị"');
    expect(f?.fields).toEqual(['meHoTen']);
  });

  it('sex.unknown and so.format', () => {
    expect(codes(checkEntry(entry('KS', { nksGioiTinh: 'Nan' })))).toEqual(['sex.unknown']);
    expect(codes(checkEntry(entry('KS', { nksGioiTinh: 'nữ' })))).toEqual([]);
    expect(codes(checkEntry(entry('KS', { so: '1 2' })))).toEqual(['so.format']);
    expect(codes(checkEntry(entry('KS', { so: '012' })))).toEqual([]);
    expect(codes(checkEntry(entry('KS', { so: '12a' })))).toEqual([]);
  });

  it('a field flagged blank or illegible is not checked', () => {
    const e = entry('KS', { nksGioiTinh: fv('Nan', ['illegible']), so: fv('x', ['blank']) });
    expect(checkEntry(e)).toEqual([]);
  });
});

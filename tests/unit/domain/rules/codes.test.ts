import { describe, expect, it } from 'vitest';
import { checkEntry } from '../../../../src/domain/rules/check';
import { codes, entry } from './helpers';

describe('code lists', () => {
  it('ethnicity: canonical and spelling variants pass, other names are aliases (info), the rest unknown', () => {
    for (const v of ['Kinh', 'kinh', 'Khơ Me', 'Ê-đê', 'Ê Đê'])
      expect(checkEntry(entry('KS', { nksDanToc: v }))).toEqual([]);
    const alias = checkEntry(entry('KS', { meDanToc: 'Mèo' }));
    expect(alias[0]).toMatchObject({ code: 'ethnicity.alias', severity: 'info', fields: ['meDanToc'] });
    expect(alias[0]?.message).toContain('Mông');
    expect(codes(checkEntry(entry('KS', { chaDanToc: 'Xyz' })))).toEqual(['ethnicity.unknown']);
  });

  it('nationality: the same', () => {
    expect(checkEntry(entry('KT', { nktQuocTich: 'Việt Nam' }))).toEqual([]);
    expect(codes(checkEntry(entry('KT', { nktQuocTich: 'VN' })))).toEqual(['nationality.alias']);
    expect(codes(checkEntry(entry('KT', { nktQuocTich: 'Atlantis' })))).toEqual(['nationality.unknown']);
  });
});

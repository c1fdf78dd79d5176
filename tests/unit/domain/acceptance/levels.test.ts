/** The acceptance levels setting as the editor checks it (`checkLevels`): order kept, names tidied, problems named. */
import { describe, expect, it } from 'vitest';
import { checkLevels, MAX_LEVEL_LENGTH } from '../../../../src/domain/acceptance/record';

describe('checkLevels', () => {
  it('keeps the order, trims, folds inner spaces and stores NFC', () => {
    const decomposed = 'Cấp huyện'.normalize('NFD');
    expect(checkLevels(['  Cấp   xã ', decomposed, 'Cấp tỉnh'])).toEqual({
      levels: ['Cấp xã', 'Cấp huyện', 'Cấp tỉnh'],
      error: null,
    });
    expect(checkLevels(['Cấp huyện'.normalize('NFD')]).levels?.[0]).toBe('Cấp huyện'.normalize('NFC'));
  });

  it('names the first problem and its line', () => {
    expect(checkLevels([])).toMatchObject({
      levels: null,
      error: 'Cần ít nhất một cấp nghiệm thu.',
      index: null,
    });
    expect(checkLevels(['Cấp xã', '   '])).toMatchObject({ error: 'Cấp thứ 2 chưa có tên.', index: 1 });
    expect(checkLevels(['Cấp xã', 'Cấp tỉnh', 'cap XA'])).toMatchObject({
      error: '“cap XA” trùng với cấp thứ 1.',
      index: 2,
    });
    expect(checkLevels(['x'.repeat(MAX_LEVEL_LENGTH + 1)])).toMatchObject({
      error: `Tên cấp thứ 1 dài quá ${MAX_LEVEL_LENGTH} ký tự.`,
      index: 0,
    });
    expect(checkLevels(['x'.repeat(MAX_LEVEL_LENGTH)]).error).toBeNull();
  });
});

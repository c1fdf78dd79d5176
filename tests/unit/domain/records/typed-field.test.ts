/**
 * `typedField`: the operator types over a field. A value the checker already accepted, changed while the entry waits
 * for the checker, must be checked again (its mark goes); a returned entry keeps the marks that say what to fix.
 */
import { describe, expect, it } from 'vitest';
import { typedField, type FieldValue } from '../../../../src/domain/records/entry';

const checked: FieldValue = {
  value: 'Nguyễn Văn Hoà',
  flags: [],
  source: 'ocr',
  confirmed: true,
  ocr: { text: 'Nguyễn Văn Hoà', confidence: 0.9 },
  check: { verdict: 'ok', by: 'chk', at: 1 },
};

describe('typedField', () => {
  it('clears the checker’s mark of a changed value (keyed, keyed2, or taken back to prefilled)', () => {
    for (const state of ['keyed', 'keyed2', 'prefilled'] as const) {
      const f = typedField(checked, 'Nguyễn Văn Hòa', state);
      expect(f).toEqual({
        value: 'Nguyễn Văn Hòa',
        flags: [],
        source: 'keyed',
        confirmed: false,
        ocr: { text: 'Nguyễn Văn Hoà', confidence: 0.9 },
      });
      expect('check' in f).toBe(false);
    }
  });

  it('keeps the mark when the value did not change, and on a returned entry', () => {
    expect(typedField(checked, 'Nguyễn Văn Hoà', 'keyed').check).toEqual(checked.check);
    expect(typedField(checked, 'Nguyễn Văn Hoà', 'keyed').source).toBe('ocr');
    const wrong = {
      ...checked,
      check: { verdict: 'wrong' as const, reason: 'diacritics', by: 'chk', at: 1 },
    };
    expect(typedField(wrong, 'Nguyễn Văn Hòa', 'returned').check).toEqual(wrong.check);
  });

  it('drops "blank" once something is typed and keeps it for an empty value', () => {
    const blank: FieldValue = { value: '', flags: ['blank', 'damaged'], source: 'keyed', confirmed: true };
    expect(typedField(blank, 'a', 'prefilled').flags).toEqual(['damaged']);
    expect(typedField(blank, '', 'prefilled').flags).toEqual(['blank', 'damaged']);
  });
});

import { describe, expect, it } from 'vitest';
import { diffText } from '../../../../src/domain/text/diff';
import { normalizeField } from '../../../../src/domain/records/entry';

describe('diffText', () => {
  it('marks a diacritic-only difference on the one character that differs', () => {
    const d = diffText('Thiên', 'Thiện');
    expect(d.a).toEqual([
      { text: 'Thi', kind: 'same' },
      { text: 'ê', kind: 'mark' },
      { text: 'n', kind: 'same' },
    ]);
    expect(d.b[1]).toEqual({ text: 'ệ', kind: 'mark' });
    expect(d.marksOnly).toBe(true);
    expect(d.tonePlacementOnly).toBe(false);
  });

  it('knows old and new tone placement after NFC (Hòa / Hoà), whatever the input normal form', () => {
    const d = diffText('Ho\u0300a', 'Hoa\u0300');
    expect(d.a).toEqual([
      { text: 'H', kind: 'same' },
      { text: 'òa', kind: 'mark' },
    ]);
    expect(d.b).toEqual([
      { text: 'H', kind: 'same' },
      { text: 'oà', kind: 'mark' },
    ]);
    expect(d.tonePlacementOnly).toBe(true);
  });

  it('tells changed and missing letters from marks, and đ from d as a mark', () => {
    const d = diffText('Nguyễn Văn Đức', 'Nguyen Van Duc Anh');
    expect(d.marksOnly).toBe(false);
    expect(d.b.filter((p) => p.kind === 'changed').map((p) => p.text)).toEqual([' Anh']);
    expect(d.a.filter((p) => p.kind === 'mark').map((p) => p.text)).toEqual(['ễ', 'ă', 'Đứ']); // adjacent marks are one part
    const same = diffText('12/03/1990', '12/03/1990');
    expect(same).toMatchObject({ marksOnly: false, a: [{ text: '12/03/1990', kind: 'same' }] });
    expect(diffText('1990', '1998').a).toEqual([
      { text: '199', kind: 'same' },
      { text: '0', kind: 'changed' },
    ]);
  });
});

describe('normalizeField check', () => {
  it('keeps a check (NFC, unknown keys kept), drops one without a verdict', () => {
    const f = normalizeField({
      value: 'a',
      check: { verdict: 'wrong', reason: 'diacritics', corrected: 'Hoa\u0300', by: 'u', at: 5, extra: 1 },
    });
    expect(f.check).toEqual({
      verdict: 'wrong',
      reason: 'diacritics',
      corrected: 'Hoà',
      by: 'u',
      at: 5,
      extra: 1,
    });
    expect(normalizeField({ value: 'a', check: { reason: 'x' } }).check).toBeUndefined();
    expect('check' in normalizeField({ value: 'a' })).toBe(false);
  });
});

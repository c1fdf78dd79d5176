/**
 * Blind double keying, the pure part: the comparison folds only NFC and whitespace (a diacritic-only difference
 * is a disagreement), the agreed fields are marked by the agreement, nothing differing verifies at once, the
 * agreement rate counts compared fields; the workflow keeps both keyers away from the third person's decision.
 */
import { describe, expect, it } from 'vitest';
import {
  agreementRate,
  applySecondKeying,
  compareKeyings,
  keyingForm,
  rateText,
  sameKeying,
} from '../../../src/domain/double-keying';
import {
  emptyEntry,
  normalizeEntry,
  withoutSecond,
  type Entry,
  type FieldValue,
} from '../../../src/domain/records/entry';
import { summarizeEntry } from '../../../src/domain/records/summary';
import {
  awaitsChecker,
  awaitsSecondKeying,
  secondKeyingRefusal,
  transitionRefusal,
} from '../../../src/domain/workflow';

const field = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });

function entry(values: Record<string, string>): Entry {
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(values)) fields[k] = field(v);
  return {
    ...emptyEntry({ bookId: 'b', pageId: 'p', type: 'KT', order: 0 }, 'e1', 5),
    state: 'keyed',
    keyedBy: 'ann',
    fields,
  };
}

describe('comparison of two keyings', () => {
  it('folds NFC and whitespace only', () => {
    expect(sameKeying('Nguye\u0302\u0303n  Văn\tAn ', 'Nguyễn Văn An')).toBe(true);
    expect(keyingForm('  a \n b ')).toBe('a b');
    // Diacritic-only differences count: the register decides which one is right.
    expect(sameKeying('Thiên', 'Thiện')).toBe(false);
    expect(sameKeying('Hòa', 'Hoà')).toBe(false); // old / new tone placement: different after NFC
    expect(sameKeying('Đức', 'Duc')).toBe(false);
    expect(sameKeying('nguyễn', 'Nguyễn')).toBe(false); // case is what the book shows
    expect(sameKeying('12/03/2020', '12/3/2020')).toBe(false);
  });

  it('lists agreed and differing fields in register order; both empty agrees and is not compared', () => {
    const keys = ['so', 'nktHoTen', 'nktNgaySinh', 'ghiChu'];
    const c = compareKeyings(
      keys,
      { so: field('12'), nktHoTen: field('Lê Thị Thiên'), nktNgaySinh: field('') },
      { so: '12', nktHoTen: 'Lê Thị Thiện', ghiChu: '' },
    );
    expect(c).toEqual({ agreed: ['so', 'nktNgaySinh', 'ghiChu'], differ: ['nktHoTen'], compared: 2 });
  });
});

describe('applySecondKeying', () => {
  const keys = ['so', 'nktHoTen', 'ghiChu'];

  it('records the second keying, marks the agreed fields by the agreement and moves to keyed2', () => {
    const e = entry({ so: '7', nktHoTen: 'Phạm Văn Hòa', ghiChu: '' });
    const { entry: out, comparison } = applySecondKeying(e, keys, {
      by: 'bob',
      at: 9,
      values: { so: '7', nktHoTen: 'Phạm Văn Hoà', ghiChu: '' },
    });
    expect(comparison.differ).toEqual(['nktHoTen']);
    expect(out.state).toBe('keyed2');
    expect(out.second).toEqual({
      by: 'bob',
      at: 9,
      values: { so: '7', nktHoTen: 'Phạm Văn Hoà', ghiChu: '' },
      differ: ['nktHoTen'],
      compared: 2,
    });
    expect(out.fields['so']?.check).toEqual({ verdict: 'ok', by: 'bob', at: 9, via: 'double-keying' });
    expect(out.fields['ghiChu']?.check?.via).toBe('double-keying');
    expect(out.fields['nktHoTen']?.check).toBeUndefined();
    expect(out.fields['nktHoTen']?.value).toBe('Phạm Văn Hòa'); // the first keying's value stays
    // Stored and read back: the optional record field survives normalisation (NFC kept).
    const back = normalizeEntry(structuredClone(out));
    expect(back.second).toEqual(out.second);
    expect(back.fields['so']?.check?.via).toBe('double-keying');
    expect(summarizeEntry(back)).toMatchObject({ keyedBy2: 'bob', compared: 2, differ: 1 });
  });

  it('verifies at once when both keyings agree in every field', () => {
    const e = entry({ so: '7', nktHoTen: 'Phạm Văn Hòa' });
    const { entry: out } = applySecondKeying(e, keys, {
      by: 'bob',
      at: 9,
      values: { so: ' 7', nktHoTen: 'Pha\u0323m Văn Ho\u0300a' },
    });
    expect(out.state).toBe('verified');
    expect(keys.every((k) => out.fields[k]?.check?.verdict === 'ok')).toBe(true);
  });

  it('is dropped with its marks when the first keyer changes a value (withoutSecond)', () => {
    const e = entry({ so: '7', nktHoTen: 'A' });
    const { entry: out } = applySecondKeying(e, keys, {
      by: 'bob',
      at: 9,
      values: { so: '7', nktHoTen: 'B' },
    });
    const checked = {
      ...out,
      fields: {
        ...out.fields,
        nktHoTen: { ...field('A'), check: { verdict: 'ok' as const, by: 'cid', at: 10 } },
      },
    };
    const dropped = withoutSecond(checked);
    expect(dropped.second).toBeUndefined();
    expect(dropped.fields['so']?.check).toBeUndefined();
    expect(dropped.fields['nktHoTen']?.check?.by).toBe('cid'); // a person's mark is not the agreement's
    expect(withoutSecond(e)).toBe(e);
  });
});

describe('agreement rate', () => {
  it('sums agreed / compared fields', () => {
    expect(
      agreementRate([
        { compared: 20, differ: 1 },
        { compared: 5, differ: 0 },
      ]),
    ).toEqual({
      agreed: 24,
      compared: 25,
      rate: 0.96,
    });
    expect(agreementRate([])).toEqual({ agreed: 0, compared: 0, rate: null });
    expect(rateText(0.96)).toBe('96,0 %');
    expect(rateText(2 / 3)).toBe('66,6 %');
    expect(rateText(null)).toBe('—');
  });
});

describe('workflow of double keying', () => {
  const op = (userId: string) => ({ userId, role: 'operator' as const });
  const checker = (userId: string) => ({ userId, role: 'checker' as const });

  it('waits for a second keying by anyone but the first keyer, only in a book keyed twice', () => {
    const keyed = { state: 'keyed' as const, keyedBy: 'ann' };
    expect(awaitsSecondKeying(keyed, true)).toBe(true);
    expect(awaitsSecondKeying(keyed, false)).toBe(false);
    expect(awaitsChecker(keyed, true)).toBe(false);
    expect(awaitsChecker(keyed, false)).toBe(true);
    expect(secondKeyingRefusal(keyed, op('bob'), true)).toBeNull();
    expect(secondKeyingRefusal(keyed, op('ann'), true)).toBe(
      'Người đã nhập lần một không được nhập lần hai mục này.',
    );
    expect(secondKeyingRefusal(keyed, op('bob'), false)).toBe('Sổ này không nhập hai lần.');
    const twice = { ...keyed, second: { by: 'bob' } };
    expect(awaitsSecondKeying(twice, true)).toBe(false);
    expect(secondKeyingRefusal(twice, op('cid'), true)).toBe('Mục này đã được nhập lần hai.');
    // A keyed2 entry goes to the checker; an entry a rejected acceptance sent back (keyed, second kept) too.
    expect(awaitsChecker({ state: 'keyed2', second: { by: 'bob' } }, true)).toBe(true);
    expect(awaitsChecker(twice, true)).toBe(true);
    expect(secondKeyingRefusal({ state: 'prefilled', keyedBy: null }, op('bob'), true)).toMatch(
      /Không thể chuyển/,
    );
  });

  it('the third person is neither keyer', () => {
    const e = { state: 'keyed2' as const, keyedBy: 'ann', second: { by: 'bob' } };
    expect(transitionRefusal(e, 'verified', checker('ann'))).toBe(
      'Người đã nhập mục này không được tự kiểm tra hay nghiệm thu nó.',
    );
    expect(transitionRefusal(e, 'verified', checker('bob'))).toBe(
      'Người đã nhập lần hai mục này không được tự kiểm tra hay nghiệm thu nó.',
    );
    expect(transitionRefusal(e, 'returned', checker('bob'))).not.toBeNull();
    expect(transitionRefusal(e, 'verified', checker('cid'))).toBeNull();
    expect(transitionRefusal(e, 'verified', op('cid'))).toBe('Vai trò của bạn không được làm việc này.');
  });
});

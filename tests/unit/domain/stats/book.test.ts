/** A book's figures: states, corrected entries, skipped pages, numbering gaps and duplicates. */
import { describe, expect, it } from 'vitest';
import type { Entry, FieldValue } from '../../../../src/domain/records/entry';
import { bookStats } from '../../../../src/domain/stats/book';

const f = (value: string, over: Partial<FieldValue> = {}): FieldValue => ({
  value,
  flags: [],
  source: 'keyed',
  confirmed: true,
  ...over,
});
const entry = (id: string, so: string, state: Entry['state'], fields: Record<string, FieldValue> = {}) => ({
  id,
  bookId: 'b1',
  state,
  fields: { so: f(so), ngayDangKy: f('02/03/2020'), ...fields },
});

describe('bookStats', () => {
  it('counts states, corrections, skipped pages and numbering problems', () => {
    const s = bookStats(
      [
        entry('e1', '01', 'verified', { a: f('Hải', { ocr: { text: 'Hai', confidence: 0.5 } }) }),
        entry('e2', '02', 'keyed', { a: f('Lan', { ocr: { text: 'Lan', confidence: 0.9 } }) }),
        entry('e3', '02', 'keyed', { a: f('Mai', { source: 'checked' }) }),
        entry('e4', '06', 'prefilled'),
      ],
      [{ mark: 'normal' }, { mark: 'blank' }, { mark: 'crossed_out' }, { mark: 'blank' }],
      2020,
    );
    expect(s).toMatchObject({
      entries: 4,
      corrected: 2,
      blankPages: 2,
      crossedPages: 1,
      numberingGaps: 1, // 03–05
      numberingDuplicates: 1, // 02 twice
    });
    expect(s.byState).toMatchObject({ verified: 1, keyed: 2, prefilled: 1, returned: 0 });
  });
});

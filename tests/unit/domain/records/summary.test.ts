/** Entry summaries: what they keep, search matching (folding, any word order, dates), filters, counts. */
import { describe, expect, it } from 'vitest';
import { HIGH_CONFIDENCE } from '../../../../src/domain/fields/confidence';
import { emptyEntry, type Entry, type FieldValue } from '../../../../src/domain/records/entry';
import {
  countAll,
  countByPage,
  keyedCount,
  matchesFilter,
  matchesQuery,
  parseQuery,
  searchTokens,
  summarizeEntry,
} from '../../../../src/domain/records/summary';

const ocr = (value: string, confidence: number): FieldValue => ({
  value,
  flags: [],
  source: 'ocr',
  confirmed: false,
  ocr: { text: value, confidence },
});
const keyed = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });

function ks(fields: Record<string, FieldValue>, over: Partial<Entry> = {}): Entry {
  return { ...emptyEntry({ bookId: 'b1', pageId: 'p1', type: 'KS', order: 0 }, 'e1'), fields, ...over };
}

const hai = summarizeEntry(
  ks({
    so: keyed('087'),
    nksHoTen: ocr('Nguyễn Văn Hải', 0.95),
    nksNgaySinh: ocr('05/12/1990', 0.5),
    meHoTen: { ...ocr('Trần Thị Đào', 0.4), flags: ['illegible'] },
    nksNoiSinh: ocr('Trạm Y tế xã Hoà Bình', 0.2),
    ngayDangKy: keyed('20/12/1990'),
  }),
);

describe('search tokens', () => {
  it('folds case and diacritics, splits dates, drops leading zeros of numbers', () => {
    expect(searchTokens('Nguyễn Văn ĐỨC')).toEqual(['nguyen', 'van', 'duc']);
    expect(searchTokens('05/12/1990')).toEqual(['5', '12', '1990']);
    expect(searchTokens('Số 087, quyển 01')).toEqual(['so', '87', 'quyen', '1']);
    expect(searchTokens('  ')).toEqual([]);
  });
});

describe('entry summary', () => {
  it('keeps số, title and date as written, and counts uncertain and flagged fields', () => {
    expect(hai).toMatchObject({
      id: 'e1',
      pageIds: ['p1'],
      so: '087',
      title: 'Nguyễn Văn Hải',
      date: '20/12/1990',
    });
    // nksNgaySinh and nksNoiSinh are below HIGH_CONFIDENCE; the flagged meHoTen counts as flagged, not uncertain.
    expect(hai.uncertain).toBe(2);
    expect(hai.flagged).toBe(1);
    expect(HIGH_CONFIDENCE).toBeGreaterThan(0.5);
  });

  it('searches names, số and dates but not places', () => {
    expect(hai.text).toContain(' hai');
    expect(hai.text).toContain(' 87');
    expect(hai.text).not.toContain('binh');
  });

  it('a confirmed or keyed value is never uncertain', () => {
    const s = summarizeEntry(ks({ a: ocr('x', 0.1), nksHoTen: { ...ocr('An', 0.1), confirmed: true } }));
    expect(s.uncertain).toBe(0);
  });
});

describe('search matching', () => {
  const find = (q: string) => matchesQuery(hai, parseQuery(q));
  it('matches without diacritics, in any word order, by word prefix', () => {
    expect(find('nguyen hai')).toBe(true);
    expect(find('hải nguyễn')).toBe(true);
    expect(find('NGUYEN V')).toBe(true);
    expect(find('tran dao')).toBe(true); // the mother's name
    expect(find('nguyen hung')).toBe(false);
    expect(find('ai')).toBe(false); // a word prefix, not any substring
  });
  it('matches số and dates (month/year, leading zeros ignored)', () => {
    expect(find('87')).toBe(true);
    expect(find('087')).toBe(true);
    expect(find('12/1990')).toBe(true);
    expect(find('5/12/1990')).toBe(true);
    expect(find('12/1991')).toBe(false);
  });
  it('an empty query matches everything', () => {
    expect(find('')).toBe(true);
  });
});

describe('filters and counts', () => {
  const returned = summarizeEntry(ks({ so: keyed('1') }, { id: 'e2', state: 'returned', pageIds: ['p2'] }));
  const done = summarizeEntry(ks({ so: keyed('2') }, { id: 'e3', state: 'keyed2', pageIds: ['p1'] }));
  it('unfinished, uncertain, returned, flagged', () => {
    expect(
      ['unfinished', 'uncertain', 'returned', 'flagged'].map((f) => matchesFilter(hai, f as never)),
    ).toEqual([true, true, false, true]);
    expect(matchesFilter(returned, 'unfinished')).toBe(true);
    expect(matchesFilter(returned, 'returned')).toBe(true);
    expect(matchesFilter(done, 'unfinished')).toBe(false);
  });
  it('counts keyed and total per page, and keyed or beyond per book', () => {
    const byPage = countByPage([hai, returned, done]);
    expect(byPage.get('p1')).toEqual({ keyed: 1, total: 2 });
    expect(byPage.get('p2')).toEqual({ keyed: 0, total: 1 });
    const c = countAll(
      'b1',
      [
        { mark: 'normal', ocr: 'done' },
        { mark: 'blank', ocr: 'pending' },
      ],
      [hai, returned, done],
    );
    expect(c).toMatchObject({ pages: 2, skipped: 1, ocrDone: 1, entries: 3 });
    expect(keyedCount(c)).toBe(1);
  });
});

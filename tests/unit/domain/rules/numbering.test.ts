import { describe, expect, it } from 'vitest';
import { checkBook } from '../../../../src/domain/rules/check';
import type { BookEntry } from '../../../../src/domain/rules/numbering';
import { fv } from './helpers';

let seq = 0;
function e(bookId: string, so: string, ngayDangKy = ''): BookEntry {
  const fields: BookEntry['fields'] = { so: fv(so) };
  if (ngayDangKy) fields['ngayDangKy'] = fv(ngayDangKy);
  return { id: `e${++seq}`, bookId, fields };
}

describe('so numbering across the books of a year', () => {
  const years = { b1: 2017, b2: 2017 };

  it('a complete sequence continued by a second book gives nothing', () => {
    const entries = [e('b1', '01'), e('b1', '2'), e('b2', '03'), e('b2', '4')];
    expect(checkBook(entries, { bookYears: years })).toEqual([]);
  });

  it('so.duplicate: one finding per number, naming every entry', () => {
    const a = e('b1', '02');
    const b = e('b2', '2');
    const fs = checkBook([e('b1', '1'), a, b], { bookYears: years });
    expect(fs).toEqual([
      {
        code: 'so.duplicate',
        severity: 'warning',
        message: 'Số 2 có ở 2 mục trong năm 2017.',
        fields: ['so'],
        entryIds: [a.id, b.id],
      },
    ]);
  });

  it('so.gap: missing numbers from 01, one finding per run, pointing at the entry after it', () => {
    const five = e('b1', '5');
    const nine = e('b2', '9');
    const fs = checkBook([e('b1', '2'), five, e('b1', '6'), nine], { bookYears: years });
    expect(fs.map((f) => f.message)).toEqual([
      'Thiếu số 1 trong năm 2017 (số ghi liên tục từ 01 mỗi năm).',
      'Thiếu các số 3–4 trong năm 2017 (số ghi liên tục từ 01 mỗi năm).',
      'Thiếu các số 7–8 trong năm 2017 (số ghi liên tục từ 01 mỗi năm).',
    ]);
    expect(fs[1]?.entryIds).toEqual([five.id]);
    expect(fs[2]?.entryIds).toEqual([nine.id]);
  });

  it('numbering restarts each year: a book reused the next year counts from 01 again', () => {
    const entries = [e('b1', '1', '05/03/2017'), e('b1', '2', '06/12/2017'), e('b1', '1', '02/01/2018')];
    expect(checkBook(entries, { bookYears: { b1: 2017 } })).toEqual([]);
    // A misread year (2071) does not move an entry out of its book's year.
    const misread = [e('b1', '1', '05/03/2017'), e('b1', '1', '06/03/2071')];
    expect(checkBook(misread, { bookYears: { b1: 2017 } }).map((f) => f.code)).toEqual(['so.duplicate']);
  });

  it('a suffixed number is its own entry; empty and non-numeric numbers are left to the field rules', () => {
    expect(checkBook([e('b1', '1'), e('b1', '1A'), e('b1', ''), e('b1', 'x')], { bookYears: years })).toEqual(
      [],
    );
  });
});

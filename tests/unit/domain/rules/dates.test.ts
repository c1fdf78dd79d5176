import { describe, expect, it } from 'vitest';
import { checkEntry } from '../../../../src/domain/rules/check';
import { codes, entry, fv, only } from './helpers';

const WORDS_19_10_2017 = 'Ngày mười chín tháng mười năm hai nghìn không trăm mười bảy';

describe('date rules on one field', () => {
  it('date.unreadable is an error; the value is not otherwise judged', () => {
    const fs = checkEntry(entry('KS', { nksNgaySinh: '19/1O/2017' }));
    expect(codes(fs)).toEqual(['date.unreadable']);
    expect(fs[0]?.severity).toBe('error');
  });

  it('date.impossible: kept and flagged; once the operator flags it, info only', () => {
    const warned = checkEntry(entry('KS', { nksNgaySinh: '30/02/1990' }));
    expect(codes(warned)).toEqual(['date.impossible']);
    expect(warned[0]?.severity).toBe('warning');
    expect(codes(checkEntry(entry('KS', { nksNgaySinh: '29/02/1991' })))).toEqual(['date.impossible']);
    expect(codes(checkEntry(entry('KS', { nksNgaySinh: '29/02/1992' })))).toEqual([]);
    const flagged = checkEntry(entry('KS', { nksNgaySinh: fv('31/04/1990', ['impossible_date']) }));
    expect(codes(flagged)).toEqual(['date.impossible_flagged']);
    expect(flagged[0]?.severity).toBe('info');
  });

  it('date.partial: month/year and year only are recognised and reported as info', () => {
    const my = checkEntry(entry('KS', { nksNgaySinh: '03/1990' }));
    expect(codes(my)).toEqual(['date.partial']);
    expect(my[0]?.severity).toBe('info');
    expect(my[0]?.message).toContain('03/1990');
    expect(codes(checkEntry(entry('KS', { ngayDangKy: '1990' })))).toEqual(['date.partial']);
    // A "year of birth" field expects a year: only a month/year is partial there.
    expect(codes(checkEntry(entry('KS', { meNgaySinh: '1965' })))).toEqual([]);
    expect(codes(checkEntry(entry('KS', { meNgaySinh: '03/1965' })))).toEqual(['date.partial']);
  });

  it('date.no_year and date.year_range', () => {
    expect(codes(checkEntry(entry('KS', { ngayDangKy: '05/03' })))).toEqual(['date.no_year']);
    expect(codes(checkEntry(entry('KS', { ngayDangKy: '05/03/2031' }), { latestYear: 2030 }))).toEqual([
      'date.year_range',
    ]);
    expect(codes(checkEntry(entry('KS', { ngayDangKy: '05/03/2030' }), { latestYear: 2030 }))).toEqual([]);
    expect(codes(checkEntry(entry('KS', { meNgaySinh: '1849' })))).toEqual(['date.year_range']);
  });
});

describe('digits vs words', () => {
  it('agreeing digits and words give nothing, in any accepted wording', () => {
    expect(
      checkEntry(entry('KS', { nksNgaySinh: '19/10/2017', nksNgaySinhBangChu: WORDS_19_10_2017 })),
    ).toEqual([]);
    const e = entry('KS', {
      nksNgaySinh: '26/06/1948',
      nksNgaySinhBangChu: 'Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám',
    });
    expect(checkEntry(e)).toEqual([]);
  });

  it('date.words_mismatch names the words field first, then the digits', () => {
    // The template's own sample row: words 27/08/2008, digits 01/09/2008.
    const fs = checkEntry(
      entry('KS', {
        nksNgaySinh: '01/09/2008',
        nksNgaySinhBangChu: 'Ngày Hai Mươi Bảy Tháng Tám Năm Hai Nghìn Không Trăm Linh Tám',
      }),
    );
    expect(codes(fs)).toEqual(['date.words_mismatch']);
    expect(fs[0]?.fields).toEqual(['nksNgaySinhBangChu', 'nksNgaySinh']);
    expect(fs[0]?.message).toContain('27/08/2008');
    expect(fs[0]?.message).toContain('01/09/2008');
    // A part written on one side only is a difference too.
    expect(
      codes(checkEntry(entry('KS', { nksNgaySinh: '10/2017', nksNgaySinhBangChu: WORDS_19_10_2017 }))),
    ).toContain('date.words_mismatch');
  });

  it('an impossible date agrees with the same impossible date in words', () => {
    const e = entry('KS', {
      nksNgaySinh: fv('30/02/1990', ['impossible_date']),
      nksNgaySinhBangChu: 'Ngày ba mươi tháng hai năm một nghìn chín trăm chín mươi',
    });
    expect(codes(checkEntry(e))).toEqual(['date.impossible_flagged']);
  });

  it('date.words_unreadable', () => {
    expect(codes(checkEntry(entry('KS', { nksNgaySinhBangChu: 'mười chín mười hai' })))).toEqual([
      'date.words_unreadable',
    ]);
  });
});

describe('order of events and the book year', () => {
  it('date.registration_outside_book_year', () => {
    const e = entry('KS', { ngayDangKy: '05/03/2018' });
    const fs = checkEntry(e, { bookYear: 2017 });
    expect(codes(fs)).toEqual(['date.registration_outside_book_year']);
    expect(fs[0]?.message).toContain('2018');
    expect(checkEntry(e, { bookYear: 2018 })).toEqual([]);
    expect(checkEntry(e)).toEqual([]);
  });

  it('date.birth_after_registration for every person with a birth date; partial dates compare on their parts', () => {
    const late = checkEntry(entry('KS', { nksNgaySinh: '06/03/2017', ngayDangKy: '05/03/2017' }));
    expect(codes(late)).toEqual(['date.birth_after_registration']);
    expect(late[0]?.severity).toBe('error');
    expect(late[0]?.fields).toEqual(['nksNgaySinh', 'ngayDangKy']);
    expect(checkEntry(entry('KS', { nksNgaySinh: '05/03/2017', ngayDangKy: '05/03/2017' }))).toEqual([]);
    expect(codes(checkEntry(entry('KS', { nksNgaySinh: '2017', ngayDangKy: '05/03/2017' })))).toEqual([
      'date.partial',
    ]);
    expect(codes(checkEntry(entry('KT', { nktNgaySinh: '1999', ngayDangKy: '05/03/1998' })))).toEqual([
      'date.birth_after_registration',
    ]);
  });

  it('date.death_before_birth and date.death_after_registration', () => {
    const before = checkEntry(entry('KT', { nktNgaySinh: '12/03/1950', nktNgayChet: '11/03/1950' }));
    expect(codes(before)).toEqual(['date.death_before_birth']);
    expect(before[0]?.fields).toEqual(['nktNgayChet', 'nktNgaySinh']);
    expect(checkEntry(entry('KT', { nktNgaySinh: '1950', nktNgayChet: '01/01/1950' }))).toEqual([]);
    const after = checkEntry(entry('KT', { nktNgayChet: '13/03/2023', ngayDangKy: '12/03/2023' }));
    expect(codes(after)).toEqual(['date.death_after_registration']);
  });
});

describe('messages', () => {
  it('are NFC Vietnamese sentences', () => {
    const fs = checkEntry(
      entry('KS', {
        nksNgaySinh: '06/03/2017',
        ngayDangKy: '05/03/2017',
        nksNgaySinhBangChu: WORDS_19_10_2017,
      }),
    );
    expect(fs.length).toBeGreaterThan(1);
    for (const f of fs) {
      expect(f.message).toBe(f.message.normalize('NFC'));
      expect(f.message).toMatch(/\.$/u);
    }
    expect(only(fs, 'date.birth_after_registration')[0]?.message).toBe(
      'Ngày sinh của người được khai sinh (06/03/2017) sau ngày đăng ký (05/03/2017).',
    );
  });
});

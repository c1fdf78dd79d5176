import { describe, expect, it } from 'vitest';
import { confusedDigitDate, normalizeValue } from '../../../src/extract/normalize';
import { correctPlace, restoreUnitCommas } from '../../../src/extract/places';
import { repairPhrases } from '../../../src/extract/phrases';
import { correctSyllable, isSyllable } from '../../../src/extract/syllables';
import { isJunk } from '../../../src/extract/values';
import { CAUSE_OF_DEATH_PHRASES, NOTE_PHRASES } from '../../../src/domain/lexicons/phrases';

describe('normalizeValue by kind', () => {
  it('reads digits where digits are due, keeping the printed separators', () => {
    expect(normalizeValue('date', '1 1/07/1990').value).toBe('11/07/1990');
    expect(normalizeValue('date', '19/1O/2017.').value).toBe('19/10/2017');
    expect(normalizeValue('id_number', '0462 0160 0751').value).toBe('046201600751');
    expect(normalizeValue('number', '31').value).toBe('31');
    expect(normalizeValue('year_or_date', 'Năm 1988').value).toBe('1988');
  });
  it('keeps an impossible date verbatim', () => {
    expect(normalizeValue('date', '31/04/1990').value).toBe('31/04/1990');
  });
  it('snaps closed lists only on strong evidence', () => {
    expect(normalizeValue('ethnicity', 'Cơ Tụ').value).toBe('Cơ Tu');
    expect(normalizeValue('ethnicity', 'Kinh , . ng').value).toBe('Kinh');
    expect(normalizeValue('sex', 'Nữ').value).toBe('Nữ');
    expect(normalizeValue('nationality', 'Việt Nam').fit).toBe(1);
    // Nothing close: kept as read, low fit.
    const odd = normalizeValue('ethnicity', 'Xyzabc');
    expect(odd.value).toBe('Xyzabc');
    expect(odd.fit).toBeLessThan(1);
  });
  it('reads hours and minutes of a time of death', () => {
    expect(normalizeValue('time', '1O giờ 43 phút').value).toBe('10 giờ 43 phút');
    expect(normalizeValue('time', '6giờ Ö8 phú').value).toBe('6 giờ 08 phút');
  });
  it('finds the time inside debris, and keeps what does not read as one', () => {
    expect(normalizeValue('time', 'chết: 7 giờ 24 phút').value).toBe('7 giờ 24 phút');
    expect(normalizeValue('time', '3 giờ 59 phút, ugàu').value).toBe('3 giờ 59 phút');
    // A digit standing apart before the hour is not dropped; an hour past 24 is not made up.
    expect(normalizeValue('time', '1 2 giờ 25 phút').value).toBe('1 2 giờ 25 phút');
    expect(normalizeValue('time', '25 giờ 49 phút').value).toBe('25 giờ 49 phút');
  });
  it('stores NFC', () => {
    const decomposed = 'Nguyễn Văn An'.normalize('NFD');
    expect(normalizeValue('name', decomposed).value).toBe('Nguyễn Văn An'.normalize('NFC'));
  });
});

describe('places', () => {
  it('restores diacritics of unit names inside the named province', () => {
    expect(correctPlace('phường Thụy Xuân, thành phố Huế, tỉnh Thừa Thiện Huế').value).toBe(
      'phường Thủy Xuân, thành phố Huế, tỉnh Thừa Thiên Huế',
    );
  });
  it('keeps the tone-mark placement the register used', () => {
    expect(correctPlace('thị xã Hương Thủy, tỉnh Thừa Thiên Huế').value).toBe(
      'thị xã Hương Thủy, tỉnh Thừa Thiên Huế',
    );
  });
  it('puts back a comma lost between two unit parts only', () => {
    expect(restoreUnitCommas('thị trấn Phong Điền huyện Phong Điền')).toBe(
      'thị trấn Phong Điền, huyện Phong Điền',
    );
    expect(restoreUnitCommas('Trung tâm Y tế thành phố Huế')).toBe('Trung tâm Y tế thành phố Huế');
  });
  it('leaves villages and streets as read', () => {
    expect(correctPlace('thôn Dưỡng Mong, thị trấn Lăng Cô').value).toBe('thôn Dưỡng Mong, thị trấn Lăng Cô');
  });
});

describe('syllables and phrases', () => {
  it('knows Vietnamese syllables', () => {
    expect(isSyllable('nguyễn')).toBe(true);
    expect(isSyllable('mm')).toBe(false);
  });
  it('repairs cursive misreads of non-syllables only', () => {
    expect(correctSyllable('Bệnf')).toBe('Bệnh');
    expect(correctSyllable('ñuyện')).toBe('huyện');
    expect(correctSyllable('Thiện')).toBeNull();
  });
  it('repairs a known phrase found almost intact', () => {
    expect(repairPhrases('Tải nạn giao tông', CAUSE_OF_DEATH_PHRASES).text).toBe('Tai nạn giao thông');
    expect(repairPhrases('Suy tim', CAUSE_OF_DEATH_PHRASES).changed).toBe(0);
  });
  it('never takes a phrase read exactly for a longer, similar one', () => {
    expect(repairPhrases('Đăng ký khai tử quá hạn', NOTE_PHRASES).text).toBe('Đăng ký khai tử quá hạn');
    expect(repairPhrases('Đăng ky khai tủ quá hạn', NOTE_PHRASES).text).toBe('Đăng ký khai tử quá hạn');
    // The whole phrase, not only its exact head ("Đăng ký lại").
    expect(repairPhrases('Đăng ký lại (hai sinh', NOTE_PHRASES).text).toBe('Đăng ký lại khai sinh');
  });
  it('tells debris from words', () => {
    expect(isJunk('Ñ', 0.5)).toBe(true);
    expect(isJunk('—', 0.9)).toBe(true);
    expect(isJunk('mm', 0.5)).toBe(true);
    expect(isJunk('Huế', 0.3)).toBe(false);
    expect(isJunk('17', 0.2)).toBe(false);
  });
});

describe('cross-field checks', () => {
  it('reads an unreadable birth year from the personal ID and sex from its century digit', async () => {
    const { crossCheck } = await import('../../../src/extract/cross-checks');
    const { REGISTERS } = await import('../../../src/domain/registers');
    const f = (value: string, region = true) => ({
      value,
      confidence: 0.8,
      box: null,
      warnings: [] as string[],
      ocrText: value,
      region: region ? ([0, 0, 10, 10] as [number, number, number, number]) : null,
    });
    const fields = {
      nktNgaySinh: f('21/01/28é'),
      nktSoDinhDanh: f('046046330382'),
      nktGioiTinh: f('Ma m'),
      ngayDangKy: f('30/01/2025'),
    };
    crossCheck(REGISTERS.KT, fields, 2023);
    expect(fields.nktNgaySinh.value).toBe('21/01/1946');
    expect(fields.nktGioiTinh.value).toBe('Nam');
    expect(fields.nktGioiTinh.warnings.length).toBe(1);
    expect(fields.ngayDangKy.value).toBe('30/01/2023');
  });
});

describe('entry-level checks', () => {
  it('repairs an entry number one digit away from its neighbour + 1', async () => {
    const { checkEntryNumbers } = await import('../../../src/extract/cross-checks');
    const f = (value: string) => ({
      value,
      confidence: 0.9,
      box: null,
      warnings: [] as string[],
      ocrText: value,
    });
    const entries = [{ fields: { so: f('82') } }, { fields: { so: { ...f('63'), confidence: 0.5 } } }];
    checkEntryNumbers(entries);
    expect(entries[1]?.fields.so.value).toBe('83');
    const clean = [{ fields: { so: f('82') } }, { fields: { so: f('83') } }];
    checkEntryNumbers(clean);
    expect(clean[1]?.fields.so.warnings).toHaveLength(0);
  });
  it('tidies unit words split by a stray comma', () => {
    expect(correctPlace('tổ 13, phường Phước Vĩnh, thành, phố Huế, tỉnh Thừa Thiên Huế').value).toBe(
      'tổ 13, phường Phước Vĩnh, thành phố Huế, tỉnh Thừa Thiên Huế',
    );
  });
});

describe('handwriting misreads repaired from the value itself', () => {
  it('puts back the capital a name word lost, only where the name tables make one reading likeliest', () => {
    // Read small: a name word whose own case was misread ("liên", "ánh") is only capitalised.
    expect(normalizeValue('name', 'Phạm Thị liên').value).toBe('Phạm Thị Liên');
    expect(normalizeValue('name', 'Lê Minh Khánh ánh').value).toBe('Lê Minh Khánh Ánh');
    // A dropped capital: the surname tables know one "…ê", the given names one "…iang".
    expect(normalizeValue('name', 'ê Thu Vân').value).toBe('Lê Thu Vân');
    expect(normalizeValue('name', 'Lê Thị iang').value).toBe('Lê Thị Giang');
    // "ong": Long and Phong are both frequent; no guess.
    expect(normalizeValue('name', 'Trần Hữu ong').value).toBe('Trần Hữu ong');
    // A syllable split in two is joined, not given a capital of its own.
    expect(normalizeValue('name', 'Nguyễn Thu Th ủy').value).toBe('Nguyễn Thu Thủy');
    // A name wholly in small letters is left as read.
    expect(normalizeValue('name', 'trần văn an').value).toBe('trần văn an');
  });
  it('reads a weak unknown given name as the frequent one its misread letter hides; a sure reading stays', () => {
    expect(normalizeValue('name', 'Trần Thu Vụ').value).toBe('Trần Thu Vy');
    expect(normalizeValue('name', 'Nguyễn Như Mụ').value).toBe('Nguyễn Như My');
    expect(normalizeValue('name', 'Trần Thu Vụ', '', true).value).toBe('Trần Thu Vụ');
    // A given name the tables know is never changed, and neither is a rare name with no known misread.
    expect(normalizeValue('name', 'Lê Văn Hưng').value).toBe('Lê Văn Hưng');
    expect(normalizeValue('name', 'Kăn Văn Blấu').value).toBe('Kăn Văn Blấu');
  });
  it('reads a y the hand made look like u where "uu" makes no syllable', () => {
    expect(correctSyllable('Nguuễn')).toBe('Nguyễn');
    expect(correctSyllable('huuện')).toBe('huyện');
    expect(correctSyllable('Thủu')).toBe('Thủy');
    // A word with one u and no trouble sign is not made a y.
    expect(correctSyllable('Blấu')).toBeNull();
    expect(normalizeValue('name', 'Võ Thị Mhi').value).toBe('Võ Thị Nhi');
  });
  it('completes a closed-list value of which only the start or the end was read, when one value fits', () => {
    expect(normalizeValue('ethnicity', 'Kiều').value).toBe('Bru-Vân Kiều');
    expect(normalizeValue('nationality', 'Nam').value).toBe('Việt Nam');
    expect(normalizeValue('nationality', 'Việt').value).toBe('Việt Nam');
    expect(normalizeValue('nationality', 'Nam').fit).toBeLessThan(1);
    // Several nationalities end in "Quốc": left as read.
    expect(normalizeValue('nationality', 'Quốc').value).toBe('Quốc');
  });
  it('reads eight digits alone as a date when they make one', () => {
    expect(normalizeValue('date', '27112023').value).toBe('27/11/2023');
    expect(normalizeValue('date', '27132023').value).toBe('27132023');
  });
});

describe('digits a hand makes look alike, in dates', () => {
  it('reads an impossible day or month again with the one look-alike digit that makes the date possible', () => {
    expect(normalizeValue('date', '51/05/2020')).toEqual({ value: '31/05/2020', fit: 0.6 });
    expect(normalizeValue('date', '51/01/1988').value).toBe('31/01/1988');
    // None possible, or several: kept as read, and shown as not fitting.
    expect(normalizeValue('date', '12/15/2020')).toEqual({ value: '12/15/2020', fit: 1 });
    expect(confusedDigitDate('12/15/2020')).toBeNull();
    expect(confusedDigitDate('00/05/2020')).toBeNull(); // 06/05 or 08/05: more than one
    expect(confusedDigitDate('27/12/2021')).toBeNull(); // possible as read
  });

  it('reads a 9 closed at the bottom ("a") as a digit where digits are due, and says it guessed', () => {
    expect(normalizeValue('date', '24/0a/1aa2')).toEqual({ value: '24/09/1992', fit: 0.8 });
    expect(normalizeValue('date', 'O6/07/2020')).toEqual({ value: '06/07/2020', fit: 1 });
  });
});

describe('closed lists keep the register spelling', () => {
  it('keeps a listed spelling read exactly, snaps only a misread', () => {
    expect(normalizeValue('ethnicity', 'Khơ Mú')).toEqual({ value: 'Khơ Mú', fit: 1 });
    expect(normalizeValue('ethnicity', 'Khơ-mú')).toEqual({ value: 'Khơ-mú', fit: 1 });
    expect(normalizeValue('ethnicity', 'Kính')).toEqual({ value: 'Kinh', fit: 0.9 });
  });
});

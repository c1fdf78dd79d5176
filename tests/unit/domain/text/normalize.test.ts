import { describe, expect, it } from 'vitest';
import {
  collapseSpaces,
  compactKey,
  foldKey,
  nfc,
  stripDiacritics,
} from '../../../../src/domain/text/normalize';

describe('normalize', () => {
  it('nfc composes decomposed input', () => {
    const nfd = 'Nguyễn'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn');
    expect(nfc(nfd)).toBe('Nguyễn');
  });

  it('stripDiacritics removes tones, vowel marks and đ', () => {
    expect(stripDiacritics('Đặng Thị Hường')).toBe('Dang Thi Huong');
  });

  it('foldKey lowercases, strips marks and collapses punctuation', () => {
    expect(foldKey('Họ, chữ đệm, tên:')).toBe('ho chu dem ten');
    expect(foldKey('  SỔ  ĐĂNG KÝ KHAI SINH ')).toBe('so dang ky khai sinh');
    expect(foldKey('Nơi thường trú/tạm trú')).toBe('noi thuong tru tam tru');
    expect(foldKey('Ho chu dem ten')).toBe(foldKey('Họ, chữ đệm, tên'));
  });

  it('compactKey drops spaces and hyphens', () => {
    expect(compactKey('Cơ-tu')).toBe('cotu');
    expect(compactKey('Cơ Tu')).toBe('cotu');
  });

  it('collapseSpaces', () => {
    expect(collapseSpaces(' a \t b\n c ')).toBe('a b c');
  });
});

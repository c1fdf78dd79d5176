/**
 * File names of what leaves sohoa: the observed stem `<xã>_<huyện>_<tỉnh>.<TYPE>.<year>.<book>`
 * (registers.md §8.6), diacritics removed (đ → d), the unit words kept as written, every run of characters
 * that is not a letter, digit or hyphen turned into one hyphen (so "01/2008" → "01-2008", a name can never
 * carry a path separator or a dot of its own). A 2025 commune has no district: that part is left out.
 */
import { stripDiacritics, type Book } from '../domain';

/** One part of a name: ASCII letters, digits and single hyphens, no leading or trailing hyphen. */
export function safePart(s: string): string {
  return stripDiacritics(s.normalize('NFC'))
    .replace(/[^A-Za-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

/** "Xã Nghi Phú" → "XaNghiPhu": words joined, each capitalised as written. */
function placePart(s: string): string {
  return safePart(s)
    .split('-')
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The default stem of a book's exported files, e.g. "XaNghiPhu_HuyenNghiLoc_TinhNgheAn.KS.2008.01-2008". */
export function exportStem(book: Pick<Book, 'type' | 'year' | 'bookNumber' | 'commune'>): string {
  const places = [book.commune.name, book.commune.district, book.commune.province]
    .map(placePart)
    .filter(Boolean)
    .join('_');
  return [places || 'so', book.type, String(book.year), safePart(book.bookNumber) || 'quyen'].join('.');
}

/**
 * Book rules on the entry number `so` (registers.md §1.1, §8.2): numbers run from 01 each calendar year and a
 * second book of the same year continues the sequence; a book reused the next year restarts at 01. So the rules
 * take the entries of all the books of a year and count per registration year: an entry's year is its
 * registration year when that is its book's year or the next one (a reused book), else its book's year (a
 * misread year does not move an entry out of its book).
 */
import type { Entry } from '../records/entry';
import { finding } from './catalogue';
import type { Finding } from './types';
import { dateOf, valueOf } from './values';

export type BookEntry = Pick<Entry, 'id' | 'bookId' | 'fields'>;

export interface BookContext {
  /** Year of each book (Book.year) by book id. */
  bookYears?: Readonly<Record<string, number>>;
}

function yearOf(e: BookEntry, ctx: BookContext): number | null {
  const bookYear = ctx.bookYears?.[e.bookId];
  const registered = dateOf(e.fields, 'ngayDangKy')?.year;
  if (bookYear === undefined) return registered ?? null;
  return registered === bookYear + 1 ? registered : bookYear;
}

const range = (a: number, b: number): string => (a === b ? `số ${a}` : `các số ${a}–${b}`);

/** Gaps and duplicates of `so` per year over the entries of a year's books. */
export function numberingFindings(entries: readonly BookEntry[], ctx: BookContext = {}): Finding[] {
  const byYear = new Map<number | null, Map<string, BookEntry[]>>();
  for (const e of entries) {
    const m = /^0*(\d+)([A-Za-z]?)$/u.exec(valueOf(e.fields, 'so'));
    if (!m) continue; // empty or not a number: so.format on the entry
    const year = yearOf(e, ctx);
    const numbers = byYear.get(year) ?? new Map<string, BookEntry[]>();
    byYear.set(year, numbers);
    const key = `${Number(m[1])}${(m[2] ?? '').toUpperCase()}`;
    numbers.set(key, [...(numbers.get(key) ?? []), e]);
  }
  const out: Finding[] = [];
  for (const [year, numbers] of byYear) {
    const inYear = year === null ? '' : ` trong năm ${year}`;
    for (const [key, list] of numbers) {
      if (list.length > 1) {
        out.push(
          finding(
            'so.duplicate',
            `Số ${key} có ở ${list.length} mục${inYear}.`,
            ['so'],
            list.map((e) => e.id),
          ),
        );
      }
    }
    const seen = new Map<number, BookEntry>();
    for (const [key, list] of numbers) {
      const n = Number.parseInt(key, 10);
      if (!seen.has(n) && list[0]) seen.set(n, list[0]);
    }
    const sorted = [...seen.keys()].sort((a, b) => a - b);
    let expected = 1;
    for (const n of sorted) {
      if (n > expected) {
        const next = seen.get(n);
        out.push(
          finding(
            'so.gap',
            `Thiếu ${range(expected, n - 1)}${inYear} (số ghi liên tục từ 01 mỗi năm).`,
            ['so'],
            next ? [next.id] : [],
          ),
        );
      }
      expected = n + 1;
    }
  }
  return out;
}

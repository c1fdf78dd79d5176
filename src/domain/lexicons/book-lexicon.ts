/**
 * The book lexicon: values an operator confirmed in this book (and the book's own commune, district and
 * province), by value kind, so that the pre-fill of the pages still to come can read towards them. Pure; built
 * in the workstation from the book's entries and in the batch CLI from given confirmed entries; sent to the
 * pre-fill engine with each page (`src/extract/book-lexicon.ts` applies it, only to weak readings).
 */
import { REGISTERS } from '../registers';
import type { RegisterType, ValueKind } from '../registers/types';

/** Kinds whose confirmed values are worth reading towards: they repeat within a book and are not closed lists. */
export const BOOK_LEXICON_KINDS: readonly ValueKind[] = ['name', 'place', 'text'];

export interface BookLexicon {
  /** Confirmed values (NFC, distinct) by value kind. */
  values: Partial<Record<ValueKind, string[]>>;
}

export interface ConfirmedSource {
  type: RegisterType;
  fields: Record<string, { value: string; confirmed?: boolean; source?: string; flags?: readonly string[] }>;
}

/** Values confirmed in the book, by kind; `places` adds unit names the book itself names (its commune …). */
export function bookLexiconFrom(
  entries: readonly ConfirmedSource[],
  places: readonly string[] = [],
  max = 2000,
): BookLexicon {
  const sets = new Map<ValueKind, Set<string>>();
  const add = (kind: ValueKind, v: string): void => {
    const value = v.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!value) return;
    const s = sets.get(kind) ?? new Set<string>();
    if (s.size < max) s.add(value);
    sets.set(kind, s);
  };
  for (const e of entries) {
    for (const fd of REGISTERS[e.type].fields) {
      if (!BOOK_LEXICON_KINDS.includes(fd.kind)) continue;
      const f = e.fields[fd.key];
      // Only what a person vouched for: confirmed or typed values, never a flagged one.
      if (!f?.value || f.flags?.length || !(f.confirmed || (f.source && f.source !== 'ocr'))) continue;
      add(fd.kind, f.value);
    }
  }
  for (const p of places) add('place', p);
  return { values: Object.fromEntries([...sets].map(([k, s]) => [k, [...s]])) };
}

export function lexiconSize(lex: BookLexicon | undefined): number {
  return lex ? Object.values(lex.values).reduce((n, v: readonly string[]) => n + v.length, 0) : 0;
}

/** "Xã Nghi Phú", "Huyện Nghi Lộc", "Tỉnh Nghệ An" → "xã Nghi Phú, huyện Nghi Lộc, tỉnh Nghệ An" (as registers write). */
export function communePlace(c: { name: string; district: string; province: string }): string {
  const unit = (s: string): string =>
    s.replace(/^(Xã|Phường|Thị trấn|Huyện|Quận|Thị xã|Thành phố|Tỉnh)(?=\s)/u, (w) => w.toLowerCase());
  return [c.name, c.district, c.province]
    .map((s) => s.trim())
    .filter(Boolean)
    .map(unit)
    .join(', ');
}

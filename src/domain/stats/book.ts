/**
 * A book's figures for the supervisor (issue 10 item 6), pure: entries by workflow state, entries whose values
 * differ from what OCR read or that a checker corrected, blank and crossed-out pages, and the `so` numbers missing
 * or written twice (the numbering rule of the catalogue, over this book alone).
 */
import type { Entry, EntryState } from '../records/entry';
import type { Page } from '../records/page';
import { numberingFindings } from '../rules/numbering';
import { ENTRY_STATES } from '../workflow';

export interface BookStats {
  entries: number;
  byState: Record<EntryState, number>;
  /** Entries with at least one value changed from OCR's reading or corrected by a checker. */
  corrected: number;
  blankPages: number;
  crossedPages: number;
  /** Findings `so.gap` and `so.duplicate` of the book (each a run of missing numbers, or one number written twice). */
  numberingGaps: number;
  numberingDuplicates: number;
}

export function bookStats(
  entries: readonly Pick<Entry, 'id' | 'bookId' | 'state' | 'fields'>[],
  pages: readonly Pick<Page, 'mark'>[],
  bookYear?: number,
): BookStats {
  const byState = Object.fromEntries(ENTRY_STATES.map((s) => [s, 0])) as Record<EntryState, number>;
  let corrected = 0;
  for (const e of entries) {
    byState[e.state]++;
    const fields = Object.values(e.fields);
    if (fields.some((f) => f.source === 'checked' || (f.ocr !== undefined && f.value !== f.ocr.text)))
      corrected++;
  }
  const findings = numberingFindings(
    entries,
    bookYear !== undefined && entries[0] ? { bookYears: { [entries[0].bookId]: bookYear } } : {},
  );
  return {
    entries: entries.length,
    byState,
    corrected,
    blankPages: pages.filter((p) => p.mark === 'blank').length,
    crossedPages: pages.filter((p) => p.mark === 'crossed_out').length,
    numberingGaps: findings.filter((f) => f.code === 'so.gap').length,
    numberingDuplicates: findings.filter((f) => f.code === 'so.duplicate').length,
  };
}

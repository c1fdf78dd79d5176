/**
 * Finding entries in the open book (screen "Nhập liệu"): a search by name, số or date (folded, any word order) and
 * one filter (unfinished, uncertain, returned, flagged), both over the book session's entry summaries in memory —
 * never a read of the entries. While a search or a filter is active, next/previous entry on the desk move only
 * among the matching entries (`step`, WorkState's `EntryStepper`).
 */
import {
  ENTRY_FILTERS,
  matchesFilter,
  matchesQuery,
  parseQuery,
  type EntryFilter,
  type EntrySummary,
} from '../domain/records/summary';
import type { BookSession } from './book-session.svelte';
import type { EntryPlace, EntryStepper } from './work.svelte';

/** A matching entry and where it starts (page index in the book). */
export interface Found {
  summary: EntrySummary;
  pageIndex: number;
}

export class Finder implements EntryStepper {
  query = $state('');
  filter: EntryFilter | null = $state(null);

  readonly words: string[] = $derived(parseQuery(this.query));
  readonly active: boolean = $derived(this.filter !== null || this.words.length > 0);
  /** Entries matching the search and the filter, in book order (page, then order on the page). */
  readonly results: Found[] = $derived.by(() => (this.active ? this.find(this.words, this.filter) : []));
  /** How many entries each filter keeps with the current search (shown beside each filter). */
  readonly filterCounts: Readonly<Record<EntryFilter, number>> = $derived.by(() => {
    const out = { unfinished: 0, uncertain: 0, returned: 0, flagged: 0 };
    for (const s of this.session.summaries.values()) {
      if (this.words.length && !matchesQuery(s, this.words)) continue;
      for (const f of ENTRY_FILTERS) if (matchesFilter(s, f)) out[f]++;
    }
    return out;
  });

  constructor(private readonly session: BookSession) {}

  toggle(f: EntryFilter): void {
    this.filter = this.filter === f ? null : f;
  }

  clear(): void {
    this.query = '';
    this.filter = null;
  }

  /** The matching entry after (1) or before (−1) a place; null at the end; undefined when nothing is active. */
  step(from: EntryPlace, dir: 1 | -1): EntryPlace | null | undefined {
    if (!this.active) return undefined;
    const here = this.session.summaries.get(from.entryId ?? '');
    const pageIndex = from.pageIndex;
    const order = here && here.pageIds[0] === from.pageId ? here.order : dir > 0 ? -1 : Infinity;
    const list = this.results;
    const after = (f: Found): boolean =>
      f.pageIndex > pageIndex || (f.pageIndex === pageIndex && f.summary.order > order);
    const before = (f: Found): boolean =>
      f.pageIndex < pageIndex || (f.pageIndex === pageIndex && f.summary.order < order);
    const hit = dir > 0 ? list.find((f) => after(f) && f.summary.id !== from.entryId) : list.findLast(before);
    return hit
      ? { pageId: hit.summary.pageIds[0] ?? '', pageIndex: hit.pageIndex, entryId: hit.summary.id }
      : null;
  }

  private find(words: readonly string[], filter: EntryFilter | null): Found[] {
    const index = this.session.pageIndex;
    const out: Found[] = [];
    for (const s of this.session.summaries.values()) {
      if (filter && !matchesFilter(s, filter)) continue;
      if (words.length && !matchesQuery(s, words)) continue;
      const pageIndex = index.get(s.pageIds[0] ?? '');
      if (pageIndex !== undefined) out.push({ summary: s, pageIndex });
    }
    return out.sort((a, b) => a.pageIndex - b.pageIndex || a.summary.order - b.summary.order);
  }
}

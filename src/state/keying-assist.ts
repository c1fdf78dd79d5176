/**
 * Keying suggestions of the entry form ("Nhập liệu"): gathers the candidates of a field — what OCR read for it,
 * the recognizer's other readings of its weak words, and the page's other readings of the same kind, the book lexicon (values confirmed in this book for the same
 * kind of field), the units around the book's commune — and asks the domain matcher (`suggestFieldValue`).
 * No runes: the form asks on each keystroke. The book lexicon is read from the store once per book (in the
 * background; suggestions use what is there meanwhile) and grows with every confirmed value the form shows.
 */
import { placesAround } from '../domain/admin/around';
import { SUGGESTED_KINDS, suggestFieldValue, valueTails } from '../domain/fields/suggest';
import type { Entry, FieldValue } from '../domain/records/entry';
import type { Book } from '../domain/records/book';
import { fieldByKey } from '../domain/registers';
import type { ValueKind } from '../domain/registers/types';
import {
  indexCandidates,
  type CandidateIndex,
  type SuggestCandidate,
  type Suggestion,
} from '../domain/text/suggest';
import type { OcrPageRecord } from '../domain/records/page';
import type { Box } from '../domain/geometry';

/** What the assistant reads from the store. */
export interface AssistStore {
  listEntries(bookId: string): Promise<Entry[]>;
  getOcr(pageId: string): Promise<OcrPageRecord | undefined>;
}

/** Book lexicon group of a field: its kind; notes and causes of death each their own (free text). */
const groupOf = (kind: ValueKind, key: string): string => (kind === 'text' ? `text:${key}` : kind);

const confirmedValue = (f: FieldValue | undefined): string | null =>
  f && f.confirmed && f.flags.length === 0 && f.value.trim() !== '' ? f.value.normalize('NFC').trim() : null;

const inside = (b: Box, r: Box): boolean => {
  const cx = b[0] + b[2] / 2;
  const cy = b[1] + b[3] / 2;
  return cx >= r[0] && cx <= r[0] + r[2] && cy >= r[1] - r[3] * 0.25 && cy <= r[1] + r[3] * 1.25;
};

export class KeyingAssist {
  private bookId: string | null = null;
  /** group → value → the entry fields ("entryId:key") that confirmed it. */
  private readonly lexicon = new Map<string, Map<string, Set<string>>>();
  private readonly lexiconIndex = new Map<string, CandidateIndex>();
  private places: { key: string; index: CandidateIndex } | null = null;
  private readonly ocr = new Map<string, OcrPageRecord | null>();
  private loading: Promise<void> | null = null;

  constructor(
    private readonly store: AssistStore,
    private readonly book: () => Book | null,
  ) {}

  /** True when the field gets suggestions. */
  offers(entry: Entry | null, key: string): boolean {
    const def = entry ? fieldByKey(entry.type, key) : undefined;
    return !!def && SUGGESTED_KINDS.has(def.kind);
  }

  /**
   * Suggestions for `typed` in field `key` of `entry`; `pageEntries` are the entries on screen (their confirmed
   * values join the book lexicon, their other values count as the page's readings).
   */
  suggestions(entry: Entry, key: string, typed: string, pageEntries: readonly Entry[] = []): Suggestion[] {
    const def = fieldByKey(entry.type, key);
    if (!def || !SUGGESTED_KINDS.has(def.kind)) return [];
    this.follow();
    for (const e of pageEntries) this.learn(e);
    const group = groupOf(def.kind, key);
    const indexes: CandidateIndex[] = [this.readings(entry, key, def.kind, pageEntries)];
    const lex = this.bookIndex(group);
    if (lex) indexes.push(lex);
    if (def.kind === 'place') {
      const around = this.placeIndex();
      if (around) indexes.push(around);
    }
    return suggestFieldValue(def.kind, typed, indexes);
  }

  /** Adds an entry's confirmed values to the book lexicon. */
  learn(entry: Entry): void {
    for (const [key, f] of Object.entries(entry.fields)) {
      const v = confirmedValue(f);
      const def = v ? fieldByKey(entry.type, key) : undefined;
      if (!v || !def || !SUGGESTED_KINDS.has(def.kind)) continue;
      const group = groupOf(def.kind, key);
      let values = this.lexicon.get(group);
      if (!values) this.lexicon.set(group, (values = new Map<string, Set<string>>()));
      const seen = values.get(v) ?? new Set<string>();
      const id = `${entry.id}:${key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      values.set(v, seen);
      this.lexiconIndex.delete(group);
    }
  }

  /**
   * Loads the page's OCR record for the region readings (once per page; suggestions go on without it); resolves
   * once it is there (or could not be read).
   */
  preparePage(pageId: string): Promise<void> {
    // The book first: opening another book forgets the pages read for the last one, not this one.
    this.follow();
    if (this.ocr.has(pageId)) return Promise.resolve();
    this.ocr.set(pageId, null);
    return this.store.getOcr(pageId).then(
      (r) => void this.ocr.set(pageId, r ?? null),
      () => void this.ocr.delete(pageId),
    );
  }

  /** Reads the book's confirmed values once per book (background). */
  private follow(): void {
    const book = this.book();
    if (!book || book.id === this.bookId) return;
    this.bookId = book.id;
    this.lexicon.clear();
    this.lexiconIndex.clear();
    this.ocr.clear();
    const id = book.id;
    this.loading = this.store.listEntries(id).then(
      (entries) => {
        if (this.bookId === id) for (const e of entries) this.learn(e);
      },
      () => undefined, // the book lexicon is a help: without it the other sources still suggest
    );
  }

  /** Resolves once the book lexicon of the open book has been read (tests). */
  async ready(): Promise<void> {
    this.follow();
    await this.loading;
  }

  private bookIndex(group: string): CandidateIndex | null {
    const hit = this.lexiconIndex.get(group);
    if (hit) return hit;
    const values = this.lexicon.get(group);
    if (!values?.size) return null;
    const max = Math.max(...[...values.values()].map((s) => s.size));
    const c: SuggestCandidate[] = [];
    for (const [v, s] of values) {
      const weight = s.size / max;
      const tails = group === 'place' || group.startsWith('text:') ? valueTails(v) : [v];
      for (const t of tails) c.push({ text: t, source: 'book', weight });
    }
    const ix = indexCandidates(c);
    this.lexiconIndex.set(group, ix);
    return ix;
  }

  private placeIndex(): CandidateIndex | null {
    const ref = this.book()?.commune;
    if (!ref) return null;
    const key = `${ref.list}:${ref.code}`;
    if (this.places?.key !== key) {
      const c = placesAround(ref).map((p) => ({
        text: p.text,
        source: 'admin' as const,
        weight: p.nearness / 3,
      }));
      this.places = { key, index: indexCandidates(c) };
    }
    return this.places.index;
  }

  /** What OCR read for this field, the words inside its box, and the page's values of the same kind. */
  private readings(
    entry: Entry,
    key: string,
    kind: ValueKind,
    pageEntries: readonly Entry[],
  ): CandidateIndex {
    const c: SuggestCandidate[] = [];
    const add = (text: string, weight: number): void => {
      for (const t of kind === 'place' || kind === 'text' ? valueTails(text) : [text])
        c.push({ text: t, source: 'ocr', weight });
    };
    const f = entry.fields[key];
    if (f?.ocr?.text) add(f.ocr.text, f.ocr.confidence);
    const r = f?.region;
    const page = r ? this.ocr.get(r.pageId) : null;
    if (r && page) {
      const words = page.words.filter((w) => inside(w.box, r.box));
      const texts = words.map((w) => w.text);
      if (texts.length) add(texts.join(' '), 0.5);
      // The recognizer's other readings of weak words, one word changed at a time.
      words.forEach((w, i) => {
        for (const alt of w.alternatives ?? []) add(texts.map((t, j) => (j === i ? alt : t)).join(' '), 0.35);
      });
    }
    for (const e of pageEntries) {
      for (const [k, v] of Object.entries(e.fields)) {
        if ((e.id === entry.id && k === key) || !v.value.trim()) continue;
        if (fieldByKey(e.type, k)?.kind === kind) add(v.value, 0.3);
      }
    }
    return indexCandidates(c);
  }
}

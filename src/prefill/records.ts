/**
 * Pure conversions from a page's pre-fill result to the records a book stores (OCR page, entries): the one place
 * both the workstation (background OCR, src/state/ocr-queue.svelte.ts) and the `npm run package` CLI turn a read
 * page into records.
 */
import { ENTRY_SCHEMA, type Entry, type FieldValue } from '../domain/records/entry';
import type { OcrPageRecord, OtherRegister } from '../domain/records/page';
import type { RegisterType } from '../domain/registers/types';
import { REGISTERS } from '../domain/registers';
import type { EntryDraft } from '../extract/types';
import type { PrefillResult } from './pipeline';

/** A page's OCR as a book stores it (the store's `StoredOcr`, a package's `PackageOcr`). */
export interface BookOcrRecord extends OcrPageRecord {
  bookId: string;
  /** Entry drafts as extracted (the entries hold the operator's copies). */
  drafts: EntryDraft[];
}

/** The stored OCR record of a page: engine and model as the pre-fill reports them, the page time once. */
export function ocrRecord(bookId: string, pageId: string, r: PrefillResult, now = Date.now()): BookOcrRecord {
  return {
    pageId,
    bookId,
    width: r.width,
    height: r.height,
    engine: r.engine,
    model: r.model,
    words: r.words.map((w) => ({ ...w })),
    lines: r.lines.map((l) => ({ box: l.box, words: [...l.words] })),
    // What the page itself names (title, distinctive labels), not the type it was read as.
    detectedType: r.register.type,
    detectedYear: r.year,
    skew: r.skew,
    ms: r.totalMs,
    createdAt: now,
    drafts: r.entries,
  };
}

/**
 * The register a read page names when it is not its book's (null when it names the book's type or none), with
 * the words that showed it, titles first.
 */
export function otherRegister(
  book: { type: RegisterType },
  r: Pick<PrefillResult, 'register'>,
): OtherRegister | null {
  const type = r.register.type;
  if (!type || type === book.type) return null;
  const mine = r.register.evidence.filter((e) => e.type === type);
  return {
    type,
    evidence: [...mine.filter((e) => e.kind === 'title'), ...mine.filter((e) => e.kind === 'label')].map(
      (e) => e.text.normalize('NFC'),
    ),
  };
}

/** One stored field from an OCR draft: the value as read, unconfirmed, with what OCR proposed kept aside. */
export function fieldFromDraft(pageId: string, d: EntryDraft['fields'][string]): FieldValue {
  const value = d.value.normalize('NFC');
  return {
    value,
    flags: [],
    source: 'ocr',
    confirmed: false,
    ocr: { text: value, confidence: d.confidence },
    ...(d.box ? { region: { pageId, box: d.box } } : {}),
  };
}

/**
 * The entries of a freshly read page. Drafts of another register type than the book's are kept with the
 * book's type (the book decides; fields the book's form does not have are dropped).
 */
export function entriesFromDrafts(
  bookId: string,
  pageId: string,
  bookType: RegisterType,
  drafts: readonly EntryDraft[],
  newId: () => string,
  now = Date.now(),
): Entry[] {
  const keys = new Set(REGISTERS[bookType].fields.map((f) => f.key));
  return drafts.map((d, order) => {
    const fields: Record<string, FieldValue> = {};
    for (const [key, fd] of Object.entries(d.fields)) {
      if (keys.has(key)) fields[key] = fieldFromDraft(pageId, fd);
    }
    return {
      id: newId(),
      bookId,
      pageIds: [pageId],
      order,
      type: bookType,
      state: 'prefilled',
      fields,
      revision: 0,
      createdAt: now,
      updatedAt: now,
      schema: ENTRY_SCHEMA,
      ...(d.continuesPrevious ? { continuesPrevious: true } : {}),
    };
  });
}

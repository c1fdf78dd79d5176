/**
 * What one page's archival files (ALTO, PAGE XML) say, worked out once for both writers: the OCR layer (blocks →
 * lines → words as the OCR engine read them, boxes clamped to the page image) and the field layer (per entry on the
 * page, each non-empty field value whose box is on this page, in the register's field order). Boxes are page-image
 * pixels, integers, inside the image; an empty or degenerate box is dropped (its word or value is kept without
 * coordinates where the format allows, else left out).
 */
import type { Box } from '../domain/geometry';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { OcrPageRecord, Page } from '../domain/records/page';
import { REGISTERS } from '../domain/registers';

/** One page of a book with what the store holds for it. */
export interface ArchivePageInput {
  book: Pick<Book, 'id' | 'type' | 'year' | 'bookNumber' | 'commune'>;
  page: Pick<Page, 'id' | 'order' | 'width' | 'height' | 'fileName' | 'pdfPage' | 'mark'>;
  /** The page's stored OCR, or null (not read yet, failed, blank page). */
  ocr: Pick<OcrPageRecord, 'engine' | 'model' | 'words' | 'lines' | 'createdAt'> | null;
  /** Entries with this page among their `pageIds` (any order). */
  entries: readonly Pick<Entry, 'id' | 'type' | 'pageIds' | 'order' | 'state' | 'fields'>[];
  /** When the file is written (ISO dateTime in the files). */
  created: Date;
  /** "sohoa 0.1.0" */
  producer: string;
}

export interface LaidWord {
  text: string;
  confidence: number;
  box: Box | null;
}

export interface LaidLine {
  box: Box | null;
  words: LaidWord[];
}

export interface LaidBlock {
  box: Box | null;
  lines: LaidLine[];
}

export interface LaidField {
  key: string;
  /** Vietnamese label of the field (the register's UI label). */
  label: string;
  value: string;
  box: Box;
  flags: readonly string[];
  /** How the value came to be: 'ocr' | 'keyed' | 'checked', and whether the operator confirmed it. */
  source: string;
  confirmed: boolean;
  confidence: number | null;
}

export interface LaidEntry {
  id: string;
  type: string;
  /** The entry's number as written (`so`), or "". */
  so: string;
  state: string;
  /** The entry starts on an earlier page. */
  continued: boolean;
  box: Box | null;
  fields: LaidField[];
}

export interface PageLayout {
  blocks: LaidBlock[];
  entries: LaidEntry[];
}

/** `box` as integers clipped to the image, or null when nothing of it is inside. */
export function clampBox(box: readonly number[] | undefined, width: number, height: number): Box | null {
  if (!box || box.length !== 4 || !box.every(Number.isFinite)) return null;
  const [x, y, w, h] = box as Box;
  const x0 = Math.max(0, Math.min(width, Math.round(x)));
  const y0 = Math.max(0, Math.min(height, Math.round(y)));
  const x1 = Math.max(0, Math.min(width, Math.round(x + w)));
  const y1 = Math.max(0, Math.min(height, Math.round(y + h)));
  return x1 > x0 && y1 > y0 ? [x0, y0, x1 - x0, y1 - y0] : null;
}

function union(boxes: readonly (Box | null)[]): Box | null {
  const real = boxes.filter((b): b is Box => b !== null);
  if (!real.length) return null;
  const x0 = Math.min(...real.map((b) => b[0]));
  const y0 = Math.min(...real.map((b) => b[1]));
  const x1 = Math.max(...real.map((b) => b[0] + b[2]));
  const y1 = Math.max(...real.map((b) => b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}

/** The OCR words grouped into lines (the stored lines; words no line lists grouped by their `line` number). */
function ocrBlocks(input: ArchivePageInput): LaidBlock[] {
  const ocr = input.ocr;
  if (!ocr) return [];
  const { width, height } = input.page;
  const word = (i: number): LaidWord | null => {
    const w = ocr.words[i];
    if (!w || !w.text.trim()) return null;
    const confidence = Number.isFinite(w.confidence) ? Math.max(0, Math.min(1, w.confidence)) : 0;
    return { text: w.text, confidence, box: clampBox(w.box, width, height) };
  };
  const raw: { box: readonly number[] | undefined; words: number[] }[] = ocr.lines.map((l) => ({
    box: l.box,
    words: l.words,
  }));
  const listed = new Set(raw.flatMap((l) => l.words));
  const loose = new Map<number, number[]>();
  ocr.words.forEach((w, i) => {
    if (listed.has(i)) return;
    loose.set(w.line, [...(loose.get(w.line) ?? []), i]);
  });
  for (const words of loose.values()) raw.push({ box: undefined, words });

  const byBlock = new Map<number, LaidLine[]>();
  for (const l of raw) {
    const words = l.words.map(word).filter((w): w is LaidWord => w !== null);
    if (!words.length) continue;
    const block = ocr.words[l.words[0] ?? -1]?.block ?? 0;
    const box = clampBox(l.box, width, height) ?? union(words.map((w) => w.box));
    byBlock.set(block, [...(byBlock.get(block) ?? []), { box, words }]);
  }
  return [...byBlock.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, lines]) => ({ box: union(lines.map((l) => l.box)), lines }));
}

/** Each entry's non-empty values boxed on this page, in the register's field order; entries in page order. */
function fieldEntries(input: ArchivePageInput): LaidEntry[] {
  const { id: pageId, width, height } = input.page;
  const starting = (e: ArchivePageInput['entries'][number]): number => (e.pageIds[0] === pageId ? 0 : -1);
  const sorted = [...input.entries].sort((a, b) => starting(a) - starting(b) || a.order - b.order);
  const out: LaidEntry[] = [];
  for (const e of sorted) {
    const defs = REGISTERS[e.type].fields;
    const known = new Set(defs.map((d) => d.key));
    const keys = [
      ...defs.map((d) => d.key),
      ...Object.keys(e.fields)
        .filter((k) => !known.has(k))
        .sort(),
    ];
    const fields: LaidField[] = [];
    for (const key of keys) {
      const f = e.fields[key];
      if (!f || !f.value.trim() || f.region?.pageId !== pageId) continue;
      const box = clampBox(f.region.box, width, height);
      if (!box) continue;
      fields.push({
        key,
        label: defs.find((d) => d.key === key)?.uiLabel ?? key,
        value: f.value,
        box,
        flags: f.flags,
        source: f.source,
        confirmed: f.confirmed,
        confidence: f.source === 'ocr' && f.ocr ? f.ocr.confidence : null,
      });
    }
    if (!fields.length) continue;
    out.push({
      id: e.id,
      type: e.type,
      so: e.fields['so']?.value ?? '',
      state: e.state,
      continued: e.pageIds[0] !== pageId,
      box: union(fields.map((f) => f.box)),
      fields,
    });
  }
  return out;
}

export function layoutPage(input: ArchivePageInput): PageLayout {
  return { blocks: ocrBlocks(input), entries: fieldEntries(input) };
}

/** The book as one line of text (description in both formats), e.g. "Sổ KS số 01/2008 năm 2008, Xã Nghi Phú". */
export function bookTitle(book: ArchivePageInput['book']): string {
  const place = [book.commune.name, book.commune.district, book.commune.province].filter(Boolean).join(', ');
  return `Sổ ${book.type} số ${book.bookNumber} năm ${book.year}${place ? `, ${place}` : ''}`;
}

/** Where the page image came from: the file name, with the PDF page for a page of a PDF. */
export function sourceName(page: ArchivePageInput['page']): string {
  return page.pdfPage !== null ? `${page.fileName}#page=${page.pdfPage}` : page.fileName;
}

/** An XML ID part from any string: letters, digits, hyphens (ids of the app are UUID-like already). */
export function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9-]+/gu, '-');
}

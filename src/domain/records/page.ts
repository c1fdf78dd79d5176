/** A scanned page of a book. Pure record type. */
import type { Box } from '../geometry';
import { isRegisterType } from '../registers';
import type { RegisterType } from '../registers/types';
import { num, oneOf, str, strings } from './normalize';
import { migrateRecord, type RecordMigration } from './record';

/** What the operator says about the page as a whole. */
export type PageMark = 'normal' | 'blank' | 'crossed_out';

/** Background OCR state of a page. */
export type PageOcrState = 'pending' | 'done' | 'failed';

export type QuarterTurn = 0 | 90 | 180 | 270;

export interface Page {
  id: string;
  bookId: string;
  /** Position in the book (0-based, dense after every reorder). */
  order: number;
  /** Name of the file the page came from (user data: shown as text only). */
  fileName: string;
  /** The stored original file (`originals` store) and, for PDFs, the 1-based page number in it. */
  originalId: string;
  pdfPage: number | null;
  /** Size of the page image (the working image every box refers to), in pixels. */
  width: number;
  height: number;
  /** Extra display rotation chosen by the operator (boxes stay in page-image pixels). */
  rotation: QuarterTurn;
  mark: PageMark;
  ocr: PageOcrState;
  /** Vietnamese message when OCR failed. */
  ocrError: string | null;
  /** Import warnings (downscaled, partially decoded, ...), Vietnamese. */
  warnings: string[];
  /**
   * Set by OCR when the page itself names another register than its book's (its title, labels only that register
   * prints): that type and the words that showed it. No entries are pre-filled from such a page. Null otherwise.
   */
  otherRegister: OtherRegister | null;
  createdAt: number;
  /** Record schema version (record.ts). */
  schema: number;
}

export interface OtherRegister {
  type: RegisterType;
  /** The words OCR read that name it (title first), verbatim. */
  evidence: string[];
}

export const PAGE_SCHEMA = 1;
export const PAGE_MIGRATIONS: readonly RecordMigration[] = [];
export const PAGE_MARKS: readonly PageMark[] = ['normal', 'blank', 'crossed_out'];
export const PAGE_MARK_LABELS: Readonly<Record<PageMark, string>> = {
  normal: 'Trang có mục',
  blank: 'Trang trống',
  crossed_out: 'Trang gạch bỏ',
};

/** A freshly imported page: upright, normal, waiting for OCR. */
export function newPage(
  input: Pick<
    Page,
    'bookId' | 'order' | 'fileName' | 'originalId' | 'pdfPage' | 'width' | 'height' | 'warnings'
  >,
  id: string,
  now = Date.now(),
): Page {
  return {
    id,
    ...input,
    rotation: 0,
    mark: 'normal',
    ocr: 'pending',
    ocrError: null,
    otherRegister: null,
    createdAt: now,
    schema: PAGE_SCHEMA,
  };
}

export function normalizePage(raw: unknown): Page {
  const r = migrateRecord(raw, PAGE_MIGRATIONS);
  const rot = num(r['rotation']);
  return {
    ...r,
    id: str(r['id']),
    bookId: str(r['bookId']),
    order: num(r['order']),
    fileName: str(r['fileName']),
    originalId: str(r['originalId']),
    pdfPage: typeof r['pdfPage'] === 'number' ? r['pdfPage'] : null,
    width: num(r['width']),
    height: num(r['height']),
    rotation: ([0, 90, 180, 270].includes(rot) ? rot : 0) as QuarterTurn,
    mark: oneOf<PageMark>(r['mark'], PAGE_MARKS, 'normal'),
    ocr: oneOf<PageOcrState>(r['ocr'], ['pending', 'done', 'failed'], 'pending'),
    ocrError: typeof r['ocrError'] === 'string' ? r['ocrError'] : null,
    warnings: strings(r['warnings']),
    otherRegister: otherRegister(r['otherRegister']),
    createdAt: num(r['createdAt']),
    // A record from a newer version keeps its version (its unknown fields are kept too).
    schema: Math.max(PAGE_SCHEMA, num(r['schema'], 1)),
  };
}

function otherRegister(v: unknown): OtherRegister | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const type = o['type'];
  return typeof type === 'string' && isRegisterType(type) ? { type, evidence: strings(o['evidence']) } : null;
}

/** The next quarter turn clockwise. */
export const nextQuarterTurn = (r: QuarterTurn): QuarterTurn => ((r + 90) % 360) as QuarterTurn;

/** OCR output stored with the page so it is never recomputed (DESIGN.md §3.5). */
export interface OcrWordRecord {
  text: string;
  confidence: number;
  box: Box;
  line: number;
  block: number;
  /** Other readings the recognizer gave nearly as much weight (weak words only): keying suggestions. */
  alternatives?: string[];
}

export interface OcrPageRecord {
  pageId: string;
  width: number;
  height: number;
  engine: string;
  model: string;
  words: OcrWordRecord[];
  lines: { box: Box; words: number[] }[];
  /** Register type read from the page title, if any; book year from the header, if any. */
  detectedType: string | null;
  detectedYear: number | null;
  skew: number;
  ms: number;
  createdAt: number;
}

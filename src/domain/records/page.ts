/** A scanned page of a book. Pure record type. */
import type { Box } from '../geometry';

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
  createdAt: number;
}

/** OCR output stored with the page so it is never recomputed (DESIGN.md §3.5). */
export interface OcrWordRecord {
  text: string;
  confidence: number;
  box: Box;
  line: number;
  block: number;
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

import type { Box } from '../domain/geometry';
import type { GrayImage } from '../image/types';

/** One recognised word; box in the recognised image's pixels. */
export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
  line: number;
  block: number;
  /**
   * With `RecognizeOptions.choices`: per symbol of `text` (in order), the recognizer's candidates for it,
   * best first, confidence 0..1 (Tesseract's LSTM alternatives). Absent when not asked for or not given.
   */
  choices?: SymbolChoice[][];
  /** Other whole-word readings worth offering when keying (from `choices`; the pre-fill keeps these, not those). */
  alternatives?: string[];
}

export interface SymbolChoice {
  text: string;
  /** 0..1 */
  confidence: number;
}

export interface OcrLine {
  box: Box;
  /** Indexes into `OcrPage.words`. */
  words: number[];
  /** Baseline slope-corrected text of the line. */
  text: string;
  confidence: number;
}

/** DESIGN.md §3.5 */
export interface OcrPage {
  pageId: string;
  width: number;
  height: number;
  engine: string;
  model: string;
  words: OcrWord[];
  lines: OcrLine[];
  ms: number;
}

/** Tesseract page segmentation modes we use. */
export type PageSegMode = 'single_column' | 'single_block' | 'single_line' | 'sparse' | 'auto';

export interface RecognizeOptions {
  psm: PageSegMode;
  /** Restrict recognised characters (e.g. digits for dates). Empty = no restriction. */
  whitelist?: string;
  /** Resolution hint in dots per inch. */
  dpi?: number;
  /** Also return each symbol's alternative readings (`OcrWord.choices`). */
  choices?: boolean;
  /** Higher runs first; equal priorities run in submission order. */
  priority?: number;
  signal?: AbortSignal;
}

export interface OcrResult {
  text: string;
  confidence: number;
  words: OcrWord[];
  lines: OcrLine[];
  ms: number;
}

/** The one OCR contract the app and the CLI use; implemented by the tesseract.js adapter. */
export interface OcrEngine {
  readonly engine: string;
  readonly model: string;
  recognize(image: GrayImage, options: RecognizeOptions): Promise<OcrResult>;
  /** Number of jobs waiting (not running). */
  pending(): number;
  terminate(): Promise<void>;
}

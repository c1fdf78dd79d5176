import type { Box } from '../domain/geometry';
import type { RegisterType } from '../domain/registers/types';
import type { RegisterEvidence } from './register';

export interface FieldDraft {
  /** Verbatim transcription, NFC. "" = blank on the page. */
  value: string;
  /** 0..1 */
  confidence: number;
  /** Where the value is, in page-image pixels (null when blank / not found). */
  box: Box | null;
  /** Warnings from domain validation (never applied to the value). */
  warnings: string[];
  /** What the page OCR read before field post-processing, kept for statistics. */
  ocrText: string;
  /** Where the value should be (the rest of its label's line), for a second reading and for the UI. */
  region?: Box | null;
  /** What the confidence is calibrated from (`calibrate.ts`); absent on drafts built by hand. */
  evidence?: FieldEvidence;
}

/** The evidence behind a value, gathered while it is read and post-processed. */
export interface FieldEvidence {
  /** Mean and lowest OCR confidence of the words the value was read from (0 when none). */
  ocrMean: number;
  ocrMin: number;
  /** How well the post-processed value fits its kind (`normalize.ts`), 1 = as expected. */
  fit: number;
  /** The value comes from a second reading of its region (`prefill/reread.ts`). */
  reread: boolean;
  /** A second reading of the value's region (another scale, its kind's characters) gave the same value. */
  agree?: boolean;
  /** That second reading, when it differs (an alternative worth offering). */
  second?: string;
  /** The value was read towards a value confirmed earlier in the book (`book-lexicon.ts`). */
  bookLexicon?: boolean;
  /** The rule-based confidence before calibration. */
  score?: number;
  /** The calibration's inputs, in `CONFIDENCE_FEATURES` order (kept for fitting it). */
  features?: number[];
}

export interface EntryDraft {
  type: RegisterType;
  fields: Record<string, FieldDraft>;
  box: Box | null;
  /** The entry's first labels are missing: it continues an entry from the previous page. */
  continuesPrevious: boolean;
}

export interface PageExtraction {
  /** The register type the entries were read as (the one asked for, else the detected one). */
  type: RegisterType | null;
  /**
   * The register the page itself names (its title, labels only that register prints) and what showed it, whatever
   * type was asked for. When a type was asked for and the page names another, `entries` is empty: its values are
   * never forced into the wrong form.
   */
  register: { type: RegisterType | null; evidence: RegisterEvidence[] };
  /** Book year printed in the page header, when found. */
  year: number | null;
  entries: EntryDraft[];
}

import type { Box } from '../domain/geometry';
import type { RegisterType } from '../domain/registers/types';

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
}

export interface EntryDraft {
  type: RegisterType;
  fields: Record<string, FieldDraft>;
  box: Box | null;
  /** The entry's first labels are missing: it continues an entry from the previous page. */
  continuesPrevious: boolean;
}

export interface PageExtraction {
  type: RegisterType | null;
  /** Book year printed in the page header, when found. */
  year: number | null;
  entries: EntryDraft[];
}

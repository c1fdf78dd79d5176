/** Shaping pre-fill results into the prediction JSON (DESIGN.md §3.6) and the OCR page dump (§3.5). Pure. */
import type { Box } from '../domain/geometry';
import type { EntryDraft } from '../extract/types';
import type { OcrPage } from '../ocr/types';
import type { PrefillResult } from '../prefill/pipeline';

export interface PredEntry {
  type: string;
  fields: Record<string, string>;
  confidence: Record<string, number>;
  boxes: Record<string, Box>;
}

export interface PredPage {
  file: string;
  /** 1-based, only for pages of a PDF. */
  pdf_page?: number;
  entries: PredEntry[];
}

export interface Predictions {
  producer: string;
  /** The confidence from which a value is shown high (domain/fields/confidence.ts `HIGH_CONFIDENCE`). */
  high_confidence: number;
  pages: PredPage[];
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** One entry as the judge reads it: every field present (blank = ""), plain-string values, boxes only when filled. */
export function toPredEntry(e: EntryDraft): PredEntry {
  const fields: Record<string, string> = {};
  const confidence: Record<string, number> = {};
  const boxes: Record<string, Box> = {};
  for (const [key, f] of Object.entries(e.fields)) {
    const value = typeof f.value === 'string' ? f.value.normalize('NFC') : '';
    fields[key] = value;
    const c = Number.isFinite(f.confidence) ? Math.min(1, Math.max(0, f.confidence)) : 0;
    confidence[key] = round3(c);
    if (value.trim() !== '' && f.box) boxes[key] = f.box.map((v) => Math.round(v)) as unknown as Box;
  }
  return { type: e.type, fields, confidence, boxes };
}

export function toPredPage(
  file: string,
  pdfPage: number | undefined,
  result: Pick<PrefillResult, 'entries'>,
): PredPage {
  const entries = result.entries.map(toPredEntry);
  return pdfPage === undefined ? { file, entries } : { file, pdf_page: pdfPage, entries };
}

/** Page id used for dumps and reports: "p001" for p001.jpg, "book-a-p02" for page 2 of book-a.pdf. */
export function pageIdOf(file: string, pdfPage?: number): string {
  const stem = file.replace(/\.[^.]*$/, '') || file;
  return pdfPage === undefined ? stem : `${stem}-p${String(pdfPage).padStart(2, '0')}`;
}

/** Progress label: "p003.jpg" or "book-a.pdf#2". */
export function pageLabel(file: string, pdfPage?: number): string {
  return pdfPage === undefined ? file : `${file}#${pdfPage}`;
}

/** DESIGN.md §3.5 page, with the engine and model the pre-fill reports. */
export function toOcrPage(pageId: string, r: PrefillResult, ms: number): OcrPage {
  return {
    pageId,
    width: r.width,
    height: r.height,
    engine: r.engine,
    model: r.model,
    words: r.words,
    lines: r.lines,
    ms: Math.round(ms),
  };
}

/** Pages in input order: by input index, then PDF page. */
export function sortPages<T extends { order: number; pdfPage?: number | undefined }>(pages: T[]): T[] {
  return [...pages].sort((a, b) => a.order - b.order || (a.pdfPage ?? 0) - (b.pdfPage ?? 0));
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

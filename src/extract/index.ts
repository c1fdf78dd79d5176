/** Extraction: OCR lines + register schemas → entry drafts (pure; runs in a worker and in Node). */
import { REGISTERS } from '../domain/registers';
import type { RegisterType } from '../domain/registers/types';
import { checkEntryNumbers } from './cross-checks';
import { buildEntry } from './entry';
import { extractRaw, type OcrLineInput } from './page';
import type { PageExtraction } from './types';

export type { EntryDraft, FieldDraft, PageExtraction } from './types';
export type { OcrLineInput } from './page';
export type { RegisterDetection, RegisterEvidence } from './register';

export function extractPage(lines: readonly OcrLineInput[], type?: RegisterType): PageExtraction {
  const raw = extractRaw(lines, type);
  const register = { type: raw.register.type, evidence: raw.register.evidence };
  if (!raw.type) return { type: null, year: raw.year, entries: [], register };
  const reg = REGISTERS[raw.type];
  const entries = raw.entries.map((e) => buildEntry(reg, e, raw.year));
  checkEntryNumbers(entries);
  return { type: raw.type, year: raw.year, entries, register };
}

export { checkEntryNumbers, crossCheck } from './cross-checks';

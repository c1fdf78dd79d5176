/** An entry (one registration event) and its field values (DESIGN.md §3.2, §3.3). Pure. */
import type { Box } from '../geometry';
import type { RegisterType } from '../registers/types';

export type FieldFlag = 'blank' | 'illegible' | 'damaged' | 'struck_through' | 'impossible_date';

export const FIELD_FLAGS: readonly FieldFlag[] = [
  'blank',
  'illegible',
  'damaged',
  'struck_through',
  'impossible_date',
];

export const FIELD_FLAG_LABELS: Readonly<Record<FieldFlag, string>> = {
  blank: 'Để trống trong sổ',
  illegible: 'Không đọc được',
  damaged: 'Sổ bị hư hỏng',
  struck_through: 'Gạch xoá, viết lại',
  impossible_date: 'Ngày không có thật',
};

export interface FieldValue {
  /** Transcription, NFC, as written in the register (verbatim). */
  value: string;
  flags: FieldFlag[];
  source: 'ocr' | 'keyed' | 'checked';
  /** True once the operator has confirmed the value (Enter), whatever its source. */
  confirmed: boolean;
  /** What OCR proposed, kept for statistics. */
  ocr?: { text: string; confidence: number };
  /** Where the value is on a page image (pixels). */
  region?: { pageId: string; box: Box };
}

export type EntryState = 'prefilled' | 'keyed' | 'verified' | 'returned' | 'accepted' | 'exported';

export interface Entry {
  id: string;
  bookId: string;
  /** Page the entry starts on, then the pages it continues onto. */
  pageIds: string[];
  /** Order on its first page (0-based). */
  order: number;
  type: RegisterType;
  state: EntryState;
  fields: Record<string, FieldValue>;
  /** OCR found no opening labels: the entry probably continues the last entry of the previous page. */
  continuesPrevious?: boolean;
  /** Incremented on every write; a write with a stale revision is refused (two tabs). */
  revision: number;
  createdAt: number;
  updatedAt: number;
}

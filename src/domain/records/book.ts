/** A book (quyển sổ): one register type, one commune, one year. Pure record type + guards. */
import type { RegisterType } from '../registers/types';
import { REGISTER_TYPES } from '../registers';
import { normalizeAcceptance, type AcceptanceRecord } from '../acceptance/record';
import { loose, num, oneOf, str } from './normalize';
import { migrateRecord, type RecordMigration } from './record';

export type PaperSize = 'A4' | 'A3';

/** The commune a book belongs to, as it was named in the book's year (pre-2025 or 2025 units). */
export interface CommuneRef {
  /** Official 5-digit commune code of the unit list it comes from. */
  code: string;
  /** Full name with its unit word, e.g. "Xã Nghi Phú". */
  name: string;
  /** District with its unit word (pre-2025 units only; "" for 2025 units, which have no district level). */
  district: string;
  province: string;
  /** Which unit list: 'pre2025' (three levels) or '2025' (two levels, from 1 July 2025). */
  list: 'pre2025' | '2025';
}

export interface Book {
  id: string;
  type: RegisterType;
  commune: CommuneRef;
  year: number;
  /** Book number as printed: "01/2008", "01-TP/HT-2015-KS". */
  bookNumber: string;
  paperSize: PaperSize;
  /** A checker may type the correct value of a wrong field (source 'checked') instead of returning it. */
  checkerCorrections: boolean;
  /** Blind double keying: every entry is keyed by a second operator too (`domain/double-keying.ts`). */
  doubleKeying: boolean;
  /** Acceptance records (nghiệm thu), oldest first; at most one undecided per level. */
  acceptances: AcceptanceRecord[];
  /** Difficulties noted on the book (dated free text, oldest first): the monthly report lists them. */
  notes: BookNote[];
  createdAt: number;
  updatedAt: number;
  /** Record schema version (record.ts). */
  schema: number;
}

/** A dated free-text note on a book (a difficulty met while digitising it). */
export interface BookNote {
  at: number;
  userId: string | null;
  userName: string;
  text: string;
}

/** Longest note accepted by `checkNoteText`. */
export const MAX_NOTE_LENGTH = 1000;

/** A note as typed, trimmed and NFC; or the Vietnamese reason it is refused. */
export function checkNoteText(raw: string): { text: string; error: null } | { text: null; error: string } {
  const text = raw.normalize('NFC').trim();
  if (!text) return { text: null, error: 'Ghi chú đang trống.' };
  if (text.length > MAX_NOTE_LENGTH)
    return { text: null, error: `Ghi chú dài quá ${MAX_NOTE_LENGTH} ký tự.` };
  return { text, error: null };
}

function normalizeNote(raw: unknown): BookNote {
  const r = loose(raw);
  return {
    ...r,
    at: num(r['at']),
    userId: typeof r['userId'] === 'string' ? r['userId'] : null,
    userName: str(r['userName']),
    text: str(r['text']),
  };
}

export const BOOK_SCHEMA = 1;
export const BOOK_MIGRATIONS: readonly RecordMigration[] = [];

export interface BookInput {
  type: RegisterType;
  commune: CommuneRef;
  year: number;
  bookNumber: string;
  paperSize: PaperSize;
}

/** Vietnamese problems with a new book's input ([] = valid). */
export function validateBookInput(b: Partial<BookInput>, now = new Date()): string[] {
  const out: string[] = [];
  if (!b.type || !REGISTER_TYPES.includes(b.type)) out.push('Chưa chọn loại sổ.');
  if (!b.commune?.code) out.push('Chưa chọn xã/phường/thị trấn.');
  const y = b.year;
  if (y === undefined || !Number.isInteger(y) || y < 1945 || y > now.getFullYear()) {
    out.push(`Năm đăng ký phải là số từ 1945 đến ${now.getFullYear()}.`);
  }
  if (!b.bookNumber?.trim()) out.push('Chưa nhập số quyển.');
  if (b.paperSize !== 'A4' && b.paperSize !== 'A3') out.push('Chưa chọn khổ giấy.');
  return out;
}

export function newBook(input: BookInput, id: string, now = Date.now()): Book {
  return {
    id,
    type: input.type,
    commune: input.commune,
    year: input.year,
    bookNumber: input.bookNumber.normalize('NFC').trim(),
    paperSize: input.paperSize,
    checkerCorrections: false,
    doubleKeying: false,
    acceptances: [],
    notes: [],
    createdAt: now,
    updatedAt: now,
    schema: BOOK_SCHEMA,
  };
}

export function normalizeBook(raw: unknown): Book {
  const r = migrateRecord(raw, BOOK_MIGRATIONS);
  const c = loose(r['commune']);
  return {
    ...r,
    id: str(r['id']),
    type: oneOf(r['type'], REGISTER_TYPES, 'KS'),
    commune: {
      ...c,
      code: str(c['code']),
      name: str(c['name']),
      district: str(c['district']),
      province: str(c['province']),
      list: oneOf(c['list'], ['pre2025', '2025'] as const, 'pre2025'),
    },
    year: num(r['year']),
    bookNumber: str(r['bookNumber']),
    paperSize: oneOf(r['paperSize'], ['A4', 'A3'] as const, 'A4'),
    checkerCorrections: r['checkerCorrections'] === true,
    doubleKeying: r['doubleKeying'] === true,
    acceptances: Array.isArray(r['acceptances']) ? r['acceptances'].map(normalizeAcceptance) : [],
    notes: Array.isArray(r['notes']) ? r['notes'].map(normalizeNote) : [],
    createdAt: num(r['createdAt']),
    updatedAt: num(r['updatedAt'], num(r['createdAt'])),
    // A record from a newer version keeps its version (its unknown fields are kept too).
    schema: Math.max(BOOK_SCHEMA, num(r['schema'], 1)),
  };
}

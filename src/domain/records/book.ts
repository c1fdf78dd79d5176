/** A book (quyển sổ): one register type, one commune, one year. Pure record type + guards. */
import type { RegisterType } from '../registers/types';
import { REGISTER_TYPES } from '../registers';

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
  createdAt: number;
  updatedAt: number;
}

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

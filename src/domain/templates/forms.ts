/**
 * Export forms: the value a template cell gets, derived from the transcription (which stays as written in the
 * store; nothing here is written back). Enumerations become their codes (registers.md §2.5), dates dd.mm.yyyy
 * with partial dates as the register has them (mm.yyyy, yyyy), impossible dates with their parts as written,
 * IDs and numbers as text. Pure.
 */
import { formatDate, parseDate } from '../fields/date';
import { createLexicon, type Lexicon } from '../lexicons/lexicon';
import { lookupEthnicity } from '../lexicons/ethnicities';
import { lookupNationality } from '../lexicons/nationalities';
import { sexLexicon } from '../lexicons/sexes';
import type { CommuneRef } from '../records/book';
import type { ValueKind } from '../registers/types';
import type { CellType, CodeList } from './types';

/** Why a value could not take its export form (it is then exported as written). */
export type FormProblem = 'date_impossible' | 'date_unreadable' | 'code_unknown';

export interface ExportForm {
  text: string;
  problem?: FormProblem;
}

const clean = (s: string): string => s.normalize('NFC').trim().replace(/\s+/gu, ' ');

/**
 * A date cell: "dd.mm.yyyy", "mm.yyyy" or "yyyy" as the register has it. An impossible date (30/02/2023) keeps
 * its parts ("30.02.2023", problem date_impossible); text that is no dated layout with a year ("05/03", "mùng
 * 5") is exported as written (problem date_unreadable).
 */
export function exportDate(value: string): ExportForm {
  const v = clean(value);
  if (!v) return { text: '' };
  const p = parseDate(v);
  const text = p.year !== undefined && (p.valid || p.impossible) ? formatDate(p, '.') : null;
  if (text === null) return { text: v, problem: 'date_unreadable' };
  return p.impossible ? { text, problem: 'date_impossible' } : { text };
}

const lexicons = new WeakMap<CodeList, Lexicon>();

/** A code list as a lexicon of its labels (the sex list also knows the sex lexicon's variants). */
function lexiconOf(list: CodeList): Lexicon {
  let lex = lexicons.get(list);
  if (!lex) {
    lex = createLexicon(
      Object.entries(list.codes).map(([code, label]) => ({
        code,
        canonical: label,
        variants:
          list.name === 'GioiTinh' ? (sexLexicon.entries.find((e) => e.code === code)?.variants ?? []) : [],
      })),
    );
    lexicons.set(list, lex);
  }
  return lex;
}

/** A code cell: the code itself, or the code whose label the value names ("Nữ" → "2", "Cha nhận con" → "1"). */
export function exportCode(value: string, list: CodeList): ExportForm {
  const v = clean(value);
  if (!v) return { text: '' };
  if (Object.hasOwn(list.codes, v)) return { text: v };
  const hit = lexiconOf(list).lookupEntry(v);
  return hit ? { text: hit.code } : { text: v, problem: 'code_unknown' };
}

/** A personal ID or document number: digits without the spaces and dots some registers put in; else as written. */
export function exportId(value: string): string {
  const v = clean(value);
  return /^[\d\s.]+$/u.test(v) ? v.replace(/[\s.]/gu, '') : v;
}

/**
 * The document kind of an identity number exported as `*SoGiayToTuyThan`: a 9-digit number is a CMND (1,
 * registers.md §4.2); anything else takes the setting (default 4, citizen identity card: DESIGN §3.1).
 */
export function documentKind(idValue: string, setting = '4'): string {
  return /^\d{9}$/u.test(exportId(idValue)) ? '1' : setting;
}

/** Provinces that are centrally-run cities ("thành phố"), per unit list (admin data files). */
const CITIES: Readonly<Record<CommuneRef['list'], readonly string[]>> = {
  pre2025: ['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ'],
  '2025': ['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Huế'],
};

const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

/**
 * The registering authority as the template's noiDangKy examples write it (registers.md §2.4): "UBND xã An
 * Nhơn, huyện Đạ Tẻh, tỉnh Lâm Đồng" (no district for the 2025 units).
 */
export function registrationPlace(c: CommuneRef): string {
  const province = `${CITIES[c.list].includes(c.province) ? 'thành phố' : 'tỉnh'} ${c.province}`;
  return ['UBND ' + lowerFirst(c.name), c.district ? lowerFirst(c.district) : '', province]
    .filter(Boolean)
    .join(', ');
}

/**
 * The export form of a field value in a cell: date and code cells by the template, text cells by the field's
 * kind (ethnicity and nationality as their code-list names, IDs as digits), anything else as written.
 */
export function exportValue(value: string, kind: ValueKind, cell: CellType, list?: CodeList): ExportForm {
  if (cell === 'date') return exportDate(value);
  if (cell === 'code' && list) return exportCode(value, list);
  const v = clean(value);
  if (!v) return { text: '' };
  if (kind === 'ethnicity') return { text: lookupEthnicity(v) ?? v };
  if (kind === 'nationality') return { text: lookupNationality(v) ?? v };
  if (kind === 'id_number' || kind === 'number' || kind === 'book_number') {
    return { text: kind === 'id_number' ? exportId(v) : v };
  }
  return { text: v };
}

/**
 * Structure checks for the 12-digit personal ID (số định danh cá nhân / CCCD):
 * PPP province code · G century+sex digit · YY birth year · 6 serial digits; and the 9-digit CMND.
 * Checks only warn — the register may be right and the number re-issued — and never throw.
 */
import { ID_PROVINCE_CODES } from './provinces';
import type { Sex } from './sex';

export type IdWarningCode =
  'empty' | 'spaces' | 'non_digit' | 'length' | 'cmnd_9' | 'province' | 'sex' | 'century' | 'year';

export interface IdWarning {
  code: IdWarningCode;
  severity: 'warning' | 'info';
  /** Vietnamese message for the UI. */
  message: string;
}

export interface IdCheckContext {
  sex?: Sex | null;
  birthYear?: number | null;
}

/**
 * First year of the century each pair of G digits encodes (domain/registers.md §4.1): 0/1 the 1900s,
 * 2/3 the 2000s, 4/5 the 2100s, 6/7 the 2200s, 8/9 the 2300s; the even digit is male, the odd one female.
 */
const CENTURIES: readonly number[] = [1900, 2000, 2100, 2200, 2300];

/** Century (first year) and sex encoded by the 4th digit G (0–9). */
export function decodeCenturySex(g: number): { century: number; sex: Sex } {
  const century = CENTURIES[Math.floor(g / 2)] ?? 1900;
  return { century, sex: g % 2 === 0 ? 'Nam' : 'Nữ' };
}

/** The G digit for a sex and birth year (inverse of decodeCenturySex); null outside 1900..2399. */
export function centurySexDigit(sex: Sex, birthYear: number): number | null {
  const index = CENTURIES.indexOf(Math.floor(birthYear / 100) * 100);
  if (index < 0) return null;
  return index * 2 + (sex === 'Nữ' ? 1 : 0);
}

/** What a well-formed 12-digit personal ID states about its holder. */
export interface DecodedPersonalId {
  /** PPP: province of the birth registration. */
  province: string;
  sex: Sex;
  /** First year of the birth century (G). */
  century: number;
  /** Full birth year: the century of G plus YY. */
  birthYear: number;
  /** YY as written (two digits). */
  yearDigits: string;
}

/** Decode a 12-digit personal ID (digits only, no spaces); null for anything else (9-digit CMND included). */
export function decodePersonalId(id: string): DecodedPersonalId | null {
  if (!/^\d{12}$/u.test(id)) return null;
  const { century, sex } = decodeCenturySex(Number(id.charAt(3)));
  const yearDigits = id.slice(4, 6);
  return { province: id.slice(0, 3), sex, century, birthYear: century + Number(yearDigits), yearDigits };
}

/** Check an ID number against its structure and, when given, the person's sex and birth year. */
export function checkPersonalId(id: string | null | undefined, ctx: IdCheckContext = {}): IdWarning[] {
  const out: IdWarning[] = [];
  const w = (code: IdWarningCode, message: string, severity: 'warning' | 'info' = 'warning'): void => {
    out.push({ code, severity, message });
  };
  const raw = (id ?? '').normalize('NFC').trim();
  if (raw === '') {
    w('empty', 'Chưa có số định danh', 'info');
    return out;
  }
  const compact = raw.replace(/[\s.]/gu, '');
  if (compact !== raw) w('spaces', 'Số có khoảng trắng hoặc dấu chấm');
  if (!/^\d+$/u.test(compact)) {
    w('non_digit', 'Số định danh chỉ gồm chữ số');
    return out;
  }
  if (compact.length === 9) {
    w('cmnd_9', 'Số CMND 9 số: chỉ kiểm tra được định dạng', 'info');
    return out;
  }
  if (compact.length !== 12) {
    w('length', `Số định danh phải có 12 chữ số (đang có ${compact.length})`);
    return out;
  }
  const decoded = decodePersonalId(compact);
  if (!decoded) return out;
  const g = compact.charAt(3);
  if (!(decoded.province in ID_PROVINCE_CODES))
    w('province', `Mã tỉnh ${decoded.province} không có trong danh mục 63 tỉnh`);
  if (ctx.sex && ctx.sex !== decoded.sex) {
    w('sex', `Chữ số thứ 4 (${g}) ứng với giới tính ${decoded.sex}, không khớp ${ctx.sex}`);
  }
  if (ctx.birthYear !== undefined && ctx.birthYear !== null && Number.isFinite(ctx.birthYear)) {
    if (Math.floor(ctx.birthYear / 100) * 100 !== decoded.century) {
      w(
        'century',
        `Chữ số thứ 4 (${g}) ứng với thế kỷ ${decoded.century}, không khớp năm sinh ${ctx.birthYear}`,
      );
    }
    if (ctx.birthYear % 100 !== Number(decoded.yearDigits)) {
      w('year', `Chữ số 5–6 (${decoded.yearDigits}) không khớp năm sinh ${ctx.birthYear}`);
    }
  }
  return out;
}

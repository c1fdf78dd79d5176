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

/** Century (first year) and sex encoded by the 4th digit G. */
export function decodeCenturySex(g: number): { century: number; sex: Sex } {
  const centuries = [1900, 2000, 2100, 2200, 1800];
  return { century: centuries[Math.floor(g / 2)] ?? 1900, sex: g % 2 === 0 ? 'Nam' : 'Nữ' };
}

/** The G digit for a sex and birth year (inverse of decodeCenturySex); null outside 1800..2299. */
export function centurySexDigit(sex: Sex, birthYear: number): number | null {
  const c = Math.floor(birthYear / 100) * 100;
  const index = [1900, 2000, 2100, 2200, 1800].indexOf(c);
  if (index < 0) return null;
  return index * 2 + (sex === 'Nữ' ? 1 : 0);
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
  const ppp = compact.slice(0, 3);
  const g = Number(compact.charAt(3));
  const yy = Number(compact.slice(4, 6));
  if (!(ppp in ID_PROVINCE_CODES)) w('province', `Mã tỉnh ${ppp} không có trong danh mục 63 tỉnh`);
  const decoded = decodeCenturySex(g);
  if (ctx.sex && ctx.sex !== decoded.sex) {
    w('sex', `Chữ số thứ 4 (${g}) ứng với giới tính ${decoded.sex}, không khớp ${ctx.sex}`);
  }
  if (ctx.birthYear !== undefined && ctx.birthYear !== null && Number.isFinite(ctx.birthYear)) {
    const century = Math.floor(ctx.birthYear / 100) * 100;
    if (century !== decoded.century) {
      w(
        'century',
        `Chữ số thứ 4 (${g}) ứng với thế kỷ ${decoded.century}, không khớp năm sinh ${ctx.birthYear}`,
      );
    }
    if (ctx.birthYear % 100 !== yy) {
      w('year', `Chữ số 5–6 (${compact.slice(4, 6)}) không khớp năm sinh ${ctx.birthYear}`);
    }
  }
  return out;
}

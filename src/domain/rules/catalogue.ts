/**
 * The one catalogue of validation rules: every rule's stable code, its severity and a short Vietnamese title (for
 * reports: row, column, rule, severity). Findings take their severity from here (`finding`), so a code always
 * carries the same severity. Rules only point out: they never block and never rewrite a value.
 */
import type { Finding, Severity } from './types';

// prettier-ignore
export const RULES = {
  // format.ts — one value, as typed
  'text.spaces': { severity: 'warning', title: 'Khoảng trắng thừa' },
  'name.digit': { severity: 'warning', title: 'Họ tên có chữ số' },
  'name.case': { severity: 'warning', title: 'Chữ hoa, chữ thường không đúng quy ước' },
  'name.single_syllable': { severity: 'warning', title: 'Họ tên chỉ có một âm tiết' },
  'name.syllable': { severity: 'warning', title: 'Âm tiết ngoài danh sách âm tiết tiếng Việt' },
  'sex.unknown': { severity: 'warning', title: 'Giới tính không phải "Nam" hoặc "Nữ"' },
  'so.format': { severity: 'warning', title: 'Số thứ tự không chỉ gồm chữ số' },
  // dates.ts — dates, digits vs words, order of events
  'date.unreadable': { severity: 'error', title: 'Không nhận ra dạng ngày' },
  'date.impossible': { severity: 'warning', title: 'Ngày không có thật trên lịch, chưa đánh dấu' },
  'date.impossible_flagged': { severity: 'info', title: 'Ngày không có thật trên lịch, đã đánh dấu' },
  'date.partial': { severity: 'info', title: 'Ngày không đầy đủ (chỉ có tháng và năm, hoặc chỉ có năm)' },
  'date.no_year': { severity: 'warning', title: 'Ngày thiếu năm' },
  'date.year_range': { severity: 'warning', title: 'Năm ngoài khoảng hợp lý' },
  'date.words_unreadable': { severity: 'warning', title: 'Không đọc được ngày ghi bằng chữ' },
  'date.words_mismatch': { severity: 'warning', title: 'Ngày bằng chữ khác ngày bằng số' },
  'date.registration_outside_book_year': { severity: 'warning', title: 'Ngày đăng ký ngoài năm của sổ' },
  'date.birth_after_registration': { severity: 'error', title: 'Ngày sinh sau ngày đăng ký' },
  'date.death_before_birth': { severity: 'error', title: 'Ngày chết trước ngày sinh' },
  'date.death_after_registration': { severity: 'error', title: 'Ngày chết sau ngày đăng ký khai tử' },
  // people.ts — ages
  'marriage.underage': { severity: 'warning', title: 'Chưa đủ tuổi kết hôn theo luật của năm đăng ký' },
  'marriage.age_doubtful': { severity: 'info', title: 'Chưa chắc đủ tuổi kết hôn theo luật của năm đăng ký' },
  'parent.age': { severity: 'warning', title: 'Tuổi của cha, mẹ khi sinh con khác thường' },
  // ids.ts — personal ID structure
  'id.spaces': { severity: 'warning', title: 'Số định danh có khoảng trắng hoặc dấu chấm' },
  'id.non_digit': { severity: 'error', title: 'Số định danh có ký tự không phải chữ số' },
  'id.length': { severity: 'error', title: 'Số định danh không đủ 12 chữ số' },
  'id.cmnd_9': { severity: 'info', title: 'Số CMND 9 số' },
  'id.province_unknown': { severity: 'warning', title: 'Mã tỉnh của số định danh không có trong danh mục' },
  'id.province_mismatch': { severity: 'warning', title: 'Mã tỉnh của số định danh khác tỉnh nơi đăng ký khai sinh' },
  'id.sex': { severity: 'warning', title: 'Số định danh không khớp giới tính' },
  'id.century': { severity: 'warning', title: 'Số định danh không khớp thế kỷ sinh' },
  'id.year': { severity: 'warning', title: 'Số định danh không khớp năm sinh' },
  // codes.ts — code lists
  'ethnicity.unknown': { severity: 'warning', title: 'Dân tộc không có trong danh mục' },
  'ethnicity.alias': { severity: 'info', title: 'Dân tộc ghi theo tên gọi khác' },
  'nationality.unknown': { severity: 'warning', title: 'Quốc tịch không có trong danh mục' },
  'nationality.alias': { severity: 'info', title: 'Quốc tịch ghi theo tên gọi khác' },
  // numbering.ts — book rules, across the entries of a year
  'so.duplicate': { severity: 'warning', title: 'Số thứ tự trùng trong năm' },
  'so.gap': { severity: 'warning', title: 'Thiếu số thứ tự trong năm' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type RuleCode = keyof typeof RULES;

export const RULE_CODES = Object.keys(RULES) as RuleCode[];

/** A finding of `code` with the catalogue's severity. */
export function finding(code: RuleCode, message: string, fields: string[], entryIds?: string[]): Finding {
  const f: Finding = { code, severity: RULES[code].severity, message, fields };
  if (entryIds) f.entryIds = entryIds;
  return f;
}

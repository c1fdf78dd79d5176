/**
 * Template checks: what stands between a row and a clean import, beside the rule catalogue (`rules/`). Same
 * shape as the catalogue (stable code, one severity, Vietnamese title); the export report lists both.
 */
import type { Severity } from '../rules/types';

// prettier-ignore
export const TEMPLATE_CHECKS = {
  'export.required_empty': { severity: 'error', title: 'Cột bắt buộc để trống' },
  'export.code_unknown': { severity: 'error', title: 'Giá trị không có trong danh mục mã của mẫu' },
  'export.too_long': { severity: 'error', title: 'Giá trị dài quá giới hạn của ô' },
  'export.date_unreadable': { severity: 'error', title: 'Ngày không đưa được về dạng dd.mm.yyyy, xuất nguyên văn' },
  'export.date_impossible': { severity: 'warning', title: 'Ngày không có thật trên lịch, xuất như trong sổ' },
  'export.no_column': { severity: 'warning', title: 'Mẫu không có cột cho trường này, giá trị không được xuất' },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type TemplateCheckCode = keyof typeof TEMPLATE_CHECKS;

export const TEMPLATE_CHECK_CODES = Object.keys(TEMPLATE_CHECKS) as TemplateCheckCode[];

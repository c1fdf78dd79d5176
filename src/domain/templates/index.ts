export type {
  AutoFill,
  CellType,
  CodeList,
  FieldColumn,
  NumberFormat,
  TemplateColumn,
  TemplateDef,
  TemplateId,
} from './types';
export {
  TEMPLATES,
  TEMPLATE_IDS,
  TEMPLATES_OF,
  EXCEL_CELL_LIMIT,
  columnCode,
  dataColumnCodes,
} from './templates';
export { KS_70_HEADER } from './ks70';
export { KS_70_CODE_SHEET } from './codes';
export {
  exportDate,
  exportCode,
  exportId,
  exportValue,
  documentKind,
  registrationPlace,
  type ExportForm,
  type FormProblem,
} from './forms';
export { TEMPLATE_CHECKS, TEMPLATE_CHECK_CODES, type TemplateCheckCode } from './checks';

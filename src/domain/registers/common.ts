/** Shared building blocks of the register definitions: label variants, template blocks, field builder. */
import { dataColumnCodes, TEMPLATES, TEMPLATES_OF } from '../templates/templates';
import type { FieldColumn, TemplateId } from '../templates/types';
import type { FieldDef, PersonGroup, RegisterDef, RegisterType, ValueKind } from './types';

/** Spec of one printed field before template marking. */
export interface FieldSpec {
  key: string;
  labels: string[];
  kind: ValueKind;
  section: string;
  uiLabel: string;
  splitFrom?: string;
  /** A field without a column of its own: the column the templates expect it in (see `asDocument`). */
  exportAs?: FieldColumn;
}

export function f(
  key: string,
  labelList: readonly string[],
  kind: ValueKind,
  section: string,
  uiLabel: string,
  splitFrom?: string,
): FieldSpec {
  const spec: FieldSpec = { key, labels: [...labelList], kind, section, uiLabel };
  if (splitFrom) spec.splitFrom = splitFrom;
  return spec;
}

/** Label variants shared by several registers (all eras). */
export const L = {
  so: ['Số'],
  quyenSo: ['Quyển số'],
  ngaySinh: ['Ngày, tháng, năm sinh', 'Ngày tháng năm sinh', 'Ngày sinh', 'Sinh ngày'],
  namSinh: ['Năm sinh', 'Ngày, tháng, năm sinh', 'Ngày sinh'],
  gioiTinh: ['Giới tính', 'Nam hay nữ'],
  danToc: ['Dân tộc'],
  quocTich: ['Quốc tịch'],
  noiCuTru: [
    'Nơi cư trú',
    'Nơi thường trú',
    'Nơi thường trú/tạm trú',
    'Nơi thường trú/ tạm trú',
    'Nơi đăng ký thường trú',
    'Trú quán',
    'Nơi ở hiện tại',
  ],
  soDinhDanh: ['Số định danh cá nhân', 'Số ĐDCN', 'Số CCCD/CMND', 'Số giấy tờ tùy thân', 'Giấy tờ tùy thân'],
  queQuan: ['Quê quán', 'Nguyên quán'],
  ngayDangKy: [
    'Ngày, tháng, năm đăng ký',
    'Ngày tháng năm đăng ký',
    'Ngày đăng ký',
    'Ngày, tháng, năm đăng ký lại',
  ],
  ghiChu: ['Ghi chú', 'Ghi chú những thay đổi sau này', 'Ghi chú (thay đổi, cải chính, bổ sung)'],
} as const;

/**
 * A personal-ID field printed without a template column of its own (`nktSoDinhDanh`): exported as the person's
 * identity document number, `<p>SoGiayToTuyThan`, with the document kind in `<p>LoaiGiayToTuyThan` (DESIGN §3.1).
 */
export function asDocument(spec: FieldSpec, person: string): FieldSpec {
  return {
    ...spec,
    exportAs: { column: `${person}SoGiayToTuyThan`, documentKindColumn: `${person}LoaiGiayToTuyThan` },
  };
}

export const labels = (...groups: (readonly string[])[]): string[] => groups.flat();

/** The field keys a person group declares. */
export function personFieldKeys(p: PersonGroup): string[] {
  const f: Record<string, string | undefined> = { ...p.fields };
  return Object.values(f).filter((k): k is string => k !== undefined);
}

/** Where a field exports in one template version (its own column, its `exportAs` column, or nowhere). */
function columnIn(spec: FieldSpec, id: TemplateId): FieldColumn | null {
  const codes = new Set(TEMPLATES[id].columns.map((c) => c.code));
  if (spec.exportAs) return codes.has(spec.exportAs.column) ? spec.exportAs : null;
  return codes.has(spec.key) ? { column: spec.key } : null;
}

/**
 * Assemble a RegisterDef, mapping each field to its column in every template version of the type. Throws when a
 * person group names a field the register does not print (a typo would silently disable its checks), or when
 * two fields fill one column.
 */
export function defineRegister(
  type: RegisterType,
  name: string,
  titles: string[],
  specs: FieldSpec[],
  persons: readonly PersonGroup[],
): RegisterDef {
  const templates = TEMPLATES_OF[type];
  const fields: FieldDef[] = specs.map((spec) => {
    const { exportAs: _exportAs, ...printed } = spec;
    const templateColumn: Partial<Record<TemplateId, FieldColumn>> = {};
    for (const id of templates) {
      const col = columnIn(spec, id);
      if (col) templateColumn[id] = col;
    }
    return { ...printed, templateColumn };
  });
  for (const id of templates) {
    const used = fields.map((fd) => fd.templateColumn[id]?.column).filter((c) => c !== undefined);
    if (new Set(used).size !== used.length) throw new Error(`${type}: two fields fill one column of ${id}`);
  }
  const keys = new Set(fields.map((fd) => fd.key));
  for (const p of persons) {
    for (const key of personFieldKeys(p)) {
      if (!keys.has(key)) throw new Error(`${type}: person "${p.id}" names unknown field "${key}"`);
    }
  }
  const templateColumns = dataColumnCodes(templates[0]!);
  return { type, name, titles, fields, templateColumns, templates, persons };
}

/** Shared building blocks of the register definitions: label variants, template blocks, field builder. */
import type { FieldDef, PersonGroup, RegisterDef, RegisterType, ValueKind } from './types';

/** Spec of one printed field before template marking. */
export interface FieldSpec {
  key: string;
  labels: string[];
  kind: ValueKind;
  section: string;
  uiLabel: string;
  splitFrom?: string;
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

export const labels = (...groups: (readonly string[])[]): string[] => groups.flat();

/** Header columns of every template but HN. */
// prettier-ignore
export const HEADER_COLUMNS = ['so', 'quyenSo', 'trangSo', 'ngayDangKy', 'loaiDangKy', 'noiDangKy', 'nguoiKy', 'chucVuNguoiKy'];

// prettier-ignore
export const FOREIGN_COLUMNS = ['soDangKyNuocNgoai', 'ngayDangKyNuocNgoai', 'cqNuocNgoaiDaDangKy', 'qgNuocNgoaiDaDangKy'];

/** The 12-column person block of the KH/KT templates, prefixed ("chong" → chongHoTen …). */
export function personBlock(p: string, withSex: boolean): string[] {
  const cols = [
    'HoTen',
    ...(withSex ? ['GioiTinh'] : []),
    'NgaySinh',
    'DanToc',
    'QuocTich',
    'QuocTichKhac',
    'LoaiCuTru',
    'NoiCuTru',
    'LoaiGiayToTuyThan',
    'GiayToKhac',
    'SoGiayToTuyThan',
    'NgayCapGiayToTuyThan',
    'NoiCapGiayToTuyThan',
  ];
  return cols.map((c) => p + c);
}

/** The requester's identity-document columns (nyc…), after HoTen and the relation column(s). */
// prettier-ignore
export const NYC_DOC_COLUMNS = [
  'nycLoaiGiayToTuyThan', 'nycGiayToKhac', 'nycSoGiayToTuyThan', 'nycNgayCapGiayToTuyThan', 'nycNoiCapGiayToTuyThan',
];

/** The field keys a person group declares. */
export function personFieldKeys(p: PersonGroup): string[] {
  const f: Record<string, string | undefined> = { ...p.fields };
  return Object.values(f).filter((k): k is string => k !== undefined);
}

/**
 * Assemble a RegisterDef, marking each field's templateColumn from the template column list. Throws when a
 * person group names a field the register does not print (a typo would silently disable its checks).
 */
export function defineRegister(
  type: RegisterType,
  name: string,
  titles: string[],
  specs: FieldSpec[],
  templateColumns: string[],
  persons: readonly PersonGroup[],
): RegisterDef {
  const cols = new Set(templateColumns);
  const fields: FieldDef[] = specs.map((s) => ({ ...s, templateColumn: cols.has(s.key) }));
  const keys = new Set(fields.map((fd) => fd.key));
  for (const p of persons) {
    for (const key of personFieldKeys(p)) {
      if (!keys.has(key)) throw new Error(`${type}: person "${p.id}" names unknown field "${key}"`);
    }
  }
  return { type, name, titles, fields, templateColumns, persons };
}

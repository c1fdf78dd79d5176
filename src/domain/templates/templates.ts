/**
 * The import templates, one declarative column list per template version (registers.md §2.4, §8.6):
 *
 * - KS-70 is **published**: header cells and data-cell formats as the workbook writes them (`ks70.ts`).
 * - KS-60, KH-44, KT-48, CMC-50 and HN-35 are **derived** from the column lists of registers.md §2.4 (read from
 *   a vendor's export code, not from a workbook): no STT column, each header cell the column code, plus the code
 *   hint line on the columns the published KS workbook hints (`loaiDangKy \ni=[…]`, a person's
 *   `…LoaiGiayToTuyThan\ni=[…]`), every data cell text-formatted. KS-60 is KS-70 without its STT, personal-ID
 *   and `…Str` columns, headers as KS-70 writes them.
 *
 * Which columns an import row needs is not public (registers.md §9): `required` marks the entry number, book
 * number, registration date and the registered people's names (our choice). `maxLength`: 12 for the personal-ID
 * columns (registers.md §4.1), the longest code for code columns, else 32,767 (an Excel cell's limit).
 */
import type { RegisterType } from '../registers/types';
import {
  CMC_LOAI_DANG_KY,
  GBT_LOAI,
  GIOI_TINH,
  KH_LOAI_DANG_KY,
  KS_70_CODE_SHEET,
  KS_LOAI_DANG_KY,
  KT_LOAI_DANG_KY,
  LOAI_CU_TRU,
  LOAI_GIAY_TO,
  LOAI_XAC_NHAN,
  NKS_LOAI_KHAI_SINH,
  NXN_LOAI_MUC_DICH,
  TUYEN_BO,
} from './codes';
import { KS_70_HEADER } from './ks70';
import type {
  AutoFill,
  CellType,
  CodeList,
  NumberFormat,
  TemplateColumn,
  TemplateDef,
  TemplateId,
} from './types';

/** An Excel cell holds at most this many characters. */
export const EXCEL_CELL_LIMIT = 32767;

// ---- column lists (registers.md §2.4) ----

// prettier-ignore
const HEADER = ['so', 'quyenSo', 'trangSo', 'ngayDangKy', 'loaiDangKy', 'noiDangKy', 'nguoiKy', 'chucVuNguoiKy'];
// prettier-ignore
const FOREIGN = ['soDangKyNuocNgoai', 'ngayDangKyNuocNgoai', 'cqNuocNgoaiDaDangKy', 'qgNuocNgoaiDaDangKy'];
// prettier-ignore
const NYC_DOC = ['nycLoaiGiayToTuyThan', 'nycGiayToKhac', 'nycSoGiayToTuyThan', 'nycNgayCapGiayToTuyThan', 'nycNoiCapGiayToTuyThan'];

/** The person block of the KH/KT/HN templates, prefixed ("chong" → chongHoTen …). */
function personBlock(p: string, withSex: boolean): string[] {
  // prettier-ignore
  const cols = ['HoTen', ...(withSex ? ['GioiTinh'] : []), 'NgaySinh', 'DanToc', 'QuocTich', 'QuocTichKhac', 'LoaiCuTru',
    'NoiCuTru', 'LoaiGiayToTuyThan', 'GiayToKhac', 'SoGiayToTuyThan', 'NgayCapGiayToTuyThan', 'NoiCapGiayToTuyThan'];
  return cols.map((c) => p + c);
}

/** The CMC person block (no sex, with QueQuan). */
function cmcBlock(p: string): string[] {
  // prettier-ignore
  const cols = ['HoTen', 'NgaySinh', 'DanToc', 'QuocTich', 'QuocTichKhac', 'QueQuan', 'LoaiCuTru', 'NoiCuTru',
    'LoaiGiayToTuyThan', 'GiayToKhac', 'SoGiayToTuyThan', 'NgayCapGiayToTuyThan', 'NoiCapGiayToTuyThan'];
  return cols.map((c) => p + c);
}

/** Column code of a header cell: its first word. */
export const columnCode = (header: string): string => header.trim().split(/\s/u)[0] ?? '';

const KS_70_CODES = KS_70_HEADER.map(([h]) => columnCode(h));

/** KS-60: KS-70 without STT, the personal-ID columns and the `…Str` columns (registers.md §2.4). */
const KS_60_DROPPED = /^(STT|nksSoDinhDanh|meSoDinhDanhCaNhan|chaSoDinhDanhCaNhan|.*Str)$/u;

// prettier-ignore
const KT_48 = [
  ...HEADER, 'nguoiThucHien', 'ghiChu', ...personBlock('nkt', true),
  'nktNgayChet', 'nktNgayChetGhiBangChu', 'nktGioPhutChet', 'nktNoiChet', 'nktNguyenNhanChet',
  'nktTinhTrangTuyenBoViecChet', 'nktNgayGhiChuTuyenBoViecChet', 'nktCanCuTuyenBoViecChet',
  'nktNgayGhiChuHuyTuyenBoViecChet', 'nktCanCuHuyTuyenBoViecChet', 'gbtLoai', 'gbtSo', 'gbtNgay', 'gbtCoQuanCap',
  'nycHoTen', 'nycQuanHe', ...NYC_DOC, ...FOREIGN,
];

// prettier-ignore
const KH_44 = [
  ...HEADER, 'ngayXacLapQuanHeHonNhan', 'nguoiThucHien', 'ghiChu', 'tinhTrangKetHon',
  'huyKetHonNgayGhiChu', 'huyKetHonCanCu', 'congNhanKetHonNgayGhiChu', 'congNhanKetHonCanCu',
  ...personBlock('chong', false), ...personBlock('vo', false), ...FOREIGN,
];

// prettier-ignore
const CMC_50 = [
  'so', 'quyenSo', 'trangSo', 'quyetDinhSo', 'ngayDangKy', 'loaiDangKy', 'loaiXacNhan', 'noiDangKy', 'nguoiKy',
  'chucVuNguoiKy', 'nguoiThucHien', 'ghiChu', ...cmcBlock('cm'), ...cmcBlock('nc'),
  'nycHoTen', 'nycQHNguoiDuocNhan', 'nycQHNguoiNhan', ...NYC_DOC, ...FOREIGN,
];

// prettier-ignore
const HN_35 = [
  'so', 'quyenSo', 'trangSo', 'ngayDangKy', 'noiCap', 'nguoiKy', 'chucVuNguoiKy', 'nguoiThucHien', 'ghiChu',
  ...personBlock('nxn', true),
  'nxnThoiGianCuTruTai', 'nxnThoiGianCuTruTu', 'nxnThoiGianCuTruDen', 'nxnTinhTrangHonNhan',
  'nxnLoaiMucDichSuDung', 'nxnMucDichSuDung', 'nycHoTen', 'nycQuanHe', ...NYC_DOC,
];

// ---- column properties ----

/** Code lists of each register type's template, by name. */
const LISTS: Readonly<Record<RegisterType, readonly CodeList[]>> = {
  KS: [KS_LOAI_DANG_KY, LOAI_GIAY_TO, GIOI_TINH, TUYEN_BO, NKS_LOAI_KHAI_SINH, LOAI_CU_TRU],
  KT: [KT_LOAI_DANG_KY, GIOI_TINH, LOAI_CU_TRU, LOAI_GIAY_TO, GBT_LOAI],
  KH: [KH_LOAI_DANG_KY, LOAI_CU_TRU, LOAI_GIAY_TO],
  CMC: [CMC_LOAI_DANG_KY, LOAI_XAC_NHAN, LOAI_CU_TRU, LOAI_GIAY_TO],
  HN: [GIOI_TINH, LOAI_CU_TRU, LOAI_GIAY_TO, NXN_LOAI_MUC_DICH],
};

/** The code list a column takes its values from, by the column code. */
function codeListOf(code: string): string | undefined {
  if (code === 'nksMatTich' || code === 'nksHanCheNangLucHanhVi') return TUYEN_BO.name;
  for (const name of ['loaiDangKy', 'loaiXacNhan', 'nksLoaiKhaiSinh', 'nxnLoaiMucDichSuDung', 'gbtLoai']) {
    if (code === name) return name;
  }
  for (const suffix of ['GioiTinh', 'LoaiGiayToTuyThan', 'LoaiCuTru'])
    if (code.endsWith(suffix)) return suffix;
  return undefined;
}

/** Date columns: "ngay…"/"…Ngay…" (not the dates in words nor the "căn cứ" text) and the residence period. */
function isDateColumn(code: string): boolean {
  if (/^nxnThoiGianCuTru(Tu|Den)$/u.test(code)) return true;
  return /(^ngay|Ngay)/u.test(code) && !/BangChu|CanCu/u.test(code);
}

const AUTO: Readonly<Record<string, AutoFill>> = {
  STT: 'row',
  quyenSo: 'bookNumber',
  trangSo: 'page',
  noiDangKy: 'registrationPlace',
  noiCap: 'registrationPlace',
};

/** Columns an import row needs (our choice, see the file comment). */
const REQUIRED: Readonly<Record<RegisterType, readonly string[]>> = {
  KS: ['so', 'quyenSo', 'ngayDangKy', 'nksHoTen'],
  KT: ['so', 'quyenSo', 'ngayDangKy', 'nktHoTen'],
  KH: ['so', 'quyenSo', 'ngayDangKy', 'chongHoTen', 'voHoTen'],
  CMC: ['so', 'quyenSo', 'ngayDangKy', 'cmHoTen', 'ncHoTen'],
  HN: ['so', 'quyenSo', 'ngayDangKy', 'nxnHoTen'],
};

const codeHint = (list: CodeList): string => `i=[${Object.keys(list.codes).join(',')}]`;

/** Header cell of a derived template: the code, and the hint line where the published KS workbook has one. */
function derivedHeader(code: string, lists: Readonly<Record<string, CodeList>>): string {
  const list = lists[codeListOf(code) ?? ''];
  if (!list) return code;
  if (code === 'loaiDangKy') return `${code} \n${codeHint(list)}`;
  if (code.endsWith('LoaiGiayToTuyThan') && !code.startsWith('nyc')) return `${code}\n${codeHint(list)}`;
  return code;
}

function column(
  type: RegisterType,
  header: string,
  numberFormat: NumberFormat,
  lists: Readonly<Record<string, CodeList>>,
): TemplateColumn {
  const code = columnCode(header);
  const listName = codeListOf(code);
  const list = listName === undefined ? undefined : lists[listName];
  const cell: CellType = code === 'STT' ? 'number' : list ? 'code' : isDateColumn(code) ? 'date' : 'text';
  const maxLength = list
    ? Math.max(...Object.keys(list.codes).map((c) => c.length))
    : /SoDinhDanh(CaNhan)?$/u.test(code)
      ? 12
      : EXCEL_CELL_LIMIT;
  const col: TemplateColumn = {
    code,
    header,
    cell,
    numberFormat,
    required: REQUIRED[type].includes(code),
    maxLength,
  };
  if (list) col.codeList = list.name;
  const auto = AUTO[code];
  if (auto) col.auto = auto;
  return col;
}

function byName(lists: readonly CodeList[]): Record<string, CodeList> {
  return Object.fromEntries(lists.map((l) => [l.name, l]));
}

function published(): TemplateDef {
  const lists = byName(LISTS.KS);
  return {
    id: 'KS-70',
    type: 'KS',
    provenance: 'published',
    source: 'Birth-register workbook as published (shared/domain/templates/KS-70.json)',
    sheets: { data: 'DL Import', codes: 'Ghi chu' },
    columns: KS_70_HEADER.map(([h, f]) => column('KS', h, f, lists)),
    codeLists: lists,
    codeSheet: KS_70_CODE_SHEET.map((l) => l.name),
  };
}

function derived(id: TemplateId, type: RegisterType, codes: readonly string[], source: string): TemplateDef {
  const lists = byName(LISTS[type]);
  const headers = type === 'KS' ? new Map(KS_70_HEADER.map(([h]) => [columnCode(h), h])) : null;
  return {
    id,
    type,
    provenance: 'derived',
    source,
    sheets: { data: 'DL Import', codes: 'Ghi chu' },
    columns: codes.map((c) => column(type, headers?.get(c) ?? derivedHeader(c, lists), '@', lists)),
    codeLists: lists,
    codeSheet: type === 'KS' ? KS_70_CODE_SHEET.map((l) => l.name) : LISTS[type].map((l) => l.name),
  };
}

const SECTION_24 = 'registers.md §2.4 column list';

export const TEMPLATES: Readonly<Record<TemplateId, TemplateDef>> = {
  'KS-70': published(),
  'KS-60': derived(
    'KS-60',
    'KS',
    KS_70_CODES.filter((c) => !KS_60_DROPPED.test(c)),
    `${SECTION_24}: KS-70 without STT, ID and "Str" columns`,
  ),
  'KH-44': derived('KH-44', 'KH', KH_44, SECTION_24),
  'KT-48': derived('KT-48', 'KT', KT_48, SECTION_24),
  'CMC-50': derived('CMC-50', 'CMC', CMC_50, SECTION_24),
  'HN-35': derived('HN-35', 'HN', HN_35, SECTION_24),
};

export const TEMPLATE_IDS = Object.keys(TEMPLATES) as TemplateId[];

/** Template versions of each register type; the first is the default (the full column list). */
export const TEMPLATES_OF: Readonly<Record<RegisterType, readonly TemplateId[]>> = {
  KS: ['KS-70', 'KS-60'],
  KH: ['KH-44'],
  KT: ['KT-48'],
  CMC: ['CMC-50'],
  HN: ['HN-35'],
};

/** Column codes of a template, STT excluded (the entry data columns, in order). */
export function dataColumnCodes(id: TemplateId): string[] {
  return TEMPLATES[id].columns.map((c) => c.code).filter((c) => c !== 'STT');
}

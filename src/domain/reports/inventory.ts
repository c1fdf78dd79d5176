/**
 * The inventory of books to digitise (kiểm kê sổ, registers.md §8.7, issue 14 item 4): one row per paper book of a
 * commune, with its estimated entries and pages, paper size and condition, entered by hand or read from a
 * spreadsheet; and the campaign deadline. Pure: types, normaliser, checks (first problem in Vietnamese) and the
 * spreadsheet reading of already-extracted cell values.
 */
import { REGISTER_TYPES } from '../registers';
import type { RegisterType } from '../registers/types';
import { loose, num, oneOf, str } from '../records/normalize';
import type { PaperSize } from '../records/book';
import { foldKey } from '../text/normalize';
import { communeByCode, unitListsForYear } from '../admin';

export type BookCondition = 'good' | 'worn' | 'damaged';

export const BOOK_CONDITIONS: readonly BookCondition[] = ['good', 'worn', 'damaged'];

export const BOOK_CONDITION_LABELS: Readonly<Record<BookCondition, string>> = {
  good: 'Tốt',
  worn: 'Cũ, mờ',
  damaged: 'Rách, hư hỏng',
};

/** One paper book to digitise. */
export interface InventoryRow {
  /** `inventoryKey` of the row: the same book typed or imported twice is one row. */
  id: string;
  /** Official 5-digit commune code. */
  communeCode: string;
  communeName: string;
  type: RegisterType;
  /** Years the book covers (a book reused the next year covers two). */
  yearFrom: number;
  yearTo: number;
  /** Book number as printed ("01/2008"). */
  bookNumber: string;
  /** Estimated entries and pages (0 = not counted yet). */
  entries: number;
  pages: number;
  paperSize: PaperSize;
  condition: BookCondition;
  note: string;
}

/** The campaign deadline (a workstation setting): ISO date `yyyy-mm-dd`, or null when none is set. */
export interface CampaignSettings {
  deadline: string | null;
}

export const CAMPAIGN_KEY = 'campaign';

/** Folded book number: "01/2008" = "1/2008" = " 01 / 2008 ". */
export function bookNumberKey(s: string): string {
  return foldKey(s)
    .split(' ')
    .filter(Boolean)
    .map((w) => (/^\d+$/u.test(w) ? String(Number(w)) : w))
    .join('/');
}

export function inventoryKey(
  r: Pick<InventoryRow, 'communeCode' | 'type' | 'yearFrom' | 'bookNumber'>,
): string {
  return `${r.communeCode}|${r.type}|${r.yearFrom}|${bookNumberKey(r.bookNumber)}`;
}

export function normalizeInventoryRow(raw: unknown): InventoryRow {
  const r = loose(raw);
  const yearFrom = num(r['yearFrom']);
  return {
    ...r,
    id: str(r['id']),
    communeCode: str(r['communeCode']),
    communeName: str(r['communeName']),
    type: oneOf(r['type'], REGISTER_TYPES, 'KS'),
    yearFrom,
    yearTo: num(r['yearTo'], yearFrom),
    bookNumber: str(r['bookNumber']),
    entries: num(r['entries']),
    pages: num(r['pages']),
    paperSize: oneOf(r['paperSize'], ['A4', 'A3'] as const, 'A4'),
    condition: oneOf(r['condition'], BOOK_CONDITIONS, 'good'),
    note: str(r['note']),
  };
}

/** A row as a person typed it (every value a string), before checking. */
export type InventoryInput = Record<InventoryColumn, string>;

export type InventoryColumn =
  | 'communeCode'
  | 'communeName'
  | 'type'
  | 'yearFrom'
  | 'yearTo'
  | 'bookNumber'
  | 'entries'
  | 'pages'
  | 'paperSize'
  | 'condition'
  | 'note';

/** Columns in sheet order, with their Vietnamese headings (the export writes them, the import reads them). */
export const INVENTORY_COLUMNS: readonly { key: InventoryColumn; label: string }[] = [
  { key: 'communeCode', label: 'Mã xã' },
  { key: 'communeName', label: 'Tên xã' },
  { key: 'type', label: 'Loại sổ' },
  { key: 'yearFrom', label: 'Từ năm' },
  { key: 'yearTo', label: 'Đến năm' },
  { key: 'bookNumber', label: 'Quyển số' },
  { key: 'entries', label: 'Số mục ước tính' },
  { key: 'pages', label: 'Số trang ước tính' },
  { key: 'paperSize', label: 'Khổ giấy' },
  { key: 'condition', label: 'Tình trạng' },
  { key: 'note', label: 'Ghi chú' },
];

const label = (k: InventoryColumn): string => INVENTORY_COLUMNS.find((c) => c.key === k)?.label ?? k;

function count(v: string, col: InventoryColumn): number | string {
  const t = v.replace(/[\s.,]/gu, '');
  if (!t) return 0;
  if (!/^\d{1,7}$/u.test(t)) return `${label(col)} phải là số nguyên không âm (đang là “${v}”).`;
  return Number(t);
}

/**
 * A typed row checked: trimmed, NFC; the first problem in Vietnamese. `yearTo` empty = `yearFrom`; condition and
 * paper size accept their labels ("Tốt", "a3"); counts accept thousands separators.
 */
export function checkInventoryInput(
  input: Partial<InventoryInput>,
  now = new Date(),
): { row: InventoryRow; error: null } | { row: null; error: string } {
  const v = (k: InventoryColumn): string => (input[k] ?? '').normalize('NFC').replace(/\s+/gu, ' ').trim();
  const fail = (error: string) => ({ row: null, error }) as const;
  const communeCode = v('communeCode');
  if (!/^\d{5}$/u.test(communeCode)) return fail(`Mã xã phải có đúng 5 chữ số (đang là “${communeCode}”).`);
  const type = v('type').toUpperCase() as RegisterType;
  if (!REGISTER_TYPES.includes(type))
    return fail(`Loại sổ phải là một trong ${REGISTER_TYPES.join(', ')} (đang là “${v('type')}”).`);
  const maxYear = now.getFullYear();
  const year = (k: InventoryColumn): number | null => {
    const t = v(k);
    return /^\d{4}$/u.test(t) && Number(t) >= 1945 && Number(t) <= maxYear ? Number(t) : null;
  };
  const yearFrom = year('yearFrom');
  if (yearFrom === null)
    return fail(`Từ năm phải là năm từ 1945 đến ${maxYear} (đang là “${v('yearFrom')}”).`);
  const yearTo = v('yearTo') ? year('yearTo') : yearFrom;
  if (yearTo === null || yearTo < yearFrom)
    return fail(`Đến năm phải là năm từ ${yearFrom} đến ${maxYear} (đang là “${v('yearTo')}”).`);
  const bookNumber = v('bookNumber');
  if (!bookNumber) return fail('Chưa có quyển số.');
  const entries = count(v('entries'), 'entries');
  if (typeof entries === 'string') return fail(entries);
  const pages = count(v('pages'), 'pages');
  if (typeof pages === 'string') return fail(pages);
  const paper = v('paperSize').toUpperCase() || 'A4';
  if (paper !== 'A4' && paper !== 'A3')
    return fail(`Khổ giấy phải là A4 hoặc A3 (đang là “${v('paperSize')}”).`);
  const c = foldKey(v('condition'));
  const condition = c
    ? BOOK_CONDITIONS.find((k) => k === c || foldKey(BOOK_CONDITION_LABELS[k]) === c)
    : 'good';
  if (!condition)
    return fail(
      `Tình trạng phải là ${BOOK_CONDITIONS.map((k) => `“${BOOK_CONDITION_LABELS[k]}”`).join(', ')} ` +
        `(đang là “${v('condition')}”).`,
    );
  const base = { communeCode, type, yearFrom, bookNumber };
  return {
    row: {
      id: inventoryKey(base),
      ...base,
      communeName: v('communeName') || communeName(communeCode, yearFrom),
      yearTo,
      entries,
      pages,
      paperSize: paper,
      condition,
      note: v('note'),
    },
    error: null,
  };
}

/** The official name of a commune code, from the unit list of the book's year first ("" when unknown). */
export function communeName(code: string, year: number): string {
  const lists = unitListsForYear(year);
  for (const list of [...lists, ...(['pre2025', '2025'] as const).filter((l) => !lists.includes(l))]) {
    const ref = communeByCode(list, code);
    if (ref) return ref.name;
  }
  return '';
}

/** A stored row as the editor shows it (strings). */
export function inventoryInput(r: InventoryRow): InventoryInput {
  return {
    communeCode: r.communeCode,
    communeName: r.communeName,
    type: r.type,
    yearFrom: String(r.yearFrom),
    yearTo: r.yearTo === r.yearFrom ? '' : String(r.yearTo),
    bookNumber: r.bookNumber,
    entries: r.entries ? String(r.entries) : '',
    pages: r.pages ? String(r.pages) : '',
    paperSize: r.paperSize,
    condition: BOOK_CONDITION_LABELS[r.condition],
    note: r.note,
  };
}

export type SheetCell = string | number | boolean | Date | null | undefined;

/**
 * Rows of a spreadsheet (first sheet, cell values as read) → inventory rows, all or nothing: the heading row is
 * the first row naming "Mã xã" and "Quyển số" (headings matched without case or diacritics; columns in any order,
 * "Ghi chú", "Tên xã", "Đến năm", counts, paper and condition optional), every later non-empty row must pass
 * `checkInventoryInput`, and no book may appear twice. The first problem is said with its row number (1-based,
 * as the spreadsheet shows it).
 */
export function readInventorySheet(
  cells: readonly (readonly SheetCell[])[],
  now = new Date(),
): { rows: InventoryRow[]; error: null } | { rows: null; error: string } {
  const text = (c: SheetCell): string =>
    c === null || c === undefined ? '' : c instanceof Date ? String(c.getFullYear()) : String(c);
  const wanted = new Map(INVENTORY_COLUMNS.map((c) => [foldKey(c.label), c.key]));
  const head = cells.findIndex((row) => {
    const keys = new Set(row.map((c) => wanted.get(foldKey(text(c)))));
    return keys.has('communeCode') && keys.has('bookNumber');
  });
  if (head < 0)
    return {
      rows: null,
      error: 'Không thấy dòng tiêu đề có cột “Mã xã” và “Quyển số” trong trang tính đầu tiên.',
    };
  const columns = new Map<InventoryColumn, number>();
  (cells[head] ?? []).forEach((c, i) => {
    const key = wanted.get(foldKey(text(c)));
    if (key && !columns.has(key)) columns.set(key, i);
  });
  for (const need of ['type', 'yearFrom'] as const)
    if (!columns.has(need)) return { rows: null, error: `Thiếu cột “${label(need)}”.` };
  const rows: InventoryRow[] = [];
  const seen = new Map<string, number>();
  for (let r = head + 1; r < cells.length; r++) {
    const row = cells[r] ?? [];
    if (row.every((c) => !text(c).trim())) continue;
    const input: Partial<InventoryInput> = {};
    for (const [key, i] of columns) input[key] = text(row[i]);
    const checked = checkInventoryInput(input, now);
    if (checked.error !== null) return { rows: null, error: `Dòng ${r + 1}: ${checked.error}` };
    const twice = seen.get(checked.row.id);
    if (twice !== undefined)
      return { rows: null, error: `Dòng ${r + 1}: quyển sổ này đã có ở dòng ${twice}.` };
    seen.set(checked.row.id, r + 1);
    rows.push(checked.row);
  }
  if (!rows.length) return { rows: null, error: 'Bảng tính không có dòng sổ nào dưới dòng tiêu đề.' };
  return { rows, error: null };
}

/** An ISO date `yyyy-mm-dd` that exists, or null. */
export function parseDeadline(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? s.trim() : null;
}

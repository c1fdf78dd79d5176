/**
 * The reports workbook ("Báo cáo", issue 14 item 4): progress per book and per commune, the monthly report and the
 * inventory (whose sheet reads back through `readInventorySheet`), as a plain `WorkbookModel` for `writeXlsx`.
 * Pure. Counts are number cells, names and book numbers text cells, rates numbers in percent (one decimal).
 */
import {
  BOOK_CONDITION_LABELS,
  INVENTORY_COLUMNS,
  inventoryInput,
  STAGE_LABELS,
  type InventoryRow,
  type MonthlyReport,
  type ProgressReport,
} from '../domain/reports';
import { ENTRY_STATE_LABELS, ENTRY_STATES } from '../domain/workflow';
import type { CellValue, SheetColumn, SheetModel, WorkbookModel } from './workbook';

export const REPORT_SHEETS = {
  books: 'Tiến độ theo sổ',
  communes: 'Tiến độ theo xã',
  monthly: 'Báo cáo tháng',
  inventory: 'Danh mục sổ',
} as const;

type Col = { label: string; text?: boolean; width?: number };

function sheet(name: string, cols: readonly Col[], rows: CellValue[][]): SheetModel {
  return {
    name,
    columns: cols.map((c): SheetColumn => ({
      numberFormat: c.text ? '@' : 'General',
      width: c.width ?? Math.max(8, c.label.length + 2),
    })),
    rows: [cols.map((c) => c.label), ...rows],
    headingRows: [0],
  };
}

const pct = (r: number | null): CellValue => (r === null ? null : Math.round(r * 1000) / 10);
const dmy = (iso: string | null): string => (iso ? iso.split('-').reverse().join('/') : '');
const when = (ms: number): string => {
  const d = new Date(ms);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
};

export function buildReportWorkbook(input: {
  progress: ProgressReport;
  monthly: MonthlyReport;
  inventory: readonly InventoryRow[];
  deadline: string | null;
}): WorkbookModel {
  const { progress, monthly } = input;
  const books = sheet(
    REPORT_SHEETS.books,
    [
      { label: 'Mã xã', text: true },
      { label: 'Tên xã', text: true, width: 24 },
      { label: 'Loại sổ', text: true },
      { label: 'Năm', text: true },
      { label: 'Quyển số', text: true, width: 14 },
      { label: 'Mục ước tính' },
      { label: 'Trang ước tính' },
      { label: 'Khổ giấy', text: true },
      { label: 'Tình trạng', text: true },
      { label: 'Trang đã quét' },
      { label: 'Trang trắng' },
      { label: 'Trang gạch chéo' },
      { label: 'Mục đã tạo' },
      ...ENTRY_STATES.map((s) => ({ label: ENTRY_STATE_LABELS[s] })),
      { label: 'Đã nghiệm thu (gồm đã xuất)' },
      { label: 'Mục phải sửa' },
      { label: 'Trường không đọc được' },
      { label: 'Trường hư hỏng' },
      { label: 'Số cuối' },
      { label: 'Số mục theo số thứ tự' },
      { label: 'Số bị thiếu', text: true, width: 20 },
      { label: 'Số trùng', text: true, width: 14 },
    ],
    progress.books.map((b) => [
      b.communeCode,
      b.communeName,
      b.type,
      b.years,
      b.bookNumber,
      b.estimatedEntries,
      b.estimatedPages,
      b.paperSize,
      b.condition ? BOOK_CONDITION_LABELS[b.condition] : '',
      b.pages,
      b.blankPages,
      b.crossedPages,
      b.entries,
      ...ENTRY_STATES.map((s) => b.byState[s]),
      b.accepted,
      b.corrected,
      b.illegible,
      b.damaged,
      b.numbering.last,
      b.numbering.expected,
      b.numbering.gaps.join(', '),
      b.numbering.duplicates.join(', '),
    ]),
  );
  const communes = sheet(
    REPORT_SHEETS.communes,
    [
      { label: 'Mã xã', text: true },
      { label: 'Tên xã', text: true, width: 24 },
      { label: 'Số quyển' },
      { label: 'Quyển đã quét' },
      { label: 'Mục ước tính' },
      { label: 'Mục đã nhập' },
      { label: 'Còn lại' },
      { label: 'Mục/ngày (30 ngày qua)' },
      { label: 'Dự kiến xong', text: true },
      { label: 'Hạn', text: true },
      { label: 'Kịp hạn', text: true },
    ],
    progress.communes.map((c) => [
      c.communeCode,
      c.communeName,
      c.books,
      c.booksStarted,
      c.estimatedEntries,
      c.keyed,
      c.remaining,
      Math.round(c.pacePerDay * 10) / 10,
      dmy(c.finishDate),
      dmy(c.deadline),
      c.late === null ? '' : c.late ? 'Trễ hạn' : 'Kịp',
    ]),
  );
  const m: CellValue[][] = [];
  const headings: number[] = [0];
  const heading = (...cells: CellValue[]) => {
    headings.push(m.length + 1);
    m.push(cells);
  };
  m.push([
    'Công việc',
    `Trong tháng ${monthly.month.split('-').reverse().join('/')}`,
    'Luỹ kế đến hết tháng',
  ]);
  for (const s of monthly.stages) m.push([STAGE_LABELS[s.stage], s.inMonth, s.cumulative]);
  m.push([]);
  heading(
    'Người nhập',
    'Mục đã nhập',
    'Số ngày làm',
    'Mục/ngày',
    'Mục được kiểm tra',
    'Mục bị trả lại',
    'Tỉ lệ trả lại (%)',
    'Trường được kiểm tra',
    'Trường sai',
    'Tỉ lệ trường sai (%)',
  );
  for (const o of monthly.operators)
    m.push([
      o.name,
      o.keyed,
      o.days,
      Math.round(o.perDay * 10) / 10,
      o.checkedEntries,
      o.returnedEntries,
      pct(o.returnRate),
      o.fieldsChecked,
      o.fieldsWrong,
      pct(o.fieldErrorRate),
    ]);
  m.push([]);
  heading('Nghiệm thu', 'Cấp', 'Ngày', 'Cỡ mẫu', 'Mục lỗi', 'Kết luận');
  for (const a of monthly.acceptances)
    m.push([a.book, a.level, when(a.decidedAt), a.sampleSize, a.defects, a.accepted ? 'Đạt' : 'Không đạt']);
  m.push([]);
  heading('Khó khăn, vướng mắc', 'Ngày', 'Người ghi', 'Nội dung');
  for (const n of monthly.notes) m.push([n.book, when(n.at), n.userName, n.text]);
  const monthlySheet: SheetModel = {
    name: REPORT_SHEETS.monthly,
    columns: [
      { numberFormat: '@', width: 34 },
      ...Array.from({ length: 9 }, () => ({ numberFormat: 'General' as const, width: 16 })),
    ],
    rows: m,
    headingRows: headings,
  };
  // Notes and acceptances put text in number-format columns: General keeps text as text.
  const inventory = sheet(
    REPORT_SHEETS.inventory,
    INVENTORY_COLUMNS.map((c) => ({ label: c.label, text: true, width: Math.max(10, c.label.length + 2) })),
    input.inventory.map((r) => {
      const v = inventoryInput(r);
      return INVENTORY_COLUMNS.map((c) => v[c.key]);
    }),
  );
  return { sheets: [communes, books, monthlySheet, inventory] };
}

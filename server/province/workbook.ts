/**
 * The monthly province report as a workbook model (src/exchange/workbook.ts `WorkbookModel`, written by
 * src/exchange/xlsx.ts `writeXlsx`): "Báo cáo tháng" (per commune, each stage in the month and cumulative, a total
 * row), "Tiến độ theo xã" (progress against the inventory and the deadline), "Nghiệm thu" and "Ghi chú" (the
 * month's acceptance decisions and notes). Counts are number cells, codes and names text cells. Pure.
 */
import { STAGE_LABELS, STAGES } from '../../src/domain/reports';
import type { CellValue, SheetModel, WorkbookModel } from '../../src/exchange/workbook';
import type { ProvinceMonthly } from './monthly';
import type { ProgressReply } from './progress';
import { vnDmy } from './time';

export const PROVINCE_SHEETS = {
  monthly: 'Báo cáo tháng',
  progress: 'Tiến độ theo xã',
  acceptances: 'Nghiệm thu',
  notes: 'Ghi chú',
} as const;

type Col = { label: string; text?: boolean; width?: number };

function sheet(name: string, title: string, cols: readonly Col[], rows: CellValue[][]): SheetModel {
  return {
    name,
    columns: cols.map((c) => ({
      numberFormat: c.text ? '@' : 'General',
      width: c.width ?? Math.max(8, Math.min(24, c.label.length + 2)),
    })),
    rows: [[title], cols.map((c) => c.label), ...rows],
    headingRows: [0, 1],
  };
}

const dmy = (iso: string | null): string => (iso ? iso.split('-').reverse().join('/') : '');
const monthTitle = (month: string): string => month.split('-').reverse().join('/');

export function buildProvinceWorkbook(monthly: ProvinceMonthly, progress: ProgressReply): WorkbookModel {
  const title = `Báo cáo số hoá sổ hộ tịch tháng ${monthTitle(monthly.month)}`;
  const stageCols = STAGES.flatMap((s): Col[] => [
    { label: `${STAGE_LABELS[s]} trong tháng`, width: 14 },
    { label: `${STAGE_LABELS[s]} luỹ kế`, width: 14 },
  ]);
  const stageCells = (f: ProvinceMonthly['totals']): CellValue[] =>
    STAGES.flatMap((s) => [f[s].inMonth, f[s].cumulative]);
  const months = sheet(
    PROVINCE_SHEETS.monthly,
    title,
    [{ label: 'Mã xã', text: true }, { label: 'Tên xã', text: true, width: 28 }, ...stageCols],
    [
      ...monthly.communes.map((c) => [c.code, c.name, ...stageCells(c.stages)]),
      ['', 'Tổng cộng', ...stageCells(monthly.totals)],
    ],
  );
  const deadline = progress.deadline ? ` · hạn hoàn thành ${dmy(progress.deadline)}` : '';
  const progressSheet = sheet(
    PROVINCE_SHEETS.progress,
    `Tiến độ theo xã đến ngày ${dmy(progress.today)}${deadline}`,
    [
      { label: 'Mã xã', text: true },
      { label: 'Tên xã', text: true, width: 28 },
      { label: 'Số quyển' },
      { label: 'Quyển đã quét' },
      { label: 'Mục ước tính' },
      { label: 'Mục đã tạo' },
      { label: 'Mục đã nhập' },
      { label: 'Mục đã nghiệm thu' },
      { label: 'Còn lại' },
      { label: `Mục/ngày (${progress.paceDays} ngày qua)` },
      { label: 'Dự kiến xong', text: true },
      { label: 'Hạn', text: true },
      { label: 'Kịp hạn', text: true },
    ],
    progress.communes.map((c) => [
      c.code,
      c.name,
      c.books,
      c.booksStarted,
      c.estimatedEntries,
      c.entries,
      c.keyed,
      c.accepted,
      c.remaining,
      Math.round(c.pacePerDay * 10) / 10,
      dmy(c.finishDate),
      dmy(c.deadline),
      c.late === null ? '' : c.late ? 'Trễ hạn' : 'Kịp',
    ]),
  );
  const acceptances = sheet(
    PROVINCE_SHEETS.acceptances,
    `Nghiệm thu trong tháng ${monthTitle(monthly.month)}`,
    [
      { label: 'Sổ', text: true, width: 36 },
      { label: 'Cấp', text: true },
      { label: 'Ngày', text: true, width: 12 },
      { label: 'Cỡ mẫu' },
      { label: 'Mục lỗi' },
      { label: 'Kết quả', text: true, width: 14 },
    ],
    monthly.acceptances.map((a) => [
      a.book,
      a.level,
      vnDmy(a.decidedAt),
      a.sampleSize,
      a.defects,
      a.accepted ? 'Đạt' : 'Không đạt',
    ]),
  );
  const notes = sheet(
    PROVINCE_SHEETS.notes,
    `Khó khăn, vướng mắc ghi nhận trong tháng ${monthTitle(monthly.month)}`,
    [
      { label: 'Sổ', text: true, width: 36 },
      { label: 'Ngày', text: true, width: 12 },
      { label: 'Người ghi', text: true, width: 20 },
      { label: 'Nội dung', text: true, width: 60 },
    ],
    monthly.notes.map((n) => [n.book, vnDmy(n.at), n.userName, n.text]),
  );
  return { sheets: [months, progressSheet, acceptances, notes] };
}

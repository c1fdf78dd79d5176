/**
 * The reports workbook written with exceljs (src/exchange/reports.ts + xlsx.ts) and read back with SheetJS, cell by
 * cell; its inventory sheet read again by our own reader (`readFirstSheet`) and `readInventorySheet` gives the same
 * rows; a file that is not a workbook is refused in Vietnamese.
 */
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { countAll } from '../../../src/domain/records/summary';
import {
  buildMonthly,
  buildProgress,
  checkInventoryInput,
  readInventorySheet,
  type InventoryRow,
} from '../../../src/domain/reports';
import { buildReportWorkbook, REPORT_SHEETS } from '../../../src/exchange/reports';
import { readFirstSheet, SheetReadError, writeXlsx } from '../../../src/exchange/xlsx';
import { testBook } from '../helpers/records';

function row(over: Record<string, string>): InventoryRow {
  const r = checkInventoryInput({
    communeCode: '19774',
    communeName: 'Phường Phú Hội',
    type: 'KS',
    yearFrom: '2017',
    bookNumber: '01/2017',
    ...over,
  });
  if (!r.row) throw new Error(r.error);
  return r.row;
}

describe('reports workbook', () => {
  const inventory = [
    row({ entries: '120', pages: '30', condition: 'Cũ, mờ', note: 'Bìa rách' }),
    row({ type: 'KT', bookNumber: '007', yearTo: '2018', paperSize: 'A3' }),
  ];
  const book = testBook('b1');
  const now = new Date(2026, 2, 31, 12).getTime();
  const progress = buildProgress({
    inventory,
    books: [
      {
        book,
        counters: countAll(
          'b1',
          [{ mark: 'normal', ocr: 'done' }],
          [{ state: 'keyed' }, { state: 'accepted' }],
        ),
        summaries: [{ so: '01' }, { so: '03' }],
        pageMarks: ['normal'],
        flags: { illegible: 1, damaged: 0 },
        events: [],
      },
    ],
    deadline: '2026-12-31',
    now,
  });
  const monthly = buildMonthly({ year: 2026, month: 3, books: [book], events: [], users: [] });

  it('writes communes, books, the month and the inventory; SheetJS reads the cells back', async () => {
    const bytes = await writeXlsx(
      buildReportWorkbook({ progress, monthly, inventory, deadline: '2026-12-31' }),
    );
    const wb = XLSX.read(bytes, { type: 'array' });
    expect(wb.SheetNames).toEqual([
      REPORT_SHEETS.communes,
      REPORT_SHEETS.books,
      REPORT_SHEETS.monthly,
      REPORT_SHEETS.inventory,
    ]);
    const rows = (name: string) =>
      XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[name]!, { header: 1, defval: '' });
    const communes = rows(REPORT_SHEETS.communes);
    expect(communes[0]?.slice(0, 3)).toEqual(['Mã xã', 'Tên xã', 'Số quyển']);
    // 120 estimated (the KT row has no estimate, no book) − 2 keyed = 118; nothing keyed lately: no finish date.
    expect(communes[1]).toEqual(['19774', 'Phường Phú Hội', 2, 1, 120, 2, 118, 0, '', '31/12/2026', '']);
    const books = rows(REPORT_SHEETS.books);
    const head = books[0] as string[];
    const at = (r: number, label: string) => books[r]?.[head.indexOf(label)];
    expect(at(1, 'Quyển số')).toBe('01/2017');
    expect(at(1, 'Tình trạng')).toBe('Cũ, mờ');
    expect(at(1, 'Trang đã quét')).toBe(1);
    expect(at(1, 'Đã nhập')).toBe(1);
    expect(at(1, 'Đã nghiệm thu (gồm đã xuất)')).toBe(1);
    expect(at(1, 'Trường không đọc được')).toBe(1);
    expect(at(1, 'Số bị thiếu')).toBe('2');
    expect(at(2, 'Quyển số')).toBe('007');
    expect(at(2, 'Năm')).toBe('2017–2018');
    // Text cells stay text (leading zeros kept).
    const cellOf = (sheet: string, r: number, c: number) =>
      wb.Sheets[sheet]![XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject;
    expect(cellOf(REPORT_SHEETS.books, 2, head.indexOf('Quyển số'))).toMatchObject({ t: 's', v: '007' });
    const month = rows(REPORT_SHEETS.monthly);
    expect(month[0]).toEqual([
      'Công việc',
      'Trong tháng 03/2026',
      'Luỹ kế đến hết tháng',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
    expect(month[1]?.slice(0, 3)).toEqual(['Trang đã nhập ảnh', 0, 0]);
  });

  it('its inventory sheet reads back to the same rows (our reader, then the sheet checks)', async () => {
    const model = buildReportWorkbook({ progress, monthly, inventory, deadline: null });
    const only = { sheets: model.sheets.filter((s) => s.name === REPORT_SHEETS.inventory) };
    const cells = await readFirstSheet(await writeXlsx(only));
    const back = readInventorySheet(cells);
    expect(back.error).toBeNull();
    expect(back.rows).toEqual(inventory);
  });

  it('refuses bytes that are not a workbook', async () => {
    await expect(readFirstSheet(new TextEncoder().encode('Mã xã;Quyển số\n19774;01'))).rejects.toThrow(
      SheetReadError,
    );
    await expect(readFirstSheet(new TextEncoder().encode('x'))).rejects.toThrow(
      'Tệp này không phải bảng tính Excel (.xlsx) đọc được.',
    );
  });
});

/**
 * The exceljs adapter (the only importer of exceljs): a `WorkbookModel` to `.xlsx` bytes. Text cells are
 * written as strings under the text format "@" (leading zeros kept, no date or number guessing), whole columns
 * formatted too so a value typed later in Excel stays text; heading rows keep the General format and wrap their
 * line breaks ("loaiDangKy \ni=[…]").
 */
import ExcelJS from 'exceljs';
import type { WorkbookModel } from './workbook';

/** Serialise a workbook model. Runs in the browser (exceljs's browser build) and in Node. */
export async function writeXlsx(model: WorkbookModel): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sohoa';
  for (const sheet of model.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    sheet.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width;
      col.numFmt = c.numberFormat;
    });
    const headings = new Set(sheet.headingRows);
    sheet.rows.forEach((values, r) => {
      const row = ws.getRow(r + 1);
      values.forEach((v, c) => {
        const cell = row.getCell(c + 1);
        if (headings.has(r)) {
          cell.numFmt = 'General';
          cell.alignment = { wrapText: true, vertical: 'top' };
        } else {
          cell.numFmt = sheet.columns[c]?.numberFormat ?? '@';
        }
        if (v !== null && v !== '') cell.value = v;
      });
      row.commit();
    });
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/** A cell as read: text, number, boolean or date (formulas give their result, rich text its plain text). */
export type ReadCell = string | number | boolean | Date | null;

/** A file that is not a readable `.xlsx` workbook (message in Vietnamese). */
export class SheetReadError extends Error {
  override name = 'SheetReadError';
}

function plain(v: ExcelJS.CellValue): ReadCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
  if ('result' in v) return plain(v.result ?? null);
  return null; // error values
}

/** The first worksheet's cell values, row by row (row 1 first; empty rows kept as []). */
export async function readFirstSheet(bytes: Uint8Array): Promise<ReadCell[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch (e) {
    throw new SheetReadError('Tệp này không phải bảng tính Excel (.xlsx) đọc được.', { cause: e });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SheetReadError('Bảng tính không có trang tính nào.');
  const rows: ReadCell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: ReadCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cells[c - 1] = plain(cell.value);
    });
    rows[n - 1] = Array.from({ length: cells.length }, (_, i) => cells[i] ?? null);
  });
  return Array.from({ length: rows.length }, (_, i) => rows[i] ?? []);
}

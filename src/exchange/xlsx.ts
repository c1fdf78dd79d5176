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

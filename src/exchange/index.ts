/** Exports that leave sohoa: the Ministry import workbook (pure model + exceljs adapter), entry PDFs in a zip. See README.md. */
export {
  buildBookExport,
  sortBySo,
  type BookExport,
  type BookExportInput,
  type CellValue,
  type ExportFinding,
  type ExportOptions,
  type SheetColumn,
  type SheetModel,
  type WorkbookModel,
} from './workbook';
export { writeXlsx } from './xlsx';
export { exportStem, safePart } from './names';
export { ExportCancelledError, runExport, type ExportOutcome, type ExportRunResult } from './run';
export {
  entryPdfNames,
  PdfExportError,
  pdfZipName,
  preparePage,
  runPdfZip,
  type PageEncoder,
  type PdfMember,
  type PdfZipDeps,
  type PdfZipResult,
} from './entry-pdfs';
export { readJpegFrame, writeImagePdf, type Paper, type PdfImage } from './pdf';
export { bytesSource, zipStream, type ZipSource, type ZipStream } from './zip';
export * from './package';

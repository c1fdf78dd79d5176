/**
 * Exports that leave sohoa: the Ministry import workbook (pure model + exceljs adapter), entry PDFs in a zip, ALTO /
 * PAGE XML per page in a zip, file names by pattern. See README.md.
 */
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
export {
  DEFAULT_NAME_PATTERN,
  entryStem,
  exportStem,
  NAME_PLACEHOLDERS,
  parseNamePattern,
  patternOrDefault,
  safePart,
  uniqueNames,
  type NamePattern,
} from './names';
export { buildAlto } from './alto';
export { buildPageXml } from './page-xml';
export { layoutPage, type ArchivePageInput } from './archive-page';
export {
  archiveMemberNames,
  archiveZipName,
  runArchiveZip,
  type ArchiveMember,
  type ArchiveZipDeps,
  type ArchiveZipInput,
  type ArchiveZipResult,
} from './archive-zip';
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

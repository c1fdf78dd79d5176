/**
 * One export run of a book, the same in the export worker and in Node: the workbook model and its findings
 * (`buildBookExport`), then — when a file is asked for — the `.xlsx` bytes (exceljs, imported lazily so that only
 * a run that writes a file loads it) and their SHA-256. `isCancelled` is asked between the steps.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TemplateId } from '../domain';
import { buildBookExport, type BookExportInput, type ExportFinding } from './workbook';

export interface ExportRunResult {
  template: TemplateId;
  findings: ExportFinding[];
  /** Entry ids in row order (row 2 first). */
  entryIds: string[];
  /** The workbook and the lowercase hex SHA-256 of its bytes, when a file was asked for. */
  file?: { bytes: Uint8Array; sha256: string };
}

/** What an export run gives back across a worker boundary: never a rejection for a failure or a cancel. */
export type ExportOutcome =
  { ok: true; result: ExportRunResult; ms: number } | { ok: false; cancelled: boolean; message: string };

export class ExportCancelledError extends Error {
  override readonly name = 'ExportCancelledError';
  constructor() {
    super('Đã huỷ việc xuất dữ liệu.');
  }
}

export async function runExport(
  input: BookExportInput,
  opts: { file: boolean; isCancelled?: () => boolean },
): Promise<ExportRunResult> {
  const stop = (): void => {
    if (opts.isCancelled?.()) throw new ExportCancelledError();
  };
  stop();
  const out = buildBookExport(input);
  const base = { template: out.template.id, findings: out.findings, entryIds: out.entryIds };
  if (!opts.file) return base;
  stop();
  const { writeXlsx } = await import('./xlsx');
  stop();
  const bytes = await writeXlsx(out.model);
  stop();
  return { ...base, file: { bytes, sha256: bytesToHex(sha256(bytes)) } };
}

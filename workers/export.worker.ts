/**
 * Export worker: a book's entries and pages in, the Ministry workbook's findings (and, when asked, its `.xlsx`
 * bytes with their SHA-256) out — `runExport` (src/exchange/run.ts, the same code as in Node). exceljs (~1.5 MB) is
 * loaded here, on the first run that writes a file, never on the main thread. Contract: see workers/README.md.
 */
import * as Comlink from 'comlink';
import { ExportCancelledError, runExport, type ExportOutcome } from '../src/exchange/run';
import type { BookExportInput } from '../src/exchange/workbook';

export type { ExportOutcome };

const cancelled = new Set<number>();

function messageOf(e: unknown): string {
  if (e instanceof ExportCancelledError) return e.message;
  const detail = e instanceof Error ? e.message : String(e);
  return `Không tạo được tệp Excel (lỗi kỹ thuật: ${detail}).`;
}

const api = {
  /**
   * Builds the workbook of one book: findings always, the file when `file` is true (its bytes transferred back).
   * Never rejects: a failure or a cancel comes back as `{ ok: false, message }` (plain Vietnamese text).
   */
  async run(callId: number, input: BookExportInput, opts: { file: boolean }): Promise<ExportOutcome> {
    const t0 = performance.now();
    try {
      const result = await runExport(input, { file: opts.file, isCancelled: () => cancelled.has(callId) });
      const out: ExportOutcome = { ok: true, result, ms: Math.round(performance.now() - t0) };
      return result.file ? Comlink.transfer(out, [result.file.bytes.buffer]) : out;
    } catch (e) {
      return { ok: false, cancelled: e instanceof ExportCancelledError, message: messageOf(e) };
    } finally {
      cancelled.delete(callId);
    }
  },

  /** Stops call `callId` at its next step (the workbook model is built in one go; the file write is the long part). */
  cancel(callId: number): void {
    cancelled.add(callId);
  },

  shutdown(): void {
    cancelled.clear();
  },
};

export type ExportApi = typeof api;

Comlink.expose(api);

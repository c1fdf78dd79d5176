/**
 * The pre-export validation report as a CSV file (UTF-8 with a byte-order mark, so a spreadsheet opens the
 * Vietnamese text right): one line per finding — row, column, rule code, severity, title, message. A draft says so
 * on its first line. Pure; cells are quoted, so a value with commas, quotes or line breaks stays one cell.
 */
import type { ExportFinding } from './workbook';

const SEVERITY_LABELS: Readonly<Record<string, string>> = {
  error: 'Lỗi',
  warning: 'Cảnh báo',
  info: 'Lưu ý',
};

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
};

export function findingsCsv(findings: readonly ExportFinding[], opts: { draft?: boolean } = {}): Uint8Array {
  const lines: string[] = [];
  if (opts.draft) lines.push(cell('BẢN NHÁP: sổ chưa nghiệm thu xong; không dùng để nộp.'));
  lines.push(['Dòng', 'Cột', 'Mã quy tắc', 'Mức', 'Quy tắc', 'Chi tiết'].join(','));
  for (const f of findings) {
    lines.push(
      [f.row, f.column, f.code, SEVERITY_LABELS[f.severity] ?? f.severity, f.title, f.message]
        .map(cell)
        .join(','),
    );
  }
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

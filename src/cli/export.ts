/**
 * `npm run export -- <package> --out <dir> [--draft]`
 *
 * Writes what leaves for the Ministry from a work package, with the same builders as the workstation's "Xuất dữ
 * liệu": the import workbook (`<stem>.xlsx`), the zip of one PDF per entry (`<stem>.pdf.zip`, streamed to disk) and
 * the validation report (`<stem>.kiem-tra.csv`). The package is verified first (manifest, hashes, audit chains); a
 * book whose entries are not all accepted is refused unless `--draft` is given, and then every file says it is a
 * draft (`BAN-NHAP` in its name, and the report's first line). Exit status: 0 written, 1 refused or failed, 2 usage.
 */
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runPdfZip } from '../exchange/entry-pdfs';
import { exportInputOf, notAccepted } from '../exchange/input';
import { exportStem } from '../exchange/names';
import { PackageError, readPackage } from '../exchange/package';
import { findingsCsv } from '../exchange/report-csv';
import { runExport } from '../exchange/run';
import { nodePageEncoder } from '../image/encode-node';
import { UsageError } from './args';

export const EXPORT_USAGE = `Cách dùng: npm run export -- <gói công việc> --out <thư mục> [--draft]

  --out DIR   thư mục ghi tệp Excel, tệp zip các PDF và báo cáo kiểm tra (tạo nếu chưa có)
  --draft     xuất cả khi sổ chưa nghiệm thu xong (mọi tệp ghi rõ là bản nháp)
`;

export interface ExportArgs {
  packagePath: string;
  out: string;
  draft: boolean;
}

export function parseExportArgs(argv: readonly string[]): ExportArgs {
  let packagePath: string | undefined;
  let out: string | undefined;
  let draft = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--out') {
      out = argv[++i];
      if (!out) throw new UsageError('Thiếu thư mục sau --out.');
    } else if (a === '--draft') draft = true;
    else if (a.startsWith('--')) throw new UsageError(`Không biết tùy chọn ${a}.`);
    else if (packagePath) throw new UsageError('Chỉ xuất một gói mỗi lần.');
    else packagePath = a;
  }
  if (!packagePath) throw new UsageError('Thiếu tệp gói công việc.');
  if (!out) throw new UsageError('Thiếu --out <thư mục>.');
  return { packagePath, out, draft };
}

export interface ExportCliResult {
  ok: boolean;
  /** Vietnamese lines for the operator (what was written, or why nothing was). */
  lines: string[];
  files: string[];
}

export async function exportMain(args: ExportArgs): Promise<ExportCliResult> {
  let content;
  try {
    content = await readPackage(new Uint8Array(await readFile(args.packagePath)));
  } catch (e) {
    if (e instanceof PackageError) return { ok: false, lines: [`Không xuất được: ${e.message}`], files: [] };
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { ok: false, lines: [`Không có tệp ${args.packagePath}.`], files: [] };
    throw e;
  }
  const { book, pages, entries, images } = content;
  const waiting = notAccepted(entries);
  if (waiting && !args.draft) {
    return {
      ok: false,
      lines: [
        `Sổ ${book.bookNumber} còn ${waiting}/${entries.length} mục chưa nghiệm thu: không xuất. ` +
          'Dùng --draft để xuất bản nháp.',
      ],
      files: [],
    };
  }
  const draft = waiting > 0;
  const input = exportInputOf(book, pages, entries);
  const stem = `${exportStem(book)}${draft ? '.BAN-NHAP' : ''}`;
  await mkdir(args.out, { recursive: true });
  const lines: string[] = [];
  const files: string[] = [];

  const run = await runExport(input, { file: true });
  const xlsx = join(args.out, `${stem}.xlsx`);
  if (run.file) {
    await writeFile(xlsx, run.file.bytes);
    files.push(xlsx);
    lines.push(`${xlsx}: ${run.entryIds.length} dòng, SHA-256 ${run.file.sha256}`);
  }
  const report = join(args.out, `${stem}.kiem-tra.csv`);
  await writeFile(report, findingsCsv(run.findings, { draft }));
  files.push(report);
  lines.push(`${report}: ${run.findings.length} điểm cần xem`);

  const zipPath = join(args.out, `${stem}.pdf.zip`);
  const handle = await open(zipPath, 'w');
  try {
    const zip = await runPdfZip(input, {
      readPage: (pageId) => Promise.resolve(images.get(pageId)?.image.bytes ?? null),
      encoder: nodePageEncoder,
      write: async (chunk) => {
        await handle.write(chunk);
      },
    });
    lines.push(`${zipPath}: ${zip.members.length} tệp PDF, ${zip.size} byte, SHA-256 ${zip.sha256}`);
  } finally {
    await handle.close();
  }
  files.push(zipPath);
  if (draft) lines.unshift(`BẢN NHÁP: ${waiting}/${entries.length} mục chưa nghiệm thu.`);
  return { ok: true, lines, files };
}

async function main(): Promise<void> {
  let args: ExportArgs;
  try {
    args = parseExportArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n\n${EXPORT_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const out = await exportMain(args);
  for (const line of out.lines) (out.ok ? process.stdout : process.stderr).write(`${line}\n`);
  process.exitCode = out.ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

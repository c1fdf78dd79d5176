/**
 * `npm run prefill -- <files|dirs...> --out preds.json [--password PW] [--workers N] [--type KS|KT|KH|CMC|HN] [--ocr-out DIR]
 *  [--confirmed FILE]`
 *
 * Pre-fills every page of the given scans (JPEG/PNG/TIFF, multi-page PDF; recognised by content) and writes the
 * prediction JSON of DESIGN.md §3.6. Progress and per-file errors go to stderr; exit status 1 when some file
 * failed, 2 on a usage error.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import {
  bookLexiconFrom,
  lexiconSize,
  type BookLexicon,
  type ConfirmedSource,
} from '../domain/lexicons/book-lexicon';
import { isRegisterType } from '../domain/registers';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HIGH_CONFIDENCE, isHighConfidence } from '../domain/fields/confidence';
import { createNodeEngine, defaultWorkerCount } from '../ocr/node';
import { parsePrefillArgs, PREFILL_USAGE, UsageError, type PrefillArgs } from './args';
import { expandInputs } from './inputs';
import { formatSeconds, pageIdOf, pageLabel, toOcrPage, toPredPage, type Predictions } from './output';
import { runPrefill, type RunResult } from './runner';
import { plain, producer } from './version';

export interface PrefillRun {
  run: RunResult;
  predictions: Predictions;
  /** Failed files (paths), including missing arguments. */
  failedFiles: string[];
}

const err = (line: string): void => {
  process.stderr.write(`${plain(line)}\n`);
};

/** The book lexicon from a JSON of confirmed entries (`{ pages: [{ entries: [{ type, fields }] }] }`). */
export async function readConfirmed(path: string): Promise<BookLexicon> {
  const json = JSON.parse(await readFile(path, 'utf8')) as {
    pages?: { entries?: { type?: string; fields?: Record<string, unknown> }[] }[];
  };
  const entries: ConfirmedSource[] = [];
  for (const p of json.pages ?? [])
    for (const e of p.entries ?? []) {
      if (!e.type || !isRegisterType(e.type)) continue;
      const fields: ConfirmedSource['fields'] = {};
      for (const [k, v] of Object.entries(e.fields ?? {}))
        if (typeof v === 'string') fields[k] = { value: v, confirmed: true };
      entries.push({ type: e.type, fields });
    }
  return bookLexiconFrom(entries);
}

export async function prefillMain(args: PrefillArgs): Promise<PrefillRun> {
  const inputs = await expandInputs(args.inputs);
  for (const m of inputs.missing) err(`LỖI: ${m.message}`);
  if (inputs.skipped.length) err(`Bỏ qua ${inputs.skipped.length} tệp phụ (json/txt/ẩn) trong thư mục.`);
  const workers = args.workers ?? defaultWorkerCount();
  const engine = createNodeEngine({ workers });
  if (args.ocrOut) await mkdir(args.ocrOut, { recursive: true });
  const seen = new Map<string, string>();
  for (const f of inputs.files) {
    const b = f.split(/[\\/]/).pop() ?? f;
    if (seen.has(b)) err(`CHÚ Ý: hai tệp cùng tên "${b}" (${seen.get(b)} và ${f}); kết quả chỉ ghi tên tệp.`);
    seen.set(b, f);
  }
  const lexicon = args.confirmed ? await readConfirmed(args.confirmed) : undefined;
  if (lexicon && !args.quiet) err(`Từ điển của sổ: ${lexiconSize(lexicon)} giá trị đã xác nhận.`);
  let run: RunResult;
  try {
    run = await runPrefill({
      files: inputs.files,
      engine,
      lexicon,
      password: args.password,
      type: args.type,
      inFlight: args.inFlight ?? workers + 1,
      onTotal: (n) => {
        if (!args.quiet) err(`${inputs.files.length} tệp, ${n} trang, ${workers} luồng OCR.`);
      },
      onFailure: (f) => err(`LỖI: ${f.message}`),
      onPage: async (p, done, total) => {
        if (!args.quiet) {
          const n = p.result.entries.length;
          const scaled = p.scale < 1 ? `, thu nhỏ ×${p.scale.toFixed(2)}` : '';
          err(
            `[${done}/${total}] ${pageLabel(p.file, p.pdfPage)} ${formatSeconds(p.ms)} (${p.result.type ?? '?'}, ${n} mục${scaled})`,
          );
        }
        if (args.ocrOut) {
          const id = pageIdOf(p.file, p.pdfPage);
          await writeFile(join(args.ocrOut, `${id}.json`), JSON.stringify(toOcrPage(id, p.result, p.ms)));
        }
      },
    });
  } finally {
    await engine.terminate();
  }
  const predictions: Predictions = {
    producer: producer(),
    high_confidence: HIGH_CONFIDENCE,
    pages: run.pages.map((p) => toPredPage(p.file, p.pdfPage, p.result)),
  };
  const failedFiles = [
    ...new Set([...inputs.missing.map((m) => m.path), ...run.failures.map((f) => f.path)]),
  ];
  return { run, predictions, failedFiles };
}

async function main(argv: string[]): Promise<number> {
  let args: PrefillArgs;
  try {
    args = parsePrefillArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      err(PREFILL_USAGE);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(PREFILL_USAGE);
    return 0;
  }
  const { run, predictions, failedFiles } = await prefillMain(args);
  const json = `${JSON.stringify(predictions, null, 1)}\n`;
  if (args.out === '-') process.stdout.write(json);
  else {
    await mkdir(dirname(args.out), { recursive: true });
    await writeFile(args.out, json);
  }
  const perPage = run.pages.length ? run.elapsedMs / run.pages.length : 0;
  const filled = predictions.pages.flatMap((p) =>
    p.entries.flatMap((e) =>
      Object.entries(e.fields)
        .filter(([, v]) => v.trim() !== '')
        .map(([k]) => e.confidence[k] ?? 0),
    ),
  );
  const high = filled.filter(isHighConfidence).length;
  err(
    `Xong: ${run.pages.length}/${run.totalPages} trang trong ${formatSeconds(run.elapsedMs)}` +
      (run.pages.length ? ` (${formatSeconds(perPage)}/trang)` : '') +
      `; ${high}/${filled.length} giá trị có độ tin cậy cao (≥ ${HIGH_CONFIDENCE})` +
      `; ${failedFiles.length} tệp lỗi.` +
      (args.out === '-' ? '' : ` Kết quả: ${args.out}`),
  );
  if (failedFiles.length) {
    err('Các tệp lỗi:');
    for (const f of failedFiles) err(`  - ${f}`);
  }
  return failedFiles.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      err(`LỖI: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 3;
    },
  );
}

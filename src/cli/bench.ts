/**
 * `npm run bench [-- --set DIR [--set DIR2 ...]] [--sequential] [--workers N] [--no-native] [--ocr-rounds N]
 *  [--ocr-cache DIR] [--out FILE]`
 *
 * Pre-fills each set (default ../shared/eval/dev and dev2; images/*.jpg + pdf/*.pdf), scores it with its
 * judge.mjs and reports accuracy (per style, type and layout), CER, how far the confidence can be trusted
 * (`confidence-score.ts`: values shown high, their accuracy, wrong values F2 reaches), seconds per page, peak RSS
 * and — when native `tesseract` is on PATH — native single-thread OCR time vs
 * tesseract.js on the same page images (same model, psm 4; interleaved rounds, median per engine), and native
 * restricted to 128-bit SIMD, the vector width WebAssembly has. Writes .bench/report.json (git-ignored).
 * Timings on a shared machine are noisy; `--sequential` (1 worker, 1 page at a time) gives clean per-page times.
 * `--ocr-cache DIR` replays recorded tesseract output for identical line images (`ocr-cache.ts`; bench only):
 * a run that fills the cache is timed normally, a replayed run's page times measure only the non-OCR work.
 * With several sets, one report per set is written beside `--out` (report-<set>.json, preds-<set>.json).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeImage } from '../image/decode-node';
import { toGray } from '../image/gray';
import { createNodeEngine, defaultWorkerCount, nodeModelDir } from '../ocr/node';
import { HIGH_CONFIDENCE } from '../domain/fields/confidence';
import { accuracyByLayout, confidenceFigures, loadTruth, scoreValues } from './confidence-score';
import { compareNames } from './inputs';
import { CachedOcrEngine } from './ocr-cache';
import { formatSeconds, pageIdOf, pageLabel, toPredPage, type Predictions } from './output';
import { runPrefill, type PageRecord } from './runner';
import { fmt, median, PeakSampler, percentile, table } from './stats';
import { producer } from './version';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface BenchArgs {
  sets: string[];
  ocrCache: string | null;
  sequential: boolean;
  workers: number | undefined;
  native: boolean;
  /** Interleaved native / tesseract.js runs per page in the OCR comparison; each engine's median is used. */
  rounds: number;
  out: string;
}

function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = {
    sets: [],
    ocrCache: null,
    sequential: false,
    workers: undefined,
    native: true,
    rounds: 3,
    out: join(ROOT, '.bench/report.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`missing value for ${f}`);
      return x;
    };
    if (f === '--set') a.sets.push(resolve(v()));
    else if (f === '--ocr-cache') a.ocrCache = resolve(v());
    else if (f === '--sequential') a.sequential = true;
    else if (f === '--workers') a.workers = Number(v());
    else if (f === '--no-native') a.native = false;
    else if (f === '--ocr-rounds') a.rounds = Math.max(1, Number(v()));
    else if (f === '--out') a.out = resolve(v());
    else throw new Error(`unknown option ${f}`);
  }
  if (a.sets.length === 0) {
    a.sets = ['dev', 'dev2'].map((n) => resolve(ROOT, '../shared/eval', n)).filter((d) => existsSync(d));
  }
  return a;
}

const log = (s: string): void => void process.stderr.write(`${s}\n`);
const MB = 1024 * 1024;

/** Whether a command is on PATH (not by running it: `pdftoppm --version` exits non-zero). */
function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

interface Manifest {
  pages: {
    page_id: string;
    file: string;
    pdf_page: number | null;
    dpi?: number;
    style?: string;
    register_type?: string;
    variant?: string;
  }[];
}

interface NativePage {
  id: string;
  image: string;
  dpi: number;
  nativeMs: number;
  /** Native restricted to 128-bit SIMD (`dotproduct=sse`): the vector width WebAssembly has. */
  native128Ms: number;
  jsMs: number;
}

/** Native `tesseract` (1 thread) vs one warm tesseract.js worker, psm 4, same model and images. */
async function compareOcr(
  setDir: string,
  jpgs: string[],
  pdfs: string[],
  manifest: Manifest | null,
  rounds: number,
): Promise<{ pages: NativePage[]; startupMs: number; notes: string[] }> {
  const notes: string[] = [];
  const tmp = await mkdtemp(join(tmpdir(), 'sohoa-bench-'));
  try {
    await writeFile(
      join(tmp, 'vie.traineddata'),
      gunzipSync(readFileSync(join(nodeModelDir(), 'vie.traineddata.gz'))),
    );
    const dpiOf = (id: string): number => manifest?.pages.find((p) => p.page_id === id)?.dpi ?? 300;
    const images: { id: string; path: string; dpi: number }[] = jpgs.map((p) => {
      const id = pageIdOf(basename(p));
      return { id, path: p, dpi: dpiOf(id) };
    });
    if (pdfs.length && onPath('pdftoppm')) {
      for (const pdf of pdfs) {
        const stem = basename(pdf).replace(/\.pdf$/i, '');
        const ids = (manifest?.pages ?? []).filter((p) => p.file.endsWith(basename(pdf)));
        const dpi = ids[0]?.dpi ?? 300;
        execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', pdf, join(tmp, stem)]);
        const outs = (await readdir(tmp))
          .filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.png'))
          .sort(compareNames);
        outs.forEach((f, i) =>
          images.push({
            id: pageIdOf(basename(pdf), i + 1),
            path: join(tmp, f),
            dpi: dpiOf(pageIdOf(basename(pdf), i + 1)),
          }),
        );
      }
      notes.push('PDF pages rasterised with pdftoppm at the manifest dpi (gray PNG) for both engines.');
    } else if (pdfs.length) {
      notes.push('pdftoppm not on PATH: PDF pages skipped in the native comparison.');
    }
    const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
    const native = (img: string, dpi?: number, simd128 = false): number => {
      const t = performance.now();
      // Same parameters as the app's engine (src/ocr/tesseract-engine.ts): no inverted re-reading.
      const args = [img, '-', '--tessdata-dir', tmp, '-l', 'vie', '--psm', '4', '-c', 'tessedit_do_invert=0'];
      if (simd128) args.push('-c', 'dotproduct=sse');
      if (dpi) args.push('--dpi', String(dpi));
      const r = spawnSync('tesseract', args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
      if (r.status !== 0) throw new Error(`tesseract failed on ${img}`);
      return performance.now() - t;
    };
    // Process start + model load, measured on a tiny blank image, reported so it can be discounted.
    const blank = join(tmp, 'blank.pgm');
    await writeFile(blank, Buffer.concat([Buffer.from('P5\n64 32\n255\n'), Buffer.alloc(64 * 32, 255)]));
    const startupMs = median([native(blank), native(blank), native(blank)]);

    const engine = createNodeEngine({ workers: 1, recycleAfter: 1000 });
    const pages: NativePage[] = [];
    try {
      const first = images[0];
      if (first) {
        // Warm-up (worker start, model load, parameters) — not counted.
        const g = toGray(decodeImage(new Uint8Array(readFileSync(first.path))));
        await engine.recognize(g, { psm: 'single_column', dpi: first.dpi });
      }
      for (const img of images) {
        const gray = toGray(decodeImage(new Uint8Array(readFileSync(img.path))));
        // Interleaved rounds, so a slow spell of this shared machine hits both engines alike.
        const n: number[] = [];
        const n128: number[] = [];
        const js: number[] = [];
        for (let r = 0; r < rounds; r++) {
          n.push(native(img.path, img.dpi));
          const t = performance.now();
          await engine.recognize(gray, { psm: 'single_column', dpi: img.dpi });
          js.push(performance.now() - t);
          n128.push(native(img.path, img.dpi, true));
        }
        const page: NativePage = {
          id: img.id,
          image: img.path.startsWith(tmp) ? basename(img.path) : img.path,
          dpi: img.dpi,
          nativeMs: median(n),
          native128Ms: median(n128),
          jsMs: median(js),
        };
        pages.push(page);
        log(
          `  ocr ${img.id}: native ${formatSeconds(page.nativeMs)} (128-bit SIMD ${formatSeconds(page.native128Ms)}), tesseract.js ${formatSeconds(page.jsMs)}`,
        );
      }
    } finally {
      await engine.terminate();
    }
    return { pages, startupMs, notes };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

interface JudgeStats {
  fields: number;
  field_accuracy: number;
  value_cer: number;
}
interface JudgeReport {
  overall: JudgeStats;
  by_style: Record<string, JudgeStats>;
  by_type: Record<string, JudgeStats>;
  by_page: Record<string, JudgeStats>;
  missing_entries: number;
  extra_entries: number;
  pages_without_prediction: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const outDir = resolve(args.out, '..');
  await mkdir(outDir, { recursive: true });
  const reports: unknown[] = [];
  for (const set of args.sets) {
    const name = basename(set);
    const out = args.sets.length > 1 ? join(outDir, `report-${name}.json`) : args.out;
    const pred = args.sets.length > 1 ? join(outDir, `preds-${name}.json`) : join(outDir, 'preds.json');
    reports.push(await benchSet(args, set, out, pred));
  }
  if (args.sets.length > 1) await writeFile(args.out, `${JSON.stringify({ sets: reports }, null, 1)}\n`);
}

async function benchSet(args: BenchArgs, set: string, out: string, predPath: string): Promise<unknown> {
  const outDir = resolve(out, '..');
  const list = async (dir: string, ext: RegExp): Promise<string[]> =>
    existsSync(dir)
      ? (await readdir(dir))
          .filter((f) => ext.test(f))
          .sort(compareNames)
          .map((f) => join(dir, f))
      : [];
  const jpgs = await list(join(set, 'images'), /\.jpe?g$/i);
  const pdfs = await list(join(set, 'pdf'), /\.pdf$/i);
  const manifestPath = join(set, 'manifest.json');
  const manifest = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest)
    : null;
  const workers = args.sequential ? 1 : (args.workers ?? defaultWorkerCount());
  const inFlight = args.sequential ? 1 : workers + 1;
  log(
    `bench: ${jpgs.length} images + ${pdfs.length} PDFs from ${set}; ${workers} worker(s), ${inFlight} page(s) in flight`,
  );

  const rss = new PeakSampler(() => process.memoryUsage().rss).start(100);
  const tess = createNodeEngine({ workers });
  const cache = args.ocrCache ? new CachedOcrEngine(tess, args.ocrCache) : null;
  const engine = cache ?? tess;
  let run;
  try {
    run = await runPrefill({
      files: [...jpgs, ...pdfs],
      engine,
      inFlight,
      onFailure: (f) => log(`LỖI: ${f.message}`),
      onPage: (p, done, total) =>
        log(`[${done}/${total}] ${pageLabel(p.file, p.pdfPage)} ${formatSeconds(p.ms)}`),
    });
  } finally {
    await engine.terminate();
  }
  const prefillPeakRss = rss.peak;

  const predictions: Predictions = {
    producer: producer(),
    high_confidence: HIGH_CONFIDENCE,
    pages: run.pages.map((p) => toPredPage(p.file, p.pdfPage, p.result)),
  };
  const judgePath = join(outDir, `judge-${basename(set)}.json`);
  await writeFile(predPath, JSON.stringify(predictions, null, 1));
  const judgeScript = resolve(set, '../judge.mjs');
  execFileSync(
    process.execPath,
    [judgeScript, '--truth', set, '--pred', predPath, '--json', judgePath, '--quiet'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const judge = JSON.parse(readFileSync(judgePath, 'utf8')) as JudgeReport;
  const byId = new Map<string, PageRecord>(run.pages.map((p) => [pageIdOf(p.file, p.pdfPage), p]));
  const layouts = accuracyByLayout(judge.by_page, manifest);
  const scored = scoreValues(loadTruth(set), predictions);
  const conf = confidenceFigures(scored, HIGH_CONFIDENCE);
  // Every scored value with the calibration's inputs, for scripts/fit-confidence.ts.
  await writeFile(
    join(outDir, `fields-${basename(set)}.json`),
    JSON.stringify(
      scored.map((v) => ({
        ...v,
        features: byId.get(v.page)?.result.entries[v.entry]?.fields[v.key]?.evidence?.features ?? null,
      })),
    ),
  );
  const confByStyle = Object.fromEntries(
    [...new Set(scored.map((v) => v.style))].sort().map((st) => [
      st,
      confidenceFigures(
        scored.filter((v) => v.style === st),
        HIGH_CONFIDENCE,
      ),
    ]),
  );

  const pageMs = run.pages.map((p) => p.ms);

  let ocr: Awaited<ReturnType<typeof compareOcr>> | null = null;
  const notes: string[] = [
    'Timings are wall-clock on a shared 2-core machine; other sessions add noise.',
    args.sequential
      ? 'Sequential mode: 1 OCR worker, one page at a time; per-page times are clean.'
      : `Concurrent mode: per-page times include waiting for shared OCR workers; throughput = elapsed / pages.`,
  ];
  if (args.native && onPath('tesseract')) {
    log('native tesseract vs tesseract.js (psm 4, 1 thread each)...');
    rss.reset();
    ocr = await compareOcr(set, jpgs, pdfs, manifest, args.rounds);
    notes.push(...ocr.notes);
  } else {
    notes.push(
      args.native
        ? 'native tesseract not on PATH: comparison skipped.'
        : 'native comparison disabled (--no-native).',
    );
  }
  const overallPeakRss = Math.max(prefillPeakRss, rss.stop());

  const nativeMs = ocr ? ocr.pages.map((p) => p.nativeMs) : [];
  const nativeNetMs = ocr ? ocr.pages.map((p) => Math.max(1, p.nativeMs - ocr.startupMs)) : [];
  const jsMs = ocr ? ocr.pages.map((p) => p.jsMs) : [];
  const prefillOnSame = ocr ? ocr.pages.map((p) => byId.get(p.id)?.ms ?? NaN) : [];
  const ratioJs = ocr ? median(ocr.pages.map((p) => p.jsMs / p.nativeMs)) : NaN;
  const ratioJs128 = ocr ? median(ocr.pages.map((p) => p.jsMs / p.native128Ms)) : NaN;
  const ratioJsNet = ocr
    ? median(ocr.pages.map((p) => p.jsMs / Math.max(1, p.nativeMs - ocr.startupMs)))
    : NaN;
  const ratioPrefill = ocr
    ? median(ocr.pages.map((p, i) => (prefillOnSame[i] ?? NaN) / p.nativeMs).filter((x) => !Number.isNaN(x)))
    : NaN;
  const throughputMs = run.pages.length ? run.elapsedMs / run.pages.length : NaN;
  const ratioThroughput = ocr ? throughputMs / median(nativeMs) : NaN;

  const s = (x: number): string => fmt(x / 1000, 2);
  const pct = (x: number, d = 1): string => (Number.isNaN(x) ? '-' : `${(x * 100).toFixed(d)} %`);
  const acc = (st?: JudgeStats): string => (st ? `${fmt(st.field_accuracy)} (${st.fields})` : '-');
  const rows: string[][] = [
    ['metric', 'value'],
    ['field accuracy overall (fields)', acc(judge.overall)],
    ['  printed', acc(judge.by_style['printed'])],
    ['  handwriting-like', acc(judge.by_style['handwritten_like'])],
    ...Object.keys(judge.by_type)
      .sort()
      .map((t) => [`  ${t}`, acc(judge.by_type[t])]),
    ...Object.entries(layouts).map(([k, v]) => [`  ${k}`, `${fmt(v.accuracy)} (${v.fields})`]),
    ['value CER', fmt(judge.overall.value_cer, 4)],
    [`values shown high (confidence ≥ ${HIGH_CONFIDENCE})`, pct(conf.shownHigh)],
    ['  accuracy of values shown high', pct(conf.highAccuracy, 2)],
    [`  wrong values F2 reaches (not shown high; ${conf.wrong} wrong)`, pct(conf.f2Reach)],
    ...Object.entries(confByStyle).map(([st, c]) => [
      `  ${st}: shown high / right / F2 reaches`,
      `${pct(c.shownHigh)} / ${pct(c.highAccuracy, 2)} / ${pct(c.f2Reach)}`,
    ]),
    ['entries missing / extra', `${judge.missing_entries} / ${judge.extra_entries}`],
    ['pages done / total / failed', `${run.pages.length} / ${run.totalPages} / ${run.failures.length}`],
    [`s/page median (${args.sequential ? 'sequential' : 'concurrent'})`, s(median(pageMs))],
    ['s/page p90', s(percentile(pageMs, 90))],
    ['s/page throughput (elapsed/pages)', s(throughputMs)],
    ['elapsed prefill (s)', s(run.elapsedMs)],
    ...(cache ? [['OCR cache hits / misses', `${cache.hits} / ${cache.misses}`]] : []),
    ['peak RSS prefill (MB)', fmt(prefillPeakRss / MB, 0)],
    ['peak RSS whole bench (MB)', fmt(overallPeakRss / MB, 0)],
  ];
  if (ocr) {
    rows.push(
      [`native OCR s/page median (${ocr.pages.length} pages, 1 thread)`, s(median(nativeMs))],
      ['  native process start + model load (s)', s(ocr.startupMs)],
      ['  native net of start-up, median (s)', s(median(nativeNetMs))],
      ['tesseract.js OCR s/page median (warm)', s(median(jsMs))],
      ['ratio tesseract.js / native (median per page)', fmt(ratioJs, 2)],
      ['  ... / native net of start-up', fmt(ratioJsNet, 2)],
      ['  ... / native at 128-bit SIMD, as WebAssembly (dotproduct=sse)', fmt(ratioJs128, 2)],
      ['ratio pre-fill page / native OCR (median per page)', fmt(ratioPrefill, 2)],
      ['ratio pre-fill throughput / native OCR median', fmt(ratioThroughput, 2)],
    );
  }
  const report = {
    producer: producer(),
    date: new Date().toISOString(),
    set,
    high_confidence: HIGH_CONFIDENCE,
    confidence: { ...conf, by_style: confByStyle },
    accuracy_by_layout: layouts,
    ocr_cache: cache ? { dir: args.ocrCache, hits: cache.hits, misses: cache.misses } : null,
    mode: args.sequential ? 'sequential' : 'concurrent',
    workers,
    inFlight,
    cpus: (await import('node:os')).availableParallelism(),
    accuracy: {
      overall: judge.overall,
      by_style: judge.by_style,
      by_type: judge.by_type,
      missing_entries: judge.missing_entries,
      extra_entries: judge.extra_entries,
      pages_without_prediction: judge.pages_without_prediction,
    },
    timing: {
      elapsed_ms: Math.round(run.elapsedMs),
      page_ms_median: median(pageMs),
      page_ms_p90: percentile(pageMs, 90),
      throughput_ms_per_page: throughputMs,
      pages: run.pages.map((p) => ({
        id: pageIdOf(p.file, p.pdfPage),
        ms: Math.round(p.ms),
        load_ms: Math.round(p.loadMs),
        stages: p.result.ms,
        accuracy: judge.by_page[pageIdOf(p.file, p.pdfPage)]?.field_accuracy ?? null,
      })),
    },
    memory: {
      peak_rss_prefill_mb: Math.round(prefillPeakRss / MB),
      peak_rss_overall_mb: Math.round(overallPeakRss / MB),
    },
    native: ocr
      ? {
          psm: 4,
          startup_ms: Math.round(ocr.startupMs),
          native_ms_median: median(nativeMs),
          native_net_ms_median: median(nativeNetMs),
          tesseractjs_ms_median: median(jsMs),
          ratio_tesseractjs_native: ratioJs,
          ratio_tesseractjs_native_net: ratioJsNet,
          ratio_tesseractjs_native_128bit_simd: ratioJs128,
          rounds: args.rounds,
          ratio_prefill_native: ratioPrefill,
          ratio_prefill_throughput_native: ratioThroughput,
          pages: ocr.pages.map((p, i) => ({
            id: p.id,
            dpi: p.dpi,
            native_ms: Math.round(p.nativeMs),
            native_128bit_simd_ms: Math.round(p.native128Ms),
            tesseractjs_ms: Math.round(p.jsMs),
            prefill_ms: Math.round(prefillOnSame[i] ?? NaN),
          })),
        }
      : null,
    failures: run.failures,
    notes,
  };
  if (cache?.hits) notes.push('OCR replayed from the cache: page times exclude most OCR work.');
  await writeFile(out, `${JSON.stringify(report, null, 1)}\n`);
  process.stdout.write(
    `\n== ${basename(set)} ==\n${table(rows)}\n\n${notes.map((n) => `* ${n}`).join('\n')}\nreport: ${out}\n`,
  );
  if (run.failures.length) process.exitCode = 1;
  return report;
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 3;
});

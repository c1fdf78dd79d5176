/**
 * `node --import tsx scripts/fit-confidence.ts FIT.json[,FIT2.json] [CHECK.json ...]` (env LAMBDA, THR, SHOW)
 *
 * Fits the calibrated confidence (src/extract/calibrate.ts): an L2-regularised logistic regression of "the value
 * is exactly right" on the features `npm run bench` dumps per scored value (.bench/fields-<set>.json; filled
 * predicted values only), on the FIT dumps (comma-separated), and prints the weights to paste into calibrate.ts.
 * Then, for FIT and each CHECK dump, prints per threshold the share of values shown high, their accuracy and the share of wrong
 * values F2 reaches, the way the bench counts them (every scored value; empty ones never high).
 */
import { readFileSync } from 'node:fs';
import { calibratedConfidence, CONFIDENCE_FEATURES } from '../src/extract/calibrate';

interface Row {
  page: string;
  style: string;
  key: string;
  pred: string;
  truth: string;
  correct: boolean;
  features: number[] | null;
}

const [fitPath, ...checkPaths] = process.argv.slice(2);
if (!fitPath) throw new Error('usage: fit-confidence.ts FIT.json [CHECK.json ...]');
const load = (p: string): Row[] => JSON.parse(readFileSync(p, 'utf8')) as Row[];

/** Solves A x = b (Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const d = M[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((r, i) => (Math.abs(r[i]!) < 1e-12 ? 0 : r[n]! / r[i]!));
}

/** IRLS (Newton) for logistic regression with an L2 penalty (not on the bias). */
function fit(X: number[][], y: number[], lambda: number): number[] {
  const d = X[0]?.length ?? 0;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < 50; it++) {
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const g = new Array<number>(d).fill(0);
    X.forEach((x, i) => {
      const p = calibratedConfidence(x, w);
      const r = p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a]! += (p - y[i]!) * x[a]!;
        for (let b = 0; b < d; b++) H[a]![b]! += r * x[a]! * x[b]!;
      }
    });
    for (let a = 1; a < d; a++) {
      g[a]! += lambda * w[a]!;
      H[a]![a]! += lambda;
    }
    const step = solve(H, g);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  return w;
}

const fitAll = fitPath.split(',').flatMap(load);
const fitRows = fitAll.filter((r) => r.features);
const weights = fit(
  fitRows.map((r) => r.features as number[]),
  fitRows.map((r) => (r.correct ? 1 : 0)),
  Number(process.env['LAMBDA'] ?? 1),
);
process.stdout.write(
  `weights (${CONFIDENCE_FEATURES.join(', ')}):\n[${weights.map((w) => w.toFixed(3)).join(', ')}]\n`,
);

function report(name: string, rows: Row[]): void {
  const conf = rows.map((r) => (r.features && r.pred ? calibratedConfidence(r.features, weights) : 0));
  const wrong = rows.filter((r) => !r.correct).length;
  process.stdout.write(`\n${name}: ${rows.length} values, ${wrong} wrong\n  thr   high   right   F2\n`);
  for (const t of [0.8, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.99]) {
    const high = rows.filter((_, i) => (conf[i] ?? 0) >= t);
    const hr = high.filter((r) => r.correct).length;
    const wrongHigh = high.length - hr;
    process.stdout.write(
      `  ${t.toFixed(2)}  ${((100 * high.length) / rows.length).toFixed(1)}  ${((100 * hr) / Math.max(1, high.length)).toFixed(2)}  ${((100 * (wrong - wrongHigh)) / Math.max(1, wrong)).toFixed(1)}\n`,
    );
  }
  const styles = [...new Set(rows.map((r) => r.style))];
  for (const st of styles) {
    const idx = rows.map((r, i) => (r.style === st ? i : -1)).filter((i) => i >= 0);
    const w = idx.filter((i) => !rows[i]!.correct).length;
    const t = Number(process.env['THR'] ?? 0.95);
    const hi = idx.filter((i) => (conf[i] ?? 0) >= t);
    const hr = hi.filter((i) => rows[i]!.correct).length;
    process.stdout.write(
      `  ${st} @${t}: high ${((100 * hi.length) / idx.length).toFixed(1)} right ${((100 * hr) / Math.max(1, hi.length)).toFixed(2)} F2 ${((100 * (w - (hi.length - hr))) / Math.max(1, w)).toFixed(1)}\n`,
    );
  }
  if (process.env['SHOW']) {
    const t = Number(process.env['THR'] ?? 0.95);
    for (const [i, r] of rows.entries())
      if (!r.correct && (conf[i] ?? 0) >= t)
        process.stdout.write(
          `    wrong-high ${r.page} ${r.key} ${(conf[i] ?? 0).toFixed(3)} "${r.pred}" ≠ "${r.truth}" [${r.features?.map((v) => v.toFixed(2)).join(' ')}]\n`,
        );
  }
}
report(fitPath, fitAll);
for (const p of checkPaths) report(p, load(p));

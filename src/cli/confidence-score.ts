/**
 * Benchmark scoring beyond the judge: how far the confidence can be trusted, and accuracy per layout.
 *
 * Field values are scored as `../shared/eval/judge.mjs` scores them (NFC + whitespace folding, exact match; entries
 * matched per page by best field overlap, exhaustive search), then split by whether the value is **shown high**:
 * a non-empty predicted value whose confidence is ≥ the predictions' `high_confidence` (an empty value is never
 * high: the form shows it empty and F2 visits it). Reported per set: the share of values shown high, their
 * accuracy, and the share of the wrong values F2 reaches (= wrong values not shown high). Extra predicted entries
 * count their filled values as wrong, as in the judge.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Predictions } from './output';

const norm = (s: unknown): string =>
  (typeof s === 'string' ? s : '').normalize('NFC').replace(/\s+/g, ' ').trim();

function lev(a: string, b: string): number {
  const A = Array.from(a);
  const B = Array.from(b);
  if (!A.length) return B.length;
  if (!B.length) return A.length;
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      cur[j] = Math.min(
        (prev[j - 1] as number) + (A[i - 1] === B[j - 1] ? 0 : 1),
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
      );
    }
    prev = cur;
  }
  return prev[B.length] as number;
}

interface TruthEntry {
  type: string;
  fields: Record<string, { value: string }>;
}
interface TruthPage {
  schema: string;
  page_id: string;
  file: string;
  pdf_page: number | null;
  style: string;
  entries: TruthEntry[];
}
interface PredEntryLike {
  type?: string;
  fields?: Record<string, string>;
  confidence?: Record<string, number>;
}

/** One scored value: the material of every confidence figure (also used to fit the calibration). */
export interface ScoredValue {
  page: string;
  /** Index of the predicted entry on its page (-1: no entry matched this truth entry). */
  entry: number;
  style: string;
  key: string;
  truth: string;
  pred: string;
  confidence: number;
  correct: boolean;
}

export function loadTruth(setDir: string): TruthPage[] {
  const dir = join(setDir, 'truth');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as TruthPage)
    .filter((t) => t.schema === 'vn-civreg-truth/2');
}

function entrySim(t: TruthEntry, p: PredEntryLike): number {
  let s = 0;
  for (const [k, f] of Object.entries(t.fields)) {
    const tv = norm(f.value);
    const pv = norm(p.fields?.[k]);
    if (!tv || !pv) continue;
    if (pv === tv) s += 1;
    s += 0.1 * Math.max(0, 1 - lev(pv, tv) / Math.max(Array.from(tv).length, Array.from(pv).length));
  }
  return s;
}

function assign(T: TruthEntry[], P: PredEntryLike[]): number[] {
  const sim = T.map((t) => P.map((p) => entrySim(t, p)));
  let best = { score: -1, map: T.map(() => -1) };
  const used = P.map(() => false);
  const map = T.map(() => -1);
  const rec = (i: number, score: number): void => {
    if (i === T.length) {
      if (score > best.score) best = { score, map: map.slice() };
      return;
    }
    map[i] = -1;
    rec(i + 1, score);
    for (let j = 0; j < P.length; j++) {
      const s = sim[i]?.[j] ?? 0;
      if (used[j] || s <= 0) continue;
      used[j] = true;
      map[i] = j;
      rec(i + 1, score + s);
      used[j] = false;
      map[i] = -1;
    }
  };
  rec(0, 0);
  return best.map;
}

/** Every truth field of every page (and every filled field of an extra predicted entry), scored. */
export function scoreValues(truth: TruthPage[], pred: Predictions): ScoredValue[] {
  const byKey = new Map<string, PredEntryLike[]>();
  for (const p of pred.pages as { file: string; pdf_page?: number; entries: PredEntryLike[] }[]) {
    const k = `${p.file.split('/').pop() ?? p.file}#${p.pdf_page ?? ''}`;
    byKey.set(k, [...(byKey.get(k) ?? []), ...p.entries]);
  }
  const out: ScoredValue[] = [];
  for (const t of truth) {
    const P = byKey.get(`${t.file.split('/').pop() ?? t.file}#${t.pdf_page ?? ''}`) ?? [];
    const map = assign(t.entries, P);
    t.entries.forEach((te, i) => {
      const pe = (map[i] ?? -1) >= 0 ? P[map[i] as number] : undefined;
      for (const [key, f] of Object.entries(te.fields)) {
        const tv = norm(f.value);
        const pv = norm(pe?.fields?.[key]);
        const confidence = pv ? (pe?.confidence?.[key] ?? 0) : 0;
        out.push({
          page: t.page_id,
          entry: map[i] ?? -1,
          style: t.style,
          key,
          truth: tv,
          pred: pv,
          confidence,
          correct: tv === pv,
        });
      }
    });
    const used = new Set(map.filter((j) => j >= 0));
    P.forEach((pe, j) => {
      if (used.has(j)) return;
      for (const [key, v] of Object.entries(pe.fields ?? {})) {
        const pv = norm(v);
        if (pv)
          out.push({
            page: t.page_id,
            entry: j,
            style: t.style,
            key,
            truth: '',
            pred: pv,
            confidence: pe.confidence?.[key] ?? 0,
            correct: false,
          });
      }
    });
  }
  return out;
}

export interface ConfidenceFigures {
  values: number;
  /** Share of all values shown high. */
  shownHigh: number;
  /** Accuracy of the values shown high. */
  highAccuracy: number;
  wrong: number;
  /** Share of wrong values not shown high (F2 reaches them). */
  f2Reach: number;
}

export function confidenceFigures(values: readonly ScoredValue[], high: number): ConfidenceFigures {
  const shown = values.filter((v) => v.pred !== '' && v.confidence >= high);
  const wrong = values.filter((v) => !v.correct);
  const wrongHigh = wrong.filter((v) => v.pred !== '' && v.confidence >= high).length;
  return {
    values: values.length,
    shownHigh: values.length ? shown.length / values.length : NaN,
    highAccuracy: shown.length ? shown.filter((v) => v.correct).length / shown.length : NaN,
    wrong: wrong.length,
    f2Reach: wrong.length ? (wrong.length - wrongHigh) / wrong.length : NaN,
  };
}

/** Field accuracy per (style, layout variant) from the judge's per-page figures and the set's manifest. */
export function accuracyByLayout(
  byPage: Record<string, { fields: number; field_accuracy: number | null }>,
  manifest: { pages: { page_id: string; style?: string; variant?: string }[] } | null,
): Record<string, { fields: number; accuracy: number }> {
  const acc = new Map<string, { fields: number; correct: number }>();
  for (const p of manifest?.pages ?? []) {
    const s = byPage[p.page_id];
    if (!s) continue;
    const k = `${p.style ?? '?'}/${p.variant ?? '?'}`;
    const a = acc.get(k) ?? { fields: 0, correct: 0 };
    a.fields += s.fields;
    a.correct += Math.round((s.field_accuracy ?? 0) * s.fields);
    acc.set(k, a);
  }
  return Object.fromEntries(
    [...acc.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, a]) => [k, { fields: a.fields, accuracy: a.fields ? a.correct / a.fields : NaN }]),
  );
}

/**
 * Calibrated field confidence: the probability that a pre-filled value is exactly right, from the evidence
 * gathered while it was read — OCR word confidences (mean and lowest), how well it fits its kind, whether
 * post-processing changed what OCR read (and whether only its tone marks), whether it comes from a second
 * reading, validation warnings, non-syllables left in it, its kind and length, and how handwriting-like the
 * page reads (the median OCR confidence of the page's values). A logistic model over general features only:
 * nothing in it names a value, a font or a set. The weights are fitted on the recorded readings of the public sets
 * (`scripts/fit-confidence.ts` over `npm run bench` field dumps; see WEIGHTS).
 *
 * `HIGH_CONFIDENCE` (domain/fields/confidence.ts) is then a probability: values at or above it are shown high.
 * Blank values keep their own confidence (the form shows them empty, never high).
 */
import type { RegisterDef, ValueKind } from '../domain/registers/types';
import { fitsKind } from './fits-kind';
import { isSyllable } from './syllables';
import type { EntryDraft, FieldDraft } from './types';

export const CONFIDENCE_FEATURES = [
  'bias',
  'score',
  'ocrMean',
  'ocrMin',
  'unfit',
  'corrected',
  'toneOnly',
  'reread',
  'warned',
  'nonSyllable',
  'misfit',
  'page',
  'pageLow',
  'pageScore',
  'pageCorrected',
  'pageTrouble',
  'numericUnsure',
  'entryEmpty',
  'agreed',
  'disagreed',
  'pageDisagree',
  'numeric',
  'closed',
  'name',
  'place',
  'words',
] as const;

/**
 * Fitted by scripts/fit-confidence.ts (λ = 1) on the bench dumps of dev and dev2 together, in the order of
 * CONFIDENCE_FEATURES. Fitted on one set alone and checked on the other, dev2 → dev held (100 % of values shown
 * high right at 0.95) but dev → dev2 did not (95 %): dev's hands read too well to teach where OCR is sure and wrong.
 */
const WEIGHTS: readonly number[] = [
  -2.233, 1.885, -0.659, 1.232, -1.558, 0.045, -0.259, 0.302, 0.855, -2.205, -2.968, 0.158, 0.692, 2.463,
  -0.549, -1.1, 1.939, -3.538, 0.482, -1.008, -2.241, 0.47, 2.105, -0.688, -1.914, 1.063,
];

const NUMERIC: ReadonlySet<ValueKind> = new Set([
  'number',
  'book_number',
  'date',
  'year_or_date',
  'id_number',
  'time',
]);
const CLOSED: ReadonlySet<ValueKind> = new Set(['sex', 'ethnicity', 'nationality', 'relation']);
const LETTERED: ReadonlySet<ValueKind> = new Set(['name', 'place', 'text', 'date_words']);

/** Letters and digits only, keeping marks: what a correction changed beyond spacing and punctuation. */
const core = (s: string): string =>
  s
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
/** Letters without any mark (tones, hats, horns, đ folded). */
const bare = (s: string): string => core(s).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** How the page as a whole reads: crisp print reads sure and needs no repairs, handwriting-like hands do not. */
export interface PageReading {
  /** Median OCR confidence of the page's filled values. */
  median: number;
  /** Mean rule-based confidence of the page's filled values. */
  score: number;
  /** Share of the page's filled values that post-processing changed. */
  corrected: number;
  /** Share of the page's filled values with a warning, a misfit to their kind or a non-syllable. */
  trouble: number;
  /** Share of the page's values read twice whose two readings differ (reading instability of the hand). */
  disagree: number;
}

const changedByRules = (f: FieldDraft): boolean => core(f.value) !== core(f.ocrText);

function troubled(kind: ValueKind, f: FieldDraft): boolean {
  return f.warnings.length > 0 || !fitsKind(kind, f.value) || nonSyllableShare(kind, f.value) > 0;
}

function nonSyllableShare(kind: ValueKind, value: string): number {
  if (!LETTERED.has(kind)) return 0;
  const words = value
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}]/gu, ''))
    .filter(Boolean);
  return words.length ? words.filter((w) => !isSyllable(w)).length / words.length : 0;
}

export function pageReading(reg: RegisterDef, entries: readonly EntryDraft[]): PageReading {
  const ocr: number[] = [];
  let score = 0;
  let corrected = 0;
  let trouble = 0;
  let checked = 0;
  let disagree = 0;
  for (const e of entries)
    for (const fd of reg.fields) {
      const f = e.fields[fd.key];
      if (!f?.value) continue;
      ocr.push(f.evidence?.ocrMean ?? f.confidence);
      score += f.evidence?.score ?? f.confidence;
      if (changedByRules(f)) corrected++;
      if (troubled(fd.kind, f)) trouble++;
      if (f.evidence?.agree !== undefined) {
        checked++;
        if (!f.evidence.agree) disagree++;
      }
    }
  const n = ocr.length;
  return n
    ? {
        median: median(ocr),
        score: score / n,
        corrected: corrected / n,
        trouble: trouble / n,
        disagree: checked ? disagree / checked : 0,
      }
    : { median: 0.9, score: 0.9, corrected: 0, trouble: 0, disagree: 0 };
}

export function confidenceFeatures(
  kind: ValueKind,
  f: FieldDraft,
  pg: PageReading,
  entryEmpty = 0,
): number[] {
  const ev = f.evidence ?? { ocrMean: f.confidence, ocrMin: f.confidence, fit: 1, reread: false };
  const changed = changedByRules(f);
  const toneOnly = changed && bare(f.value) === bare(f.ocrText);
  const words = f.value.split(/\s+/).filter(Boolean);
  const nonSyllable = nonSyllableShare(kind, f.value);
  const x: Record<(typeof CONFIDENCE_FEATURES)[number], number> = {
    bias: 1,
    score: ev.score ?? f.confidence,
    ocrMean: ev.ocrMean,
    ocrMin: ev.ocrMin,
    unfit: 1 - Math.min(1, ev.fit),
    corrected: changed && !toneOnly ? 1 : 0,
    toneOnly: toneOnly ? 1 : 0,
    reread: ev.reread ? 1 : 0,
    warned: f.warnings.length ? 1 : 0,
    nonSyllable,
    misfit: fitsKind(kind, f.value) ? 0 : 1,
    page: pg.median,
    pageLow: Math.max(0, 0.85 - pg.median),
    pageScore: pg.score,
    pageCorrected: pg.corrected,
    pageTrouble: pg.trouble,
    numericUnsure: NUMERIC.has(kind) ? 1 - pg.score : 0,
    entryEmpty,
    agreed: ev.agree === true ? 1 : 0,
    disagreed: ev.agree === false ? 1 : 0,
    pageDisagree: pg.disagree,
    numeric: NUMERIC.has(kind) ? 1 : 0,
    closed: CLOSED.has(kind) ? 1 : 0,
    name: kind === 'name' ? 1 : 0,
    place: kind === 'place' ? 1 : 0,
    words: Math.log1p(words.length),
  };
  return CONFIDENCE_FEATURES.map((k) => x[k]);
}

export function calibratedConfidence(features: readonly number[], weights = WEIGHTS): number {
  let z = 0;
  features.forEach((v, i) => (z += v * (weights[i] ?? 0)));
  return 1 / (1 + Math.exp(-z));
}

/**
 * Replaces the rule-based confidence of every filled value of the page's entries by the calibrated one; the
 * rule-based score and the features stay in `evidence`.
 */
export function calibrateEntries(reg: RegisterDef, entries: readonly EntryDraft[]): void {
  for (const e of entries)
    for (const f of Object.values(e.fields)) if (f.value && f.evidence) f.evidence.score ??= f.confidence;
  const page = pageReading(reg, entries);
  for (const e of entries) {
    const filled = reg.fields.filter((fd) => e.fields[fd.key]?.value).length;
    const entryEmpty = 1 - filled / Math.max(1, reg.fields.length);
    for (const fd of reg.fields) {
      const f = e.fields[fd.key];
      if (!f?.value) continue;
      const ev = f.evidence ?? { ocrMean: f.confidence, ocrMin: f.confidence, fit: 1, reread: false };
      f.evidence = { ...ev, score: ev.score ?? f.confidence };
      const features = confidenceFeatures(fd.kind, f, page, entryEmpty);
      f.evidence.features = features;
      f.confidence = Math.round(calibratedConfidence(features) * 1000) / 1000;
    }
  }
}

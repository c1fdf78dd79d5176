/**
 * Acceptance sampling of a book (nghiệm thu): ISO 2859-1 single sampling plans, normal inspection, general
 * inspection level II; a seeded draw of the sample; the accept / reject decision.
 *
 * Tables: ISO 2859-1:1999 Table 1 (sample size code letters, column "II") and Table 2-A (single sampling plans
 * for normal inspection, master table), the same numbers as ANSI/ASQ Z1.4-2008 Tables I and II-A. Transcribed
 * for the AQL columns 0.010 … 10 (percent nonconforming; the columns above 10 are for nonconformities per 100
 * units and do not apply to "defective entries"). The master table runs along diagonals: moving one row down and
 * one AQL column left gives the same cell, which the unit test checks cell by cell.
 */

/** Sample size code letters of ISO 2859-1 (no I and no O). */
export type CodeLetter =
  'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'J' | 'K' | 'L' | 'M' | 'N' | 'P' | 'Q' | 'R';

/** Table 1, general inspection level II: [largest lot size of the range, code letter]. */
// prettier-ignore
export const CODE_LETTERS_LEVEL_II: readonly (readonly [maxLot: number, letter: CodeLetter])[] = [
  [8, 'A'], [15, 'B'], [25, 'C'], [50, 'D'], [90, 'E'], [150, 'F'], [280, 'G'], [500, 'H'], [1200, 'J'],
  [3200, 'K'], [10000, 'L'], [35000, 'M'], [150000, 'N'], [500000, 'P'], [Infinity, 'Q'],
];

/** Table 2-A: sample size of each code letter. */
// prettier-ignore
export const SAMPLE_SIZES: Readonly<Record<CodeLetter, number>> = {
  A: 2, B: 3, C: 5, D: 8, E: 13, F: 20, G: 32, H: 50, J: 80, K: 125, L: 200, M: 315, N: 500, P: 800, Q: 1250,
  R: 2000,
};

/** The AQL columns supported (percent defective entries), the standard's preferred series. */
export const AQL_VALUES = [
  0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10,
] as const;

export type Aql = (typeof AQL_VALUES)[number];

/** Default AQL of a book's acceptance (DESIGN.md §3.3): 1.0 % defective entries. */
export const DEFAULT_AQL: Aql = 1;

/**
 * Table 2-A, one string per code letter, one cell per AQL column (0.010 … 10): "Ac/Re", "v" (arrow down: use
 * the first plan below), "^" (arrow up: use the first plan above). Row R, column 0.015 ("-") is not transcribed:
 * no level II lot reaches it (Q 0.015 points up, R is never a level II starting row). Row A, column 10 prints an
 * arrow up with no row above it; samplingPlan then takes the first plan below (C: n=5, Ac 1 Re 2), the more
 * demanding reading (a lot of 2–8 entries at AQL 10 %).
 */
// prettier-ignore
const MASTER: Readonly<Record<CodeLetter, string>> = {
  //      0.010 0.015 0.025 0.040 0.065 0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5   10
  A: '    v     v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^',
  B: '    v     v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v',
  C: '    v     v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2',
  D: '    v     v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3',
  E: '    v     v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4',
  F: '    v     v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6',
  G: '    v     v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8',
  H: '    v     v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11',
  J: '    v     v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15',
  K: '    v     v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22',
  L: '    v     v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^',
  M: '    v     v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^',
  N: '    v     v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^',
  P: '    v     0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^',
  Q: '    0/1   ^     v     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^',
  R: '    ^     -     1/2   2/3   3/4   5/6   7/8   10/11 14/15 21/22 ^     ^     ^     ^     ^     ^',
};

const LETTERS = Object.keys(SAMPLE_SIZES) as CodeLetter[];

/** A cell of the master table as printed: a plan, an arrow, or not transcribed. */
export type MasterCell = { accept: number; reject: number } | 'down' | 'up' | null;

function parseRow(row: string): MasterCell[] {
  return row
    .trim()
    .split(/\s+/u)
    .map((c): MasterCell => {
      if (c === 'v') return 'down';
      if (c === '^') return 'up';
      const m = /^(\d+)\/(\d+)$/u.exec(c);
      return m ? { accept: Number(m[1]), reject: Number(m[2]) } : null;
    });
}

const CELLS = {} as Record<CodeLetter, readonly MasterCell[]>;
for (const letter of LETTERS) CELLS[letter] = parseRow(MASTER[letter]);

/** The printed cell of Table 2-A at a code letter and AQL (arrows not followed). */
export function masterCell(letter: CodeLetter, aql: Aql): MasterCell {
  return CELLS[letter][aqlColumn(aql)] ?? null;
}

function aqlColumn(aql: number): number {
  const i = AQL_VALUES.findIndex((a) => Math.abs(a - aql) < 1e-9);
  if (i < 0) throw new RangeError(`AQL ${aql} is not one of ${AQL_VALUES.join(', ')}`);
  return i;
}

/** Table 1, level II: the code letter of a lot size (lots of 0 or 1 entries take A, the smallest plan). */
export function codeLetterFor(lotSize: number): CodeLetter {
  for (const [max, letter] of CODE_LETTERS_LEVEL_II) if (lotSize <= max) return letter;
  return 'Q';
}

export interface SamplingPlan {
  /** Code letter of the lot size (Table 1), before any arrow is followed. */
  codeLetter: CodeLetter;
  /** Entries to draw: the plan's sample size, or the whole lot when the sample would reach it (100 %). */
  sampleSize: number;
  /** Accept the book with at most this many defective entries in the sample. */
  accept: number;
  /** Reject the book with this many defective entries or more. */
  reject: number;
  /** Code letter of the row whose plan is used (differs from codeLetter when an arrow was followed). */
  planLetter: CodeLetter;
}

/**
 * ISO 2859-1 single sampling, normal inspection, general level II. Arrows are followed to the first plan below
 * or above in the same AQL column, and that row's sample size goes with its Ac/Re. When the sample size reaches
 * the lot size every entry is inspected (sampleSize = lotSize, Ac/Re of the plan). Throws a RangeError for an AQL
 * outside AQL_VALUES or a lot size that is not a non-negative integer (a programming error, not user text).
 */
export function samplingPlan(lotSize: number, aql: number): SamplingPlan {
  if (!Number.isInteger(lotSize) || lotSize < 0) throw new RangeError(`lot size ${lotSize}`);
  const column = aqlColumn(aql);
  const codeLetter = codeLetterFor(lotSize);
  let row = LETTERS.indexOf(codeLetter);
  for (;;) {
    const letter = LETTERS[row];
    const cell = letter ? CELLS[letter][column] : undefined;
    if (!letter || cell === undefined || cell === null) {
      throw new RangeError(`Table 2-A has no plan for ${codeLetter} at AQL ${aql}`);
    }
    if (cell === 'down') row++;
    else if (cell === 'up' && row > 0) row--;
    else if (cell === 'up') {
      const isPlan = (c: MasterCell | undefined): boolean => c !== null && typeof c === 'object';
      row = LETTERS.findIndex((l) => isPlan(CELLS[l][column]));
    } else {
      const n = SAMPLE_SIZES[letter];
      return { codeLetter, sampleSize: Math.min(n, lotSize), ...cell, planLetter: letter };
    }
  }
}

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws `n` distinct ids uniformly without replacement (partial Fisher–Yates with mulberry32 seeded by the 32-bit
 * `seed`); the drawn ids are returned in their order in `entryIds` (book order). Pure: the same ids, n and seed
 * always give the same sample, so the acceptance record's seed lets anyone redraw it.
 */
export function drawSample(entryIds: readonly string[], n: number, seed: number): string[] {
  const k = Math.max(0, Math.min(Math.floor(n), entryIds.length));
  const random = mulberry32(seed);
  const index = entryIds.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (index.length - i));
    const t = index[i] as number;
    index[i] = index[j] as number;
    index[j] = t;
  }
  return index
    .slice(0, k)
    .sort((a, b) => a - b)
    .map((i) => entryIds[i] as string);
}

export interface AcceptanceDecision {
  accepted: boolean;
  defects: number;
  sampleSize: number;
  /** Defective entries / entries inspected (0 for an empty sample). */
  errorRate: number;
}

/** Accept when the defective entries in the sample are at most Ac, reject at Re or more. */
export function decide(
  plan: Pick<SamplingPlan, 'sampleSize' | 'accept' | 'reject'>,
  defects: number,
): AcceptanceDecision {
  return {
    accepted: defects <= plan.accept,
    defects,
    sampleSize: plan.sampleSize,
    errorRate: plan.sampleSize > 0 ? defects / plan.sampleSize : 0,
  };
}

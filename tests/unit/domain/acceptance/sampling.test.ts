import { describe, expect, it } from 'vitest';
import {
  AQL_VALUES,
  CODE_LETTERS_LEVEL_II,
  SAMPLE_SIZES,
  codeLetterFor,
  decide,
  drawSample,
  masterCell,
  mulberry32,
  samplingPlan,
  type CodeLetter,
} from '../../../../src/domain/acceptance/sampling';

describe('Table 1: code letters, general inspection level II', () => {
  it('maps each lot size range to its letter, at both ends', () => {
    // prettier-ignore
    const ranges: [number, number, CodeLetter][] = [
      [2, 8, 'A'], [9, 15, 'B'], [16, 25, 'C'], [26, 50, 'D'], [51, 90, 'E'], [91, 150, 'F'], [151, 280, 'G'],
      [281, 500, 'H'], [501, 1200, 'J'], [1201, 3200, 'K'], [3201, 10000, 'L'], [10001, 35000, 'M'],
      [35001, 150000, 'N'], [150001, 500000, 'P'], [500001, 5_000_000, 'Q'],
    ];
    for (const [lo, hi, letter] of ranges) {
      expect(codeLetterFor(lo)).toBe(letter);
      expect(codeLetterFor(hi)).toBe(letter);
    }
    expect(CODE_LETTERS_LEVEL_II).toHaveLength(15);
  });
});

describe('Table 2-A: single sampling, normal inspection', () => {
  // [lot size, AQL, code letter, n, Ac, Re] — rows of ANSI/ASQ Z1.4 Table II-A (= ISO 2859-1 Table 2-A).
  // prettier-ignore
  const published: [number, number, CodeLetter, number, number, number][] = [
    [2000, 1.0, 'K', 125, 3, 4],
    [500, 1.0, 'H', 50, 1, 2],
    [1000, 0.65, 'J', 80, 1, 2],
    [1000, 1.0, 'J', 80, 2, 3],
    [1000, 2.5, 'J', 80, 5, 6],
    [1000, 4.0, 'J', 80, 7, 8],
    [90, 4.0, 'E', 13, 1, 2],
    [90, 6.5, 'E', 13, 2, 3],
    [150, 2.5, 'F', 20, 1, 2],
    [10000, 0.065, 'L', 200, 0, 1],
    [10000, 1.0, 'L', 200, 5, 6],
    [10000, 6.5, 'L', 200, 21, 22],
    [3200, 10, 'K', 125, 21, 22],
    [600000, 0.065, 'Q', 1250, 2, 3],
    [600000, 1.0, 'Q', 1250, 21, 22],
    [20000, 0.4, 'M', 315, 3, 4],
    [100000, 0.15, 'N', 500, 2, 3],
    [300000, 0.25, 'P', 800, 5, 6],
  ];
  it.each(published)('lot %i at AQL %f: letter %s, n=%i, Ac %i, Re %i', (lot, aql, letter, n, ac, re) => {
    expect(samplingPlan(lot, aql)).toEqual({
      codeLetter: letter,
      planLetter: letter,
      sampleSize: n,
      accept: ac,
      reject: re,
    });
  });

  it('follows an arrow down to the first plan below, with that row’s sample size', () => {
    // G (32) at AQL 1.0 points down to H: n=50, Ac 1 Re 2.
    expect(samplingPlan(200, 1.0)).toEqual({
      codeLetter: 'G',
      planLetter: 'H',
      sampleSize: 50,
      accept: 1,
      reject: 2,
    });
    // D (8) at AQL 1.0 points down to E: n=13, Ac 0 Re 1.
    expect(samplingPlan(50, 1.0)).toEqual({
      codeLetter: 'D',
      planLetter: 'E',
      sampleSize: 13,
      accept: 0,
      reject: 1,
    });
    // F (20) at AQL 1.5 points down to G: n=32, Ac 1 Re 2.
    expect(samplingPlan(150, 1.5)).toMatchObject({ planLetter: 'G', sampleSize: 32, accept: 1, reject: 2 });
    // Q at AQL 0.025 points down to R: n=2000, Ac 1 Re 2.
    expect(samplingPlan(600000, 0.025)).toMatchObject({
      planLetter: 'R',
      sampleSize: 2000,
      accept: 1,
      reject: 2,
    });
  });

  it('follows an arrow up to the first plan above, with that row’s sample size', () => {
    // G (32) at AQL 0.65 points up to F: n=20, Ac 0 Re 1.
    expect(samplingPlan(200, 0.65)).toEqual({
      codeLetter: 'G',
      planLetter: 'F',
      sampleSize: 20,
      accept: 0,
      reject: 1,
    });
    // L (200) at AQL 0.10 points up to K: n=125, Ac 0 Re 1; at AQL 10 up to K: Ac 21 Re 22.
    expect(samplingPlan(5000, 0.1)).toMatchObject({ planLetter: 'K', sampleSize: 125, accept: 0, reject: 1 });
    expect(samplingPlan(5000, 10)).toMatchObject({
      planLetter: 'K',
      sampleSize: 125,
      accept: 21,
      reject: 22,
    });
    // Q at AQL 1.5 points up to P: n=800, Ac 21 Re 22.
    expect(samplingPlan(600000, 1.5)).toMatchObject({
      planLetter: 'P',
      sampleSize: 800,
      accept: 21,
      reject: 22,
    });
  });

  it('reads the arrow up printed in the first row (A, AQL 10) as the first plan below', () => {
    expect(masterCell('A', 10)).toBe('up');
    expect(samplingPlan(8, 10)).toEqual({
      codeLetter: 'A',
      planLetter: 'C',
      sampleSize: 5,
      accept: 1,
      reject: 2,
    });
  });

  it('inspects every entry when the sample would reach the lot size', () => {
    // A (lot 5) at AQL 1.0 points down to E (n=13 > 5): all 5, Ac 0 Re 1.
    expect(samplingPlan(5, 1.0)).toEqual({
      codeLetter: 'A',
      planLetter: 'E',
      sampleSize: 5,
      accept: 0,
      reject: 1,
    });
    // AQL 0.010 runs down to Q (n=1250) for any lot below 500,001.
    expect(samplingPlan(1000, 0.01)).toMatchObject({
      planLetter: 'Q',
      sampleSize: 1000,
      accept: 0,
      reject: 1,
    });
    expect(samplingPlan(8, 6.5)).toMatchObject({ sampleSize: 2, accept: 0, reject: 1 });
    expect(samplingPlan(0, 1.0).sampleSize).toBe(0);
  });

  it('runs along diagonals: one row down and one AQL column left is the same cell', () => {
    const letters = Object.keys(SAMPLE_SIZES) as CodeLetter[];
    for (let r = 0; r + 1 < letters.length; r++) {
      for (let c = 1; c < AQL_VALUES.length; c++) {
        const here = masterCell(letters[r] as CodeLetter, AQL_VALUES[c] as (typeof AQL_VALUES)[number]);
        const below = masterCell(
          letters[r + 1] as CodeLetter,
          AQL_VALUES[c - 1] as (typeof AQL_VALUES)[number],
        );
        if (below === null) continue; // R 0.015, not transcribed
        // Above 21/22 the columns ≤ 10 print an arrow up wherever the diagonal would continue.
        expect(below, `${letters[r + 1]} ${AQL_VALUES[c - 1]}`).toEqual(here);
      }
    }
  });

  it('gives a plan for every level II lot size and AQL, Re = Ac + 1', () => {
    const lots = [
      2, 8, 9, 15, 16, 25, 26, 50, 51, 90, 91, 150, 151, 280, 281, 500, 501, 1200, 1201, 3200, 3201, 10000,
      10001, 35000, 35001, 150000, 150001, 500000, 500001, 10_000_000,
    ];
    for (const lot of lots) {
      for (const aql of AQL_VALUES) {
        const p = samplingPlan(lot, aql);
        expect(p.reject).toBe(p.accept + 1);
        expect(p.sampleSize).toBeLessThanOrEqual(lot);
      }
    }
  });

  it('refuses an AQL outside the series and a negative lot', () => {
    expect(() => samplingPlan(100, 2)).toThrow(RangeError);
    expect(() => samplingPlan(-1, 1)).toThrow(RangeError);
  });
});

describe('sample draw and decision', () => {
  const ids = Array.from({ length: 500 }, (_, i) => `e${i}`);

  it('draws n distinct ids, in book order, the same for the same seed', () => {
    const a = drawSample(ids, 50, 12345);
    expect(a).toHaveLength(50);
    expect(new Set(a).size).toBe(50);
    expect(a).toEqual([...a].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))));
    expect(drawSample(ids, 50, 12345)).toEqual(a);
    expect(drawSample(ids, 50, 12346)).not.toEqual(a);
    expect(drawSample(ids, 900, 1)).toEqual(ids);
    expect(drawSample([], 5, 1)).toEqual([]);
  });

  it('draws uniformly: every id about as often over many seeds', () => {
    const small = ['a', 'b', 'c', 'd', 'e'];
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 5000; seed++)
      for (const id of drawSample(small, 2, seed)) counts.set(id, (counts.get(id) ?? 0) + 1);
    // Expected 2000 each; ±6 % is far beyond sampling noise (σ ≈ 35).
    for (const id of small) expect(Math.abs((counts.get(id) ?? 0) - 2000)).toBeLessThan(120);
  });

  it('mulberry32 is a fixed sequence in [0, 1)', () => {
    const r = mulberry32(1);
    const xs = [r(), r(), r()];
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const again = mulberry32(1);
    expect([again(), again(), again()]).toEqual(xs);
  });

  it('accepts at Ac defects, rejects at Re, with the measured error rate', () => {
    const plan = samplingPlan(2000, 1.0); // n=125, Ac 3, Re 4
    expect(decide(plan, 3)).toEqual({ accepted: true, defects: 3, sampleSize: 125, errorRate: 0.024 });
    expect(decide(plan, 4)).toMatchObject({ accepted: false, errorRate: 0.032 });
    expect(decide({ sampleSize: 0, accept: 0, reject: 1 }, 0).errorRate).toBe(0);
  });
});

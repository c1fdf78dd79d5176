import { INK_THRESHOLD } from './binarize';
import type { GrayImage } from './types';

export interface RuleOptions {
  /** Minimum length of a straight ink run to count as a rule, in pixels (default max(60, width / 25)). */
  minLength?: number;
  /** Ink gaps up to this many pixels inside a run are bridged (default 2). */
  maxGap?: number;
  /** Ink pixels up to this far across a detected rule are erased too (ragged edges; default 2). */
  grow?: number;
  /** Which directions to remove (default both). */
  horizontal?: boolean;
  vertical?: boolean;
}

/**
 * Erase long thin horizontal/vertical ruling lines (table borders, underlines, separators) from a binary
 * image (ink < 128): every row (column) run of ink, gaps <= maxGap bridged, at least `minLength` long is
 * painted white. Both directions are measured on the input, then erased. Text strokes are far shorter than
 * `minLength` and survive, except where they overlap a rule. Deskew first: a 1-px line at 2° only gives
 * runs of ~30 px.
 */
export function removeRules(bin: GrayImage, opts: RuleOptions = {}): GrayImage {
  return removeRulesDetailed(bin, opts).image;
}

/** A horizontal rule found on the page: rows y0..y1 (inclusive), columns x0..x1 (inclusive). */
export interface HorizontalRule {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/** `removeRules`, also returning the horizontal rules it erased (runs on adjacent rows merged into one rule). */
export function removeRulesDetailed(
  bin: GrayImage,
  opts: RuleOptions = {},
): { image: GrayImage; horizontal: HorizontalRule[] } {
  const { width: w, height: h, data } = bin;
  const minLen = opts.minLength ?? Math.max(60, Math.round(w / 25));
  const maxGap = opts.maxGap ?? 2;
  const erase = new Uint8Array(w * h);
  const runs: HorizontalRule[] = [];
  if (opts.horizontal !== false) markRows(data, w, h, minLen, maxGap, erase, runs);
  if (opts.vertical !== false) markColumns(data, w, h, minLen, maxGap, erase);
  const out = new Uint8ClampedArray(data);
  const grow = opts.grow ?? 2;
  for (let i = 0; i < out.length; i++) {
    const m = erase[i]!;
    if (m === 0) continue;
    out[i] = 255;
    // Ragged edges: ink across the rule (vertical neighbours for a horizontal rule and vice versa).
    const step = m === 1 ? w : 1;
    const x = i % w;
    for (let k = 1; k <= grow; k++) {
      if (i - k * step >= 0 && (m === 1 || x - k >= 0)) clearInk(out, data, i - k * step);
      if (i + k * step < out.length && (m === 1 || x + k < w)) clearInk(out, data, i + k * step);
    }
  }
  return { image: { width: w, height: h, data: out }, horizontal: mergeRuns(runs) };
}

/** Row runs on the same or the next row that overlap in x become one rule (a 3-px line is 3 runs). */
function mergeRuns(runs: readonly HorizontalRule[]): HorizontalRule[] {
  const open: HorizontalRule[] = [];
  const done: HorizontalRule[] = [];
  for (const r of runs) {
    const joined = open.find((o) => r.y0 - o.y1 <= 1 && r.x0 <= o.x1 && o.x0 <= r.x1);
    if (joined) {
      joined.y1 = r.y1;
      joined.x0 = Math.min(joined.x0, r.x0);
      joined.x1 = Math.max(joined.x1, r.x1);
    } else open.push({ ...r });
    for (let i = open.length - 1; i >= 0; i--) {
      const o = open[i]!;
      if (r.y0 - o.y1 > 1) done.push(...open.splice(i, 1));
    }
  }
  return [...done, ...open].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

function clearInk(out: Uint8ClampedArray, src: Uint8ClampedArray, i: number): void {
  if (src[i]! < INK_THRESHOLD) out[i] = 255;
}

function markRows(
  d: Uint8ClampedArray,
  w: number,
  h: number,
  minLen: number,
  maxGap: number,
  erase: Uint8Array,
  runs: HorizontalRule[],
): void {
  const mark = (y: number, from: number, to: number): void => {
    erase.fill(1, y * w + from, y * w + to + 1);
    runs.push({ y0: y, y1: y, x0: from, x1: to });
  };
  for (let y = 0; y < h; y++) {
    const o = y * w;
    let start = -1;
    let last = -1;
    for (let x = 0; x <= w; x++) {
      const ink = x < w && d[o + x]! < INK_THRESHOLD;
      if (ink) {
        if (start < 0 || x - last - 1 > maxGap) {
          if (start >= 0 && last - start + 1 >= minLen) mark(y, start, last);
          start = x;
        }
        last = x;
      } else if (x === w && start >= 0 && last - start + 1 >= minLen) {
        mark(y, start, last);
      }
    }
  }
}

function markColumns(
  d: Uint8ClampedArray,
  w: number,
  h: number,
  minLen: number,
  maxGap: number,
  erase: Uint8Array,
): void {
  const start = new Int32Array(w).fill(-1);
  const last = new Int32Array(w).fill(-1);
  const flush = (x: number): void => {
    const s = start[x]!;
    if (s >= 0 && last[x]! - s + 1 >= minLen) for (let y = s; y <= last[x]!; y++) erase[y * w + x] = 2;
  };
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      if (d[o + x]! >= INK_THRESHOLD) continue;
      if (start[x]! < 0 || y - last[x]! - 1 > maxGap) {
        flush(x);
        start[x] = y;
      }
      last[x] = y;
    }
  }
  for (let x = 0; x < w; x++) flush(x);
}

import { binarizeSauvola } from './binarize';
import { components, paintComponents, type Components } from './components';
import type { GrayImage } from './types';

export interface LeaderDotOptions {
  /** Largest dot/dash box height in pixels (default 7; ~0.6 mm at 300 dpi). */
  maxHeight?: number;
  /** Largest dot/dash box width in pixels (default 16, allows short dashes). */
  maxWidth?: number;
  /** Largest centre-to-centre spacing of neighbouring dots in pixels (default 30). */
  maxSpacing?: number;
  /** Vertical tolerance between neighbouring centres in pixels (default 2.5). */
  yTolerance?: number;
  /** Minimum regular run length (default 6). */
  minRun?: number;
  /** Sauvola options used when the input is not already binary. */
  window?: number;
  k?: number;
}

/** True if every pixel is 0 or 255. */
export function isBinary(img: GrayImage): boolean {
  const d = img.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0 && d[i] !== 255) return false;
  return true;
}

/**
 * Erase dotted/dashed leader lines ("........", "- - - -") while keeping the dots of letters
 * (i, j, dot-below in ạ/ệ/ọ, other diacritics). A component is erased only if it is small AND part of a
 * horizontal chain of >= minRun similar components with regular spacing (a missing dot, e.g. hidden
 * under a handwritten stroke, may leave a gap of 2-3 spacings). Accepts a binary or gray image and
 * returns the same kind; for gray input the ink is found with Sauvola and the erased boxes (grown by
 * 1 px to catch anti-aliased edges) are painted white.
 */
export function removeLeaderDots(img: GrayImage, opts: LeaderDotOptions = {}): GrayImage {
  const binary = isBinary(img);
  const bin = binary ? img : binarizeSauvola(img, { window: opts.window ?? 31, k: opts.k ?? 0.15 });
  const cc = components(bin);
  const mask = findLeaderDots(cc, opts);
  const out: GrayImage = { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) };
  if (binary) {
    paintComponents(out, cc, mask);
    return out;
  }
  for (let i = 0; i < cc.count; i++) {
    if (mask[i] === 0) continue;
    const x0 = Math.max(0, cc.minX[i]! - 1);
    const x1 = Math.min(img.width - 1, cc.maxX[i]! + 1);
    for (let y = Math.max(0, cc.minY[i]! - 1); y <= Math.min(img.height - 1, cc.maxY[i]! + 1); y++) {
      out.data.fill(255, y * img.width + x0, y * img.width + x1 + 1);
    }
  }
  return out;
}

/** Mask (1 = leader dot) over component ids. */
export function findLeaderDots(cc: Components, opts: LeaderDotOptions = {}): Uint8Array {
  const maxH = opts.maxHeight ?? 7;
  const maxW = opts.maxWidth ?? 16;
  const maxSp = opts.maxSpacing ?? 30;
  const yTol = opts.yTolerance ?? 2.5;
  const cand: number[] = [];
  for (let i = 0; i < cc.count; i++) {
    const w = cc.maxX[i]! - cc.minX[i]! + 1;
    const h = cc.maxY[i]! - cc.minY[i]! + 1;
    if (h <= maxH && w <= maxW && cc.area[i]! >= 2) cand.push(i);
  }
  const n = cand.length;
  const cx = new Float32Array(n);
  const cy = new Float32Array(n);
  const cw = new Float32Array(n);
  const ch = new Float32Array(n);
  cand.sort((a, b) => cc.minX[a]! + cc.maxX[a]! - cc.minX[b]! - cc.maxX[b]!);
  for (let k = 0; k < n; k++) {
    const i = cand[k]!;
    cx[k] = (cc.minX[i]! + cc.maxX[i]!) / 2;
    cy[k] = (cc.minY[i]! + cc.maxY[i]!) / 2;
    cw[k] = cc.maxX[i]! - cc.minX[i]! + 1;
    ch[k] = cc.maxY[i]! - cc.minY[i]! + 1;
  }
  const right = linkRight(cx, cy, cw, ch, maxSp, yTol);
  const keep = markChains(right, cx, opts.minRun ?? 6);
  const mask = new Uint8Array(cc.count);
  for (let k = 0; k < n; k++) if (keep[k] === 1) mask[cand[k]!] = 1;
  return mask;
}

function similar(a: number, b: number, ratio: number): boolean {
  return a <= b * ratio + 1 && b <= a * ratio + 1;
}

/** Nearest similar neighbour to the right within the spacing/tolerance window (-1 if none); links made 1:1. */
function linkRight(
  cx: Float32Array,
  cy: Float32Array,
  cw: Float32Array,
  ch: Float32Array,
  maxSp: number,
  yTol: number,
): Int32Array {
  const n = cx.length;
  const right = new Int32Array(n).fill(-1);
  const left = new Int32Array(n).fill(-1);
  const leftDx = new Float32Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = i + 1; j < n && cx[j]! - cx[i]! <= maxSp; j++) {
      const dx = cx[j]! - cx[i]!;
      const dy = Math.abs(cy[j]! - cy[i]!);
      if (dx < 1 || dy > yTol || dx < (cw[i]! + cw[j]!) / 2) continue;
      if (!similar(cw[i]!, cw[j]!, 2) || !similar(ch[i]!, ch[j]!, 2)) continue;
      const d = dx + 2 * dy;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    if (best < 0) continue;
    if (bestD < leftDx[best]!) {
      const prev = left[best]!;
      if (prev >= 0) right[prev] = -1;
      left[best] = i;
      leftDx[best] = bestD;
      right[i] = best;
    }
  }
  return right;
}

/** Walk chains; split where the spacing is not ~1..3 times the reference spacing; mark runs >= minRun. */
function markChains(right: Int32Array, cx: Float32Array, minRun: number): Uint8Array {
  const n = right.length;
  const hasLeft = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (right[i]! >= 0) hasLeft[right[i]!] = 1;
  const out = new Uint8Array(n);
  const seg: number[] = [];
  for (let head = 0; head < n; head++) {
    if (hasLeft[head] === 1 || right[head]! < 0) continue;
    seg.length = 0;
    seg.push(head);
    let ref = -1;
    for (let i = head; right[i]! >= 0; i = right[i]!) {
      const j = right[i]!;
      const gap = cx[j]! - cx[i]!;
      if (ref < 0 || similar(gap, ref, 1.35)) {
        ref = ref < 0 ? gap : (ref * 3 + gap) / 4;
      } else if (!(gap > ref && Math.abs(gap / ref - Math.round(gap / ref)) < 0.25 && gap / ref < 3.5)) {
        flushRun(seg, minRun, out);
        seg.length = 0;
        seg.push(i);
        ref = gap;
      }
      seg.push(j);
    }
    flushRun(seg, minRun, out);
  }
  return out;
}

function flushRun(seg: number[], minRun: number, out: Uint8Array): void {
  if (seg.length < minRun) return;
  for (const k of seg) out[k] = 1;
}

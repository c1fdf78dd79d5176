import { inkPointsOf, shearProfile, sumSquares, type InkPoints } from './projection';
import type { GrayImage } from './types';

export interface SkewOptions {
  /** Search range in degrees (default 3, i.e. ±3°). */
  range?: number;
  /** Pixel budget of the working copy (default 1.2 MP). */
  maxPixels?: number;
}

export interface SkewEstimate {
  /** Degrees, positive = content rotated CLOCKWISE on screen (text lines fall to the right). */
  angle: number;
  /** Peak sharpness: best score / mean score over the search range, minus 1 (≈0 = no line structure). */
  confidence: number;
}

/**
 * Skew of text lines by projection-profile sharpness: ink pixels of a Sauvola-binarised ~1.2 MP copy
 * are projected along slope tan(θ); θ maximising the sum of squared row counts wins.
 * Coarse 0.1° scan over ±range, then 0.01° scan (linear bin splitting) and parabolic refinement.
 * Sign: positive = clockwise as seen on screen, same convention as `rotate`; deskew with
 * `rotate(img, -estimateSkew(img))`.
 */
export function estimateSkew(gray: GrayImage, opts: SkewOptions = {}): number {
  return estimateSkewDetailed(gray, opts).angle;
}

export function estimateSkewDetailed(gray: GrayImage, opts: SkewOptions = {}): SkewEstimate {
  const pts = inkPointsOf(gray, opts.maxPixels ?? 1_200_000);
  return skewOfPoints(pts, opts.range ?? 3);
}

export function skewOfPoints(pts: InkPoints, range: number): SkewEstimate {
  if (pts.count < 50) return { angle: 0, confidence: 0 };
  const buf = new Float64Array(pts.height + pts.width + 8);
  const score = (deg: number, split: boolean): number =>
    sumSquares(shearProfile(pts, Math.tan((deg * Math.PI) / 180), split, buf));
  let best = 0;
  let bestS = -1;
  let total = 0;
  let n = 0;
  const steps = Math.round(range / 0.1);
  for (let i = -steps; i <= steps; i++) {
    const s = score(i * 0.1, false);
    total += s;
    n++;
    if (s > bestS) {
      bestS = s;
      best = i * 0.1;
    }
  }
  const confidence = bestS / (total / n) - 1;
  let fine = best;
  let fineS = -1;
  const fineScores: number[] = [];
  for (let j = -12; j <= 12; j++) {
    const s = score(best + j * 0.01, true);
    fineScores.push(s);
    if (s > fineS) {
      fineS = s;
      fine = best + j * 0.01;
    }
  }
  const k = Math.round((fine - best) / 0.01) + 12;
  const l = fineScores[k - 1];
  const r = fineScores[k + 1];
  if (l !== undefined && r !== undefined) {
    const den = l - 2 * fineS + r;
    if (den < 0) fine += (0.01 * 0.5 * (l - r)) / den;
  }
  return { angle: Math.round(fine * 1000) / 1000, confidence };
}

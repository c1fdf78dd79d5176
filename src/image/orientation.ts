import type { QuarterTurn } from './orient';
import { inkPointsOf, shearProfile, sumSquares, turnPoints, type InkPoints } from './projection';
import { skewOfPoints } from './skew';
import type { GrayImage } from './types';

export interface OrientationEstimate {
  /** Clockwise quarter turn the page content currently has; undo with rotateQuarter(img, (360 - angle) % 360). */
  angle: QuarterTurn;
  /** Row-profile sharpness with lines horizontal vs vertical (> 1 = horizontal text). */
  lineRatio: number;
  /** Share of off-x-height ink above the x-height band, in reading orientation (> 0.5 = upright). */
  upShare: number;
}

/**
 * Page orientation in quarter turns (see OrientationEstimate.angle).
 * 1. Horizontal vs vertical lines: the sharper of the row and column projection profiles (each at its best
 *    small skew) says whether text lines run across or down the image.
 * 2. Upright vs upside down: inside each text line the densest band is the x-height; Vietnamese print has
 *    far more ink above it (ascenders b d h k l t đ, capitals, tone marks and circumflexes) than below
 *    (descenders g p q y, dot-below). upShare > 0.5 means upright.
 * A heuristic: reliable on full text pages; weak on pages with only a few words or mostly handwriting.
 */
export function detectOrientation(gray: GrayImage): QuarterTurn {
  return detectOrientationDetailed(gray).angle;
}

export function detectOrientationDetailed(gray: GrayImage): OrientationEstimate {
  const pts = inkPointsOf(gray, 1_000_000, 300_000);
  if (pts.count < 200) return { angle: 0, lineRatio: 1, upShare: 0.5 };
  const turned = turnPoints(pts); // as if rotated 90° clockwise
  const h = sharpness(pts);
  const v = sharpness(turned);
  const horizontal = h.score >= v.score;
  const lineRatio = h.score / Math.max(1e-9, v.score);
  const best = horizontal ? h : v;
  const upShare = upperShare(best.profile);
  const upright = upShare >= 0.5;
  // Horizontal: upright -> 0, else 180. Vertical: after turning 90° CW the page is upright -> content was at 270.
  const angle: QuarterTurn = horizontal ? (upright ? 0 : 180) : upright ? 270 : 90;
  return { angle, lineRatio, upShare };
}

function sharpness(p: InkPoints): { score: number; profile: Float64Array } {
  const skew = skewOfPoints(p, 3).angle;
  const profile = shearProfile(p, Math.tan((skew * Math.PI) / 180), false);
  let sum = 0;
  for (let i = 0; i < profile.length; i++) sum += profile[i]!;
  // Normalised second moment: 1 for a flat profile, larger for line structure.
  const score = (sumSquares(profile) * profile.length) / Math.max(1, sum * sum);
  return { score, profile: new Float64Array(profile) };
}

/** Ink above vs below the x-height band, summed over text lines found in the (deskewed) row profile. */
function upperShare(profile: Float64Array): number {
  let max = 0;
  for (let i = 0; i < profile.length; i++) if (profile[i]! > max) max = profile[i]!;
  const floor = max * 0.04;
  let above = 0;
  let below = 0;
  let i = 0;
  while (i < profile.length) {
    while (i < profile.length && profile[i]! <= floor) i++;
    const s = i;
    while (i < profile.length && profile[i]! > floor) i++;
    const e = i; // line band [s, e)
    if (e - s < 4) continue;
    let peak = 0;
    for (let k = s; k < e; k++) if (profile[k]! > peak) peak = profile[k]!;
    let bt = s;
    while (profile[bt]! < peak * 0.5) bt++;
    let bb = e - 1;
    while (profile[bb]! < peak * 0.5) bb--;
    for (let k = s; k < bt; k++) above += profile[k]!;
    for (let k = bb + 1; k < e; k++) below += profile[k]!;
  }
  return above + below > 0 ? above / (above + below) : 0.5;
}

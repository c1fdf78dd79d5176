/**
 * Page preparation for OCR (pure, runs in a worker or in Node): gray → background flattening → deskew →
 * Sauvola ink → leader dots and ruling lines erased. Returns the image to OCR plus the transform that maps
 * its pixels back to the page image, so every box we report is in page-image pixels.
 */
import type { Box } from '../domain/geometry';
import { binarizeSauvola } from '../image/binarize';
import { flattenBackground } from '../image/background';
import { removeLeaderDots } from '../image/dots';
import { toGray } from '../image/gray';
import { rotateQuarter, type QuarterTurn } from '../image/orient';
import { detectOrientationDetailed } from '../image/orientation';
import { removeRulesDetailed, type HorizontalRule } from '../image/rules';
import { rotate } from '../image/rotate';
import { estimateSkewDetailed } from '../image/skew';
import type { GrayImage, RgbaImage } from '../image/types';
import { despeckle } from './despeckle';

export interface PreparedPage {
  /** Deskewed, flattened gray page with leader dots and rules painted white: what OCR reads. */
  image: GrayImage;
  /** Binary ink of `image` (0 = ink), for layout analysis. */
  ink: GrayImage;
  /** Horizontal ruling lines erased from `ink` (table borders, underlines), in `image` pixels. */
  rules: HorizontalRule[];
  /** Clockwise quarter turn the page had (0/90/180/270); undone before everything else. */
  turn: QuarterTurn;
  /**
   * The other quarter turn the page may have had when the orientation evidence is weak (ink above and below
   * the x-height nearly balanced, as on sparse handwriting in a ruled grid), else null: the caller may read
   * the page both ways and keep the reading that finds the form.
   */
  turnAlternative: QuarterTurn | null;
  /** Degrees the page was rotated clockwise to straighten it (= −measured skew). */
  rotation: number;
  skew: { angle: number; confidence: number };
  /** Resolution estimate (dpi) from the page width (A4 assumed). */
  dpi: number;
  width: number;
  height: number;
  ms: Record<string, number>;
}

export interface PrepareOptions {
  /** Detect and undo quarter turns of the page (default on). */
  detectOrientation?: boolean;
  /** Take this quarter turn instead of detecting it (the pipeline's second try on an unsure page). */
  turn?: QuarterTurn;
  /** Skip deskew below this angle (degrees). */
  minSkew?: number;
}

function time<T>(ms: Record<string, number>, name: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  ms[name] = Math.round(performance.now() - t0);
  return r;
}

/** Ink above vs below the x-height within this of even: upright and upside down are both read. */
const UNSURE_UP_SHARE = 0.05;

export function preparePage(src: RgbaImage | GrayImage, options: PrepareOptions = {}): PreparedPage {
  const ms: Record<string, number> = {};
  const gray0 = time(ms, 'gray', () => toGray(src));
  // A page scanned sideways or upside down (no EXIF to say so) is turned upright first.
  const est = time(ms, 'orientation', () =>
    options.turn !== undefined || options.detectOrientation === false
      ? null
      : detectOrientationDetailed(gray0),
  );
  const turn: QuarterTurn = options.turn ?? est?.angle ?? 0;
  const turnAlternative: QuarterTurn | null =
    est && Math.abs(est.upShare - 0.5) < UNSURE_UP_SHARE ? (((turn + 180) % 360) as QuarterTurn) : null;
  const gray = turn ? rotateQuarter(gray0, ((360 - turn) % 360) as QuarterTurn) : gray0;
  const flat = time(ms, 'flatten', () => flattenBackground(gray, { radius: Math.round(gray.width / 80) }));
  const skew = time(ms, 'skew', () => estimateSkewDetailed(flat));
  const rotation =
    Math.abs(skew.angle) >= (options.minSkew ?? 0.05) && skew.confidence > 0.05 ? -skew.angle : 0;
  const straight = time(ms, 'rotate', () => (rotation ? rotate(flat, rotation) : flat));
  const window = Math.max(15, Math.round(straight.width / 80) | 1);
  const bin = time(ms, 'binarize', () => binarizeSauvola(straight, { window, k: 0.2 }));
  const scaleFactor = straight.width / 2480;
  // Sizes below are tuned at 300 dpi and scaled with the page width (A4 assumed).
  const noDots = time(ms, 'dots', () =>
    removeLeaderDots(bin, {
      maxHeight: Math.max(4, Math.round(8 * scaleFactor)),
      maxWidth: Math.max(8, Math.round(18 * scaleFactor)),
      maxSpacing: Math.max(12, Math.round(34 * scaleFactor)),
      yTolerance: Math.max(2, 3 * scaleFactor),
    }),
  );
  const { image: noRules, horizontal: rules } = time(ms, 'rules', () =>
    removeRulesDetailed(noDots, { minLength: Math.round(straight.width / 6) }),
  );
  const ink = time(ms, 'specks', () =>
    despeckle(noRules, {
      maxSide: Math.round(14 * scaleFactor),
      maxArea: Math.round(110 * scaleFactor * scaleFactor),
      radius: Math.round(22 * scaleFactor),
    }),
  ).image;
  // OCR reads the gray page, but only near kept ink (1 px around it): dots, rules, specks and paper grain go.
  const image = time(ms, 'mask', () => keepNearInk(straight, ink));
  const dpi = Math.round((gray.width / 210) * 25.4);
  return {
    image,
    ink,
    rules,
    turn,
    turnAlternative,
    rotation,
    skew,
    dpi,
    width: gray.width,
    height: gray.height,
    ms,
  };
}

/** A box of a W×H image after turning the image a quarter clockwise (the image becomes H×W). */
function turnBoxClockwise([x, y, w, h]: Box, height: number): Box {
  return [height - y - h, x, h, w];
}

/**
 * Maps a box of the prepared image back to page-image pixels: through the deskew rotation (hull of the
 * rotated box), then back through the quarter turn, so boxes land on the ink of the image as given.
 */
export function toPageBox(
  p: Pick<PreparedPage, 'rotation' | 'width' | 'height'> & { turn?: QuarterTurn },
  box: Box,
): Box {
  let out = unskewBox(p, box);
  let w = p.width;
  let h = p.height;
  for (let k = 0; k < (p.turn ?? 0) / 90; k++) {
    out = turnBoxClockwise(out, h);
    [w, h] = [h, w];
  }
  return out;
}

function unskewBox(p: Pick<PreparedPage, 'rotation' | 'width' | 'height'>, box: Box): Box {
  if (!p.rotation) return box;
  const t = (-p.rotation * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = (p.width - 1) / 2;
  const cy = (p.height - 1) / 2;
  const [x, y, w, h] = box;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [px, py] of [
    [x, y],
    [x + w, y],
    [x, y + h],
    [x + w, y + h],
  ] as const) {
    const dx = px - cx;
    const dy = py - cy;
    xs.push(cos * dx - sin * dy + cx);
    ys.push(sin * dx + cos * dy + cy);
  }
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return [Math.round(x0), Math.round(y0), Math.round(Math.max(...xs) - x0), Math.round(Math.max(...ys) - y0)];
}

/** Gray pixels within one pixel of ink of `ink`; everything else white. */
export function keepNearInk(gray: GrayImage, ink: GrayImage): GrayImage {
  const { width: w, height: h } = gray;
  const src = gray.data;
  const k = ink.data;
  const out = new Uint8ClampedArray(w * h).fill(255);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      if ((k[o + x] ?? 255) >= 128) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        const r = yy * w;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < w) out[r + xx] = src[r + xx] ?? 255;
        }
      }
    }
  }
  return { width: w, height: h, data: out };
}

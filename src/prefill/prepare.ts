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
import { removeRules } from '../image/rules';
import { rotate } from '../image/rotate';
import { estimateSkewDetailed } from '../image/skew';
import type { GrayImage, RgbaImage } from '../image/types';

export interface PreparedPage {
  /** Deskewed, flattened gray page with leader dots and rules painted white: what OCR reads. */
  image: GrayImage;
  /** Binary ink of `image` (0 = ink), for layout analysis. */
  ink: GrayImage;
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
  /** Skip deskew below this angle (degrees). */
  minSkew?: number;
}

function time<T>(ms: Record<string, number>, name: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  ms[name] = Math.round(performance.now() - t0);
  return r;
}

export function preparePage(src: RgbaImage | GrayImage, options: PrepareOptions = {}): PreparedPage {
  const ms: Record<string, number> = {};
  const gray = time(ms, 'gray', () => toGray(src));
  const flat = time(ms, 'flatten', () => flattenBackground(gray, { radius: Math.round(gray.width / 80) }));
  const skew = time(ms, 'skew', () => estimateSkewDetailed(flat));
  const rotation = Math.abs(skew.angle) >= (options.minSkew ?? 0.05) && skew.confidence > 0.05 ? -skew.angle : 0;
  const straight = time(ms, 'rotate', () => (rotation ? rotate(flat, rotation) : flat));
  const window = Math.max(15, Math.round(straight.width / 80) | 1);
  const bin = time(ms, 'binarize', () => binarizeSauvola(straight, { window, k: 0.2 }));
  const scaleFactor = straight.width / 2480;
  const noDots = time(ms, 'dots', () =>
    removeLeaderDots(bin, {
      maxHeight: Math.max(4, Math.round(8 * scaleFactor)),
      maxWidth: Math.max(8, Math.round(18 * scaleFactor)),
      maxSpacing: Math.max(12, Math.round(34 * scaleFactor)),
      yTolerance: Math.max(2, 3 * scaleFactor),
    }),
  );
  const ink = time(ms, 'rules', () => removeRules(noDots, { minLength: Math.round(straight.width / 6) }));
  const image = time(ms, 'mask', () => {
    const out = new Uint8ClampedArray(straight.data);
    const b = bin.data;
    const k = ink.data;
    for (let i = 0; i < out.length; i++) if ((b[i] ?? 255) < 128 && (k[i] ?? 255) >= 128) out[i] = 255;
    return { width: straight.width, height: straight.height, data: out };
  });
  const dpi = Math.round((gray.width / 210) * 25.4);
  return { image, ink, rotation, skew, dpi, width: gray.width, height: gray.height, ms };
}

/** Maps a box of the prepared image back to page-image pixels (hull of the rotated box). */
export function toPageBox(p: Pick<PreparedPage, 'rotation' | 'width' | 'height'>, box: Box): Box {
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

/**
 * Slant of handwriting (or italics) in a small crop, and its correction by a horizontal shear. Cursive hands
 * lean right; Tesseract reads them far better upright. The slant is the shear that makes the ink's column
 * profile sharpest (upright strokes stack into few columns). Pure; gray in, gray out.
 */
import type { GrayImage } from './types';

const INK = 128;
const STEPS = [-0.1, 0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];

/** Shear factor k (x moves by k · (y − h/2)) that stands the ink upright; 0 when no shear is clearly better. */
export function estimateSlant(img: GrayImage, { minGain = 0.06 }: { minGain?: number } = {}): number {
  const { width: w, height: h, data } = img;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (data[y * w + x]! < INK) {
        xs.push(x);
        ys.push(y - h / 2);
      }
  if (xs.length < 50) return 0;
  const sharpness = (k: number): number => {
    const off = Math.ceil(Math.abs(k) * h) + 1;
    const cols = new Float64Array(w + 2 * off);
    for (let i = 0; i < xs.length; i++) cols[Math.round(xs[i]! + k * ys[i]!) + off]! += 1;
    let s = 0;
    for (const c of cols) s += c * c;
    return s;
  };
  const upright = sharpness(0);
  let best = 0;
  let bestS = upright;
  for (const k of STEPS) {
    const s = sharpness(k);
    if (s > bestS) {
      best = k;
      bestS = s;
    }
  }
  return bestS >= upright * (1 + minGain) ? best : 0;
}

/** The crop sheared by k (see `estimateSlant`), widened so nothing is cut; `dx` = columns added on the left. */
export function shear(img: GrayImage, k: number): { image: GrayImage; dx: number } {
  const { width: w, height: h, data } = img;
  const dx = Math.ceil((Math.abs(k) * h) / 2) + 1;
  const W = w + 2 * dx;
  const out = new Uint8ClampedArray(W * h).fill(255);
  for (let y = 0; y < h; y++) {
    const shift = Math.round(k * (y - h / 2)) + dx;
    out.set(data.subarray(y * w, y * w + w), y * W + shift);
  }
  return { image: { width: W, height: h, data: out }, dx };
}

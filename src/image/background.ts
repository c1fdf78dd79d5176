import type { GrayImage } from './types';

export interface FlattenOptions {
  /** Largest dark feature (stroke/character half-size) to ignore, in pixels (default 30 ≈ 2.5 mm at 300 dpi). */
  radius?: number;
  /**
   * Fraction of the estimated background that maps to white (default 0.95): a little headroom so paper
   * grain slightly darker than the local maximum also becomes white. Ink is scaled by the same factor.
   */
  whitePoint?: number;
}

/**
 * Uneven paper (shadows, yellowing, gradients) to white by background division.
 * Background = block maximum (block ≈ radius/3) -> grey closing (max then min filter, radius in blocks)
 * -> box blur, on the small grid; then out = in * 255 / (bg * whitePoint), bilinear-interpolating bg.
 * Strokes keep their width and their contrast relative to the local paper.
 */
export function flattenBackground(gray: GrayImage, opts: FlattenOptions = {}): GrayImage {
  const radius = Math.max(2, opts.radius ?? 30);
  const white = opts.whitePoint ?? 0.95;
  const b = Math.max(2, Math.round(radius / 3));
  const small = blockMax(gray, b);
  const r = Math.max(1, Math.ceil(radius / b));
  let bg = filter2d(small, r, true);
  bg = filter2d(bg, r, false);
  bg = boxBlur(bg, r);
  return divideByBackground(gray, bg, b, white);
}

interface Grid {
  w: number;
  h: number;
  d: Float32Array;
}

function blockMax(img: GrayImage, b: number): Grid {
  const { width: W, height: H, data } = img;
  const w = Math.ceil(W / b);
  const h = Math.ceil(H / b);
  const d = new Float32Array(w * h);
  for (let y = 0; y < H; y++) {
    const row = ((y / b) | 0) * w;
    const o = y * W;
    for (let bx = 0, x = 0; bx < w; bx++) {
      let m = d[row + bx]!;
      const e = Math.min(W, x + b);
      for (; x < e; x++) {
        const v = data[o + x]!;
        if (v > m) m = v;
      }
      d[row + bx] = m;
    }
  }
  return { w, h, d };
}

/** Separable max (dilate=true) or min filter with a square window of radius r. */
function filter2d(g: Grid, r: number, dilate: boolean): Grid {
  const { w, h } = g;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) run1d(g.d, tmp, y * w, 1, w, r, dilate);
  for (let x = 0; x < w; x++) run1d(tmp, out, x, w, h, r, dilate);
  return { w, h, d: out };
}

function run1d(
  src: Float32Array,
  dst: Float32Array,
  off: number,
  step: number,
  n: number,
  r: number,
  dilate: boolean,
): void {
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - r);
    const e = Math.min(n - 1, i + r);
    let v = src[off + a * step]!;
    for (let j = a + 1; j <= e; j++) {
      const u = src[off + j * step]!;
      if (dilate ? u > v : u < v) v = u;
    }
    dst[off + i * step] = v;
  }
}

function boxBlur(g: Grid, r: number): Grid {
  const { w, h } = g;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) blur1d(g.d, tmp, y * w, 1, w, r);
  for (let x = 0; x < w; x++) blur1d(tmp, out, x, w, h, r);
  return { w, h, d: out };
}

function blur1d(src: Float32Array, dst: Float32Array, off: number, step: number, n: number, r: number): void {
  let s = 0;
  let cnt = 0;
  for (let j = 0; j < Math.min(n, r); j++, cnt++) s += src[off + j * step]!;
  for (let i = 0; i < n; i++) {
    if (i + r < n) {
      s += src[off + (i + r) * step]!;
      cnt++;
    }
    if (i - r - 1 >= 0) {
      s -= src[off + (i - r - 1) * step]!;
      cnt--;
    }
    dst[off + i * step] = s / cnt;
  }
}

function divideByBackground(gray: GrayImage, bg: Grid, b: number, white: number): GrayImage {
  const { width: W, height: H, data } = gray;
  const out = new Uint8ClampedArray(W * H);
  // Horizontal interpolation table: block centres sit at (i + 0.5) * b.
  const x0 = new Int32Array(W);
  const tx = new Float32Array(W);
  for (let x = 0; x < W; x++) {
    const f = Math.min(bg.w - 1, Math.max(0, (x + 0.5) / b - 0.5));
    x0[x] = Math.min(bg.w - 2 < 0 ? 0 : bg.w - 2, Math.floor(f));
    tx[x] = bg.w > 1 ? f - x0[x]! : 0;
  }
  const row = new Float32Array(W);
  const x1off = bg.w > 1 ? 1 : 0;
  for (let y = 0; y < H; y++) {
    const f = Math.min(bg.h - 1, Math.max(0, (y + 0.5) / b - 0.5));
    const y0 = Math.min(Math.max(0, bg.h - 2), Math.floor(f));
    const ty = bg.h > 1 ? f - y0 : 0;
    const r0 = y0 * bg.w;
    const r1 = bg.h > 1 ? r0 + bg.w : r0;
    for (let x = 0; x < W; x++) {
      const i = x0[x]!;
      const t = tx[x]!;
      const top = bg.d[r0 + i]! + (bg.d[r0 + i + x1off]! - bg.d[r0 + i]!) * t;
      const bot = bg.d[r1 + i]! + (bg.d[r1 + i + x1off]! - bg.d[r1 + i]!) * t;
      row[x] = 255 / (Math.max(8, top + (bot - top) * ty) * white);
    }
    const o = y * W;
    for (let x = 0; x < W; x++) out[o + x] = data[o + x]! * row[x]!;
  }
  return { width: W, height: H, data: out };
}

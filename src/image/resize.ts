import { channelsOf } from './gray';
import type { GrayImage, RgbaImage } from './types';

type Pixels = { width: number; height: number; data: Uint8ClampedArray | Uint8Array };

/** Per output index: first source index, count, and fractional weights (area coverage). */
interface AxisMap {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array; // packed, `maxCount` per output index
  maxCount: number;
}

function axisMap(srcLen: number, dstLen: number): AxisMap {
  const ratio = srcLen / dstLen;
  const maxCount = Math.ceil(ratio) + 1;
  const start = new Int32Array(dstLen);
  const count = new Int32Array(dstLen);
  const weights = new Float32Array(dstLen * maxCount);
  for (let o = 0; o < dstLen; o++) {
    const a = o * ratio;
    const b = Math.min(srcLen, (o + 1) * ratio);
    const s = Math.floor(a);
    const e = Math.min(srcLen, Math.ceil(b));
    start[o] = s;
    count[o] = e - s;
    for (let k = s; k < e; k++) {
      const cover = Math.min(b, k + 1) - Math.max(a, k);
      weights[o * maxCount + (k - s)] = cover / ratio;
    }
  }
  return { start, count, weights, maxCount };
}

/**
 * Area-average (box) resampling to a smaller size, for any channel count.
 * Streams rows: memory is O(dstWidth * channels), so a 108 MP RGBA source is fine.
 * `outChannels` may be 4 for a 3-channel source (alpha set to 255).
 */
export function resizeArea(img: Pixels, dstW: number, dstH: number, outChannels?: number): Uint8ClampedArray {
  const c = channelsOf(img);
  const oc = outChannels ?? c;
  const { width: sw, height: sh, data: src } = img;
  const xm = axisMap(sw, dstW);
  const ym = axisMap(sh, dstH);
  const rowAcc = new Float32Array(dstW * c);
  const acc = new Float32Array(dstW * c);
  const out = new Uint8ClampedArray(dstW * dstH * oc);
  let cachedRow = -1;
  for (let oy = 0; oy < dstH; oy++) {
    acc.fill(0);
    const ys = ym.start[oy]!;
    const yc = ym.count[oy]!;
    for (let k = 0; k < yc; k++) {
      const wy = ym.weights[oy * ym.maxCount + k]!;
      // Consecutive output rows share at most one source row: keep the last one.
      if (ys + k !== cachedRow) {
        horizontalRow(src, (ys + k) * sw * c, c, xm, dstW, rowAcc);
        cachedRow = ys + k;
      }
      for (let i = 0; i < acc.length; i++) acc[i]! += rowAcc[i]! * wy;
    }
    const base = oy * dstW * oc;
    if (oc === c) {
      for (let i = 0; i < acc.length; i++) out[base + i] = acc[i]! + 0.5;
    } else {
      for (let x = 0; x < dstW; x++) {
        for (let ch = 0; ch < oc; ch++) out[base + x * oc + ch] = ch < c ? acc[x * c + ch]! + 0.5 : 255;
      }
    }
  }
  return out;
}

function horizontalRow(
  src: Uint8ClampedArray | Uint8Array,
  rowOff: number,
  c: number,
  xm: AxisMap,
  dstW: number,
  out: Float32Array,
): void {
  if (c === 1) {
    for (let ox = 0; ox < dstW; ox++) {
      const wb = ox * xm.maxCount;
      const p0 = rowOff + xm.start[ox]!;
      const xc = xm.count[ox]!;
      let s = 0;
      for (let k = 0; k < xc; k++) s += src[p0 + k]! * xm.weights[wb + k]!;
      out[ox] = s;
    }
    return;
  }
  for (let ox = 0; ox < dstW; ox++) {
    const xs = xm.start[ox]!;
    const xc = xm.count[ox]!;
    const wb = ox * xm.maxCount;
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      let p = rowOff + xs * c + ch;
      for (let k = 0; k < xc; k++, p += c) s += src[p]! * xm.weights[wb + k]!;
      out[ox * c + ch] = s;
    }
  }
}

/** Bilinear resampling (used for upscaling). */
export function resizeBilinear(img: Pixels, dstW: number, dstH: number): Uint8ClampedArray {
  const c = channelsOf(img);
  const { width: sw, height: sh, data: src } = img;
  const out = new Uint8ClampedArray(dstW * dstH * c);
  const sxr = sw / dstW;
  const syr = sh / dstH;
  for (let y = 0; y < dstH; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * syr - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dstW; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sxr - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      for (let ch = 0; ch < c; ch++) {
        const a = src[(y0 * sw + x0) * c + ch]!;
        const b = src[(y0 * sw + x1) * c + ch]!;
        const d = src[(y1 * sw + x0) * c + ch]!;
        const e = src[(y1 * sw + x1) * c + ch]!;
        const top = a + (b - a) * tx;
        const bot = d + (e - d) * tx;
        out[(y * dstW + x) * c + ch] = top + (bot - top) * ty + 0.5;
      }
    }
  }
  return out;
}

/** Size that fits `maxPixels` keeping the aspect ratio (never upscales). */
export function fitSize(width: number, height: number, maxPixels: number): { width: number; height: number } {
  if (width * height <= maxPixels) return { width, height };
  const f = Math.sqrt(maxPixels / (width * height));
  return { width: Math.max(1, Math.floor(width * f)), height: Math.max(1, Math.floor(height * f)) };
}

/** Area-average downscale so that width*height <= maxPixels. Returns the input itself if it already fits. */
export function downscaleToFit<T extends GrayImage | RgbaImage>(img: T, maxPixels: number): T {
  const { width, height } = fitSize(img.width, img.height, maxPixels);
  if (width === img.width && height === img.height) return img;
  return { width, height, data: resizeArea(img, width, height) } as T;
}

/** Scale by `factor` (area average when shrinking, bilinear when enlarging). Gray or RGBA. */
export function scale<T extends GrayImage | RgbaImage>(img: T, factor: number): T {
  if (!(factor > 0)) throw new Error(`bad scale factor ${factor}`);
  const w = Math.max(1, Math.round(img.width * factor));
  const h = Math.max(1, Math.round(img.height * factor));
  if (w === img.width && h === img.height) return { ...img, data: new Uint8ClampedArray(img.data) };
  const data = factor < 1 ? resizeArea(img, w, h) : resizeBilinear(img, w, h);
  return { width: w, height: h, data } as T;
}

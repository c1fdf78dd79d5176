import type { Box } from '../domain/geometry';
import type { GrayImage, RgbaImage } from './types';

/** Number of interleaved channels of a pixel buffer (1 for gray, 3 for RGB, 4 for RGBA). */
export function channelsOf(img: { width: number; height: number; data: ArrayLike<number> }): number {
  const n = img.width * img.height;
  if (n === 0) return 1;
  const c = img.data.length / n;
  if (c !== 1 && c !== 3 && c !== 4)
    throw new Error(`bad pixel buffer: ${img.data.length} for ${img.width}x${img.height}`);
  return c;
}

export function createGray(width: number, height: number, fill = 255): GrayImage {
  const data = new Uint8ClampedArray(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

export function cloneGray(img: GrayImage): GrayImage {
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) };
}

/**
 * RGBA (or RGB / gray) to 8-bit luma with BT.601 weights (integer arithmetic).
 * Alpha is composited over white so transparent PNG areas become paper.
 */
export function toGray(img: RgbaImage | GrayImage): GrayImage {
  const c = channelsOf(img);
  const n = img.width * img.height;
  const src = img.data;
  if (c === 1) return { width: img.width, height: img.height, data: new Uint8ClampedArray(src) };
  const out = new Uint8ClampedArray(n);
  for (let i = 0, j = 0; i < n; i++, j += c) {
    const y = (src[j]! * 77 + src[j + 1]! * 150 + src[j + 2]! * 29 + 128) >> 8;
    if (c === 4) {
      const a = src[j + 3]!;
      out[i] = a === 255 ? y : (y * a + 255 * (255 - a) + 127) / 255;
    } else {
      out[i] = y;
    }
  }
  return { width: img.width, height: img.height, data: out };
}

/** Gray to opaque RGBA (e.g. for canvas putImageData). */
export function grayToRgba(img: GrayImage): RgbaImage {
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(n * 4);
  const src = img.data;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const v = src[i]!;
    out[j] = v;
    out[j + 1] = v;
    out[j + 2] = v;
    out[j + 3] = 255;
  }
  return { width: img.width, height: img.height, data: out };
}

/** Clamp a box [x, y, w, h] to the image; returns an integer box, possibly empty. */
export function clampBox(box: Box, width: number, height: number): Box {
  const x0 = Math.max(0, Math.min(width, Math.floor(box[0])));
  const y0 = Math.max(0, Math.min(height, Math.floor(box[1])));
  const x1 = Math.max(x0, Math.min(width, Math.ceil(box[0] + box[2])));
  const y1 = Math.max(y0, Math.min(height, Math.ceil(box[1] + box[3])));
  return [x0, y0, x1 - x0, y1 - y0];
}

/** Copy of the part of `img` inside `box` (clamped to the image). Works for gray and RGBA. */
export function crop<T extends GrayImage | RgbaImage>(img: T, box: Box): T {
  const c = channelsOf(img);
  const [x, y, w, h] = clampBox(box, img.width, img.height);
  const out = new Uint8ClampedArray(w * h * c);
  const rowLen = w * c;
  for (let r = 0; r < h; r++) {
    const s = ((y + r) * img.width + x) * c;
    out.set(img.data.subarray(s, s + rowLen), r * rowLen);
  }
  return { width: w, height: h, data: out } as T;
}

/** Luma histogram (256 bins). */
export function histogram(img: GrayImage): Uint32Array {
  const h = new Uint32Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) h[d[i]!]!++;
  return h;
}

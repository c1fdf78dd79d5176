import type { GrayImage } from './types';

/**
 * Rotate a gray image about its centre by `deg` degrees CLOCKWISE as seen on screen (y axis down),
 * bilinear, same canvas size; uncovered pixels get `fill`.
 * Convention shared with `estimateSkew`: `rotate(img, -estimateSkew(img))` deskews.
 */
export function rotate(img: GrayImage, deg: number, fill = 255): GrayImage {
  const { width: w, height: h, data: src } = img;
  const out = new Uint8ClampedArray(w * h);
  if (deg === 0) {
    out.set(src);
    return { width: w, height: h, data: out };
  }
  const t = (deg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  // Inverse map: source = R(-t) * (dst - c) + c.
  //   sx =  cos*dx + sin*dy + cx ; sy = -sin*dx + cos*dy + cy
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    let sx = -cos * cx + sin * dy + cx;
    let sy = sin * cx + cos * dy + cy;
    let o = y * w;
    for (let x = 0; x < w; x++, o++, sx += cos, sy -= sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[o] = edgeSample(src, w, h, sx, sy, fill);
        continue;
      }
      const tx = sx - x0;
      const ty = sy - y0;
      const i = y0 * w + x0;
      const a = src[i]!;
      const b = src[i + 1]!;
      const c = src[i + w]!;
      const d = src[i + w + 1]!;
      const top = a + (b - a) * tx;
      const bot = c + (d - c) * tx;
      out[o] = top + (bot - top) * ty + 0.5;
    }
  }
  return { width: w, height: h, data: out };
}

/** Nearest sample on the last row/column, `fill` outside the image. */
function edgeSample(
  src: Uint8ClampedArray,
  w: number,
  h: number,
  sx: number,
  sy: number,
  fill: number,
): number {
  if (sx < -0.5 || sy < -0.5 || sx > w - 0.5 || sy > h - 0.5) return fill;
  const x = Math.min(w - 1, Math.max(0, Math.round(sx)));
  const y = Math.min(h - 1, Math.max(0, Math.round(sy)));
  return src[y * w + x]!;
}

import { channelsOf } from './gray';
import type { GrayImage, RgbaImage } from './types';

/** EXIF orientation value, 1 = upright. */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
/** Clockwise quarter turn in degrees. */
export type QuarterTurn = 0 | 90 | 180 | 270;

const STEPS: Record<number, readonly [number, number, number, number, number, number]> = {
  2: [-1, 0, 0, 1, 1, 0],
  3: [-1, 0, 0, -1, 1, 1],
  4: [1, 0, 0, -1, 0, 1],
  5: [0, 1, 1, 0, 0, 0],
  6: [0, -1, 1, 0, 0, 1],
  7: [0, -1, -1, 0, 1, 1],
  8: [0, 1, -1, 0, 1, 0],
};

/**
 * Transform stored pixels to display orientation per EXIF tag 0x0112:
 * 2 mirror-x, 3 rotate 180, 4 mirror-y, 5 transpose, 6 rotate 90 CW, 7 transverse, 8 rotate 90 CCW.
 * Works for gray and RGBA. Orientation 1 (or anything unknown) returns the input unchanged.
 */
export function applyOrientation<T extends GrayImage | RgbaImage>(img: T, orientation: number): T {
  if (orientation < 2 || orientation > 8 || !Number.isInteger(orientation)) return img;
  const { width: W, height: H } = img;
  const swap = orientation >= 5;
  const ow = swap ? H : W;
  const oh = swap ? W : H;
  // Source step per output x (ax, ay), per output y (bx, by), and source of output (0,0) as (ox*(W-1), oy*(H-1)).
  const [ax, ay, bx, by, ox, oy] = STEPS[orientation]!;
  const c = channelsOf(img);
  const out = new Uint8ClampedArray(ow * oh * c);
  const src = img.data;
  // Step in source index per output x, and source index of output (0, y).
  const stepX = (ay * W + ax) * c;
  const x00 = ox * (W - 1);
  const y00 = oy * (H - 1);
  for (let y = 0; y < oh; y++) {
    let s = ((y00 + by * y) * W + (x00 + bx * y)) * c;
    let o = y * ow * c;
    if (c === 1) {
      for (let x = 0; x < ow; x++, s += stepX) out[o++] = src[s]!;
    } else {
      for (let x = 0; x < ow; x++, s += stepX) for (let k = 0; k < c; k++) out[o++] = src[s + k]!;
    }
  }
  return { width: ow, height: oh, data: out } as T;
}

/** Rotate by a clockwise quarter turn (0/90/180/270). */
export function rotateQuarter<T extends GrayImage | RgbaImage>(img: T, deg: QuarterTurn): T {
  const o = deg === 90 ? 6 : deg === 180 ? 3 : deg === 270 ? 8 : 1;
  return o === 1 ? { ...img, data: new Uint8ClampedArray(img.data) } : applyOrientation(img, o);
}

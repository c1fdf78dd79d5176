/**
 * Slant of a hand and its correction: strokes drawn leaning right are found leaning and stood upright by the
 * shear; upright strokes are left alone.
 */
import { describe, expect, it } from 'vitest';
import { estimateSlant, shear } from '../../../src/image/slant';
import type { GrayImage } from '../../../src/image/types';

/** Vertical strokes 3 px wide every 20 px, leaning right by `lean` px per row upwards. */
function strokes(lean: number, w = 400, h = 60): GrayImage {
  const data = new Uint8ClampedArray(w * h).fill(255);
  for (let y = 5; y < h - 5; y++)
    for (let s = 20; s < w - 40; s += 20) {
      const x = Math.round(s + lean * (h / 2 - y));
      for (let d = 0; d < 3; d++) if (x + d >= 0 && x + d < w) data[y * w + x + d] = 0;
    }
  return { width: w, height: h, data };
}

describe('slant', () => {
  it('finds a right lean and stands it upright', () => {
    const img = strokes(0.25);
    const k = estimateSlant(img);
    expect(k).toBeCloseTo(0.25, 5);
    const { image, dx } = shear(img, k);
    expect(image.width).toBe(img.width + 2 * dx);
    // Upright again: no shear makes it sharper.
    expect(estimateSlant(image)).toBe(0);
  });

  it('leaves upright strokes and near-empty crops alone', () => {
    expect(estimateSlant(strokes(0))).toBe(0);
    expect(estimateSlant({ width: 50, height: 20, data: new Uint8ClampedArray(1000).fill(255) })).toBe(0);
  });
});

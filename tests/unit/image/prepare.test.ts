import { describe, expect, it } from 'vitest';
import { flattenBackground } from '../../../src/image/background';
import { binarizeGlobal, binarizeSauvola, otsuThreshold } from '../../../src/image/binarize';
import { crop, toGray } from '../../../src/image/gray';
import { applyOrientation, rotateQuarter } from '../../../src/image/orient';
import { downscaleToFit, scale } from '../../../src/image/resize';
import { rotate } from '../../../src/image/rotate';
import { blank, fillRect, textPage } from './synth';

describe('toGray / crop / scale', () => {
  it('converts RGBA with BT.601 weights and composites alpha over white', () => {
    const rgba = {
      width: 3,
      height: 1,
      data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 0, 0, 10, 10, 10, 255]),
    };
    const g = toGray(rgba);
    expect(Array.from(g.data)).toEqual([77, 255, 10]);
  });

  it('crops with clamping', () => {
    const img = blank(10, 10);
    fillRect(img, 2, 2, 2, 2, 7);
    const c = crop(img, [2, 2, 20, 3]);
    expect([c.width, c.height, c.data[0]]).toEqual([8, 3, 7]);
  });

  it('downscaleToFit area-averages and respects the pixel budget', () => {
    const img = blank(400, 300, 0);
    fillRect(img, 0, 0, 200, 300, 200);
    const s = downscaleToFit(img, 10_000);
    expect(s.width * s.height).toBeLessThanOrEqual(10_000);
    expect(s.data[0]).toBe(200);
    expect(s.data[s.width - 1]).toBe(0);
    expect(downscaleToFit(img, 1e6)).toBe(img);
    const rgba = { width: 40, height: 40, data: new Uint8ClampedArray(40 * 40 * 4).fill(100) };
    const r = downscaleToFit(rgba, 100);
    expect(r.data.length).toBe(r.width * r.height * 4);
    expect(r.data[5]).toBe(100);
  });

  it('scale shrinks and enlarges', () => {
    const img = blank(100, 50, 80);
    expect(scale(img, 0.5)).toMatchObject({ width: 50, height: 25 });
    const big = scale(img, 2);
    expect([big.width, big.height, big.data[123]]).toEqual([200, 100, 80]);
  });
});

describe('rotate / orientation transforms', () => {
  it('rotates clockwise for positive angles (y down)', () => {
    const img = blank(201, 201);
    fillRect(img, 100, 20, 1, 1, 0); // point above the centre
    const r = rotate(img, 90);
    // clockwise quarter turn moves "up" to "right"
    let best = 0;
    let bestV = 255;
    for (let i = 0; i < r.data.length; i++) if (r.data[i]! < bestV) [bestV, best] = [r.data[i]!, i];
    expect([best % 201, Math.floor(best / 201)]).toEqual([180, 100]);
  });

  it('applyOrientation matches the EXIF definitions', () => {
    // 3x2 image with values 1..6 row-major
    const img = { width: 3, height: 2, data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6]) };
    const exp: Record<number, number[]> = {
      1: [1, 2, 3, 4, 5, 6],
      2: [3, 2, 1, 6, 5, 4],
      3: [6, 5, 4, 3, 2, 1],
      4: [4, 5, 6, 1, 2, 3],
      5: [1, 4, 2, 5, 3, 6],
      6: [4, 1, 5, 2, 6, 3],
      7: [6, 3, 5, 2, 4, 1],
      8: [3, 6, 2, 5, 1, 4],
    };
    for (const [o, v] of Object.entries(exp))
      expect(Array.from(applyOrientation(img, Number(o)).data), `o=${o}`).toEqual(v);
    expect(rotateQuarter(img, 90)).toMatchObject({ width: 2, height: 3 });
    const rgba = { width: 2, height: 1, data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]) };
    expect(Array.from(applyOrientation(rgba, 6).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(applyOrientation(rgba, 3).data)).toEqual([5, 6, 7, 8, 1, 2, 3, 4]);
  });
});

describe('background and binarisation', () => {
  function gradientPage(): { img: ReturnType<typeof blank>; ink: Uint8Array } {
    const page = textPage(600, 500, 3);
    const ink = new Uint8Array(page.data.length);
    for (let y = 0; y < page.height; y++) {
      for (let x = 0; x < page.width; x++) {
        const i = y * page.width + x;
        const paper = 130 + (110 * x) / page.width + (10 * y) / page.height; // 130..250
        ink[i] = page.data[i]! === 0 ? 1 : 0;
        page.data[i] = ink[i] ? paper * 0.3 : paper;
      }
    }
    return { img: page, ink };
  }

  it('flattenBackground whitens uneven paper and keeps ink dark, strokes unthinned', () => {
    const { img, ink } = gradientPage();
    const flat = flattenBackground(img, { radius: 30 });
    let paperMin = 255;
    let inkMax = 0;
    for (let i = 0; i < ink.length; i++) {
      if (ink[i]) inkMax = Math.max(inkMax, flat.data[i]!);
      else paperMin = Math.min(paperMin, flat.data[i]!);
    }
    expect(paperMin).toBeGreaterThanOrEqual(245);
    expect(inkMax).toBeLessThan(100);
    // a global threshold now recovers the ink exactly (no thinning)
    const bin = binarizeGlobal(flat);
    let diff = 0;
    for (let i = 0; i < ink.length; i++) if ((bin.data[i] === 0 ? 1 : 0) !== ink[i]) diff++;
    expect(diff).toBe(0);
  });

  it('Sauvola separates ink from a gradient background; Otsu finds a bimodal split', () => {
    const { img, ink } = gradientPage();
    const bin = binarizeSauvola(img, { window: 31, k: 0.2 });
    let wrong = 0;
    for (let i = 0; i < ink.length; i++) if ((bin.data[i] === 0 ? 1 : 0) !== ink[i]) wrong++;
    expect(wrong / ink.length).toBeLessThan(0.002);
    const bi = blank(100, 10, 200);
    fillRect(bi, 0, 0, 30, 10, 40);
    const t = otsuThreshold(bi);
    expect(t).toBeGreaterThanOrEqual(40);
    expect(t).toBeLessThan(200);
  });
});

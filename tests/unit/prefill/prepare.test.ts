import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/image/decode-node';
import type { GrayImage } from '../../../src/image/types';
import { findTextLines } from '../../../src/layout/text-lines';
import { despeckle } from '../../../src/prefill/despeckle';
import { preparePage, toPageBox } from '../../../src/prefill/prepare';
import { fitsKind } from '../../../src/prefill/reread';

function blank(w: number, h: number): GrayImage {
  return { width: w, height: h, data: new Uint8ClampedArray(w * h).fill(255) };
}
function fill(img: GrayImage, x: number, y: number, w: number, h: number, v = 0): void {
  for (let r = y; r < y + h; r++) img.data.fill(v, r * img.width + x, r * img.width + x + w);
}

describe('despeckle', () => {
  it('erases isolated specks and keeps marks next to letters', () => {
    const img = blank(200, 100);
    fill(img, 20, 40, 30, 30); // a letter body
    fill(img, 30, 30, 4, 4); // its mark, 6 px above
    fill(img, 150, 10, 3, 3); // a lone speck
    const { image, removed } = despeckle(img, { maxSide: 8, maxArea: 40, radius: 12 });
    expect(removed).toBe(1);
    expect(image.data[31 * 200 + 31]).toBe(0);
    expect(image.data[11 * 200 + 151]).toBe(255);
  });
});

describe('text lines', () => {
  it('finds lines and merges a mark above a line into it', () => {
    const img = blank(400, 200);
    fill(img, 20, 50, 300, 30);
    fill(img, 40, 40, 6, 5); // diacritic above, separated by 5 px
    fill(img, 20, 120, 200, 30);
    const lines = findTextLines(img, { margin: 0 });
    expect(lines).toHaveLength(2);
    expect(lines[0]!.box[1]).toBeLessThanOrEqual(40);
  });
});

describe('preparePage on a real scan', () => {
  it('measures the skew of p014 and maps boxes back to the page', () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/pages/p014.jpg', import.meta.url)));
    const p = preparePage(decodeImage(bytes));
    const truth = JSON.parse(
      readFileSync(new URL('../../fixtures/ocr/p014.truth.json', import.meta.url), 'utf8'),
    ) as {
      degradation: { rotation_deg: number };
    };
    expect(Math.abs(p.skew.angle - truth.degradation.rotation_deg)).toBeLessThan(0.15);
    expect(p.image.width).toBe(p.width);
    const back = toPageBox(p, [1000, 1000, 100, 50]);
    expect(Math.abs(back[0] - 1000)).toBeLessThan(60);
  }, 60_000);
});

describe('toPageBox', () => {
  it('maps back through a quarter turn', () => {
    // Stored scan 100×200 whose content is turned 90° clockwise; the prepared (upright) page is 200×100.
    const p = { rotation: 0, width: 200, height: 100, turn: 90 as const };
    // The upright top-left corner lies at the top-right of the stored scan.
    expect(toPageBox(p, [0, 0, 20, 10])).toEqual([90, 0, 10, 20]);
  });
});

describe('fitsKind', () => {
  it('accepts plausible typed values only', () => {
    expect(fitsKind('date', '16/06/1981')).toBe(true);
    expect(fitsKind('date', '16/06/3898')).toBe(false);
    expect(fitsKind('date', '31/04/1990')).toBe(true); // impossible but as written
    expect(fitsKind('id_number', '046201600751')).toBe(true);
    expect(fitsKind('sex', 'Nữ')).toBe(true);
    expect(fitsKind('time', '19 giờ 16 phút')).toBe(true);
  });
});

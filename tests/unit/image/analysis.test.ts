import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { components } from '../../../src/image/components';
import { decodeImage } from '../../../src/image/decode-node';
import { removeLeaderDots } from '../../../src/image/dots';
import { toGray } from '../../../src/image/gray';
import { rotateQuarter } from '../../../src/image/orient';
import { detectOrientation } from '../../../src/image/orientation';
import { rotate } from '../../../src/image/rotate';
import { removeRules } from '../../../src/image/rules';
import { estimateSkew } from '../../../src/image/skew';
import type { GrayImage } from '../../../src/image/types';
import { blank, fillRect, textPage } from './synth';

const page = textPage(1200, 1600, 7);

describe('estimateSkew', () => {
  for (const deg of [-2.7, -1.3, -0.4, 0, 0.25, 0.9, 1.75, 2.9]) {
    it(`finds ${deg}° on a synthetic text page (±0.15°)`, () => {
      const est = estimateSkew(rotate(page, deg));
      expect(Math.abs(est - deg)).toBeLessThanOrEqual(0.15);
    });
  }

  it('is 0 on a blank page', () => {
    expect(estimateSkew(blank(300, 400))).toBe(0);
  });
});

describe('real dev page p014', () => {
  const gray = toGray(decodeImage(readFileSync('tests/fixtures/pages/p014.jpg')));
  const truth = 1.205; // dev/truth/p014.json degradation.rotation_deg (clockwise)

  it('skew matches the truth within 0.1°, and deskewing leaves ~0', () => {
    const est = estimateSkew(gray);
    expect(Math.abs(est - truth)).toBeLessThan(0.1);
    expect(Math.abs(estimateSkew(rotate(gray, -est)))).toBeLessThan(0.1);
  });

  it('orientation is found for all four quarter turns', () => {
    for (const q of [0, 90, 180, 270] as const) expect(detectOrientation(rotateQuarter(gray, q))).toBe(q);
  });
});

describe('detectOrientation (synthetic)', () => {
  it('tells upright from upside down and sideways', () => {
    for (const q of [0, 90, 180, 270] as const) expect(detectOrientation(rotateQuarter(page, q))).toBe(q);
  });
});

describe('components', () => {
  it('labels 8-connected blobs with boxes and areas', () => {
    const img = blank(20, 10);
    fillRect(img, 1, 1, 3, 2);
    fillRect(img, 4, 3, 1, 1); // diagonal touch -> same component
    fillRect(img, 10, 5, 4, 4);
    const cc = components(img);
    expect(cc.count).toBe(2);
    const a = Array.from(cc.area).sort((x, y) => x - y);
    expect(a).toEqual([7, 16]);
    const big = cc.area[0] === 16 ? 0 : 1;
    expect([cc.minX[big], cc.minY[big], cc.maxX[big], cc.maxY[big]]).toEqual([10, 5, 13, 8]);
  });

  it('handles U shapes merging late', () => {
    const img = blank(10, 10);
    fillRect(img, 1, 1, 1, 6);
    fillRect(img, 6, 1, 1, 6);
    fillRect(img, 1, 7, 6, 1);
    expect(components(img).count).toBe(1);
  });
});

/** Ink pixels (< 128) inside a box. */
function inkIn(img: GrayImage, x: number, y: number, w: number, h: number): number {
  let n = 0;
  for (let yy = y; yy < y + h; yy++)
    for (let xx = x; xx < x + w; xx++) if (img.data[yy * img.width + xx]! < 128) n++;
  return n;
}

describe('removeLeaderDots', () => {
  function formLine(): GrayImage {
    const img = blank(700, 120);
    // label "letters" with an i-dot above and a dot-below under a letter
    fillRect(img, 20, 40, 10, 20);
    fillRect(img, 36, 40, 3, 20);
    fillRect(img, 36, 33, 3, 3); // i dot
    fillRect(img, 44, 40, 10, 20);
    fillRect(img, 47, 63, 3, 3); // dot below
    // a few isolated dots with irregular spacing (punctuation)
    fillRect(img, 70, 57, 3, 3);
    fillRect(img, 95, 57, 3, 3);
    // leader dots: 3x3 every 8 px at the baseline, one dot missing (hidden under handwriting)
    for (let x = 120; x < 600; x += 8) if (x !== 300) fillRect(img, x, 58, 3, 3);
    // dashed leader
    for (let x = 120; x < 600; x += 14) fillRect(img, x, 100, 7, 2);
    return img;
  }

  it('erases rows of regular dots/dashes and keeps letter dots', () => {
    const img = formLine();
    const out = removeLeaderDots(img);
    expect(inkIn(out, 115, 50, 500, 15)).toBe(0);
    expect(inkIn(out, 115, 95, 500, 10)).toBe(0);
    expect(inkIn(out, 36, 33, 3, 3)).toBe(9);
    expect(inkIn(out, 47, 63, 3, 3)).toBe(9);
    expect(inkIn(out, 70, 57, 3, 3)).toBe(9);
    expect(inkIn(out, 20, 40, 40, 20)).toBe(inkIn(img, 20, 40, 40, 20));
  });

  it('works on gray input too', () => {
    const img = formLine();
    for (let i = 0; i < img.data.length; i++) img.data[i] = img.data[i] === 0 ? 60 : 230;
    const out = removeLeaderDots(img);
    expect(inkIn(out, 115, 50, 500, 15)).toBe(0);
    expect(inkIn(out, 36, 33, 3, 3)).toBe(9);
  });

  it('does not erase a short run (< 6) of dots', () => {
    const img = blank(200, 40);
    for (let k = 0; k < 4; k++) fillRect(img, 20 + 8 * k, 20, 3, 3);
    expect(inkIn(removeLeaderDots(img), 0, 0, 200, 40)).toBe(36);
  });
});

describe('removeRules', () => {
  it('erases long horizontal and vertical lines, keeps text', () => {
    const img = textPage(600, 400, 5, 60);
    const before = inkIn(img, 0, 0, 600, 400);
    fillRect(img, 10, 318, 580, 3); // underline / table border between two text lines
    fillRect(img, 590, 10, 2, 380); // vertical border
    const out = removeRules(img, { minLength: 100 });
    expect(inkIn(out, 0, 314, 600, 11)).toBe(0);
    expect(inkIn(out, 585, 0, 15, 400)).toBe(0);
    expect(inkIn(out, 0, 0, 600, 400)).toBe(before); // every text pixel kept
  });
});

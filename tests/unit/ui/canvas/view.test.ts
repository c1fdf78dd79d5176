import { describe, expect, it } from 'vitest';
import type { Box } from '../../../../src/domain/geometry';
import {
  ROTATIONS,
  boxFromCorners,
  boxToObject,
  boxToScene,
  boxToScreen,
  clampBox,
  clampPan,
  clampPoint,
  clampZoom,
  fitView,
  formatQuad,
  normalizeRotation,
  objectToBox,
  pageToScene,
  pageToSceneMatrix,
  pageToScreen,
  panBy,
  rectsOverlap,
  revealRect,
  rotatedSize,
  sceneToPage,
  sceneToScreen,
  screenPointsToBox,
  screenToBox,
  screenToPage,
  shiftInside,
  viewMatrix,
  zoomAbout,
  zoomLimits,
  zoomToBox,
  type View,
  type XY,
} from '../../../../src/ui/canvas/view';

const PAGE = { width: 2480, height: 3508 };
const CONTAINER = { width: 800, height: 600 };
const VIEWS: View[] = [
  { zoom: 1, x: 0, y: 0 },
  { zoom: 0.17, x: 12.5, y: -40 },
  { zoom: 3.2, x: -1500.25, y: -2200 },
];
const POINTS: XY[] = [
  { x: 0, y: 0 },
  { x: 2480, y: 3508 },
  { x: 454, y: 431 },
  { x: 1239.5, y: 17.25 },
];

function close(a: XY, b: XY): void {
  expect(a.x).toBeCloseTo(b.x, 9);
  expect(a.y).toBeCloseTo(b.y, 9);
}

function closeBox(a: Box, b: Box, digits = 9): void {
  for (let i = 0; i < 4; i++) expect(a[i]).toBeCloseTo(b[i]!, digits);
}

describe('rotation', () => {
  it('normalises any angle to a quarter turn', () => {
    expect(normalizeRotation(0)).toBe(0);
    expect(normalizeRotation(90)).toBe(90);
    expect(normalizeRotation(-90)).toBe(270);
    expect(normalizeRotation(450)).toBe(90);
    expect(normalizeRotation(179)).toBe(180);
    expect(normalizeRotation(-360)).toBe(0);
  });

  it('swaps the page size for quarter turns', () => {
    expect(rotatedSize(PAGE, 0)).toEqual(PAGE);
    expect(rotatedSize(PAGE, 180)).toEqual(PAGE);
    expect(rotatedSize(PAGE, 90)).toEqual({ width: 3508, height: 2480 });
    expect(rotatedSize(PAGE, 270)).toEqual({ width: 3508, height: 2480 });
  });

  it('turns the page clockwise: the top-left corner goes to the top-right at 90°', () => {
    expect(pageToScene({ x: 0, y: 0 }, PAGE, 90)).toEqual({ x: 3508, y: 0 });
    expect(pageToScene({ x: 2480, y: 0 }, PAGE, 90)).toEqual({ x: 3508, y: 2480 });
    expect(pageToScene({ x: 0, y: 0 }, PAGE, 180)).toEqual({ x: 2480, y: 3508 });
    expect(pageToScene({ x: 0, y: 0 }, PAGE, 270)).toEqual({ x: 0, y: 2480 });
    expect(pageToScene({ x: 10, y: 20 }, PAGE, 0)).toEqual({ x: 10, y: 20 });
  });

  it('maps the page onto the rotated extent [0, W′] × [0, H′]', () => {
    for (const rot of ROTATIONS) {
      const s = rotatedSize(PAGE, rot);
      const r = boxToScene([0, 0, PAGE.width, PAGE.height], PAGE, rot);
      expect(r).toEqual({ x: 0, y: 0, width: s.width, height: s.height });
    }
  });

  it('agrees with a rotation about the page centre by the fabric angle (what the image object does)', () => {
    for (const rot of ROTATIONS) {
      const s = rotatedSize(PAGE, rot);
      const a = (rot * Math.PI) / 180;
      for (const p of POINTS) {
        const lx = p.x - PAGE.width / 2;
        const ly = p.y - PAGE.height / 2;
        // fabric's rotation matrix [cos, sin, -sin, cos] in a y-down plane, i.e. clockwise on screen
        const expected = {
          x: s.width / 2 + Math.cos(a) * lx - Math.sin(a) * ly,
          y: s.height / 2 + Math.sin(a) * lx + Math.cos(a) * ly,
        };
        close(pageToScene(p, PAGE, rot), expected);
      }
    }
  });

  it('round-trips page ↔ scene for every rotation', () => {
    for (const rot of ROTATIONS) {
      for (const p of POINTS) close(sceneToPage(pageToScene(p, PAGE, rot), PAGE, rot), p);
    }
  });

  it('round-trips page ↔ screen for every rotation and view', () => {
    for (const rot of ROTATIONS) {
      for (const v of VIEWS) {
        for (const p of POINTS) close(screenToPage(pageToScreen(p, PAGE, rot, v), PAGE, rot, v), p);
      }
    }
  });

  it('round-trips boxes through the screen and through fabric object geometry', () => {
    const boxes: Box[] = [
      [454, 431, 69, 62],
      [0, 0, 2480, 3508],
      [927.5, 521, 177, 65.25],
    ];
    for (const rot of ROTATIONS) {
      for (const b of boxes) {
        for (const v of VIEWS) {
          const r = boxToScreen(b, PAGE, rot, v);
          closeBox(screenToBox(r, PAGE, rot, v), b);
          expect(r.width * r.height).toBeCloseTo(b[2] * b[3] * v.zoom * v.zoom, 6);
        }
        const o = boxToObject(b, PAGE, rot);
        expect([o.width, o.height]).toEqual([b[2], b[3]]);
        closeBox(objectToBox(o.center, o.width, o.height, PAGE, rot), b);
      }
    }
  });

  it('puts a box at 90° where the rotated page carries it (portrait → landscape)', () => {
    // A box at the top-left of the page ends at the top-right, its width becoming a height.
    const r = boxToScene([10, 20, 100, 30], PAGE, 90);
    expect(r).toEqual({ x: 3508 - 50, y: 10, width: 30, height: 100 });
  });

  it('reads a box back from any four screen corners', () => {
    for (const rot of ROTATIONS) {
      const v = VIEWS[1]!;
      const b: Box = [100, 200, 300, 40];
      const corners = [
        { x: b[0], y: b[1] },
        { x: b[0] + b[2], y: b[1] },
        { x: b[0] + b[2], y: b[1] + b[3] },
        { x: b[0], y: b[1] + b[3] },
      ].map((p) => pageToScreen(p, PAGE, rot, v));
      closeBox(screenPointsToBox(corners.reverse(), PAGE, rot, v), b);
    }
  });
});

describe('fit', () => {
  it('fits the whole rotated page inside the container with a margin, centred', () => {
    for (const rot of ROTATIONS) {
      const v = fitView(PAGE, rot, CONTAINER, 8);
      const r = boxToScreen([0, 0, PAGE.width, PAGE.height], PAGE, rot, v);
      expect(r.x).toBeGreaterThanOrEqual(8 - 1e-9);
      expect(r.y).toBeGreaterThanOrEqual(8 - 1e-9);
      expect(r.x + r.width).toBeLessThanOrEqual(CONTAINER.width - 8 + 1e-9);
      expect(r.y + r.height).toBeLessThanOrEqual(CONTAINER.height - 8 + 1e-9);
      // touches the margin on one axis, centred on both
      const touches =
        Math.abs(r.width - (CONTAINER.width - 16)) < 1e-9 ||
        Math.abs(r.height - (CONTAINER.height - 16)) < 1e-9;
      expect(touches).toBe(true);
      expect(r.x + r.width / 2).toBeCloseTo(CONTAINER.width / 2, 9);
      expect(r.y + r.height / 2).toBeCloseTo(CONTAINER.height / 2, 9);
    }
  });

  it('gives a larger zoom for a landscape rotation of a portrait page in a landscape container', () => {
    expect(fitView(PAGE, 90, CONTAINER).zoom).toBeGreaterThan(fitView(PAGE, 0, CONTAINER).zoom);
    expect(fitView(PAGE, 0, CONTAINER, 0).zoom).toBeCloseTo(600 / 3508, 12);
    expect(fitView(PAGE, 90, CONTAINER, 0).zoom).toBeCloseTo(Math.min(800 / 3508, 600 / 2480), 12);
  });

  it('does not divide by zero for an empty container', () => {
    expect(fitView(PAGE, 0, { width: 0, height: 0 })).toEqual({ zoom: 1, x: 0, y: 0 });
  });
});

describe('zoom and pan', () => {
  it('keeps the anchor point fixed when zooming about it', () => {
    for (const v of VIEWS) {
      for (const anchor of [
        { x: 0, y: 0 },
        { x: 400, y: 300 },
        { x: 731.5, y: 12 },
      ]) {
        for (const z of [0.05, 0.5, 2, 7.5]) {
          const before = screenToPage(anchor, PAGE, 90, v);
          const after = zoomAbout(v, z, anchor);
          expect(after.zoom).toBe(z);
          close(screenToPage(anchor, PAGE, 90, after), before);
          close(pageToScreen(before, PAGE, 90, after), anchor);
        }
      }
    }
  });

  it('clamps the zoom to 0.1–8× of the fit zoom (at least 2 px per page pixel at the top)', () => {
    const lim = zoomLimits(0.2);
    expect(lim.min).toBeCloseTo(0.02, 12);
    expect(lim.max).toBe(2);
    expect(zoomLimits(0.5).max).toBeCloseTo(4, 12);
    expect(clampZoom(100, lim)).toBe(lim.max);
    expect(clampZoom(0.001, lim)).toBe(lim.min);
    expect(clampZoom(1, lim)).toBe(1);
  });

  it('pans by screen pixels', () => {
    expect(panBy({ zoom: 2, x: 1, y: 2 }, 10, -5)).toEqual({ zoom: 2, x: 11, y: -3 });
  });

  it('keeps at least half of the page (or of the container) visible on each axis', () => {
    // small: page 248 × 350.8 px at zoom 0.1 in 800 × 600: at least 124 × 175.4 px stay visible
    const small = clampPan({ zoom: 0.1, x: -500, y: 900 }, PAGE, 0, CONTAINER);
    expect(small.x).toBeCloseTo(124 - 248, 9);
    expect(small.y).toBeCloseTo(600 - 175.4, 9);
    // large: 2480 × 3508 px at zoom 1: at least 400 × 300 px stay visible
    expect(clampPan({ zoom: 1, x: 1000, y: -5000 }, PAGE, 0, CONTAINER)).toEqual({
      zoom: 1,
      x: 400,
      y: 300 - 3508,
    });
    // keep = 1: a small page stays wholly inside, a large one keeps covering the container
    expect(clampPan({ zoom: 0.1, x: -5, y: 500 }, PAGE, 0, CONTAINER, 1).x).toBe(0);
    expect(clampPan({ zoom: 1, x: 100, y: -5000 }, PAGE, 0, CONTAINER, 1)).toEqual({
      zoom: 1,
      x: 0,
      y: 600 - 3508,
    });
    // a view inside the bounds is unchanged
    expect(clampPan({ zoom: 1, x: -100, y: -200 }, PAGE, 0, CONTAINER)).toEqual({
      zoom: 1,
      x: -100,
      y: -200,
    });
  });

  it('does not move a page that is zoomed about a point on it', () => {
    for (const rot of ROTATIONS) {
      let v = fitView(PAGE, rot, CONTAINER);
      const anchor = pageToScreen({ x: 2300, y: 200 }, PAGE, rot, v); // near a corner of the page
      for (let i = 0; i < 12; i++) {
        const next = zoomAbout(v, v.zoom * 1.25, anchor);
        expect(clampPan(next, PAGE, rot, CONTAINER)).toEqual(next);
        v = next;
      }
    }
  });

  it('uses the rotated extent when clamping', () => {
    // at 90° the page is 3508 wide: x may go down to 400 - 3508
    expect(clampPan({ zoom: 1, x: -3000, y: 0 }, PAGE, 90, CONTAINER).x).toBe(-3000);
    expect(clampPan({ zoom: 1, x: -3000, y: 0 }, PAGE, 0, CONTAINER).x).toBe(400 - 2480);
  });

  it('reveals an off-screen rectangle with the smallest pan and leaves a visible one alone', () => {
    const v: View = { zoom: 1, x: 0, y: 0 };
    expect(revealRect(v, { x: 10, y: 10, width: 50, height: 20 }, CONTAINER, 0)).toEqual(v);
    const moved = revealRect(v, { x: 900, y: -100, width: 50, height: 20 }, CONTAINER, 24);
    expect(moved).toEqual({ zoom: 1, x: -(900 + 50 - 776), y: 124 });
    // too big to fit: centred
    const big = revealRect(v, { x: 0, y: 0, width: 2000, height: 20 }, CONTAINER, 24);
    expect(big.x).toBe(400 - 1000);
  });

  it('detects overlapping rectangles', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(rectsOverlap(a, { x: 5, y: 5, width: 10, height: 10 })).toBe(true);
    expect(rectsOverlap(a, { x: 10, y: 0, width: 10, height: 10 })).toBe(false);
    expect(rectsOverlap(a, { x: -5, y: -5, width: 30, height: 30 })).toBe(true);
  });

  it('builds fabric’s viewport transform', () => {
    expect(viewMatrix({ zoom: 2, x: 3, y: 4 })).toEqual([2, 0, 0, 2, 3, 4]);
  });
});

describe('boxes', () => {
  it('normalises a box from two drag corners in any order', () => {
    const a = { x: 10, y: 50 };
    const b = { x: 110, y: 20 };
    expect(boxFromCorners(a, b)).toEqual([10, 20, 100, 30]);
    expect(boxFromCorners(b, a)).toEqual([10, 20, 100, 30]);
    expect(boxFromCorners(a, a)).toEqual([10, 50, 0, 0]);
  });

  it('clamps points to the page', () => {
    expect(clampPoint({ x: -5, y: 4000 }, PAGE)).toEqual({ x: 0, y: 3508 });
    expect(clampPoint({ x: 5, y: 6 }, PAGE)).toEqual({ x: 5, y: 6 });
  });

  it('rounds edges to whole pixels and clamps to the page', () => {
    expect(clampBox([10.4, 20.6, 100.2, 30.3], PAGE)).toEqual([10, 21, 101, 30]);
    expect(clampBox([-20, -10, 100, 50], PAGE)).toEqual([0, 0, 80, 40]);
    expect(clampBox([2400, 3500, 200, 50], PAGE)).toEqual([2400, 3500, 80, 8]);
    expect(clampBox([50, 60, -20, -30], PAGE)).toEqual([30, 30, 20, 30]);
    for (const b of [clampBox([10, 10, 0, 0], PAGE), clampBox([2480, 3508, 5, 5], PAGE)]) {
      expect(b[2]).toBeGreaterThanOrEqual(1);
      expect(b[3]).toBeGreaterThanOrEqual(1);
      expect(b[0] + b[2]).toBeLessThanOrEqual(2480);
      expect(b[1] + b[3]).toBeLessThanOrEqual(3508);
    }
    for (const b of [clampBox([1, 2, 3, 4], PAGE), clampBox([5000, -3, 7, 9], PAGE)]) {
      expect(b.every((n) => Number.isInteger(n))).toBe(true);
    }
  });

  it('moves a box that sticks out back inside the page, keeping its size', () => {
    expect(shiftInside([-20, 3490, 100, 50], PAGE)).toEqual([0, 3458, 100, 50]);
    expect(shiftInside([2450.4, 10.6, 100, 50], PAGE)).toEqual([2380, 11, 100, 50]);
    expect(shiftInside([-5, -5, 3000, 40], PAGE)).toEqual([0, 0, 2480, 40]);
  });

  it('formats data-attribute quads without float noise', () => {
    expect(formatQuad([454.00000000001, 431, 69, -0.0000001], 2)).toBe('454,431,69,0');
    expect(formatQuad([1.234, 5.678, 9, 10], 2)).toBe('1.23,5.68,9,10');
  });

  it('round-trips every rotation through clampBox without moving a whole-pixel box', () => {
    const b: Box = [454, 431, 69, 62];
    for (const rot of ROTATIONS) {
      for (const v of VIEWS) {
        expect(clampBox(screenToBox(boxToScreen(b, PAGE, rot, v), PAGE, rot, v), PAGE)).toEqual(b);
      }
    }
  });
});

describe('zoom to field', () => {
  const page = { width: 1000, height: 1400 };
  it('the page→scene matrix agrees with pageToScene at every rotation', () => {
    for (const rot of ROTATIONS) {
      const [a, b, c, d, e, f] = pageToSceneMatrix(page, rot);
      for (const p of [
        { x: 0, y: 0 },
        { x: 123, y: 456 },
        { x: 1000, y: 1400 },
      ]) {
        expect({ x: a * p.x + c * p.y + e, y: b * p.x + d * p.y + f }).toEqual(pageToScene(p, page, rot));
      }
    }
  });

  it('magnifies a line to half the strip, centred; a long value starts at the left edge', () => {
    const strip = { width: 600, height: 90 };
    const v = zoomToBox([400, 300, 100, 30], page, 0, strip);
    expect(v.zoom).toBeCloseTo(1.5);
    // The box's centre is the strip's centre.
    expect(sceneToScreen({ x: 450, y: 315 }, v)).toEqual({ x: 300, y: 45 });
    const long = zoomToBox([100, 300, 800, 30], page, 0, strip);
    expect(sceneToScreen({ x: 100, y: 315 }, long).x).toBeCloseTo(24);
    // Sideways page (display rotation 90): the box's height on screen is its page width, magnified.
    const r = zoomToBox([400, 300, 30, 100], page, 90, strip);
    expect(boxToScreen([400, 300, 30, 100], page, 90, r).height).toBeCloseTo(45);
    // A tiny box is not blown up beyond the maximum zoom.
    expect(zoomToBox([0, 0, 2, 2], page, 0, strip).zoom).toBe(6);
  });
});

/**
 * Pure geometry of the page canvas: no fabric, no DOM.
 *
 * Three planes:
 * - page: page-image pixels, origin at the image's top-left, y down (where every `Box` lives);
 * - scene: the page after the display rotation (clockwise), translated so the rotated page fills
 *   [0, W'] × [0, H'] (fabric's scene plane; the image and the boxes are drawn there);
 * - screen: CSS pixels relative to the canvas element's top-left, `screen = scene × zoom + (x, y)`
 *   (fabric's viewport transform `[zoom, 0, 0, zoom, x, y]`).
 */
import type { Box } from '../../domain/geometry';

export type Rotation = 0 | 90 | 180 | 270;
export const ROTATIONS: readonly Rotation[] = [0, 90, 180, 270];

export interface XY {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}
/** An axis-aligned rectangle (screen or scene plane). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
/** Uniform zoom plus translation: screen = scene × zoom + (x, y). */
export interface View {
  zoom: number;
  x: number;
  y: number;
}
export interface ZoomLimits {
  min: number;
  max: number;
}

/** Any angle in degrees → the nearest of 0, 90, 180, 270. */
export function normalizeRotation(deg: number): Rotation {
  const q = (((Math.round(deg / 90) % 4) + 4) % 4) as 0 | 1 | 2 | 3;
  return ROTATIONS[q]!;
}

/** Size of the page once rotated for display. */
export function rotatedSize(page: Size, rot: Rotation): Size {
  return rot === 90 || rot === 270 ? { width: page.height, height: page.width } : { ...page };
}

/** Page pixel → scene point (clockwise display rotation). */
export function pageToScene(p: XY, page: Size, rot: Rotation): XY {
  switch (rot) {
    case 0:
      return { x: p.x, y: p.y };
    case 90:
      return { x: page.height - p.y, y: p.x };
    case 180:
      return { x: page.width - p.x, y: page.height - p.y };
    case 270:
      return { x: p.y, y: page.width - p.x };
  }
}

/** Scene point → page pixel (inverse of `pageToScene`). */
export function sceneToPage(s: XY, page: Size, rot: Rotation): XY {
  switch (rot) {
    case 0:
      return { x: s.x, y: s.y };
    case 90:
      return { x: s.y, y: page.height - s.x };
    case 180:
      return { x: page.width - s.x, y: page.height - s.y };
    case 270:
      return { x: page.width - s.y, y: s.x };
  }
}

export function sceneToScreen(s: XY, view: View): XY {
  return { x: s.x * view.zoom + view.x, y: s.y * view.zoom + view.y };
}

export function screenToScene(v: XY, view: View): XY {
  return { x: (v.x - view.x) / view.zoom, y: (v.y - view.y) / view.zoom };
}

export function pageToScreen(p: XY, page: Size, rot: Rotation, view: View): XY {
  return sceneToScreen(pageToScene(p, page, rot), view);
}

export function screenToPage(v: XY, page: Size, rot: Rotation, view: View): XY {
  return sceneToPage(screenToScene(v, view), page, rot);
}

/** Bounding rectangle of a set of points. */
export function boundsOf(points: readonly XY[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function boxCorners(box: Box): XY[] {
  const [x, y, w, h] = box;
  return [
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
  ];
}

/** A page box → its axis-aligned rectangle in the scene plane. */
export function boxToScene(box: Box, page: Size, rot: Rotation): Rect {
  return boundsOf(boxCorners(box).map((p) => pageToScene(p, page, rot)));
}

/** A page box → its axis-aligned rectangle on screen. */
export function boxToScreen(box: Box, page: Size, rot: Rotation, view: View): Rect {
  return boundsOf(boxCorners(box).map((p) => pageToScreen(p, page, rot, view)));
}

/** Screen points (e.g. the drawn corners of a box) → their bounding box in page pixels (not rounded). */
export function screenPointsToBox(points: readonly XY[], page: Size, rot: Rotation, view: View): Box {
  const r = boundsOf(points.map((p) => screenToPage(p, page, rot, view)));
  return [r.x, r.y, r.width, r.height];
}

/** A screen rectangle → the page box under it (not rounded). */
export function screenToBox(rect: Rect, page: Size, rot: Rotation, view: View): Box {
  return screenPointsToBox(
    [
      { x: rect.x, y: rect.y },
      { x: rect.x + rect.width, y: rect.y + rect.height },
    ],
    page,
    rot,
    view,
  );
}

/**
 * Geometry of a box as a fabric object with a centre origin and `angle = rot`: its centre in the scene plane and
 * its unrotated width and height (page pixels, since the scene has the page's scale).
 */
export function boxToObject(
  box: Box,
  page: Size,
  rot: Rotation,
): { center: XY; width: number; height: number } {
  const center = pageToScene({ x: box[0] + box[2] / 2, y: box[1] + box[3] / 2 }, page, rot);
  return { center, width: box[2], height: box[3] };
}

/** Inverse of `boxToObject` (not rounded). */
export function objectToBox(center: XY, width: number, height: number, page: Size, rot: Rotation): Box {
  const c = sceneToPage(center, page, rot);
  return [c.x - width / 2, c.y - height / 2, width, height];
}

/** The view that fits the rotated page inside the container with `margin` CSS pixels around it, centred. */
export function fitView(page: Size, rot: Rotation, container: Size, margin = 8): View {
  const s = rotatedSize(page, rot);
  if (s.width <= 0 || s.height <= 0 || container.width <= 0 || container.height <= 0) {
    return { zoom: 1, x: 0, y: 0 };
  }
  const availW = Math.max(1, container.width - 2 * margin);
  const availH = Math.max(1, container.height - 2 * margin);
  const zoom = Math.min(availW / s.width, availH / s.height);
  return {
    zoom,
    x: (container.width - s.width * zoom) / 2,
    y: (container.height - s.height * zoom) / 2,
  };
}

/** Allowed zoom range: 0.1× to 8× of the fit zoom, but always up to at least 2 CSS px per page pixel. */
export function zoomLimits(fitZoom: number): ZoomLimits {
  return { min: fitZoom * 0.1, max: Math.max(fitZoom * 8, 2) };
}

export function clampZoom(zoom: number, limits: ZoomLimits): number {
  return Math.min(limits.max, Math.max(limits.min, zoom));
}

/** Change the zoom to `zoom` keeping the screen point `anchor` over the same scene point. */
export function zoomAbout(view: View, zoom: number, anchor: XY): View {
  const s = screenToScene(anchor, view);
  return { zoom, x: anchor.x - s.x * zoom, y: anchor.y - s.y * zoom };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { zoom: view.zoom, x: view.x + dx, y: view.y + dy };
}

function clampAxis(offset: number, content: number, container: number, keep: number): number {
  // The page [offset, offset + content] keeps at least `keep` of min(content, container) inside [0, container].
  const visible = Math.min(content, container) * keep;
  return Math.min(container - visible, Math.max(visible - content, offset)) + 0; // + 0: no -0
}

/**
 * Keep the page reachable: on each axis at least `keep` (a fraction) of the smaller of the page's on-screen
 * extent and the container stays visible. Loose on purpose, so that zooming about the pointer is not bent
 * by the clamp; 0 (fit) brings the whole page back.
 */
export function clampPan(view: View, page: Size, rot: Rotation, container: Size, keep = 0.5): View {
  const s = rotatedSize(page, rot);
  return {
    zoom: view.zoom,
    x: clampAxis(view.x, s.width * view.zoom, container.width, keep),
    y: clampAxis(view.y, s.height * view.zoom, container.height, keep),
  };
}

function revealAxis(offset: number, start: number, size: number, container: number, margin: number): number {
  const lo = margin;
  const hi = container - margin;
  if (size > hi - lo) return offset + (container / 2 - (start + size / 2)); // too big: centre it
  if (start < lo) return offset + (lo - start);
  if (start + size > hi) return offset - (start + size - hi);
  return offset;
}

/** The smallest pan that brings the screen rectangle `rect` inside the container (with `margin`). */
export function revealRect(view: View, rect: Rect, container: Size, margin = 24): View {
  return {
    zoom: view.zoom,
    x: revealAxis(view.x, rect.x, rect.width, container.width, margin),
    y: revealAxis(view.y, rect.y, rect.height, container.height, margin),
  };
}

/** True when the rectangles overlap (share some area). */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The box spanned by two drag corners, in any order (not rounded). */
export function boxFromCorners(a: XY, b: XY): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return [x, y, Math.abs(a.x - b.x), Math.abs(a.y - b.y)];
}

/** A point clamped to the page. */
export function clampPoint(p: XY, page: Size): XY {
  return { x: Math.min(page.width, Math.max(0, p.x)), y: Math.min(page.height, Math.max(0, p.y)) };
}

/**
 * A box rounded to whole pixels (edges rounded, so error never accumulates in the size) and clamped to the
 * page, at least `minSize` pixels wide and high (shifted back inside the page when needed).
 */
export function clampBox(box: Box, page: Size, minSize = 1): Box {
  const W = Math.max(minSize, Math.round(page.width));
  const H = Math.max(minSize, Math.round(page.height));
  const axis = (start: number, size: number, limit: number): [number, number] => {
    let a = Math.round(Math.min(start, start + size));
    let b = Math.round(Math.max(start, start + size));
    a = Math.min(limit, Math.max(0, a));
    b = Math.min(limit, Math.max(0, b));
    if (b - a < minSize) {
      b = Math.min(limit, a + minSize);
      a = b - minSize;
    }
    return [a, b - a];
  };
  const [x, w] = axis(box[0], box[2], W);
  const [y, h] = axis(box[1], box[3], H);
  return [x, y, w, h];
}

/** Fabric's viewport transform for a view. */
export function viewMatrix(view: View): [number, number, number, number, number, number] {
  return [view.zoom, 0, 0, view.zoom, view.x, view.y];
}

/** `x,y,w,h` with at most `digits` decimals (no trailing zeros), for data attributes. */
export function formatQuad(values: readonly number[], digits = 0): string {
  const f = 10 ** digits;
  return values.map((v) => String(Math.round(v * f) / f + 0)).join(',');
}

export function rectToQuad(r: Rect): [number, number, number, number] {
  return [r.x, r.y, r.width, r.height];
}

/** A box moved (not resized) back inside the page when it sticks out, then clamped and rounded. */
export function shiftInside(box: Box, page: Size): Box {
  const axis = (start: number, size: number, limit: number): number =>
    size >= limit ? 0 : Math.min(limit - size, Math.max(0, start));
  return clampBox(
    [axis(box[0], box[2], page.width), axis(box[1], box[3], page.height), box[2], box[3]],
    page,
  );
}

/** A 2D affine transform as the canvas takes it: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [a: number, b: number, c: number, d: number, e: number, f: number];

/** The transform from page pixels to the scene plane (`pageToScene` as a matrix, for a 2D canvas). */
export function pageToSceneMatrix(page: Size, rot: Rotation): Matrix {
  switch (rot) {
    case 0:
      return [1, 0, 0, 1, 0, 0];
    case 90:
      return [0, 1, -1, 0, page.height, 0];
    case 180:
      return [-1, 0, 0, -1, page.width, page.height];
    case 270:
      return [0, -1, 1, 0, 0, page.width];
  }
}

/**
 * The view of the "zoom to field" strip (`strip` CSS px): the field's box magnified so that its line fills
 * `lineShare` of the strip's height (at most `maxZoom`), centred, or from its start when it is wider than the
 * strip (the beginning of a long value is what the operator reads first).
 */
export function zoomToBox(
  box: Box,
  page: Size,
  rot: Rotation,
  strip: Size,
  lineShare = 0.5,
  maxZoom = 6,
): View {
  const r = boxToScene(box, page, rot);
  const zoom = Math.min(maxZoom, (strip.height * lineShare) / Math.max(1, r.height));
  const margin = strip.width * 0.04;
  const x =
    r.width * zoom <= strip.width - 2 * margin
      ? strip.width / 2 - (r.x + r.width / 2) * zoom
      : margin - r.x * zoom;
  const y = strip.height / 2 - (r.y + r.height / 2) * zoom;
  return { zoom, x, y };
}

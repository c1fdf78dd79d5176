/** A box in page-image pixels: [x, y, width, height]. */
export type Box = [number, number, number, number];

export function boxUnion(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y, w, h] of boxes) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + w);
    y1 = Math.max(y1, y + h);
  }
  return [x0, y0, x1 - x0, y1 - y0];
}

export function boxIou(a: Box, b: Box): number {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** Vertical overlap of two boxes as a fraction of the smaller height. */
export function verticalOverlap(a: Box, b: Box): number {
  const top = Math.max(a[1], b[1]);
  const bottom = Math.min(a[1] + a[3], b[1] + b[3]);
  const h = Math.min(a[3], b[3]);
  return h > 0 ? Math.max(0, bottom - top) / h : 0;
}

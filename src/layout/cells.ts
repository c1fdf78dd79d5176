/**
 * Ruled rows of bordered forms (grids): two text lines lie in the same row when no horizontal rule passes
 * between them. A label cell may sit at the bottom of a tall row while its value's first line is above it
 * (handwriting), or a value may wrap onto a line with no label: the row says which label the line belongs to.
 */
import type { Box } from '../domain/geometry';

export interface RuleLine {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/**
 * For each line, a key naming the ruled row it lies in ("y0:y1" of the rules above and below), or null when
 * it is not boxed in: no rule above or below covers its left edge, or the rows would be taller than
 * `maxRowLines` median line heights (a header underline and a footer rule make no row).
 */
export function ruledRows(
  lines: readonly Box[],
  rules: readonly RuleLine[],
  { maxRowLines = 6 }: { maxRowLines?: number } = {},
): (string | null)[] {
  if (!rules.length || !lines.length) return lines.map(() => null);
  const heights = lines.map((b) => b[3]).sort((a, b) => a - b);
  const lineH = heights[Math.floor(heights.length / 2)] ?? 0;
  return lines.map(([x, y, , h]) => {
    const mid = y + h / 2;
    const probe = x + Math.min(8, h / 4);
    let above: RuleLine | null = null;
    let below: RuleLine | null = null;
    for (const r of rules) {
      if (r.x0 > probe || r.x1 < probe) continue;
      if (r.y1 < mid && (!above || r.y1 > above.y1)) above = r;
      if (r.y0 > mid && (!below || r.y0 < below.y0)) below = r;
    }
    if (!above || !below || below.y0 - above.y1 > lineH * maxRowLines) return null;
    // The rule must not cross the line's own ink (an underline through the text is no row border).
    if (above.y1 > y + h * 0.25 || below.y0 < y + h * 0.75) return null;
    return `${above.y1}:${below.y0}`;
  });
}

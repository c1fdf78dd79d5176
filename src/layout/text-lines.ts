/**
 * Text-line segmentation of a deskewed page by horizontal ink projection. Vietnamese diacritics can stand
 * apart from their letters (marks above capitals, the dot below), so thin bands are merged into the nearest
 * text band; bands tall enough to hold two lines are split at their weakest row.
 */
import type { Box } from '../domain/geometry';
import type { GrayImage } from '../image/types';

export interface TextLine {
  box: Box;
  /** Ink rows (projection mass) — used to choose crops. */
  ink: number;
}

interface Band {
  y0: number;
  y1: number; // exclusive
  mass: number;
}

export interface LineOptions {
  /** Gray level below which a pixel is ink. */
  threshold?: number;
  /** Ignore this many pixels at each page border (scanner edges, punch holes). */
  margin?: number;
}

function rowProfile(
  img: GrayImage,
  threshold: number,
  margin: number,
): { rows: Float64Array; left: number; right: number } {
  const { width, height, data } = img;
  const rows = new Float64Array(height);
  const left = margin;
  const right = width - margin;
  for (let y = margin; y < height - margin; y++) {
    let n = 0;
    const o = y * width;
    for (let x = left; x < right; x++) if ((data[o + x] ?? 255) < threshold) n++;
    rows[y] = n;
  }
  return { rows, left, right };
}

function bandsOf(rows: Float64Array, minInk: number): Band[] {
  const out: Band[] = [];
  let start = -1;
  let mass = 0;
  for (let y = 0; y <= rows.length; y++) {
    const v = y < rows.length ? (rows[y] ?? 0) : 0;
    if (v >= minInk) {
      if (start < 0) {
        start = y;
        mass = 0;
      }
      mass += v;
    } else if (start >= 0) {
      out.push({ y0: start, y1: y, mass });
      start = -1;
    }
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function mergeThin(bands: Band[], lineH: number): Band[] {
  const out = [...bands];
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < out.length; i++) {
      const b = out[i]!;
      if (b.y1 - b.y0 >= lineH * 0.45) continue;
      const prev = out[i - 1];
      const next = out[i + 1];
      const gapPrev = prev ? b.y0 - prev.y1 : Infinity;
      const gapNext = next ? next.y0 - b.y1 : Infinity;
      const limit = lineH * 0.45;
      if (Math.min(gapPrev, gapNext) > limit) continue;
      // Marks above a letter join the line below; the dot below joins the line above.
      const target = gapNext <= gapPrev ? i + 1 : i - 1;
      const t = out[target]!;
      out[target] = { y0: Math.min(t.y0, b.y0), y1: Math.max(t.y1, b.y1), mass: t.mass + b.mass };
      out.splice(i, 1);
      changed = true;
      break;
    }
  }
  return out;
}

function splitTall(bands: Band[], rows: Float64Array, lineH: number): Band[] {
  const out: Band[] = [];
  for (const b of bands) {
    const h = b.y1 - b.y0;
    if (h < lineH * 1.7) {
      out.push(b);
      continue;
    }
    const parts = Math.round(h / lineH);
    let y0 = b.y0;
    for (let k = 1; k < parts; k++) {
      const guess = b.y0 + Math.round((h * k) / parts);
      let best = guess;
      for (let y = guess - Math.round(lineH * 0.3); y <= guess + Math.round(lineH * 0.3); y++) {
        if ((rows[y] ?? Infinity) < (rows[best] ?? Infinity)) best = y;
      }
      out.push({ y0, y1: best, mass: 0 });
      y0 = best;
    }
    out.push({ y0, y1: b.y1, mass: 0 });
  }
  return out;
}

function horizontalExtent(
  img: GrayImage,
  y0: number,
  y1: number,
  threshold: number,
  margin: number,
): [number, number] | null {
  const { width, data } = img;
  const cols = new Uint16Array(width);
  for (let y = y0; y < y1; y++) {
    const o = y * width;
    for (let x = margin; x < width - margin; x++)
      if ((data[o + x] ?? 255) < threshold) cols[x] = (cols[x] ?? 0) + 1;
  }
  let x0 = -1;
  let x1 = -1;
  for (let x = 0; x < width; x++) {
    if ((cols[x] ?? 0) > 0) {
      if (x0 < 0) x0 = x;
      x1 = x + 1;
    }
  }
  return x0 < 0 ? null : [x0, x1];
}

export function findTextLines(img: GrayImage, options: LineOptions = {}): TextLine[] {
  const threshold = options.threshold ?? 140;
  const margin = options.margin ?? Math.round(Math.min(img.width, img.height) * 0.02);
  const { rows } = rowProfile(img, threshold, margin);
  const minInk = Math.max(2, Math.round(img.width * 0.002));
  let bands = bandsOf(rows, minInk);
  const tall = bands.filter((b) => b.y1 - b.y0 >= 8);
  const lineH = median(tall.map((b) => b.y1 - b.y0)) || 20;
  bands = mergeThin(bands, lineH);
  bands = splitTall(bands, rows, lineH);
  const lines: TextLine[] = [];
  for (const b of bands) {
    if (b.y1 - b.y0 < lineH * 0.4) continue;
    const ext = horizontalExtent(img, b.y0, b.y1, threshold, margin);
    if (!ext) continue;
    let ink = 0;
    for (let y = b.y0; y < b.y1; y++) ink += rows[y] ?? 0;
    // Specks: a band with almost no ink for its width.
    if (ink < lineH * 6) continue;
    lines.push({ box: [ext[0], b.y0, ext[1] - ext[0], b.y1 - b.y0], ink });
  }
  return lines;
}

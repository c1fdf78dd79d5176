import { INK_THRESHOLD } from './binarize';
import type { GrayImage } from './types';

/**
 * 8-connected components of the ink (< 128) of a binary image, found by run-length labelling
 * (runs of each row are unioned with overlapping runs of the previous row; union-find with path halving).
 * Component ids are 0..count-1; all per-component arrays are indexed by id, boxes are inclusive.
 */
export interface Components {
  count: number;
  area: Int32Array;
  minX: Int32Array;
  minY: Int32Array;
  maxX: Int32Array;
  maxY: Int32Array;
  /** Horizontal ink runs: row, first x, last x (inclusive) and component id; `runCount` valid entries. */
  runRow: Int32Array;
  runStart: Int32Array;
  runEnd: Int32Array;
  runLabel: Int32Array;
  runCount: number;
}

class RunList {
  row: Int32Array<ArrayBuffer> = new Int32Array(4096);
  start: Int32Array<ArrayBuffer> = new Int32Array(4096);
  end: Int32Array<ArrayBuffer> = new Int32Array(4096);
  n = 0;
  push(y: number, s: number, e: number): void {
    if (this.n === this.row.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.row = grow(this.row);
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.row[this.n] = y;
    this.start[this.n] = s;
    this.end[this.n] = e;
    this.n++;
  }
}

function find(parent: Int32Array, i: number): number {
  while (parent[i]! !== i) {
    const p = parent[parent[i]!]!;
    parent[i] = p;
    i = p;
  }
  return i;
}

function extractRuns(bin: GrayImage): { runs: RunList; rowFirst: Int32Array } {
  const { width: w, height: h, data } = bin;
  const runs = new RunList();
  const rowFirst = new Int32Array(h + 1);
  for (let y = 0; y < h; y++) {
    rowFirst[y] = runs.n;
    const o = y * w;
    let x = 0;
    while (x < w) {
      while (x < w && data[o + x]! >= INK_THRESHOLD) x++;
      if (x >= w) break;
      const s = x;
      while (x < w && data[o + x]! < INK_THRESHOLD) x++;
      runs.push(y, s, x - 1);
    }
  }
  rowFirst[h] = runs.n;
  return { runs, rowFirst };
}

export function components(bin: GrayImage): Components {
  const { runs, rowFirst } = extractRuns(bin);
  const n = runs.n;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  for (let y = 1; y < bin.height; y++) {
    let p = rowFirst[y - 1]!;
    const pEnd = rowFirst[y]!;
    for (let r = rowFirst[y]!; r < rowFirst[y + 1]!; r++) {
      const s = runs.start[r]! - 1;
      const e = runs.end[r]! + 1;
      while (p < pEnd && runs.end[p]! < s) p++;
      for (let q = p; q < pEnd && runs.start[q]! <= e; q++) {
        const a = find(parent, r);
        const b = find(parent, q);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  return summarize(runs, parent);
}

function summarize(runs: RunList, parent: Int32Array): Components {
  const n = runs.n;
  const label = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const root = find(parent, i);
    label[i] = root === i ? count++ : label[root]!;
  }
  const area = new Int32Array(count);
  const minX = new Int32Array(count).fill(0x7fffffff);
  const minY = new Int32Array(count).fill(0x7fffffff);
  const maxX = new Int32Array(count).fill(-1);
  const maxY = new Int32Array(count).fill(-1);
  for (let i = 0; i < n; i++) {
    const l = label[i]!;
    const y = runs.row[i]!;
    const s = runs.start[i]!;
    const e = runs.end[i]!;
    area[l]! += e - s + 1;
    if (s < minX[l]!) minX[l] = s;
    if (e > maxX[l]!) maxX[l] = e;
    if (y < minY[l]!) minY[l] = y;
    if (y > maxY[l]!) maxY[l] = y;
  }
  return {
    count,
    area,
    minX,
    minY,
    maxX,
    maxY,
    runRow: runs.row,
    runStart: runs.start,
    runEnd: runs.end,
    runLabel: label,
    runCount: n,
  };
}

/** Set the pixels of every component with `mask[id] !== 0` to `value` (in place). */
export function paintComponents(img: GrayImage, cc: Components, mask: Uint8Array, value = 255): void {
  const w = img.width;
  for (let r = 0; r < cc.runCount; r++) {
    if (mask[cc.runLabel[r]!] === 0) continue;
    const o = cc.runRow[r]! * w;
    img.data.fill(value, o + cc.runStart[r]!, o + cc.runEnd[r]! + 1);
  }
}

/** Label image (id + 1; 0 = background), built on demand. */
export function labelImage(cc: Components, width: number, height: number): Int32Array {
  const out = new Int32Array(width * height);
  for (let r = 0; r < cc.runCount; r++) {
    const o = cc.runRow[r]! * width;
    out.fill(cc.runLabel[r]! + 1, o + cc.runStart[r]!, o + cc.runEnd[r]! + 1);
  }
  return out;
}

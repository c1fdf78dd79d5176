/**
 * Line images without their long blank stretches: forms leave wide gaps between a label and its value,
 * and the recogniser pays for every blank column. Gaps wider than `maxGap` shrink to `maxGap`; `toSource`
 * maps x back to the uncompacted crop.
 */
import type { GrayImage } from '../image/types';

export interface CompactLine {
  image: GrayImage;
  /** Maps an x of `image` to the x of the crop it was made from. */
  toSource(x: number): number;
}

interface Segment {
  from: number; // source x
  to: number; // exclusive
  at: number; // destination x
}

export function compactLine(crop: GrayImage, ink: GrayImage, maxGap: number): CompactLine {
  const { width: w, height: h } = crop;
  const cols = new Uint8Array(w);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) if ((ink.data[o + x] ?? 255) < 128) cols[x] = 1;
  }
  const segments: Segment[] = [];
  let at = 0;
  let x = 0;
  while (x < w) {
    // Copy up to the next long blank run.
    let end = x;
    let blank = 0;
    while (end < w) {
      blank = cols[end] ? 0 : blank + 1;
      end++;
      if (blank > maxGap) break;
    }
    const keepTo = blank > maxGap ? end - blank + maxGap : end;
    segments.push({ from: x, to: keepTo, at });
    at += keepTo - x;
    // Skip the rest of the blank run.
    x = end;
    while (x < w && !cols[x]) x++;
  }
  if (segments.length === 1) return { image: crop, toSource: (v) => v };
  const out = new Uint8ClampedArray(at * h).fill(255);
  for (const s of segments) {
    for (let y = 0; y < h; y++) out.set(crop.data.subarray(y * w + s.from, y * w + s.to), y * at + s.at);
  }
  return {
    image: { width: at, height: h, data: out },
    toSource(v: number): number {
      let seg = segments[0];
      for (const s of segments) if (s.at <= v) seg = s;
      return seg ? seg.from + (v - seg.at) : v;
    },
  };
}

/**
 * Removing isolated specks (scan dust, grain, remnants of dotted lines) from a binary page: a small
 * component with no other ink within `radius` is erased. The dots and marks of Vietnamese letters always
 * sit close to their letter, so they stay.
 */
import { components, paintComponents } from '../image/components';
import type { GrayImage } from '../image/types';

export interface DespeckleOptions {
  /** Largest speck side in pixels. */
  maxSide: number;
  /** Largest speck area in pixels. */
  maxArea: number;
  /** A speck with another component closer than this (box distance, pixels) is kept. */
  radius: number;
}

export function despeckle(bin: GrayImage, o: DespeckleOptions): { image: GrayImage; removed: number } {
  const cc = components(bin);
  const cell = Math.max(8, Math.ceil(o.radius));
  const gw = Math.ceil(bin.width / cell) + 1;
  const grid = new Map<number, number[]>();
  for (let i = 0; i < cc.count; i++) {
    const x0 = Math.floor(cc.minX[i]! / cell);
    const x1 = Math.floor(cc.maxX[i]! / cell);
    const y0 = Math.floor(cc.minY[i]! / cell);
    const y1 = Math.floor(cc.maxY[i]! / cell);
    for (let gy = y0; gy <= y1; gy++)
      for (let gx = x0; gx <= x1; gx++) {
        const k = gy * gw + gx;
        const list = grid.get(k);
        if (list) list.push(i);
        else grid.set(k, [i]);
      }
  }
  const mask = new Uint8Array(cc.count);
  let removed = 0;
  for (let i = 0; i < cc.count; i++) {
    const w = cc.maxX[i]! - cc.minX[i]! + 1;
    const h = cc.maxY[i]! - cc.minY[i]! + 1;
    if (w > o.maxSide || h > o.maxSide || cc.area[i]! > o.maxArea) continue;
    let near = false;
    const gx0 = Math.floor((cc.minX[i]! - o.radius) / cell);
    const gx1 = Math.floor((cc.maxX[i]! + o.radius) / cell);
    const gy0 = Math.floor((cc.minY[i]! - o.radius) / cell);
    const gy1 = Math.floor((cc.maxY[i]! + o.radius) / cell);
    for (let gy = gy0; gy <= gy1 && !near; gy++)
      for (let gx = gx0; gx <= gx1 && !near; gx++) {
        for (const j of grid.get(gy * gw + gx) ?? []) {
          if (j === i) continue;
          const dx = Math.max(0, cc.minX[j]! - cc.maxX[i]!, cc.minX[i]! - cc.maxX[j]!);
          const dy = Math.max(0, cc.minY[j]! - cc.maxY[i]!, cc.minY[i]! - cc.maxY[j]!);
          if (dx <= o.radius && dy <= o.radius) {
            near = true;
            break;
          }
        }
      }
    if (!near) {
      mask[i] = 1;
      removed++;
    }
  }
  const image: GrayImage = { width: bin.width, height: bin.height, data: new Uint8ClampedArray(bin.data) };
  paintComponents(image, cc, mask);
  return { image, removed };
}

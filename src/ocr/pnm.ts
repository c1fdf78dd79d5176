import type { GrayImage } from '../image/types';

/** Encodes a gray image as binary PGM (P5): no compression, read by Leptonica inside tesseract. */
export function encodePgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header, 0);
  out.set(img.data, header.length);
  return out;
}

import { TiffReader } from './size';

/**
 * EXIF orientation (tag 0x0112 in IFD0 of the APP1 "Exif" segment) of a JPEG, 1..8; 1 if absent/invalid.
 * Pure header parsing, no decoding.
 */
export function readExifOrientation(bytes: Uint8Array): number {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return 1;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return 1;
    const m = bytes[i + 1]!;
    if (m === 0xff) {
      i++;
      continue;
    }
    if (m === 0xda || m === 0xd9) return 1;
    const len = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (m === 0xe1 && isExifHeader(bytes, i + 4)) return orientationFromTiff(bytes, i + 10, i + 2 + len);
    i += 2 + len;
  }
  return 1;
}

function isExifHeader(b: Uint8Array, i: number): boolean {
  // "Exif\0\0"
  return (
    b[i] === 0x45 &&
    b[i + 1] === 0x78 &&
    b[i + 2] === 0x69 &&
    b[i + 3] === 0x66 &&
    b[i + 4] === 0 &&
    b[i + 5] === 0
  );
}

function orientationFromTiff(bytes: Uint8Array, base: number, end: number): number {
  if (base + 8 > Math.min(end, bytes.length)) return 1;
  const t = new TiffReader(bytes.subarray(0, Math.min(end, bytes.length)), base);
  const magic = t.u16(2);
  if (magic !== 42) return 1;
  const o = t.tag(t.firstIfd(), 0x0112);
  return o !== null && o >= 1 && o <= 8 ? o : 1;
}

/** TIFF files carry the same tag 0x0112 in their own IFD0. */
export function readTiffOrientation(bytes: Uint8Array): number {
  const t = new TiffReader(bytes, 0);
  if (t.u16(2) !== 42) return 1;
  const o = t.tag(t.firstIfd(), 0x0112);
  return o !== null && o >= 1 && o <= 8 ? o : 1;
}

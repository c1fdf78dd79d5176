import type { SniffedType } from './sniff';
import { sniffImageType } from './sniff';

export interface ImageHeader {
  type: 'jpeg' | 'png' | 'tiff';
  /** Stored dimensions (before any EXIF/TIFF orientation). */
  width: number;
  height: number;
}

/**
 * Dimensions from the header only (JPEG SOFn, PNG IHDR, TIFF IFD0), without decoding pixels,
 * so oversized images can be refused before allocating anything. Null if not found / not an image.
 */
export function readImageSize(bytes: Uint8Array): ImageHeader | null {
  const type: SniffedType = sniffImageType(bytes);
  if (type === 'png') return pngSize(bytes);
  if (type === 'jpeg') return jpegSize(bytes);
  if (type === 'tiff') return tiffSize(bytes);
  return null;
}

function u16be(b: Uint8Array, i: number): number {
  return ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
}

function u32be(b: Uint8Array, i: number): number {
  return (((b[i] ?? 0) << 24) >>> 0) + (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0));
}

function pngSize(b: Uint8Array): ImageHeader | null {
  // Signature (8) + length (4) + "IHDR" (4) + width (4) + height (4).
  if (b.length < 24 || b[12] !== 0x49 || b[13] !== 0x48 || b[14] !== 0x44 || b[15] !== 0x52) return null;
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  return width > 0 && height > 0 ? { type: 'png', width, height } : null;
}

/** Walk JPEG marker segments up to the first SOFn. */
function jpegSize(b: Uint8Array): ImageHeader | null {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null;
    const m = b[i + 1]!;
    if (m === 0xff) {
      i++;
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2;
      continue;
    }
    if (m === 0xd9 || m === 0xda) return null;
    const len = u16be(b, i + 2);
    const isSof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (isSof) {
      if (i + 9 > b.length) return null;
      const height = u16be(b, i + 5);
      const width = u16be(b, i + 7);
      return width > 0 && height > 0 ? { type: 'jpeg', width, height } : null;
    }
    i += 2 + len;
  }
  return null;
}

/** Minimal TIFF IFD reader shared with EXIF parsing. */
export class TiffReader {
  readonly le: boolean;
  constructor(
    readonly b: Uint8Array,
    readonly base: number,
  ) {
    this.le = b[base] === 0x49;
  }
  u16(o: number): number {
    const i = this.base + o;
    const x = this.b[i] ?? 0;
    const y = this.b[i + 1] ?? 0;
    return this.le ? x | (y << 8) : (x << 8) | y;
  }
  u32(o: number): number {
    const lo = this.u16(o);
    const hi = this.u16(o + 2);
    return this.le ? lo + hi * 65536 : lo * 65536 + hi;
  }
  /** Value of a SHORT/LONG tag in the IFD at `ifd` (offset from base), or null. */
  tag(ifd: number, id: number): number | null {
    const n = this.u16(ifd);
    if (this.base + ifd + 2 + n * 12 > this.b.length) return null;
    for (let k = 0; k < n; k++) {
      const e = ifd + 2 + k * 12;
      if (this.u16(e) !== id) continue;
      const type = this.u16(e + 2);
      if (type === 3) return this.u16(e + 8);
      if (type === 4) return this.u32(e + 8);
      return null;
    }
    return null;
  }
  firstIfd(): number {
    return this.u32(4);
  }
}

function tiffSize(b: Uint8Array): ImageHeader | null {
  const t = new TiffReader(b, 0);
  const ifd = t.firstIfd();
  if (ifd < 8 || ifd + 2 > b.length) return null;
  const width = t.tag(ifd, 256);
  const height = t.tag(ifd, 257);
  return width && height ? { type: 'tiff', width, height } : null;
}

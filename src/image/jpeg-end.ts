/**
 * True if a JPEG byte stream reaches its EOI marker through a well-formed marker/scan structure.
 * Truncated files (a common kind of damage) end inside the entropy-coded data and return false;
 * decoders such as jpeg-js often "succeed" on them with grey garbage at the bottom.
 * EOI markers inside an embedded EXIF thumbnail are skipped because APPn segments are jumped over by length.
 */
export function jpegHasEnd(b: Uint8Array): boolean {
  if (b[0] !== 0xff || b[1] !== 0xd8) return false;
  let i = 2;
  const n = b.length;
  while (i + 1 < n) {
    if (b[i] !== 0xff) return false;
    const m = b[i + 1]!;
    if (m === 0xff) {
      i++;
      continue;
    }
    if (m === 0xd9) return true;
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2;
      continue;
    }
    if (i + 3 >= n) return false;
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    i += 2 + len;
    if (m === 0xda) i = skipEntropy(b, i);
  }
  return false;
}

/** Index of the first real marker after entropy-coded data (stuffed 0xFF00 and RSTn skipped), or b.length. */
function skipEntropy(b: Uint8Array, i: number): number {
  const n = b.length;
  for (; i + 1 < n; i++) {
    if (b[i] !== 0xff) continue;
    const m = b[i + 1]!;
    if (m === 0x00 || m === 0xff || (m >= 0xd0 && m <= 0xd7)) continue;
    return i;
  }
  return n;
}

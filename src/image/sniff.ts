export type SniffedType = 'jpeg' | 'png' | 'tiff' | 'pdf' | 'zip' | 'unknown';

/** File type by magic bytes (never by name). */
export function sniffImageType(bytes: Uint8Array): SniffedType {
  const b = (i: number): number => bytes[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47 && b(4) === 0x0d && b(5) === 0x0a)
    return 'png';
  if (
    (b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)
  ) {
    return 'tiff';
  }
  if (b(0) === 0x50 && b(1) === 0x4b && (b(2) === 3 || b(2) === 5 || b(2) === 7) && b(3) === b(2) + 1)
    return 'zip';
  // %PDF- may follow a little junk (the spec tolerates up to 1024 bytes before the header).
  const n = Math.min(bytes.length - 4, 1024);
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0x25 && b(i + 1) === 0x50 && b(i + 2) === 0x44 && b(i + 3) === 0x46 && b(i + 4) === 0x2d)
      return 'pdf';
  }
  return 'unknown';
}

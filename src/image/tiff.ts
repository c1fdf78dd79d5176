/** TIFF decoding (first image of the file) with utif2: pure JavaScript, used in Node and in browser workers. */
import UTIF from 'utif2';
import type { RgbaImage } from './types';

export function decodeTiff(bytes: Uint8Array): RgbaImage {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  const ifds = UTIF.decode(ab);
  const first = ifds[0];
  if (!first) throw new Error('TIFF without image directory');
  UTIF.decodeImage(ab, first);
  const rgba = UTIF.toRGBA8(first);
  return {
    width: first.width,
    height: first.height,
    data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length),
  };
}

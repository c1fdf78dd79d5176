/**
 * What the import worker makes of one page: the working page image encoded once as JPEG at its exact size
 * (OCR boxes refer to its pixels) and a ~240 px wide JPEG thumbnail (qualities, sizes and page warnings:
 * src/image/page-image.ts, shared with the `npm run package` CLI), plus the refusal sentences of the import.
 * Encoding needs OffscreenCanvas (worker or main thread, no DOM); everything else here is pure and has no side
 * effects at import, so the main-thread client may import the message helpers.
 */
import { flattenOverWhite, PAGE_JPEG_QUALITY, THUMB_JPEG_QUALITY, thumbSize } from '../src/image/page-image';
import type { RgbaImage } from '../src/image/types';

export interface EncodedPage {
  /** Working page image, JPEG, exactly width × height pixels. */
  image: Blob;
  /** JPEG, ~240 px wide. */
  thumb: Blob;
  width: number;
  height: number;
}

// ---------------------------------------------------------------------------------------------------------
// Pure helpers

/** A file name quoted for a message: control characters dropped, length capped (as src/pdf/errors.ts). */
export function quoteFileName(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  let name = fileName.replace(/[\u0000-\u001f\u007f]/g, '');
  if (name.length > 120) name = `${name.slice(0, 117)}...`;
  return `"${name}"`;
}

export function cancelledMessage(fileName: string, pageNumber?: number): string {
  return pageNumber === undefined
    ? `Đã hủy việc nhập tệp ${quoteFileName(fileName)}.`
    : `Đã hủy việc nhập trang ${pageNumber} của tệp ${quoteFileName(fileName)}.`;
}

// ---------------------------------------------------------------------------------------------------------
// Encoding (OffscreenCanvas)

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
  return ctx;
}

/**
 * Encode an RGBA page as the working JPEG (same size) and its thumbnail. `image.data` is composited over
 * white in place when it has transparency: pass a buffer you own.
 */
export async function encodePage(image: RgbaImage): Promise<EncodedPage> {
  const { width, height } = image;
  flattenOverWhite(image.data);
  // ImageData wraps the pixels without a copy when they sit in a plain ArrayBuffer.
  const pixels =
    image.data.buffer instanceof ArrayBuffer
      ? (image.data as Uint8ClampedArray<ArrayBuffer>)
      : new Uint8ClampedArray(image.data);
  const canvas = new OffscreenCanvas(width, height);
  try {
    context2d(canvas).putImageData(new ImageData(pixels, width, height), 0, 0);
    const page = await canvas.convertToBlob({ type: 'image/jpeg', quality: PAGE_JPEG_QUALITY });
    const t = thumbSize(width, height);
    const small = new OffscreenCanvas(t.width, t.height);
    const sctx = context2d(small);
    sctx.imageSmoothingEnabled = true;
    sctx.imageSmoothingQuality = 'high';
    sctx.drawImage(canvas, 0, 0, t.width, t.height);
    const thumb = await small.convertToBlob({ type: 'image/jpeg', quality: THUMB_JPEG_QUALITY });
    small.width = small.height = 0;
    return { image: page, thumb, width, height };
  } finally {
    // Let the backing store go now rather than at the next GC (48 MB for a 12 MP page).
    canvas.width = canvas.height = 0;
  }
}

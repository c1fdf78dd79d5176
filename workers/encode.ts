/**
 * What the import worker makes of one page: the working page image encoded once as JPEG at its exact size
 * (OCR boxes refer to its pixels), a ~240 px wide JPEG thumbnail, and the plain-text Vietnamese sentences
 * (warnings, refusals) that go with them. Encoding needs OffscreenCanvas (worker or main thread, no DOM);
 * everything else here is pure and has no side effects at import, so the main-thread client may import the
 * message helpers.
 */
import type { RgbaImage } from '../src/image/types';

/** JPEG quality of the working page image (grayscale scans stay clean at this level). */
export const PAGE_JPEG_QUALITY = 0.9;
export const THUMB_WIDTH = 240;
/** The thumbnail's longer side never exceeds this (a strip-shaped page stays a small picture). */
const THUMB_MAX_SIDE = 960;
const THUMB_JPEG_QUALITY = 0.8;

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

/** Thumbnail size: THUMB_WIDTH wide (never enlarged), aspect kept, longer side ≤ THUMB_MAX_SIDE. */
export function thumbSize(width: number, height: number): { width: number; height: number } {
  const f = Math.min(1, THUMB_WIDTH / width, THUMB_MAX_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * f)), height: Math.max(1, Math.round(height * f)) };
}

/**
 * Composite RGBA over white, in place (JPEG has no alpha; Chromium would encode transparent pixels as
 * black, turning a transparent PNG's background into ink). Returns false if every pixel was already opaque.
 */
export function flattenOverWhite(data: Uint8ClampedArray): boolean {
  let changed = false;
  for (let i = 3; i < data.length; i += 4) {
    const a = data[i]!;
    if (a === 255) continue;
    changed = true;
    const keep = a / 255;
    const white = 255 - a;
    data[i - 3] = data[i - 3]! * keep + white;
    data[i - 2] = data[i - 2]! * keep + white;
    data[i - 1] = data[i - 1]! * keep + white;
    data[i] = 255;
  }
  return changed;
}

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

export function downscaledWarning(
  from: { width: number; height: number },
  to: { width: number; height: number },
): string {
  return (
    `Ảnh gốc ${from.width}×${from.height} điểm ảnh đã được thu nhỏ còn ${to.width}×${to.height} ` +
    'để xử lý; tệp gốc vẫn được lưu.'
  );
}

/** EXIF orientation 2..8 → what was done to make the page upright. */
export function orientationWarning(orientation: number): string {
  const what = orientation === 3 || orientation === 6 || orientation === 8 ? 'xoay' : 'xoay hoặc lật';
  return `Ảnh đã được ${what} cho đúng chiều theo thông tin hướng chụp (EXIF) ghi trong tệp.`;
}

/** PDF page rendered at the pixel cap (its native or 300 dpi rendering would have been larger). */
export function pdfCappedWarning(dpi: number, maxPixels: number): string {
  return (
    `Trang lớn nên được hiển thị ở khoảng ${Math.round(dpi)} dpi ` +
    `để không vượt giới hạn ${Math.round(maxPixels / 1e6)} triệu điểm ảnh.`
  );
}

export function lowDpiWarning(dpi: number): string {
  return `Trang chỉ có độ phân giải khoảng ${Math.round(dpi)} dpi; chữ nhỏ có thể khó nhận dạng.`;
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

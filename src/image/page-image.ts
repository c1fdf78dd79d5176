/**
 * What an imported page is made of, the same for the workstation's import worker (workers/encode.ts,
 * workers/import.worker.ts) and the `npm run package` CLI: the working image's JPEG quality, the thumbnail's size
 * and quality, transparency composited over white, and the warnings an imported page carries (Vietnamese, plain
 * text). Pure: no DOM, no Node APIs.
 */

/** JPEG quality of the working page image (grayscale scans stay clean at this level). */
export const PAGE_JPEG_QUALITY = 0.9;
export const THUMB_WIDTH = 240;
/** The thumbnail's longer side never exceeds this (a strip-shaped page stays a small picture). */
export const THUMB_MAX_SIDE = 960;
export const THUMB_JPEG_QUALITY = 0.8;

/** PDF pages rendered below this resolution get a warning. */
export const LOW_DPI = 150;
/** The resolution OCR is tuned for (and the pdf module's fallback): a page capped below it is reported. */
export const FULL_DPI = 300;

/** Thumbnail size: THUMB_WIDTH wide (never enlarged), aspect kept, longer side ≤ THUMB_MAX_SIDE. */
export function thumbSize(width: number, height: number): { width: number; height: number } {
  const f = Math.min(1, THUMB_WIDTH / width, THUMB_MAX_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * f)), height: Math.max(1, Math.round(height * f)) };
}

/**
 * Composite RGBA over white, in place (JPEG has no alpha; an encoder would turn transparent pixels black, making
 * a transparent PNG's background ink). Returns false if every pixel was already opaque.
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

/**
 * The warnings of an image file's page: shrunk to the working size (areas compared: an image turned by its
 * orientation is not shrunk), turned or flipped by its EXIF orientation.
 */
export function imagePageWarnings(
  stored: { width: number; height: number },
  orientation: number,
  decoded: { width: number; height: number },
): string[] {
  const upright =
    orientation >= 5
      ? { width: stored.height, height: stored.width }
      : { width: stored.width, height: stored.height };
  const out: string[] = [];
  if (decoded.width * decoded.height < upright.width * upright.height)
    out.push(downscaledWarning(upright, decoded));
  if (orientation !== 1) out.push(orientationWarning(orientation));
  return out;
}

/** The warning of a rendered PDF page, if any: capped below 300 dpi by the pixel budget, or a low resolution. */
export function pdfPageWarnings(
  dpi: number,
  size: { width: number; height: number },
  maxPixels: number,
): string[] {
  // At the cap (a scan of exactly 12 MP looks the same): worth saying only when it cost resolution.
  const capped = size.width * size.height >= maxPixels * 0.98;
  if (capped && dpi < FULL_DPI) return [pdfCappedWarning(dpi, maxPixels)];
  if (!capped && dpi < LOW_DPI) return [lowDpiWarning(dpi)];
  return [];
}

/**
 * Whether an image file's own bytes stay the working image: a JPEG or PNG used as it is (upright, not shrunk: no
 * warning) is not encoded a second time, so OCR reads exactly the operator's scan.
 */
export const keepsScanAsIs = (type: string | undefined, warnings: readonly string[]): boolean =>
  warnings.length === 0 && (type === 'jpeg' || type === 'png');

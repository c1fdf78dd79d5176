/**
 * The checks every image import makes before decoding a pixel (pure; shared by the Node decoder and the
 * browser worker): empty file, wrong kind by content, unreadable header, and a size that would exhaust
 * memory (refused from the header, before any allocation).
 */
import { ImageDecodeError } from './errors';
import { readImageSize } from './size';
import { sniffImageType } from './sniff';

/**
 * The working-size budget of a page image (12 MP, e.g. 4000 × 3000): larger scans and photos are downscaled
 * to it on import and pre-fill, and PDF pages are rendered within it. Enough for A4 at 400 dpi.
 */
export const PAGE_PIXEL_BUDGET = 12_000_000;

/** Images above PAGE_PIXEL_BUDGET × this are refused from their header, before decoding (memory). */
export const REFUSE_FACTOR = 16;

export interface PrecheckOptions {
  fileName?: string | undefined;
  maxPixels: number;
  /** Images above maxPixels × refuseFactor are refused. */
  refuseFactor: number;
  /** TIFF accepted (the Node decoder reads it; browsers do not). */
  allowTiff: boolean;
}

export interface CheckedImage {
  type: 'jpeg' | 'png' | 'tiff';
  width: number;
  height: number;
}

export function precheckImage(bytes: Uint8Array, o: PrecheckOptions): CheckedImage {
  const fileName = o.fileName;
  if (bytes.length === 0) throw new ImageDecodeError('empty', { fileName });
  const sniffed = sniffImageType(bytes);
  if (sniffed === 'pdf') {
    throw new ImageDecodeError('unsupported', {
      fileName,
      extra: 'Đây là tệp PDF: hãy nhập bằng chức năng nhập PDF.',
    });
  }
  if (sniffed === 'zip') {
    throw new ImageDecodeError('unsupported', {
      fileName,
      extra: 'Tệp là tài liệu nén hoặc văn bản Word/Office (.docx), không phải ảnh quét.',
    });
  }
  if (sniffed === 'tiff' && !o.allowTiff) {
    throw new ImageDecodeError('unsupported', {
      fileName,
      extra: 'Trình duyệt không đọc được ảnh TIFF: hãy chuyển sang JPEG hoặc PNG.',
    });
  }
  if (sniffed === 'unknown') throw new ImageDecodeError('unsupported', { fileName });
  const header = readImageSize(bytes);
  if (!header) throw new ImageDecodeError('damaged', { fileName, detail: 'no readable size in header' });
  const { width, height } = header;
  const limit = o.maxPixels * o.refuseFactor;
  if (width * height > limit) {
    throw new ImageDecodeError('too_large', {
      fileName,
      extra: `(${width}×${height} điểm ảnh, tối đa khoảng ${Math.round(limit / 1e6)} triệu).`,
    });
  }
  return { type: sniffed, width, height };
}

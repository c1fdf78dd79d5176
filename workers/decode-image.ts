/**
 * Browser (worker) decoding of a scan file to RGBA, mirroring src/image/decode-node.ts: the same sniffing,
 * header-size refusal and truncation check (so the same files are refused with the same Vietnamese
 * messages), then the browser's own decoder (createImageBitmap, EXIF orientation applied) and an
 * OffscreenCanvas readback. Images above the pixel budget are downscaled by the decoder.
 */
import { downscaleToFit } from '../src/image/resize';
import { decodeTiff } from '../src/image/tiff';
import { ImageDecodeError } from '../src/image/errors';
import { readExifOrientation } from '../src/image/exif';
import { jpegHasEnd } from '../src/image/jpeg-end';
import { fitSize } from '../src/image/resize';
import { PAGE_PIXEL_BUDGET, precheckImage, REFUSE_FACTOR } from '../src/image/precheck';
import type { RgbaImage } from '../src/image/types';

export interface BrowserDecodeOptions {
  fileName?: string;
  maxPixels?: number;
}

/** Throws ImageDecodeError ('empty' | 'unsupported' | 'damaged' | 'too_large'). */
export async function decodeImageInWorker(
  bytes: Uint8Array,
  opts: BrowserDecodeOptions = {},
): Promise<RgbaImage> {
  const fileName = opts.fileName;
  const maxPixels = opts.maxPixels ?? PAGE_PIXEL_BUDGET;
  const {
    type: sniffed,
    width,
    height,
  } = precheckImage(bytes, {
    fileName,
    maxPixels,
    refuseFactor: REFUSE_FACTOR,
    allowTiff: true,
  });
  if (sniffed === 'jpeg' && !jpegHasEnd(bytes)) {
    throw new ImageDecodeError('damaged', { fileName, detail: 'JPEG without EOI (truncated)' });
  }

  // Pixel budget from the header, in upright (EXIF-oriented) space: Chromium orients before resizing.
  const swapped = sniffed === 'jpeg' && readExifOrientation(bytes) >= 5;
  const upright = swapped ? { width: height, height: width } : { width, height };
  const fit = fitSize(upright.width, upright.height, maxPixels);
  const resize =
    fit.width === upright.width && fit.height === upright.height
      ? {}
      : { resizeWidth: fit.width, resizeHeight: fit.height, resizeQuality: 'high' as const };
  if (sniffed === 'tiff') {
    // Browsers do not decode TIFF: utif2 (pure JS) does, then the page is shrunk to the budget.
    try {
      return downscaleToFit(decodeTiff(bytes), maxPixels);
    } catch (e) {
      throw new ImageDecodeError('damaged', { fileName, detail: String(e), cause: e });
    }
  }
  let bitmap: ImageBitmap;
  try {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], {
      type: sniffed === 'jpeg' ? 'image/jpeg' : 'image/png',
    });
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', ...resize });
  } catch (e) {
    throw new ImageDecodeError('damaged', { fileName, detail: String(e), cause: e });
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    return { width: bitmap.width, height: bitmap.height, data };
  } catch (e) {
    throw new ImageDecodeError('damaged', { fileName, detail: String(e), cause: e });
  } finally {
    bitmap.close();
  }
}

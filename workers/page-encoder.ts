/**
 * The export worker's `PageEncoder` (src/exchange/entry-pdfs.ts): the browser decodes the stored page image
 * (`createImageBitmap`), draws it onto an `OffscreenCanvas` fitted to the box (high-quality smoothing, over white
 * so a transparent PNG does not turn black) and encodes a JPEG (`convertToBlob`). The fitted canvas of the last
 * image is kept, so trying a lower quality for the same page does not decode it again.
 */
import type { PageEncoder } from '../src/exchange/entry-pdfs';

export function canvasPageEncoder(): PageEncoder {
  let last: { image: Uint8Array; w: number; h: number; canvas: OffscreenCanvas } | null = null;
  return {
    async encode(image, box, quality) {
      if (!last || last.image !== image || last.w !== box.width || last.h !== box.height) {
        last = null;
        const bitmap = await createImageBitmap(new Blob([image.slice().buffer]));
        try {
          const s = Math.min(1, box.width / bitmap.width, box.height / bitmap.height);
          const width = Math.max(1, Math.round(bitmap.width * s));
          const height = Math.max(1, Math.round(bitmap.height * s));
          const canvas = new OffscreenCanvas(width, height);
          const g = canvas.getContext('2d');
          if (!g) throw new Error('no 2d context');
          g.fillStyle = '#fff';
          g.fillRect(0, 0, width, height);
          g.imageSmoothingEnabled = true;
          g.imageSmoothingQuality = 'high';
          g.drawImage(bitmap, 0, 0, width, height);
          last = { image, w: box.width, h: box.height, canvas };
        } finally {
          bitmap.close();
        }
      }
      const { canvas } = last;
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      return { bytes: new Uint8Array(await blob.arrayBuffer()), width: canvas.width, height: canvas.height };
    },
  };
}

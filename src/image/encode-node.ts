/**
 * Node only: a page image (JPEG, PNG or TIFF bytes) decoded upright, downscaled to fit a box (never enlarged) and
 * encoded as a JPEG — the Node side of the export's page re-encoding (`PageEncoder` in
 * src/exchange/entry-pdfs.ts; the export worker uses the browser's canvas); and `encodePageImages`, the Node side of
 * the import worker's `encodePage` (working JPEG at the page's exact size + thumbnail, for `npm run package`). @napi-rs/canvas (Skia and
 * libjpeg-turbo, like Chromium's canvas) when installed, ~10× faster; else `decode-node.ts` + area resize + jpeg-js.
 */
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { decodeImage } from './decode-node';
import { PAGE_JPEG_QUALITY, THUMB_JPEG_QUALITY, thumbSize } from './page-image';
import { resizeArea } from './resize';
import type { RgbaImage } from './types';

export interface EncodedJpeg {
  bytes: Uint8Array;
  width: number;
  height: number;
}

interface NativeCanvas {
  Image: new () => { src: Buffer; width: number; height: number };
  createCanvas(
    w: number,
    h: number,
  ): {
    getContext(kind: '2d'): {
      imageSmoothingQuality: string;
      drawImage(img: unknown, x: number, y: number, w: number, h: number): void;
      createImageData(w: number, h: number): { data: Uint8ClampedArray };
      putImageData(data: { data: Uint8ClampedArray }, x: number, y: number): void;
    };
    encodeSync(kind: 'jpeg', quality: number): Buffer;
    encode(kind: 'jpeg', quality: number): Promise<Buffer>;
  };
}

type NativeSurface = ReturnType<NativeCanvas['createCanvas']>;

let nativeCanvas: NativeCanvas | null | undefined;

function native(): NativeCanvas | null {
  if (nativeCanvas === undefined) {
    try {
      nativeCanvas = createRequire(import.meta.url)('@napi-rs/canvas') as NativeCanvas;
    } catch {
      nativeCanvas = null;
    }
  }
  return nativeCanvas;
}

const fit = (
  w: number,
  h: number,
  box: { width: number; height: number },
): { width: number; height: number } => {
  const s = Math.min(1, box.width / w, box.height / h);
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
};

/** The image decoded and drawn fitted to the box on a native canvas, or null without @napi-rs/canvas. */
function nativeFitted(
  image: Uint8Array,
  box: { width: number; height: number },
): { canvas: NativeSurface; width: number; height: number } | null {
  const nc = native();
  if (!nc) return null;
  const img = new nc.Image();
  img.src = Buffer.from(image.buffer, image.byteOffset, image.length);
  if (!(img.width > 0 && img.height > 0)) return null;
  const size = fit(img.width, img.height, box);
  const canvas = nc.createCanvas(size.width, size.height);
  const g = canvas.getContext('2d');
  g.imageSmoothingQuality = 'high';
  g.drawImage(img, 0, 0, size.width, size.height);
  return { canvas, ...size };
}

/** `quality` 0–1. `useNative: false` forces the pure-JS path. */
export function encodeJpegToFit(
  image: Uint8Array,
  box: { width: number; height: number },
  quality: number,
  opts: { useNative?: boolean } = {},
): EncodedJpeg {
  const fitted = opts.useNative === false ? null : nativeFitted(image, box);
  if (fitted) {
    const out = fitted.canvas.encodeSync('jpeg', Math.round(quality * 100));
    return {
      bytes: new Uint8Array(out.buffer, out.byteOffset, out.length),
      width: fitted.width,
      height: fitted.height,
    };
  }
  const img = decodeImage(image);
  const size = fit(img.width, img.height, box);
  const data = size.width < img.width ? resizeArea(img, size.width, size.height) : img.data;
  const out = jpeg.encode({ data, ...size }, Math.round(quality * 100));
  return { bytes: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length), ...size };
}

/**
 * A `PageEncoder` for Node (tests, CLI, benchmark). With the native canvas, the fitted canvases of the last few
 * images are kept (a lower quality tried for the same page does not decode it again) and encoding runs off the
 * main thread (libuv pool), so pages prepared side by side use two cores.
 */
export const nodePageEncoder = {
  recent: [] as { image: Uint8Array; box: string; fitted: ReturnType<typeof nativeFitted> }[],
  async encode(
    image: Uint8Array,
    box: { width: number; height: number },
    quality: number,
  ): Promise<EncodedJpeg> {
    const key = `${box.width}x${box.height}`;
    let hit = this.recent.find((r) => r.image === image && r.box === key);
    if (!hit) {
      hit = { image, box: key, fitted: nativeFitted(image, box) };
      this.recent.push(hit);
      if (this.recent.length > 4) this.recent.shift();
    }
    const { fitted } = hit;
    if (!fitted) return encodeJpegToFit(image, box, quality, { useNative: false });
    const out = await fitted.canvas.encode('jpeg', Math.round(quality * 100));
    return {
      bytes: new Uint8Array(out.buffer, out.byteOffset, out.length),
      width: fitted.width,
      height: fitted.height,
    };
  },
};

/**
 * A decoded page (RGBA, already composited over white) as the import worker stores it: the working JPEG at its
 * exact size (quality PAGE_JPEG_QUALITY: OCR boxes refer to its pixels) and the thumbnail (`thumbSize`,
 * THUMB_JPEG_QUALITY), as src/image/page-image.ts sets them for both. `thumbOnly`: the page keeps its scan's own
 * bytes (`keepsScanAsIs`), only the thumbnail is made.
 */
export function encodePageImages(
  image: RgbaImage,
  opts: { useNative?: boolean; thumbOnly?: boolean } = {},
): { image: Uint8Array | null; thumb: Uint8Array } {
  const { width, height } = image;
  const t = thumbSize(width, height);
  const nc = opts.useNative === false ? null : native();
  const bytesOf = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);
  if (nc) {
    const canvas = nc.createCanvas(width, height);
    const g = canvas.getContext('2d');
    const data = g.createImageData(width, height);
    data.data.set(image.data);
    g.putImageData(data, 0, 0);
    const page = opts.thumbOnly
      ? null
      : bytesOf(canvas.encodeSync('jpeg', Math.round(PAGE_JPEG_QUALITY * 100)));
    const small = nc.createCanvas(t.width, t.height);
    const sg = small.getContext('2d');
    sg.imageSmoothingQuality = 'high';
    sg.drawImage(canvas, 0, 0, t.width, t.height);
    return { image: page, thumb: bytesOf(small.encodeSync('jpeg', Math.round(THUMB_JPEG_QUALITY * 100))) };
  }
  const encode = (data: Uint8Array | Uint8ClampedArray, w: number, h: number, q: number): Uint8Array => {
    const out = jpeg.encode({ data: data as Uint8Array, width: w, height: h }, Math.round(q * 100));
    return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length);
  };
  return {
    image: opts.thumbOnly ? null : encode(image.data, width, height, PAGE_JPEG_QUALITY),
    thumb: encode(resizeArea(image, t.width, t.height), t.width, t.height, THUMB_JPEG_QUALITY),
  };
}

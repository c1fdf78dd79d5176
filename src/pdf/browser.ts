/// <reference types="vite/client" />
/**
 * Browser entry point (main thread or a web worker). pdf.js parses in its own worker
 * (served by Vite from our origin); pages are rendered into OffscreenCanvas, so nothing
 * here needs `document`. Fonts are drawn as paths (disableFontFace), which works inside
 * workers where there is no document.fonts.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { openPdfWith, type OpenPdfOptions, type PdfDoc, type PdfEnvironment } from './document';

export { PdfError, isPdfError, type PdfErrorCode } from './errors';
export type { OpenPdfOptions, PdfDoc, RenderPageOptions, RenderedPage } from './document';

type OffscreenContext = OffscreenCanvasRenderingContext2D;

/** pdf.js CanvasFactory backed by OffscreenCanvas (pdf.js instantiates it with `new`). */
class OffscreenCanvasFactory {
  create(width: number, height: number): { canvas: OffscreenCanvas; context: OffscreenContext } {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('OffscreenCanvas 2D context unavailable');
    return { canvas, context };
  }
  reset(cc: { canvas: OffscreenCanvas | null }, width: number, height: number): void {
    if (!cc.canvas) throw new Error('Canvas is not specified');
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    cc.canvas.width = width;
    cc.canvas.height = height;
  }
  destroy(cc: { canvas: OffscreenCanvas | null; context: OffscreenContext | null }): void {
    if (cc.canvas) cc.canvas.width = cc.canvas.height = 0;
    cc.canvas = null;
    cc.context = null;
  }
}

/** pdf.js FilterFactory without SVG filters (they need `document`); used only by rare transfer functions. */
class NoFilterFactory {
  addFilter(): string {
    return 'none';
  }
  addHCMFilter(): string {
    return 'none';
  }
  addAlphaFilter(): string {
    return 'none';
  }
  addLuminosityFilter(): string {
    return 'none';
  }
  addHighlightHCMFilter(): string {
    return 'none';
  }
  destroy(): void {}
}

export interface PdfAssetUrls {
  /** Directory URLs (trailing slash) holding pdfjs-dist's standard_fonts/, cmaps/, wasm/. */
  standardFontDataUrl?: string;
  cMapUrl?: string;
  wasmUrl?: string;
}

let assets: PdfAssetUrls = {};

/**
 * Optional: where the app serves pdfjs-dist's asset folders. Without wasmUrl, JPEG 2000 /
 * JBIG2 scans cannot be decoded (the page then rejects as 'damaged').
 */
export function configurePdfAssets(urls: PdfAssetUrls): void {
  const abs = (u: string | undefined): string | undefined =>
    u === undefined ? undefined : new URL(u, globalThis.location.href).href;
  assets = {
    standardFontDataUrl: abs(urls.standardFontDataUrl),
    cMapUrl: abs(urls.cMapUrl),
    wasmUrl: abs(urls.wasmUrl),
  };
}

function browserEnvironment(): PdfEnvironment {
  pdfjs.GlobalWorkerOptions.workerSrc ||= workerUrl;
  const hasAssets = Object.values(assets).some((u) => u !== undefined);
  return {
    pdfjs,
    params: {
      ...assets,
      // Set explicitly: pdf.js' default computation reads `document.baseURI`.
      useWorkerFetch: hasAssets,
      CanvasFactory: OffscreenCanvasFactory,
      FilterFactory: NoFilterFactory,
      isOffscreenCanvasSupported: true,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    },
  };
}

/** Open a PDF from its bytes (the array is copied, never detached). Rejects with PdfError. */
export function openPdf(bytes: Uint8Array, opts: OpenPdfOptions = {}): Promise<PdfDoc> {
  return openPdfWith(browserEnvironment(), bytes, opts);
}

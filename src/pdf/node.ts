/**
 * Node entry point (CLI, benchmark, unit tests): pdf.js legacy build, parsing on the main
 * thread (pdf.js disables real workers in Node and loads its worker module in-process),
 * canvases from @napi-rs/canvas (pdf.js' NodeCanvasFactory requires it by itself),
 * standard fonts, cMaps and wasm decoders (JPEG 2000, JBIG2) read from the pdfjs-dist
 * package directory.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { openPdfWith, type OpenPdfOptions, type PdfDoc, type PdfEnvironment } from './document';

export { PdfError, isPdfError, type PdfErrorCode } from './errors';
export type { OpenPdfOptions, PdfDoc, RenderPageOptions, RenderedPage } from './document';

let environment: PdfEnvironment | undefined;

function nodeEnvironment(): PdfEnvironment {
  if (environment) return environment;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  // pdf.js concatenates "<dir>/<file>" and insists on the trailing slash.
  const dir = (name: string): string => `${join(root, name)}/`;
  environment = {
    pdfjs,
    params: {
      standardFontDataUrl: dir('standard_fonts'),
      cMapUrl: dir('cmaps'),
      cMapPacked: true,
      wasmUrl: dir('wasm'),
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    },
  };
  return environment;
}

/** Open a PDF from its bytes (the array is copied, never detached). Rejects with PdfError. */
export function openPdf(bytes: Uint8Array, opts: OpenPdfOptions = {}): Promise<PdfDoc> {
  return openPdfWith(nodeEnvironment(), bytes, opts);
}

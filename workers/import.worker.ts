/// <reference types="vite/client" />
/**
 * Import worker: an operator's file in, stored-ready page images out, one page per call so the main thread
 * can store each page before asking for the next (memory stays bounded for a 200-page PDF).
 * Sniffed by content: PDF → pdf.js (src/pdf/browser.ts, nested pdf.js worker, document kept open between
 * `page` calls); JPEG/PNG → decodeImageInWorker → a 1-page document. Each page is encoded once as JPEG at
 * its decoded/rendered size, plus a thumbnail (./encode.ts). Heavy work (decode, render, encode) runs one
 * call at a time. Bad input never rejects: it comes back as `{ ok: false, code, message }`, a plain-text
 * Vietnamese sentence naming the file. Contract: workers/README.md.
 */
import * as Comlink from 'comlink';
import { ImageDecodeError } from '../src/image/errors';
import { readExifOrientation } from '../src/image/exif';
import { PAGE_PIXEL_BUDGET } from '../src/image/precheck';
import { readImageSize } from '../src/image/size';
import { sniffImageType } from '../src/image/sniff';
import { configurePdfAssets, isPdfError, openPdf, type PdfDoc } from '../src/pdf/browser';
import { decodeImageInWorker } from './decode-image';
import { imagePageWarnings, keepsScanAsIs, pdfPageWarnings } from '../src/image/page-image';
import { cancelledMessage, encodePage, quoteFileName, type EncodedPage } from './encode';

export interface ImportFile {
  /** Transferred by the client: the caller's buffer is detached. */
  bytes: Uint8Array;
  /** User data: only ever put into message strings. */
  fileName: string;
  password?: string;
}

export type OpenOutcome =
  | { ok: true; docId: number; kind: 'pdf' | 'image'; pageCount: number }
  | {
      ok: false;
      code: 'password_required' | 'password_wrong' | 'refused' | 'cancelled';
      /** Complete Vietnamese sentence naming the file; show as text, never as HTML. */
      message: string;
    };

export type PageOutcome =
  | ({ ok: true; warnings: string[] } & EncodedPage)
  | { ok: false; code: 'refused' | 'cancelled'; message: string };

const base = new URL(import.meta.env.BASE_URL, self.location.origin).href;

configurePdfAssets({
  standardFontDataUrl: `${base}pdfjs/standard_fonts/`,
  cMapUrl: `${base}pdfjs/cmaps/`,
  wasmUrl: `${base}pdfjs/wasm/`,
});

type Doc =
  | { kind: 'pdf'; fileName: string; pdf: PdfDoc }
  | { kind: 'image'; fileName: string; page: EncodedPage; warnings: string[] };

const docs = new Map<number, Doc>();
const calls = new Map<number, AbortController>();

class Cancelled extends Error {}

/** Heavy work one call at a time: at most one full-size page in memory (~3 × 48 MB at 12 MP). */
let lane: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    if (signal.aborted) throw new Cancelled();
    return fn();
  };
  const result = lane.then(run, run);
  lane = result.catch(() => undefined);
  return result;
}

/** Run `fn` as call `callId` (cancellable through `cancel(callId)`). */
async function asCall<T>(callId: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  calls.set(callId, controller);
  try {
    return await fn(controller.signal);
  } finally {
    calls.delete(callId);
  }
}

function isCancel(e: unknown, signal: AbortSignal): boolean {
  return signal.aborted || e instanceof Cancelled || isPdfError(e, 'cancelled');
}

/** English technical errors (canvas, memory) still get a Vietnamese sentence naming the file. */
function technical(e: unknown, fileName: string, pageNumber?: number): string {
  const where =
    pageNumber === undefined
      ? `tệp ${quoteFileName(fileName)}`
      : `trang ${pageNumber} của tệp ${quoteFileName(fileName)}`;
  const detail = e instanceof Error ? e.message : String(e);
  return `Không nhập được ${where} (lỗi kỹ thuật: ${detail}).`;
}

function refusedMessage(e: unknown, fileName: string, pageNumber?: number): string {
  if (isPdfError(e) || e instanceof ImageDecodeError) return e.message;
  return technical(e, fileName, pageNumber);
}

// ---------------------------------------------------------------------------------------------------------
// open

async function openImage(bytes: Uint8Array, fileName: string, signal: AbortSignal): Promise<Doc> {
  return oneAtATime(signal, async () => {
    const header = readImageSize(bytes);
    const orientation = header?.type === 'jpeg' ? readExifOrientation(bytes) : 1;
    const rgba = await decodeImageInWorker(bytes, { fileName, maxPixels: PAGE_PIXEL_BUDGET });
    if (signal.aborted) throw new Cancelled();
    // Areas are compared: a PNG whose eXIf chunk Chromium honours comes out turned, not shrunk.
    const warnings = header ? imagePageWarnings(header, orientation, rgba) : [];
    const encoded = await encodePage(rgba);
    // A JPEG or PNG used as it is (upright, not shrunk) stays the working image: no second lossy encoding,
    // so OCR reads exactly the operator's scan. Its pixel size is the decoded size, as boxes require.
    const asIs =
      header && keepsScanAsIs(header.type, warnings)
        ? new Blob([bytes.slice()], { type: header.type === 'jpeg' ? 'image/jpeg' : 'image/png' })
        : null;
    const page = asIs ? { ...encoded, image: asIs } : encoded;
    return { kind: 'image', fileName, page, warnings };
  });
}

function refuseByContent(bytes: Uint8Array, fileName: string): string | null {
  const name = quoteFileName(fileName);
  if (bytes.length === 0) return `Tệp ${name} trống (0 byte), không có trang nào để nhập.`;
  const type = sniffImageType(bytes);
  if (type === 'zip') {
    return `Tệp ${name} là tài liệu nén hoặc văn bản Word/Office, không phải là ảnh quét hay tệp PDF.`;
  }
  if (type === 'unknown') {
    return `Tệp ${name} không phải là ảnh quét hay tệp PDF (chỉ nhận PDF, JPEG, PNG hoặc TIFF).`;
  }
  return null;
}

async function open(callId: number, docId: number, file: ImportFile): Promise<OpenOutcome> {
  const { bytes, fileName, password } = file;
  return asCall<OpenOutcome>(callId, async (signal) => {
    if (docs.has(docId)) throw new Error(`docId ${docId} is already open`);
    const refusal = refuseByContent(bytes, fileName);
    if (refusal !== null) return { ok: false, code: 'refused', message: refusal };
    try {
      if (sniffImageType(bytes) === 'pdf') {
        // The bytes were transferred to this worker for this call only: pdf.js may keep them without a copy.
        const pdf = await openPdf(bytes, { fileName, password, signal, handOver: true });
        if (signal.aborted) {
          await pdf.destroy();
          throw new Cancelled();
        }
        docs.set(docId, { kind: 'pdf', fileName, pdf });
        return { ok: true, docId, kind: 'pdf', pageCount: pdf.pageCount };
      }
      docs.set(docId, await openImage(bytes, fileName, signal));
      return { ok: true, docId, kind: 'image', pageCount: 1 };
    } catch (e) {
      if (isCancel(e, signal)) return { ok: false, code: 'cancelled', message: cancelledMessage(fileName) };
      if (isPdfError(e, 'password_required') || isPdfError(e, 'password_wrong')) {
        const code = e.code === 'password_wrong' ? 'password_wrong' : 'password_required';
        return { ok: false, code, message: e.message };
      }
      return { ok: false, code: 'refused', message: refusedMessage(e, fileName) };
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// page

async function renderPdfPage(
  doc: Extract<Doc, { kind: 'pdf' }>,
  pageNumber: number,
  signal: AbortSignal,
): Promise<PageOutcome> {
  return oneAtATime(signal, async () => {
    const rendered = await doc.pdf.renderPage(pageNumber, { maxPixels: PAGE_PIXEL_BUDGET, signal });
    if (signal.aborted) throw new Cancelled();
    const warnings = pdfPageWarnings(rendered.dpi, rendered.image, PAGE_PIXEL_BUDGET);
    const page = await encodePage(rendered.image);
    return { ok: true, ...page, warnings };
  });
}

async function page(callId: number, docId: number, pageNumber: number): Promise<PageOutcome> {
  return asCall<PageOutcome>(callId, async (signal) => {
    const doc = docs.get(docId);
    if (!doc) {
      return { ok: false, code: 'refused', message: 'Tệp này không còn mở: hãy mở lại tệp để nhập.' };
    }
    const { fileName } = doc;
    const count = doc.kind === 'pdf' ? doc.pdf.pageCount : 1;
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > count) {
      return {
        ok: false,
        code: 'refused',
        message: `Tệp ${quoteFileName(fileName)} không có trang ${pageNumber} (tệp có ${count} trang).`,
      };
    }
    if (signal.aborted)
      return { ok: false, code: 'cancelled', message: cancelledMessage(fileName, pageNumber) };
    if (doc.kind === 'image') return { ok: true, ...doc.page, warnings: [...doc.warnings] };
    try {
      return await renderPdfPage(doc, pageNumber, signal);
    } catch (e) {
      if (isCancel(e, signal) || !docs.has(docId)) {
        return { ok: false, code: 'cancelled', message: cancelledMessage(fileName, pageNumber) };
      }
      return { ok: false, code: 'refused', message: refusedMessage(e, fileName, pageNumber) };
    }
  });
}

async function closeDoc(docId: number): Promise<void> {
  const doc = docs.get(docId);
  docs.delete(docId);
  if (doc?.kind === 'pdf') await doc.pdf.destroy();
}

const api = {
  /**
   * Open a file as document `docId` (allocated by the client, unique for this worker). `file.bytes` should
   * be transferred. Never rejects for bad input.
   */
  open,
  /** Render/encode page `pageNumber` (1-based) of an open document. Never rejects for bad input. */
  page,
  /** Destroy a document (its pdf.js document; a running page call ends 'cancelled'). Unknown ids: no-op. */
  close: closeDoc,
  /** Abort a running `open` or `page` call; unknown or finished ids are ignored. */
  cancel(callId: number): void {
    calls.get(callId)?.abort();
  },
  /** Abort every call and close every document. */
  async shutdown(): Promise<void> {
    for (const c of calls.values()) c.abort();
    await Promise.all([...docs.keys()].map((id) => closeDoc(id)));
  },
};

export type ImportApi = typeof api;

Comlink.expose(api);

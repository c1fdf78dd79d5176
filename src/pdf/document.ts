/**
 * Environment-neutral PDF core on top of pdf.js. `node.ts` and `browser.ts` supply the
 * pdf.js module and the environment-specific getDocument parameters; everything else
 * (byte sniffing, error mapping, timeouts, cancellation, choice of render resolution,
 * rendering to RGBA) lives here.
 */
import type * as PdfjsLib from 'pdfjs-dist';
import type {
  DocumentInitParameters,
  PDFDocumentLoadingTask,
  PDFDocumentProxy,
  PDFOperatorList,
  PDFPageProxy,
  RenderParameters,
} from 'pdfjs-dist/types/src/display/api';
import { PAGE_PIXEL_BUDGET } from '../image/precheck';
import type { RgbaImage } from '../image/types';
import { PdfError } from './errors';

export type PdfjsModule = typeof PdfjsLib;

/** What an environment (Node, browser) hands to the core. */
export interface PdfEnvironment {
  pdfjs: PdfjsModule;
  /** Extra getDocument parameters (font/cMap URLs, CanvasFactory, ...). */
  params: Omit<DocumentInitParameters, 'data' | 'password' | 'url'>;
}

export interface OpenPdfOptions {
  /** Shown (as text) in error messages. */
  fileName?: string | undefined;
  password?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Per-operation guard (open, getPage, operator list, render). Default 20 s. */
  timeoutMs?: number | undefined;
  /**
   * The caller hands `bytes` over: pdf.js may detach them and no copy is made (a 200 MB scan PDF is then held
   * once, not twice). Default false: the caller's bytes stay intact.
   */
  handOver?: boolean | undefined;
}

export interface RenderPageOptions {
  /** Pixel budget for the output image; default PAGE_PIXEL_BUDGET. */
  maxPixels?: number | undefined;
  /** Force a resolution instead of the scan's native one. */
  dpi?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface RenderedPage {
  image: RgbaImage;
  /** pdf.js viewport scale: output pixels per PDF point (1/72 in). */
  scale: number;
  /** Resolution of the output image, `scale * 72`. */
  dpi: number;
}

export interface PdfDoc {
  readonly pageCount: number;
  readonly fileName: string | undefined;
  /** Render one page (1-based) to RGBA. */
  renderPage(pageNumber: number, options?: RenderPageOptions): Promise<RenderedPage>;
  /** Free pdf.js resources. Pending renders are cancelled. Idempotent. */
  destroy(): Promise<void>;
}

export const FALLBACK_DPI = 300;
export const DEFAULT_TIMEOUT_MS = 20_000;
/** An image must cover this share of the page to set the page's resolution. */
export const MIN_SCAN_COVERAGE = 0.25;
/** Below this native resolution an image is treated as decoration, not a scan. */
export const MIN_SCAN_DPI = 72;
/** Largest canvas side browsers accept. */
const MAX_CANVAS_SIDE = 32767;
const PDF_SIGNATURE_WINDOW = 1024;

// ---------------------------------------------------------------------------------------
// Byte sniffing

/** Throws PdfError 'empty' / 'not_pdf' unless `%PDF-` occurs within the first 1024 bytes. */
export function checkPdfBytes(bytes: Uint8Array, fileName?: string): void {
  if (bytes.length === 0) throw new PdfError('empty', { fileName });
  const end = Math.min(bytes.length, PDF_SIGNATURE_WINDOW) - 5;
  for (let i = 0; i <= end; i++) {
    if (
      bytes[i] === 0x25 && // %
      bytes[i + 1] === 0x50 && // P
      bytes[i + 2] === 0x44 && // D
      bytes[i + 3] === 0x46 && // F
      bytes[i + 4] === 0x2d // -
    ) {
      return;
    }
  }
  throw new PdfError('not_pdf', { fileName });
}

// ---------------------------------------------------------------------------------------
// Timeouts, cancellation, error mapping

interface GuardContext {
  signal: AbortSignal | undefined;
  timeoutMs: number;
  fileName: string | undefined;
  page?: number | undefined;
  /** Vietnamese description of the operation, used in the timeout message. */
  what: string;
  /** Called when the operation is abandoned (abort or timeout), e.g. to cancel pdf.js work. */
  onAbandon?: () => void;
}

function cancelledError(
  ctx: { fileName: string | undefined; page?: number | undefined },
  cause?: unknown,
): PdfError {
  return new PdfError('cancelled', { fileName: ctx.fileName, page: ctx.page, cause });
}

/** Race `promise` against the abort signal and a timeout. */
function guard<T>(promise: Promise<T>, ctx: GuardContext): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const abandon = (): void => {
      try {
        ctx.onAbandon?.();
      } catch {
        // best effort
      }
    };
    const onAbort = (): void => {
      if (!finish()) return;
      abandon();
      reject(cancelledError(ctx, ctx.signal?.reason));
    };
    const timer = setTimeout(() => {
      if (!finish()) return;
      abandon();
      const seconds = Math.round(ctx.timeoutMs / 100) / 10;
      reject(
        new PdfError('damaged', {
          fileName: ctx.fileName,
          page: ctx.page,
          detail: `quá thời gian xử lý (${seconds} giây) khi ${ctx.what}`,
        }),
      );
    }, ctx.timeoutMs);
    if (ctx.signal?.aborted) {
      onAbort();
      promise.catch(() => undefined);
      return;
    }
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : '';
}

/** Map anything pdf.js throws to a PdfError. */
function toPdfError(
  e: unknown,
  ctx: {
    fileName: string | undefined;
    page?: number | undefined;
    signal?: AbortSignal | undefined;
    detail?: string;
  },
): PdfError {
  if (e instanceof PdfError) return e;
  const name = errorName(e);
  if (name === 'PasswordException') {
    const code = (e as { code?: unknown }).code;
    // PasswordResponses.NEED_PASSWORD = 1, INCORRECT_PASSWORD = 2
    return new PdfError(code === 2 ? 'password_wrong' : 'password_required', {
      fileName: ctx.fileName,
      cause: e,
    });
  }
  if (ctx.signal?.aborted || name === 'RenderingCancelledException' || name === 'AbortException') {
    return cancelledError(ctx, e);
  }
  const detail =
    ctx.detail ?? (ctx.page !== undefined ? `không đọc được trang ${ctx.page}` : 'cấu trúc PDF không hợp lệ');
  return new PdfError('damaged', { fileName: ctx.fileName, page: ctx.page, detail, cause: e });
}

// ---------------------------------------------------------------------------------------
// Native resolution of a page

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: ArrayLike<number>): Matrix {
  const [a, b, c, d, e, f] = m;
  const na = n[0] ?? 1,
    nb = n[1] ?? 0,
    nc = n[2] ?? 0,
    nd = n[3] ?? 1,
    ne = n[4] ?? 0,
    nf = n[5] ?? 0;
  return [
    na * a + nb * c,
    na * b + nb * d,
    nc * a + nd * c,
    nc * b + nd * d,
    ne * a + nf * c + e,
    ne * b + nf * d + f,
  ];
}

export interface PageImage {
  /** pdf.js object id for XObject images (undefined for inline images / masks). */
  objId: string | undefined;
  width: number;
  height: number;
  /** Pixels per PDF user unit along the image's own axes (the larger of the two). */
  pixelsPerUnit: number;
  /** Share of the page area the image covers (0..1, can exceed 1 if it overflows). */
  coverage: number;
}

interface OpCodes {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginAnnotation: number;
  endAnnotation: number;
  paintImageXObject: number;
  paintInlineImageXObject: number;
  paintImageMaskXObject: number;
}

function dims(arg: unknown): { width: number; height: number } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { width, height } = arg as { width?: unknown; height?: unknown };
  return typeof width === 'number' && typeof height === 'number' ? { width, height } : undefined;
}

/**
 * Walk an operator list, tracking the current transformation matrix, and list the raster
 * images painted on the page (annotation appearances are ignored). `pageArea` is the
 * area of the page's view box in user units.
 */
export function findPageImages(opList: PDFOperatorList, OPS: OpCodes, pageArea: number): PageImage[] {
  const images: PageImage[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  let annotationDepth = 0;
  const { fnArray, argsArray } = opList;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[] | null | undefined;
    switch (fn) {
      case OPS.save:
        stack.push(ctm);
        break;
      case OPS.restore:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.transform:
        if (args) ctm = multiply(ctm, args as number[]);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push(ctm);
        const matrix = args?.[0];
        if (matrix && typeof matrix === 'object' && 'length' in matrix)
          ctm = multiply(ctm, matrix as ArrayLike<number>);
        break;
      }
      case OPS.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.beginAnnotation:
        annotationDepth++;
        break;
      case OPS.endAnnotation:
        annotationDepth = Math.max(0, annotationDepth - 1);
        break;
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject: {
        if (annotationDepth > 0 || !args) break;
        let objId: string | undefined;
        let size: { width: number; height: number } | undefined;
        if (fn === OPS.paintImageXObject) {
          const [id, w, h] = args;
          if (typeof id === 'string') objId = id;
          if (typeof w === 'number' && typeof h === 'number') size = { width: w, height: h };
        } else {
          size = dims(args[0]);
        }
        if (!size || size.width <= 0 || size.height <= 0) break;
        const [a, b, c, d] = ctm;
        const sx = Math.hypot(a, b);
        const sy = Math.hypot(c, d);
        if (sx <= 0 || sy <= 0) break;
        const area = Math.abs(a * d - b * c);
        images.push({
          objId,
          width: size.width,
          height: size.height,
          pixelsPerUnit: Math.max(size.width / sx, size.height / sy),
          coverage: pageArea > 0 ? area / pageArea : 0,
        });
        break;
      }
      default:
        break;
    }
  }
  return images;
}

/** The image that defines the page's native resolution: the largest one that looks like a scan. */
export function dominantImage(images: readonly PageImage[], userUnit = 1): PageImage | undefined {
  let best: PageImage | undefined;
  for (const img of images) {
    if (img.coverage < MIN_SCAN_COVERAGE) continue;
    if ((img.pixelsPerUnit / userUnit) * 72 < MIN_SCAN_DPI) continue;
    if (!best || img.width * img.height > best.width * best.height) best = img;
  }
  return best;
}

/**
 * Pick the pdf.js viewport scale. `nativePixelsPerUnit` is the dominant image's pixels per
 * user unit (undefined for vector pages). `viewWidth`/`viewHeight` are in user units.
 */
export function chooseScale(args: {
  viewWidth: number;
  viewHeight: number;
  userUnit?: number;
  nativePixelsPerUnit?: number | undefined;
  dpi?: number | undefined;
  maxPixels?: number | undefined;
}): number {
  const userUnit = args.userUnit ?? 1;
  let scale: number;
  if (args.dpi !== undefined) scale = args.dpi / 72;
  else if (args.nativePixelsPerUnit !== undefined) scale = args.nativePixelsPerUnit / userUnit;
  else scale = FALLBACK_DPI / 72;
  const maxPixels = args.maxPixels ?? PAGE_PIXEL_BUDGET;
  const w = args.viewWidth * userUnit * scale;
  const h = args.viewHeight * userUnit * scale;
  if (w * h > maxPixels) scale *= Math.sqrt(maxPixels / (w * h));
  const side = Math.max(args.viewWidth, args.viewHeight) * userUnit * scale;
  if (side > MAX_CANVAS_SIDE) scale *= MAX_CANVAS_SIDE / side;
  return scale;
}

// ---------------------------------------------------------------------------------------
// Document

interface CanvasAndContext {
  canvas: { width: number; height: number } | null;
  context: {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  } | null;
}

interface CanvasFactoryLike {
  create(width: number, height: number): CanvasAndContext;
  destroy(canvasAndContext: CanvasAndContext): void;
}

/** Open a PDF. Checks the bytes first; all failures reject with PdfError. */
export async function openPdfWith(
  environment: PdfEnvironment | Promise<PdfEnvironment>,
  bytes: Uint8Array,
  options: OpenPdfOptions = {},
): Promise<PdfDoc> {
  const { fileName, password, signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (signal?.aborted) throw cancelledError({ fileName });
  checkPdfBytes(bytes, fileName);
  const env = await environment;
  if (signal?.aborted) throw cancelledError({ fileName });

  // pdf.js may transfer (detach) the buffer it is given; keep the caller's bytes intact unless handed over.
  const task: PDFDocumentLoadingTask = env.pdfjs.getDocument({
    ...env.params,
    data: options.handOver ? bytes : bytes.slice(),
    password,
    isEvalSupported: false,
  });
  let proxy: PDFDocumentProxy;
  try {
    proxy = await guard(task.promise, {
      signal,
      timeoutMs,
      fileName,
      what: 'mở tệp',
      onAbandon: () => void task.destroy(),
    });
  } catch (e) {
    void task.destroy().catch(() => undefined);
    throw toPdfError(e, { fileName, signal });
  }
  return new PdfJsDoc(env, task, proxy, fileName, timeoutMs);
}

class PdfJsDoc implements PdfDoc {
  readonly pageCount: number;
  private destroyed = false;
  private readonly active = new Set<() => void>();

  constructor(
    private readonly env: PdfEnvironment,
    private readonly task: PDFDocumentLoadingTask,
    private readonly proxy: PDFDocumentProxy,
    readonly fileName: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.pageCount = proxy.numPages;
  }

  async renderPage(pageNumber: number, options: RenderPageOptions = {}): Promise<RenderedPage> {
    if (this.destroyed) throw new Error('PdfDoc has been destroyed');
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > this.pageCount) {
      throw new RangeError(`Page ${pageNumber} out of range 1..${this.pageCount}`);
    }
    const fileName = this.fileName;
    // One signal for the caller's abort and for destroy(); pdf.js work is cancelled on either.
    const local = new AbortController();
    const forward = (): void => local.abort(options.signal?.reason);
    if (options.signal?.aborted) forward();
    options.signal?.addEventListener('abort', forward, { once: true });
    this.active.add(forward);
    const signal = local.signal;
    const base = { signal, timeoutMs: this.timeoutMs, fileName, page: pageNumber };
    if (signal.aborted) {
      this.release(forward, options.signal);
      throw cancelledError(base);
    }

    let page: PDFPageProxy | undefined;
    try {
      page = await guard(this.proxy.getPage(pageNumber), { ...base, what: `mở trang ${pageNumber}` });
      const view = page.view;
      const viewWidth = Math.abs((view[2] ?? 0) - (view[0] ?? 0));
      const viewHeight = Math.abs((view[3] ?? 0) - (view[1] ?? 0));
      const userUnit = page.userUnit || 1;

      const opList = await guard(page.getOperatorList(), {
        ...base,
        what: `đọc nội dung trang ${pageNumber}`,
      });
      const images = findPageImages(opList, this.env.pdfjs.OPS, viewWidth * viewHeight);
      const scan = dominantImage(images, userUnit);

      const scale = chooseScale({
        viewWidth,
        viewHeight,
        userUnit,
        nativePixelsPerUnit: scan?.pixelsPerUnit,
        dpi: options.dpi,
        maxPixels: options.maxPixels,
      });
      const viewport = page.getViewport({ scale });
      const width = Math.max(1, Math.round(viewport.width));
      const height = Math.max(1, Math.round(viewport.height));

      const factory = this.proxy.canvasFactory as CanvasFactoryLike;
      const cc = factory.create(width, height);
      try {
        const renderTask = page.render({
          // pdf.js 5 prefers `canvas`; it asks the canvas for its (already created) 2D context.
          canvas: cc.canvas as unknown as RenderParameters['canvas'],
          viewport,
        });
        await guard(renderTask.promise, {
          ...base,
          what: `hiển thị trang ${pageNumber}`,
          onAbandon: () => renderTask.cancel(),
        });
        if (scan?.objId !== undefined && imageDecodeFailed(page, scan.objId)) {
          throw new PdfError('damaged', {
            fileName,
            page: pageNumber,
            detail: `không giải mã được ảnh quét của trang ${pageNumber}`,
          });
        }
        const ctx = cc.context;
        if (!ctx) throw new Error('canvas context lost');
        const data = ctx.getImageData(0, 0, width, height).data;
        return { image: { width, height, data }, scale, dpi: scale * 72 };
      } finally {
        factory.destroy(cc);
      }
    } catch (e) {
      // destroy() may have run while this render awaited pdf.js.
      if (this.isDestroyed() && !(e instanceof PdfError)) throw cancelledError(base, e);
      throw toPdfError(e, { fileName, page: pageNumber, signal });
    } finally {
      this.release(forward, options.signal);
      // Drop decoded images and operator lists kept by pdf.js for this page.
      try {
        page?.cleanup();
      } catch {
        // document already destroyed
      }
    }
  }

  private release(forward: () => void, signal: AbortSignal | undefined): void {
    this.active.delete(forward);
    signal?.removeEventListener('abort', forward);
  }

  /** Read through a call: TypeScript narrows the field across awaits, but destroy() can run meanwhile. */
  private isDestroyed(): boolean {
    return this.destroyed;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const cancel of this.active) cancel();
    this.active.clear();
    try {
      await this.task.destroy();
    } catch {
      // already gone
    }
  }
}

/** pdf.js resolves an image object to null when it could not decode it (it logs a warning). */
function imageDecodeFailed(page: PDFPageProxy, objId: string): boolean {
  // Same lookup as pdf.js' canvas: ids of images shared between pages start with "g_".
  const objs = objId.startsWith('g_') ? page.commonObjs : page.objs;
  try {
    if (!objs.has(objId)) return false;
    return objs.get(objId) == null;
  } catch {
    return false;
  }
}

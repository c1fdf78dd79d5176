/**
 * One PDF per entry (src/exchange/pdf.ts, entry-pdfs.ts) from real scans in tests/fixtures, read back with an
 * independent reader (pdf.js): page count, page size in points, the image drawn on each page with its pixel size;
 * a small stored JPEG is embedded byte for byte, a 300 dpi scan is re-encoded to ~150 dpi near 100 kB, a PNG page
 * is re-encoded, a landscape page gets an A3 landscape page, and the pure-JS encoder (no native canvas) works too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import {
  PAPER_PX,
  preparePage,
  REENCODE_TARGET_BYTES,
  type PageEncoder,
} from '../../../src/exchange/entry-pdfs';
import { readJpegFrame, writeImagePdf } from '../../../src/exchange/pdf';
import { encodeJpegToFit, nodePageEncoder } from '../../../src/image/encode-node';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures');
const fixture = (...p: string[]): Uint8Array => new Uint8Array(readFileSync(join(FIX, ...p)));

interface ReadPage {
  width: number;
  height: number;
  /** Pixel sizes of the images painted on the page. */
  images: { width: number; height: number }[];
}

/** Pages of a PDF as pdf.js sees them. */
async function readPdf(bytes: Uint8Array): Promise<{ pages: ReadPage[]; title: string }> {
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: pdfjs.VerbosityLevel.ERRORS })
    .promise;
  try {
    const pages: ReadPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const ops = await page.getOperatorList();
      const images: ReadPage['images'] = [];
      ops.fnArray.forEach((fn, i) => {
        if (fn === pdfjs.OPS.paintImageXObject) {
          const args = ops.argsArray[i] as [string, number, number];
          images.push({ width: args[1], height: args[2] });
        }
      });
      pages.push({ width: x1 - x0, height: y1 - y0, images });
    }
    const meta = await doc.getMetadata();
    return { pages, title: (meta.info as { Title?: string }).Title ?? '' };
  } finally {
    await doc.destroy();
  }
}

const A4 = { width: 595.276, height: 841.89 };

describe('preparePage', () => {
  it('embeds a small stored JPEG as it is', async () => {
    const small = encodeJpegToFit(fixture('pages', 'p014.jpg'), { width: 620, height: 877 }, 0.6).bytes;
    expect(small.length).toBeLessThan(150_000);
    const p = await preparePage(small, nodePageEncoder);
    expect(p.reencoded).toBe(false);
    expect(p.bytes).toBe(small);
    expect([p.width, p.height]).toEqual([620, 877]);
  });

  it('re-encodes a 300 dpi scan to ~150 dpi near 100 kB', async () => {
    const scan = fixture('pages', 'p014.jpg');
    expect(scan.length).toBeGreaterThan(1_000_000);
    const p = await preparePage(scan, nodePageEncoder);
    expect(p.reencoded).toBe(true);
    expect([p.width, p.height]).toEqual([PAPER_PX.A4.width, PAPER_PX.A4.height]);
    expect(p.bytes.length).toBeLessThanOrEqual(REENCODE_TARGET_BYTES);
    expect(p.bytes.length).toBeGreaterThan(40_000);
  });

  it('re-encodes a PNG page and keeps its size when it is small', async () => {
    const p = await preparePage(fixture('integration', 'viet.png'), nodePageEncoder);
    expect(p.reencoded).toBe(true);
    expect(readJpegFrame(p.bytes)).toMatchObject({ width: 600, height: 200 });
  });

  it('tries lower qualities until the page meets the target', async () => {
    const asked: number[] = [];
    const enc: PageEncoder = {
      encode: (img, box, q) => {
        asked.push(q);
        return nodePageEncoder.encode(img, box, q);
      },
    };
    const p = await preparePage(fixture('bordered', 'images', 'b002.jpg'), enc);
    expect(asked.length).toBeGreaterThan(1);
    expect(asked).toEqual([...asked].sort((a, b) => b - a));
    expect(p.reencoded).toBe(true);
  });

  it('works with the pure-JS encoder (no native canvas)', () => {
    const out = encodeJpegToFit(fixture('continued', 'p1-top.jpg'), PAPER_PX.A4, 0.5, { useNative: false });
    expect(readJpegFrame(out.bytes)).toMatchObject({ width: 1240, height: 725, components: 3 });
  });
});

describe('writeImagePdf', () => {
  it('writes one A4 page per portrait scan, the image fitted, and a Vietnamese title', async () => {
    const top = await preparePage(fixture('integration', 'p004.jpg'), nodePageEncoder);
    const bottom = await preparePage(fixture('bordered', 'images', 'b001.jpg'), nodePageEncoder);
    const pdf = writeImagePdf([top, bottom], { title: 'Sổ KS số 01/2017, mục số 12' });
    const read = await readPdf(pdf);
    expect(read.title).toBe('Sổ KS số 01/2017, mục số 12');
    expect(read.pages).toHaveLength(2);
    for (const [i, p] of read.pages.entries()) {
      expect(p.width).toBeCloseTo(A4.width, 1);
      expect(p.height).toBeCloseTo(A4.height, 1);
      const img = [top, bottom][i]!;
      expect(p.images).toEqual([{ width: img.width, height: img.height }]);
    }
  });

  it('turns the page for a landscape scan, and sizes it A3 for an A3 book', async () => {
    const wide = fixture('continued', 'p1-top.jpg');
    const a4 = await preparePage(wide, nodePageEncoder);
    expect([a4.width, a4.height]).toEqual([1754, 1026]);
    const read4 = await readPdf(writeImagePdf([a4]));
    expect(read4.pages[0]?.width).toBeCloseTo(841.89, 1);
    expect(read4.pages[0]?.height).toBeCloseTo(595.276, 1);
    const a3 = await preparePage(wide, nodePageEncoder, 'A3');
    expect([a3.width, a3.height]).toEqual([2480, 1450]);
    const read3 = await readPdf(writeImagePdf([a3, a3], { paper: 'A3' }));
    expect(read3.pages.map((p) => [Math.round(p.width), Math.round(p.height)])).toEqual([
      [1191, 842],
      [1191, 842],
    ]);
    expect(read3.pages[0]?.images).toEqual([{ width: 2480, height: 1450 }]);
  });

  it('embeds a greyscale JPEG as DeviceGray, and refuses bytes that are not the JPEG stated', async () => {
    const grey = fixture('bordered', 'images', 'b003.jpg');
    const frame = readJpegFrame(grey);
    expect(frame?.components).toBe(1);
    const read = await readPdf(
      writeImagePdf([{ bytes: grey, width: frame!.width, height: frame!.height, components: 1 }]),
    );
    expect(read.pages[0]?.images).toEqual([{ width: 1654, height: 2339 }]);
    expect(() => writeImagePdf([{ bytes: grey, width: 10, height: 10, components: 1 }])).toThrow(
      /not a 10×10/u,
    );
    expect(() => writeImagePdf([])).toThrow();
  });
});

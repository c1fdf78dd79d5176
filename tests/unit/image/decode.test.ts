import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import UTIF from 'utif2';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/image/decode-node';
import { ImageDecodeError } from '../../../src/image/errors';
import { readExifOrientation } from '../../../src/image/exif';
import { jpegHasEnd } from '../../../src/image/jpeg-end';
import { PAGE_PIXEL_BUDGET, REFUSE_FACTOR } from '../../../src/image/precheck';
import { readImageSize } from '../../../src/image/size';
import { sniffImageType } from '../../../src/image/sniff';

const bad = (name: string): Uint8Array => new Uint8Array(readFileSync(`tests/fixtures/bad-inputs/${name}`));

function rgba(w: number, h: number, v = 128): Uint8Array {
  const d = new Uint8Array(w * h * 4).fill(v);
  for (let i = 3; i < d.length; i += 4) d[i] = 255;
  return d;
}
const smallJpeg = (w: number, h: number): Uint8Array =>
  new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba(w, h) }, 80).data);
function smallPng(w: number, h: number): Uint8Array {
  const png = new PNG({ width: w, height: h });
  png.data = Buffer.from(rgba(w, h, 90));
  return new Uint8Array(PNG.sync.write(png));
}
const smallTiff = (w: number, h: number): Uint8Array =>
  new Uint8Array(UTIF.encodeImage(rgba(w, h, 60), w, h));

/** JPEG with an APP1 EXIF segment (big-endian TIFF) carrying orientation `o`. */
function jpegWithExif(o: number, w = 6, h = 4): Uint8Array {
  const base = smallJpeg(w, h);
  const tiff = [
    0x4d,
    0x4d,
    0,
    42,
    0,
    0,
    0,
    8,
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    o,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const len = payload.length + 2;
  const seg = [0xff, 0xe1, len >> 8, len & 255, ...payload];
  return new Uint8Array([...base.subarray(0, 2), ...seg, ...base.subarray(2)]);
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ImageDecodeError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('sniff / size / exif (pure)', () => {
  it('sniffs by content, not name', () => {
    expect(sniffImageType(smallJpeg(4, 4))).toBe('jpeg');
    expect(sniffImageType(smallPng(4, 4))).toBe('png');
    expect(sniffImageType(smallTiff(4, 4))).toBe('tiff');
    expect(sniffImageType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffImageType(bad('docx-renamed.jpg'))).toBe('zip');
    expect(sniffImageType(bad('Nguyễn <script>.png'))).toBe('unknown');
    expect(sniffImageType(new Uint8Array(0))).toBe('unknown');
  });

  it('reads sizes from headers without decoding', () => {
    expect(readImageSize(smallJpeg(37, 21))).toEqual({ type: 'jpeg', width: 37, height: 21 });
    expect(readImageSize(smallPng(5, 9))).toEqual({ type: 'png', width: 5, height: 9 });
    expect(readImageSize(smallTiff(11, 3))).toEqual({ type: 'tiff', width: 11, height: 3 });
    expect(readImageSize(bad('huge-20000x20000.png'))).toEqual({ type: 'png', width: 20000, height: 20000 });
    expect(readImageSize(bad('phone-12000x9000.jpg'))).toEqual({ type: 'jpeg', width: 12000, height: 9000 });
    expect(readImageSize(bad('docx-renamed.jpg'))).toBeNull();
  });

  it('reads EXIF orientation', () => {
    expect(readExifOrientation(smallJpeg(4, 4))).toBe(1);
    for (const o of [1, 3, 6, 8]) expect(readExifOrientation(jpegWithExif(o))).toBe(o);
    expect(readExifOrientation(bad('rotated-exif-6.jpg'))).toBe(6);
  });

  it('detects truncated JPEGs', () => {
    expect(jpegHasEnd(smallJpeg(16, 16))).toBe(true);
    expect(jpegHasEnd(bad('truncated.jpg'))).toBe(false);
  });
});

describe('decodeImage (Node)', () => {
  it('decodes JPEG, PNG and TIFF to RGBA and applies EXIF orientation', () => {
    expect(decodeImage(smallPng(5, 9))).toMatchObject({ width: 5, height: 9, type: 'png' });
    expect(decodeImage(smallTiff(11, 3))).toMatchObject({ width: 11, height: 3, type: 'tiff' });
    const j = decodeImage(jpegWithExif(6, 6, 4));
    expect(j).toMatchObject({ width: 4, height: 6, orientation: 6, sourceWidth: 6, sourceHeight: 4 });
    expect(j.data.length).toBe(4 * 6 * 4);
  });

  it('downscales images above maxPixels', () => {
    const d = decodeImage(smallPng(200, 100), { maxPixels: 5000 });
    expect(d.width * d.height).toBeLessThanOrEqual(5000);
    expect(d.scale).toBeLessThan(1);
  });

  it('refuses the bad-input catalogue with typed Vietnamese errors', () => {
    expect(codeOf(() => decodeImage(new Uint8Array(0)))).toBe('empty');
    expect(codeOf(() => decodeImage(bad('truncated.jpg')))).toBe('damaged');
    expect(codeOf(() => decodeImage(bad('docx-renamed.jpg')))).toBe('unsupported');
    expect(codeOf(() => decodeImage(bad('scan.docx')))).toBe('unsupported');
    expect(codeOf(() => decodeImage(bad('Nguyễn <script>.png')))).toBe('unsupported');
    expect(codeOf(() => decodeImage(new TextEncoder().encode('%PDF-1.4 ...')))).toBe('unsupported');
    try {
      decodeImage(bad('truncated.jpg'), { fileName: 'truncated.jpg' });
    } catch (e) {
      expect((e as Error).message).toBe('Tệp "truncated.jpg": Tệp ảnh bị hỏng hoặc không đầy đủ.');
    }
  });

  it('refuses a 400 MP PNG from its header, fast', () => {
    const t = performance.now();
    // 400 MP > PAGE_PIXEL_BUDGET × REFUSE_FACTOR (192 MP): refused by default.
    expect(PAGE_PIXEL_BUDGET * REFUSE_FACTOR).toBeLessThan(20000 * 20000);
    expect(codeOf(() => decodeImage(bad('huge-20000x20000.png')))).toBe('too_large');
    expect(performance.now() - t).toBeLessThan(100);
  });

  it('shows the EXIF-6 register page upright (portrait)', () => {
    const d = decodeImage(bad('rotated-exif-6.jpg'));
    expect(d.orientation).toBe(6);
    expect(d.width).toBeLessThan(d.height);
  });

  it('decodes the 108 MP phone photo downscaled to the budget', { timeout: 120_000 }, () => {
    const d = decodeImage(bad('phone-12000x9000.jpg'));
    expect(d.width * d.height).toBeLessThanOrEqual(PAGE_PIXEL_BUDGET);
    expect(d.width * d.height).toBeGreaterThan(PAGE_PIXEL_BUDGET * 0.99);
    expect(d).toMatchObject({ sourceWidth: 12000, sourceHeight: 9000 });
  });
});

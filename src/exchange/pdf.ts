/**
 * A PDF of scanned pages, written by hand (no library): each page is one JPEG drawn full page through
 * `/DCTDecode`, so the JPEG bytes go into the file exactly as given. Pages are the book's paper size (A4 or A3), turned
 * to the image's orientation (landscape when it is wider than high); the image is fitted (aspect kept) and
 * centred. PDF 1.4, one cross-reference table, ASCII names, the title as UTF-16BE.
 */

/** A JPEG ready to embed: its bytes and what its frame header says. */
export interface PdfImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** 1 = grey, 3 = colour (YCbCr/RGB). CMYK JPEGs are not embedded as they are (re-encode them). */
  components: 1 | 3;
}

export interface JpegFrame {
  width: number;
  height: number;
  components: number;
}

export type Paper = 'A4' | 'A3';

/** Portrait sizes in points (1/72 inch). */
export const PAPER_PT: Readonly<Record<Paper, { width: number; height: number }>> = {
  A4: { width: 595.276, height: 841.89 },
  A3: { width: 841.89, height: 1190.551 },
};

/** The frame header (SOF0…SOF15 but DHT/JPG/DAC) of a JPEG, or null when there is none before the scan. */
export function readJpegFrame(bytes: Uint8Array): JpegFrame | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    const len = ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0);
    if (len < 2) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (i + 10 > bytes.length) return null;
      const height = ((bytes[i + 5] ?? 0) << 8) | (bytes[i + 6] ?? 0);
      const width = ((bytes[i + 7] ?? 0) << 8) | (bytes[i + 8] ?? 0);
      const components = bytes[i + 9] ?? 0;
      return width > 0 && height > 0 ? { width, height, components } : null;
    }
    i += 2 + len;
  }
  return null;
}

/** `size` turned landscape when the image is wider than high. */
export function oriented<T extends { width: number; height: number }>(
  size: T,
  image: { width: number; height: number },
): T {
  return image.width > image.height ? { ...size, width: size.height, height: size.width } : size;
}

/** A page of this paper in A4 units (an A3 page counts two), for "size per A4 page". */
export const a4Units = (paper: Paper): number => (paper === 'A3' ? 2 : 1);

const enc = new TextEncoder();

/** A PDF text string as UTF-16BE with its byte-order mark, in hex (safe for any text, no escaping). */
function pdfText(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

const num = (n: number): string => (Math.round(n * 1000) / 1000).toString();

/**
 * The PDF bytes of `pages` (one PDF page per image, in order). `title` goes into the document information.
 * Throws on an empty list or an image whose bytes are not a JPEG of the stated size.
 */
export function writeImagePdf(
  pages: readonly PdfImage[],
  meta: { title?: string; paper?: Paper } = {},
): Uint8Array {
  if (!pages.length) throw new Error('a PDF needs at least one page');
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Uint8Array): void => {
    chunks.push(b);
    length += b.length;
  };
  const text = (s: string): void => push(enc.encode(s));
  const begin = (id: number): void => {
    offsets[id] = length;
    text(`${id} 0 obj\n`);
  };

  text('%PDF-1.4\n');
  push(new Uint8Array([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a])); // binary comment: a binary file
  // Objects: 1 catalog, 2 page tree, 3 info, then per page k: 4+3k page, 5+3k contents, 6+3k image.
  const pageIds = pages.map((_, k) => 4 + 3 * k);
  begin(1);
  text('<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  begin(2);
  text(
    `<< /Type /Pages /Count ${pages.length} /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] >>\nendobj\n`,
  );
  begin(3);
  text(`<< /Producer ${pdfText('sohoa')}${meta.title ? ` /Title ${pdfText(meta.title)}` : ''} >>\nendobj\n`);

  pages.forEach((img, k) => {
    const frame = readJpegFrame(img.bytes);
    if (
      !frame ||
      frame.width !== img.width ||
      frame.height !== img.height ||
      frame.components !== img.components
    )
      throw new Error(
        `page ${k + 1}: not a ${img.width}×${img.height} JPEG with ${img.components} components`,
      );
    const page = oriented(PAPER_PT[meta.paper ?? 'A4'], img);
    const s = Math.min(page.width / img.width, page.height / img.height);
    const w = img.width * s;
    const h = img.height * s;
    const x = (page.width - w) / 2;
    const y = (page.height - h) / 2;
    const [pageId, contentsId, imageId] = [4 + 3 * k, 5 + 3 * k, 6 + 3 * k];
    begin(pageId);
    text(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] ` +
        `/Resources << /XObject << /Im0 ${imageId} 0 R >> >> /Contents ${contentsId} 0 R >>\nendobj\n`,
    );
    const ops = `q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /Im0 Do Q\n`;
    begin(contentsId);
    text(`<< /Length ${ops.length} >>\nstream\n${ops}endstream\nendobj\n`);
    begin(imageId);
    text(
      `<< /Type /XObject /Subtype /Image /Width ${img.width} /Height ${img.height} ` +
        `/ColorSpace /${img.components === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 ` +
        `/Filter /DCTDecode /Length ${img.bytes.length} >>\nstream\n`,
    );
    push(img.bytes);
    text('\nendstream\nendobj\n');
  });

  const count = 4 + 3 * pages.length;
  const xref = length;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let id = 1; id < count; id++) table += `${String(offsets[id] ?? 0).padStart(10, '0')} 00000 n \n`;
  text(table);
  text(`trailer\n<< /Size ${count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

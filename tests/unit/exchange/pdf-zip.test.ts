/**
 * A book's zip of entry PDFs (src/exchange/entry-pdfs.ts `runPdfZip`, zip.ts) from real scans, written in chunks
 * to a sink and read back with an independent reader (yauzl): member names in `so` order with collisions resolved
 * (`_2`), stored sizes equal to the PDFs, the zip's SHA-256; the PDF of an entry that crosses a page break has
 * both pages (pdf.js); a missing page stops the run with a Vietnamese message; a cancel stops it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { unzip } from '../helpers/unzip';
import { entryPdfNames, runPdfZip } from '../../../src/exchange/entry-pdfs';
import { ExportCancelledError } from '../../../src/exchange/run';
import type { BookExportInput } from '../../../src/exchange/workbook';
import { nodePageEncoder } from '../../../src/image/encode-node';
import { book, entry, fv, pages } from './fixtures';

const FIX = join(import.meta.dirname, '..', '..', 'fixtures');
const IMAGES: Record<string, string> = {
  p0: join(FIX, 'continued', 'p1-top.jpg'),
  p1: join(FIX, 'continued', 'p2-bottom.jpg'),
  p2: join(FIX, 'pages', 'p014.jpg'),
  p3: join(FIX, 'integration', 'viet.png'),
};
const readPage = (id: string): Promise<Uint8Array | null> =>
  Promise.resolve(IMAGES[id] ? new Uint8Array(readFileSync(IMAGES[id])) : null);

/** Entry 12 starts on p0 and continues on p1; two entries numbered 13; "14/A" and "14-a"; one without a number. */
function input(): BookExportInput {
  const continued = entry('KS', 0, 0, { so: '12', nksHoTen: 'Hồ Văn Tâm' });
  continued.pageIds = ['p0', 'p1'];
  return {
    book: book('KS'),
    pages: pages(4),
    entries: [
      entry('KS', 3, 0, { so: '', nksHoTen: 'Không số' }),
      entry('KS', 2, 1, { so: '14-a' }),
      entry('KS', 2, 0, { so: '14/A' }),
      entry('KS', 1, 1, { so: '13' }),
      entry('KS', 1, 2, { so: '013' }),
      continued,
    ],
  };
}

async function pdfPages(bytes: Uint8Array): Promise<number> {
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: pdfjs.VerbosityLevel.ERRORS })
    .promise;
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

const STEM = 'XaAnNhon_HuyenDaTeh_LamDong.KS.2017.01-2017';

describe('entryPdfNames', () => {
  it('makes every name distinct, deterministically, without case', () => {
    const e = (so: string) => ({ fields: { so: fv(so) } });
    const names = entryPdfNames(book('KS'), [
      e('1'),
      e('01'),
      e('1'),
      e('2/A'),
      e('2-a'),
      e(''),
      e('  '),
      e('x_2'),
    ]);
    expect(names).toEqual(
      ['1', '01', '1_2', '2-A', '2-a_2', 'khongso', 'khongso_2', 'x-2'].map((s) => `${STEM}.${s}.pdf`),
    );
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
  });
});

describe('runPdfZip', () => {
  it('streams one PDF per entry into a zip an independent reader lists', async () => {
    const chunks: Uint8Array[] = [];
    const progress: string[] = [];
    const res = await runPdfZip(input(), {
      readPage,
      encoder: nodePageEncoder,
      write: (c) => {
        chunks.push(c.slice());
        return Promise.resolve();
      },
      onProgress: (d, t) => progress.push(`${d}/${t}`),
    });
    const zip = new Uint8Array(Buffer.concat(chunks));
    expect(res.size).toBe(zip.length);
    expect(res.sha256).toBe(createHash('sha256').update(zip).digest('hex'));
    expect(res.zipName).toBe(`${STEM}.pdf.zip`);
    expect(progress).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);

    const members = await unzip(zip);
    expect(members.map((m) => m.name)).toEqual([
      `${STEM}.12.pdf`,
      `${STEM}.13.pdf`,
      `${STEM}.013.pdf`,
      `${STEM}.14-A.pdf`,
      `${STEM}.14-a_2.pdf`,
      `${STEM}.khongso.pdf`,
    ]);
    expect(members.map((m) => m.name)).toEqual(res.members.map((m) => m.name));
    for (const [i, m] of members.entries()) {
      expect(m.method).toBe(0); // stored
      expect(m.size).toBe(res.members[i]?.size);
      expect(createHash('sha256').update(m.bytes).digest('hex')).toBe(res.members[i]?.sha256);
    }
    // The entry over the page break has both pages; the others one.
    expect(await Promise.all(members.map((m) => pdfPages(m.bytes)))).toEqual([2, 1, 1, 1, 1, 1]);
    expect(res.members.map((m) => m.pages)).toEqual([2, 1, 1, 1, 1, 1]);
    for (const m of res.members) expect(m.size / m.a4Pages).toBeLessThan(160_000);
  });

  it('sends the zip in chunks, never the whole book at once', async () => {
    const sizes: number[] = [];
    const res = await runPdfZip(input(), {
      readPage,
      encoder: nodePageEncoder,
      chunkBytes: 64 * 1024,
      write: (c) => {
        sizes.push(c.length);
        // As the worker does: the chunk's buffer is transferred away (detached) once written.
        structuredClone(c.buffer, { transfer: [c.buffer] });
        return Promise.resolve();
      },
    });
    expect(sizes.length).toBeGreaterThan(3);
    // A chunk holds at most one PDF more than the chunk size.
    const largest = Math.max(...res.members.map((m) => m.size));
    for (const n of sizes) expect(n).toBeLessThan(64 * 1024 + largest + 1024);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(res.size);
  });

  it('stops with a Vietnamese message when a page image is missing', async () => {
    const inp = input();
    await expect(
      runPdfZip(inp, {
        readPage: (id) => (id === 'p2' ? Promise.resolve(null) : readPage(id)),
        encoder: nodePageEncoder,
        write: () => Promise.resolve(),
      }),
    ).rejects.toThrow(`Không tìm thấy ảnh trang của mục số 14/A: không tạo được tệp ${STEM}.14-A.pdf.`);
  });

  it('stops when cancelled, before writing more', async () => {
    let done = 0;
    let writes = 0;
    await expect(
      runPdfZip(input(), {
        readPage,
        encoder: nodePageEncoder,
        write: () => {
          writes++;
          return Promise.resolve();
        },
        onProgress: (d) => (done = d),
        isCancelled: () => done >= 2,
      }),
    ).rejects.toBeInstanceOf(ExportCancelledError);
    expect(done).toBe(2);
    expect(writes).toBeLessThanOrEqual(1);
  });
});

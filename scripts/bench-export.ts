/**
 * Export of a generated 100-entry, 200-page book (issue 14 target: workbook + 100 PDFs + zip in under 20 s on the
 * 2-core machine), with the same builders as the export worker (`runExport`, `runPdfZip`):
 *   npm run bench:export [-- entries] [pages per entry]
 * Pages are the real 300 dpi scans of tests/fixtures (0.4–1.3 MB JPEGs, colour and grey) repeated, each page its
 * own stored image (read from memory as the store would give it, re-encoded since none fits the ~150 kB budget);
 * each entry sits on its own pages. Re-encoding is Node's `nodePageEncoder` (@napi-rs/canvas: Skia +
 * libjpeg-turbo, as Chromium's canvas in the worker). The zip is written to .bench/export/ through a file handle,
 * chunk by chunk. Prints seconds per step, peak RSS, PDF bytes per A4 page, and renders page 1 of the first PDF
 * to .bench/export/page-1.png with pdftoppm at 100 % (96 dpi) when it is installed, to look at.
 */
import { ROOT, rssSampler, SCANS } from './bench-common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { FieldValue } from '../src/domain/records/entry';
import { REGISTERS } from '../src/domain/registers';
import { runPdfZip } from '../src/exchange/entry-pdfs';
import { runExport } from '../src/exchange/run';
import type { BookExportInput } from '../src/exchange/workbook';
import { nodePageEncoder } from '../src/image/encode-node';

const ENTRIES = Number(process.argv[2] ?? 100);
const PAGES_PER_ENTRY = Number(process.argv[3] ?? 2);
const OUT = join(ROOT, '.bench', 'export');
const rss = rssSampler();

const fv = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });
const pad = (n: number): string => String(n).padStart(2, '0');

function book(): BookExportInput {
  const pages = Array.from({ length: ENTRIES * PAGES_PER_ENTRY }, (_, i) => ({ id: `p${i}`, order: i }));
  const entries = Array.from({ length: ENTRIES }, (_, i) => {
    const fields: Record<string, FieldValue> = {};
    for (const f of REGISTERS.KS.fields) fields[f.key] = fv('');
    fields['so'] = fv(String(i + 1));
    fields['quyenSo'] = fv('01/2017');
    fields['nksHoTen'] = fv(`Nguyễn Văn An ${i}`);
    fields['nksNgaySinh'] = fv(`${pad((i % 28) + 1)}/${pad((i % 12) + 1)}/2017`);
    fields['ngayDangKy'] = fv(`${pad((i % 28) + 1)}/${pad((i % 12) + 1)}/2017`);
    return {
      id: `e${i}`,
      type: 'KS' as const,
      pageIds: pages.slice(i * PAGES_PER_ENTRY, (i + 1) * PAGES_PER_ENTRY).map((p) => p.id),
      order: 0,
      fields,
    };
  });
  return {
    book: {
      id: 'bench',
      type: 'KS',
      year: 2017,
      bookNumber: '01/2017',
      commune: {
        code: '25006',
        name: 'Xã An Nhơn',
        district: 'Huyện Đạ Tẻh',
        province: 'Lâm Đồng',
        list: 'pre2025',
      },
      paperSize: 'A4',
    },
    pages,
    entries,
    latestYear: 2024,
  };
}

mkdirSync(OUT, { recursive: true });
const input = book();
rss.sample();
const t0 = performance.now();
const wb = await runExport(input, { file: true });
const t1 = performance.now();
writeFileSync(join(OUT, 'book.xlsx'), wb.file?.bytes ?? new Uint8Array());

let firstPdfPage = 0;
const zipPath = join(OUT, 'book.pdf.zip');
const fh = await open(zipPath, 'w');
let reads = 0;
const res = await runPdfZip(input, {
  readPage: (id) => {
    reads++;
    const scan = SCANS[Number(id.slice(1)) % SCANS.length];
    return Promise.resolve(scan ? scan.slice() : null);
  },
  encoder: nodePageEncoder,
  write: async (chunk) => {
    await fh.write(chunk);
  },
  onProgress: (done) => {
    if (done === 1) firstPdfPage = performance.now();
  },
});
await fh.close();
const t2 = performance.now();
rss.sample();
rss.stop();

const pdfBytes = res.members.reduce((n, m) => n + m.size, 0);
const a4 = res.members.reduce((n, m) => n + m.a4Pages, 0);
const reencoded = res.members.reduce((n, m) => n + m.reencoded, 0);
const s = (ms: number): string => (ms / 1000).toFixed(2);
const stored = SCANS.reduce((n, b) => n + b.length, 0) / SCANS.length;
console.log(
  `book: ${ENTRIES} entries, ${input.pages.length} pages (${PAGES_PER_ENTRY} per entry), scans ${(stored / 1e3).toFixed(0)} kB mean`,
);
console.log(
  `workbook: ${s(t1 - t0)} s (${((wb.file?.bytes.length ?? 0) / 1e3).toFixed(0)} kB, ${wb.entryIds.length} rows)`,
);
console.log(
  `PDFs + zip: ${s(t2 - t1)} s (${res.members.length} PDFs, ${reads} page reads, ${reencoded} pages re-encoded; first PDF after ${s(firstPdfPage - t1)} s)`,
);
console.log(`total: ${s(t2 - t0)} s (target < 20 s)`);
console.log(`zip: ${(res.size / 1e6).toFixed(1)} MB, SHA-256 ${res.sha256}`);
console.log(
  `PDF size per A4 page: ${(pdfBytes / a4 / 1e3).toFixed(1)} kB mean, largest PDF ${(Math.max(...res.members.map((m) => m.size / m.a4Pages)) / 1e3).toFixed(1)} kB per page`,
);
console.log(
  `peak RSS: ${(rss.peak / 1e6).toFixed(0)} MB sampled, ${(process.resourceUsage().maxRSS / 1e3).toFixed(0)} MB max (getrusage)`,
);

// Page 1 of the first PDF at 100 % (96 dpi), to look at.
try {
  const { unzipSync } = await import('fflate');
  const first = res.members[0]?.name ?? '';
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => f.name === first });
  const pdf = join(OUT, 'first.pdf');
  writeFileSync(pdf, files[first] ?? new Uint8Array());
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '96',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdf,
    join(OUT, 'page-1'),
  ]);
  console.log(`rendered: ${join(OUT, 'page-1.png')} (${first}, 96 dpi)`);
} catch (e) {
  console.log(`not rendered (pdftoppm): ${e instanceof Error ? e.message : String(e)}`);
}

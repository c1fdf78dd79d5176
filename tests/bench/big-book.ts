/**
 * Runs IN THE PAGE (bundled by esbuild from workstation.bench.ts and evaluated there): fills an existing book with
 * `pages` generated pages (one tiny shared image) and `perPage` pre-filled KS entries each, through the app's own
 * Repository (so summaries and counters are kept exactly as the app keeps them), OCR marked done. Names, số and
 * dates are varied so searches and filters have realistic hit counts.
 */
import { emptyEntry, type Entry, type FieldValue } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { openRepository } from '../../src/storage';
import { pageEvent, tinyPageImage } from '../browser/in-page-seed';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Đức', 'Thanh', 'Quốc'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hà',
  'Lan',
  'Mai',
  'Nam',
  'Phúc',
  'Tâm',
  'Trang',
  'Tuấn',
];

export interface BigBook {
  pages: number;
  entries: number;
  ms: number;
}

export async function generate(bookId: string, pages: number, perPage: number): Promise<BigBook> {
  const t0 = performance.now();
  const repo = await openRepository();
  let seed = 42;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const image = await tinyPageImage();
  const ev = (action: 'page.import' | 'page.ocr', pageId: string) =>
    pageEvent(bookId, action, pageId, 'bench');
  const ocr = (value: string): FieldValue => {
    // Mostly printed pages: one value in 20 read with low confidence.
    const confidence = rnd() < 0.05 ? 0.3 + rnd() * 0.5 : 0.9 + rnd() * 0.1;
    return {
      value,
      flags: rnd() < 0.01 ? ['illegible'] : [],
      source: 'ocr',
      confirmed: false,
      ocr: { text: value, confidence },
    };
  };
  const date = (y: number): string =>
    `${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}/${y}`;
  let so = 0;
  for (let i = 0; i < pages; i++) {
    const id = `${bookId}-p${i}`;
    const page = newPage(
      {
        bookId,
        order: i,
        fileName: 'big.pdf',
        originalId: `${bookId}-o`,
        pdfPage: i + 1,
        width: 24,
        height: 32,
        warnings: [],
      },
      id,
    );
    await repo.addPage(page, { pageId: id, bookId, image, thumb: image }, ev('page.import', id));
    const entries: Entry[] = [];
    for (let k = 0; k < perPage; k++) {
      const e = emptyEntry({ bookId, pageId: id, type: 'KS', order: k }, `${id}-e${k}`);
      const r = rnd();
      entries.push({
        ...e,
        state: r < 0.5 ? 'keyed' : r < 0.53 ? 'returned' : 'prefilled',
        fields: {
          so: ocr(String(++so)),
          nksHoTen: ocr(`${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`),
          nksNgaySinh: ocr(date(1990 + Math.floor(rnd() * 30))),
          meHoTen: ocr(`${pick(FAMILY)} Thị ${pick(GIVEN)}`),
          chaHoTen: ocr(`${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`),
          nksNoiSinh: ocr('Trạm Y tế xã Lộc Bình'),
          ngayDangKy: ocr(date(2017)),
        },
      });
    }
    const stored = {
      pageId: id,
      bookId,
      width: 24,
      height: 32,
      engine: 'bench',
      model: 'bench',
      words: [],
      lines: [],
      detectedType: null,
      detectedYear: null,
      skew: 0,
      ms: 0,
      createdAt: Date.now(),
      drafts: [],
    };
    await repo.saveOcr(stored, entries, ev('page.ocr', id));
  }
  repo.close();
  return { pages, entries: pages * perPage, ms: performance.now() - t0 };
}

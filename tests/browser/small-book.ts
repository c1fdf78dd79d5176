/**
 * Runs IN THE PAGE (bundled by esbuild from export.test.ts and evaluated there): fills an existing KS book with one
 * page (a tiny image, OCR marked done) and three entries keyed by another operator — two accepted, one only keyed —
 * through the app's own Repository, so summaries and counters are kept exactly as the app keeps them.
 */
import { emptyEntry, type Entry, type FieldValue } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { REGISTERS } from '../../src/domain/registers';
import { openRepository } from '../../src/storage';
import { pageEvent, tinyPageImage } from './in-page-seed';

const keyed = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });

export async function seed(bookId: string): Promise<string[]> {
  const repo = await openRepository();
  const image = await tinyPageImage();
  const ev = (action: 'page.import' | 'page.ocr', pageId: string) =>
    pageEvent(bookId, action, pageId, 'test');
  const pageId = `${bookId}-p0`;
  const page = newPage(
    {
      bookId,
      order: 0,
      fileName: 'small.jpg',
      originalId: `${bookId}-o`,
      pdfPage: null,
      width: 24,
      height: 32,
      warnings: [],
    },
    pageId,
  );
  await repo.addPage(page, { pageId, bookId, image, thumb: image }, ev('page.import', pageId));
  const people = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hữu Cường'];
  const entries: Entry[] = people.map((name, k) => {
    const fields: Record<string, FieldValue> = {};
    for (const f of REGISTERS.KS.fields) fields[f.key] = keyed('');
    fields['so'] = keyed(String(k + 1).padStart(2, '0'));
    fields['nksHoTen'] = keyed(name);
    // The third one (keyed only) has an impossible date: a line of the validation report.
    fields['ngayDangKy'] = keyed(k < 2 ? `0${k + 1}/03/2017` : '31/02/2017');
    return {
      ...emptyEntry({ bookId, pageId, type: 'KS', order: k }, `${bookId}-e${k}`),
      state: k < 2 ? 'accepted' : 'keyed',
      keyedBy: 'seed-operator',
      fields,
    };
  });
  const ocr = {
    pageId,
    bookId,
    width: 24,
    height: 32,
    engine: 'test',
    model: 'test',
    words: [],
    lines: [],
    detectedType: null,
    detectedYear: null,
    skew: 0,
    ms: 0,
    createdAt: Date.now(),
    drafts: [],
  };
  await repo.saveOcr(ocr, entries, ev('page.ocr', pageId));
  repo.close();
  return entries.map((e) => e.id);
}

/**
 * Runs IN THE PAGE (bundled by esbuild from export-pdf.test.ts and evaluated there): fills an existing KS book with
 * two real scanned pages (JPEG bytes given as base64) and three accepted entries keyed by another operator — "01"
 * on page 1, "02" starting on page 1 and continued on page 2, and a second "02" on page 2 — through the app's own
 * Repository.
 */
import { emptyEntry, type Entry, type FieldValue } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { REGISTERS } from '../../src/domain/registers';
import { openRepository } from '../../src/storage';
import { pageEvent } from './in-page-seed';

const keyed = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });

const bytesOf = (b64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export async function seed(
  bookId: string,
  images: { b64: string; width: number; height: number }[],
): Promise<string[]> {
  const repo = await openRepository();
  const pageIds: string[] = [];
  for (const [i, img] of images.entries()) {
    const pageId = `${bookId}-p${i}`;
    const blob = new Blob([bytesOf(img.b64)], { type: 'image/jpeg' });
    const page = newPage(
      {
        bookId,
        order: i,
        fileName: `scan-${i + 1}.jpg`,
        originalId: `${bookId}-o${i}`,
        pdfPage: null,
        width: img.width,
        height: img.height,
        warnings: [],
      },
      pageId,
    );
    await repo.addPage(
      page,
      { pageId, bookId, image: blob, thumb: blob },
      pageEvent(bookId, 'page.import', pageId, 'test'),
    );
    pageIds.push(pageId);
  }
  const [p0 = '', p1 = ''] = pageIds;
  const rows: { so: string; name: string; pages: string[]; order: number }[] = [
    { so: '01', name: 'Nguyễn Văn An', pages: [p0], order: 0 },
    { so: '02', name: 'Trần Thị Bình', pages: [p0, p1], order: 1 },
    { so: '02', name: 'Lê Hữu Cường', pages: [p1], order: 0 },
  ];
  const entries: Entry[] = rows.map((r, k) => {
    const fields: Record<string, FieldValue> = {};
    for (const f of REGISTERS.KS.fields) fields[f.key] = keyed('');
    fields['so'] = keyed(r.so);
    fields['nksHoTen'] = keyed(r.name);
    fields['ngayDangKy'] = keyed('01/03/2017');
    const base = emptyEntry(
      { bookId, pageId: r.pages[0] ?? '', type: 'KS', order: r.order },
      `${bookId}-e${k}`,
    );
    return { ...base, pageIds: r.pages, state: 'accepted', keyedBy: 'seed-operator', fields };
  });
  await repo.saveEntries({ put: entries, events: [] });
  repo.close();
  return entries.map((e) => e.id);
}

/**
 * Runs IN THE PAGE (bundled by esbuild from accept.test.ts and evaluated there): fills an existing KH book with
 * `pages` pages (one real scanned page image shared by all, OCR marked done) and `perPage` entries a page, each
 * keyed by `operatorId` and verified by `checkerId` (every field accepted), with their `entry.state` events, through
 * the app's own Repository — a book ready for acceptance. Every field has a box on the page (a grid, not the
 * register's real layout: the crop only has to be the field's place on the image).
 */
import type { AuditDraft } from '../../src/domain/records/audit';
import type { Entry, FieldValue } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { REGISTERS } from '../../src/domain/registers';
import { openRepository } from '../../src/storage';
import { pageEvent } from './in-page-seed';

export interface VerifiedBook {
  bookId: string;
  /** The page image (a JPEG, base64) and its size. */
  image: string;
  width: number;
  height: number;
  pages: number;
  perPage: number;
  operatorId: string;
  checkerId: string;
}

const HUSBANDS = ['Nguyễn Văn An', 'Trần Đức Bảo', 'Lê Hữu Cường', 'Phạm Minh Đức', 'Hoàng Văn Hải'];
const WIVES = ['Trần Thị Bình', 'Lê Thị Hoà', 'Nguyễn Thị Lan', 'Võ Thị Mai', 'Đặng Thị Thu'];

export async function seed(b: VerifiedBook): Promise<string[]> {
  const repo = await openRepository();
  const bytes = Uint8Array.from(atob(b.image), (c) => c.charCodeAt(0));
  const image = new Blob([bytes], { type: 'image/jpeg' });
  const fields = REGISTERS.KH.fields;
  const ids: string[] = [];
  let n = 0;
  for (let p = 0; p < b.pages; p++) {
    const pageId = `${b.bookId}-p${p}`;
    const page = newPage(
      {
        bookId: b.bookId,
        order: p,
        fileName: `trang-${p + 1}.jpg`,
        originalId: `${b.bookId}-o${p}`,
        pdfPage: null,
        width: b.width,
        height: b.height,
        warnings: [],
      },
      pageId,
    );
    await repo.addPage(
      page,
      { pageId, bookId: b.bookId, image, thumb: image },
      pageEvent(b.bookId, 'page.import', pageId, 'test'),
    );
    const ocr = {
      pageId,
      bookId: b.bookId,
      width: b.width,
      height: b.height,
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
    await repo.saveOcr(ocr, [], pageEvent(b.bookId, 'page.ocr', pageId, 'test'));
    const entries: Entry[] = [];
    const events: AuditDraft[] = [];
    const rowH = Math.floor((b.height - 400) / b.perPage);
    for (let k = 0; k < b.perPage; k++, n++) {
      const at = Date.now();
      const values: Record<string, string> = {
        so: String(n + 1).padStart(2, '0'),
        chongHoTen: HUSBANDS[n % HUSBANDS.length] ?? '',
        chongNgaySinh: `${String((n % 27) + 1).padStart(2, '0')}/0${(n % 9) + 1}/1990`,
        chongDanToc: 'Kinh',
        chongQuocTich: 'Việt Nam',
        chongNoiCuTru: 'Nghi Phú, Vinh, Nghệ An',
        voHoTen: WIVES[n % WIVES.length] ?? '',
        voNgaySinh: `${String((n % 25) + 2).padStart(2, '0')}/1${n % 3}/1992`,
        voDanToc: 'Kinh',
        voQuocTich: 'Việt Nam',
        voNoiCuTru: 'Nghi Phú, Vinh, Nghệ An',
        ngayDangKy: `${String((n % 27) + 1).padStart(2, '0')}/0${(n % 9) + 1}/2020`,
      };
      const fv: Record<string, FieldValue> = {};
      fields.forEach((f, i) => {
        const box: [number, number, number, number] = [
          150 + (i % 3) * 750,
          300 + k * rowH + Math.floor(i / 3) * Math.floor(rowH / 5),
          700,
          Math.floor(rowH / 5) - 10,
        ];
        fv[f.key] = {
          value: (values[f.key] ?? '').normalize('NFC'),
          flags: [],
          source: 'keyed',
          confirmed: true,
          region: { pageId, box },
          check: { verdict: 'ok', by: b.checkerId, at },
        };
      });
      const id = `${b.bookId}-e${n}`;
      ids.push(id);
      entries.push({
        id,
        bookId: b.bookId,
        pageIds: [pageId],
        order: k,
        type: 'KH',
        state: 'verified',
        fields: fv,
        keyedBy: b.operatorId,
        revision: 0,
        createdAt: at,
        updatedAt: at,
        schema: 1,
      });
      const ev = (
        userId: string,
        role: 'operator' | 'checker',
        before: string,
        after: string,
      ): AuditDraft => ({
        bookId: b.bookId,
        at,
        userId,
        role,
        action: 'entry.state',
        entryId: id,
        pageId,
        field: null,
        before,
        after,
        note: 'test',
      });
      events.push(
        ev(b.operatorId, 'operator', 'prefilled', 'keyed'),
        ev(b.checkerId, 'checker', 'keyed', 'verified'),
      );
    }
    await repo.saveEntries({ put: entries, events });
  }
  repo.close();
  return ids;
}

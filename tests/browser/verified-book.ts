/**
 * Runs IN THE PAGE (bundled by esbuild from accept.test.ts and tests/bench/checking.ts, evaluated there): fills an
 * existing book with `pages` pages (one real scanned page image shared by all, OCR marked done) and `perPage`
 * entries a page, each keyed by `operatorId` and — `state` 'verified', the default — verified by `checkerId` (every
 * field accepted), with their `entry.state` events, through the app's own Repository: a book ready for acceptance,
 * or (`state` 'keyed') for the checker. Every field has a value of its kind and a box on the page (a grid, not the
 * register's real layout: the crop only has to be the field's place on the image).
 */
import type { AuditDraft } from '../../src/domain/records/audit';
import type { Entry, FieldValue } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { REGISTERS } from '../../src/domain/registers';
import type { RegisterType, ValueKind } from '../../src/domain/registers/types';
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
  /** Default KH. */
  type?: RegisterType;
  /** Default 'verified'. */
  state?: 'keyed' | 'verified';
}

const HUSBANDS = ['Nguyễn Văn An', 'Trần Đức Bảo', 'Lê Hữu Cường', 'Phạm Minh Đức', 'Hoàng Văn Hải'];
const WIVES = ['Trần Thị Bình', 'Lê Thị Hoà', 'Nguyễn Thị Lan', 'Võ Thị Mai', 'Đặng Thị Thu'];

/** A plausible value of a field's kind for entry `n` (its `k`-th name field takes the k-th list). */
function valueOf(kind: ValueKind, key: string, n: number, names: number): string {
  const day = String((n % 27) + 1).padStart(2, '0');
  const month = `0${(n % 9) + 1}`;
  switch (kind) {
    case 'number':
      return String(n + 1).padStart(2, '0');
    case 'name':
      return ((names % 2 ? WIVES : HUSBANDS)[(n + names) % 5] ?? '').normalize('NFC');
    case 'date':
      return key === 'ngayDangKy' ? `${day}/${month}/2020` : `${day}/${month}/${1990 + (names % 3)}`;
    case 'year_or_date':
      return String(1960 + (n % 20));
    case 'ethnicity':
      return 'Kinh';
    case 'nationality':
      return 'Việt Nam';
    case 'place':
      return 'Nghi Phú, Vinh, Nghệ An';
    case 'sex':
      return n % 2 ? 'Nữ' : 'Nam';
    case 'relation':
      return 'Cha';
    case 'id_number':
      return `04009${String(n).padStart(7, '0')}`;
    default:
      return '';
  }
}

export async function seed(b: VerifiedBook): Promise<string[]> {
  const repo = await openRepository();
  const bytes = Uint8Array.from(atob(b.image), (c) => c.charCodeAt(0));
  const image = new Blob([bytes], { type: 'image/jpeg' });
  const type = b.type ?? 'KH';
  const state = b.state ?? 'verified';
  const fields = REGISTERS[type].fields;
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
      const fv: Record<string, FieldValue> = {};
      let names = 0;
      fields.forEach((f, i) => {
        const value = valueOf(f.kind, f.key, n, f.kind === 'name' ? names++ : names);
        const slot = Math.floor(rowH / Math.ceil(fields.length / 3));
        const box: [number, number, number, number] = [
          150 + (i % 3) * 750,
          300 + k * rowH + Math.floor(i / 3) * slot,
          700,
          slot - 10,
        ];
        fv[f.key] = {
          value: value.normalize('NFC'),
          flags: [],
          source: 'keyed',
          confirmed: true,
          region: { pageId, box },
          ...(state === 'verified' ? { check: { verdict: 'ok' as const, by: b.checkerId, at } } : {}),
        };
      });
      const id = `${b.bookId}-e${n}`;
      ids.push(id);
      entries.push({
        id,
        bookId: b.bookId,
        pageIds: [pageId],
        order: k,
        type,
        state,
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
      events.push(ev(b.operatorId, 'operator', 'prefilled', 'keyed'));
      if (state === 'verified') events.push(ev(b.checkerId, 'checker', 'keyed', 'verified'));
    }
    await repo.saveEntries({ put: entries, events });
  }
  repo.close();
  return ids;
}

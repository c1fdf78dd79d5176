/**
 * Runs IN THE PAGE (bundled by esbuild from reports.test.ts): fills an existing KS book through the app's own
 * Repository with two pages (the second marked blank) and four entries numbered 01, 02, 04, 04 (3 missing, 4 twice),
 * one field flagged illegible, and the workflow events that brought them where they are, all now:
 * keyed for the first time by operator `seed-op` (4), verified by checker `seed-chk` (e0, e1: two fields ok each),
 * returned (e3: one field wrong), accepted (e0, by `seed-sup`). Final states: e0 accepted, e1 verified, e2 keyed,
 * e3 returned.
 */
import type { AuditDraft, JsonValue } from '../../src/domain/records/audit';
import { emptyEntry, type Entry, type FieldValue } from '../../src/domain/records/entry';
import { newPage } from '../../src/domain/records/page';
import { REGISTERS } from '../../src/domain/registers';
import { openRepository } from '../../src/storage';
import { pageEvent, tinyPageImage } from './in-page-seed';

const keyed = (value: string): FieldValue => ({ value, flags: [], source: 'keyed', confirmed: true });

export async function seed(bookId: string): Promise<string[]> {
  const repo = await openRepository();
  const image = await tinyPageImage();
  const pageIds = [`${bookId}-p0`, `${bookId}-p1`];
  for (const [order, pageId] of pageIds.entries()) {
    const page = newPage(
      {
        bookId,
        order,
        fileName: `r${order}.jpg`,
        originalId: `${bookId}-o`,
        pdfPage: null,
        width: 24,
        height: 32,
        warnings: [],
      },
      pageId,
    );
    await repo.addPage(
      page,
      { pageId, bookId, image, thumb: image },
      pageEvent(bookId, 'page.import', pageId, 'test'),
    );
  }
  const blank = await repo.getPage(pageIds[1]!);
  if (blank)
    await repo.patchPage(blank.id, 'mark', 'blank', {
      ...pageEvent(bookId, 'page.import', blank.id, 'test'),
      action: 'page.mark',
    });
  const states = ['accepted', 'verified', 'keyed', 'returned'] as const;
  const numbers = ['01', '02', '04', '04'];
  const entries: Entry[] = states.map((state, k) => {
    const fields: Record<string, FieldValue> = {};
    for (const f of REGISTERS.KS.fields) fields[f.key] = keyed('');
    fields['so'] = keyed(numbers[k]!);
    fields['nksHoTen'] = keyed(`Người thứ ${k + 1}`);
    if (k === 2) fields['nksNoiSinh'] = { ...keyed(''), flags: ['illegible'] };
    return {
      ...emptyEntry({ bookId, pageId: pageIds[0]!, type: 'KS', order: k }, `${bookId}-e${k}`),
      state,
      keyedBy: 'seed-op',
      fields,
    };
  });
  const ocr = {
    pageId: pageIds[0]!,
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
  await repo.saveOcr(ocr, entries, pageEvent(bookId, 'page.ocr', pageIds[0]!, 'test'));
  const ev = (
    userId: string,
    role: AuditDraft['role'],
    action: AuditDraft['action'],
    k: number,
    before: JsonValue,
    after: JsonValue,
    field: string | null = null,
  ): AuditDraft => ({
    bookId,
    at: Date.now(),
    userId,
    role,
    action,
    entryId: `${bookId}-e${k}`,
    pageId: pageIds[0]!,
    field,
    before,
    after,
    note: 'test',
  });
  const ok = { verdict: 'ok', by: 'seed-chk', at: Date.now() };
  const events: AuditDraft[] = [
    ...[0, 1, 2, 3].map((k) => ev('seed-op', 'operator', 'entry.state', k, 'prefilled', 'keyed')),
    ...[0, 1].flatMap((k) => [
      ev('seed-chk', 'checker', 'field.check', k, null, ok, 'so'),
      ev('seed-chk', 'checker', 'field.check', k, null, ok, 'nksHoTen'),
      ev('seed-chk', 'checker', 'entry.state', k, 'keyed', 'verified'),
    ]),
    ev(
      'seed-chk',
      'checker',
      'field.check',
      3,
      null,
      { ...ok, verdict: 'wrong', reason: 'spelling' },
      'nksHoTen',
    ),
    ev('seed-chk', 'checker', 'entry.state', 3, 'keyed', 'returned'),
    ev('seed-sup', 'supervisor', 'entry.state', 0, 'verified', 'accepted'),
  ];
  await repo.saveEntries({ events });
  repo.close();
  return entries.map((e) => e.id);
}

/**
 * Records read from disk are normalised (excalidraw `restore.ts` spirit): missing fields get defaults, wrong
 * types are replaced, unknown fields are kept so a newer version's data survives a round trip.
 * Pure functions (no idb), unit-tested.
 */
import type { Book } from '../domain/records/book';
import { REGISTER_TYPES } from '../domain/registers';
import type { Entry, FieldFlag, FieldValue } from '../domain/records/entry';
import { FIELD_FLAGS } from '../domain/records/entry';
import type { Page, PageMark, PageOcrState, QuarterTurn } from '../domain/records/page';

type Loose = Record<string, unknown>;

const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v.normalize('NFC') : d);
const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const oneOf = <T extends string>(v: unknown, allowed: readonly T[], d: T): T =>
  typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : d;

export function normalizeBook(raw: unknown): Book {
  const r = (raw ?? {}) as Loose;
  const c = (r['commune'] ?? {}) as Loose;
  return {
    ...r,
    id: str(r['id']),
    type: oneOf(r['type'], REGISTER_TYPES, 'KS'),
    commune: {
      ...c,
      code: str(c['code']),
      name: str(c['name']),
      district: str(c['district']),
      province: str(c['province']),
      list: oneOf(c['list'], ['pre2025', '2025'] as const, 'pre2025'),
    },
    year: num(r['year']),
    bookNumber: str(r['bookNumber']),
    paperSize: oneOf(r['paperSize'], ['A4', 'A3'] as const, 'A4'),
    createdAt: num(r['createdAt']),
    updatedAt: num(r['updatedAt'], num(r['createdAt'])),
  };
}

export function normalizePage(raw: unknown): Page {
  const r = (raw ?? {}) as Loose;
  const rot = num(r['rotation']);
  return {
    ...r,
    id: str(r['id']),
    bookId: str(r['bookId']),
    order: num(r['order']),
    fileName: str(r['fileName']),
    originalId: str(r['originalId']),
    pdfPage: typeof r['pdfPage'] === 'number' ? r['pdfPage'] : null,
    width: num(r['width']),
    height: num(r['height']),
    rotation: ([0, 90, 180, 270].includes(rot) ? rot : 0) as QuarterTurn,
    mark: oneOf<PageMark>(r['mark'], ['normal', 'blank', 'crossed_out'], 'normal'),
    ocr: oneOf<PageOcrState>(r['ocr'], ['pending', 'done', 'failed'], 'pending'),
    ocrError: typeof r['ocrError'] === 'string' ? r['ocrError'] : null,
    warnings: Array.isArray(r['warnings']) ? r['warnings'].filter((w) => typeof w === 'string') : [],
    createdAt: num(r['createdAt']),
  };
}

export function normalizeField(raw: unknown): FieldValue {
  const r = (raw ?? {}) as Loose;
  const flags = Array.isArray(r['flags'])
    ? (r['flags'].filter((f) => (FIELD_FLAGS as readonly unknown[]).includes(f)) as FieldFlag[])
    : [];
  return {
    ...r,
    value: str(r['value']),
    flags,
    source: oneOf(r['source'], ['ocr', 'keyed', 'checked'] as const, 'keyed'),
    confirmed: r['confirmed'] === true,
  };
}

export function normalizeEntry(raw: unknown): Entry {
  const r = (raw ?? {}) as Loose;
  const fieldsRaw = (r['fields'] ?? {}) as Loose;
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(fieldsRaw)) fields[k] = normalizeField(v);
  return {
    ...r,
    id: str(r['id']),
    bookId: str(r['bookId']),
    pageIds: Array.isArray(r['pageIds']) ? r['pageIds'].filter((p) => typeof p === 'string') : [],
    order: num(r['order']),
    type: oneOf(r['type'], REGISTER_TYPES, 'KS'),
    state: oneOf(
      r['state'],
      ['prefilled', 'keyed', 'verified', 'returned', 'accepted', 'exported'] as const,
      'prefilled',
    ),
    fields,
    revision: num(r['revision']),
    createdAt: num(r['createdAt']),
    updatedAt: num(r['updatedAt'], num(r['createdAt'])),
  };
}

/** JSON schemas of the province screens' replies (serialisation and /api/openapi.json). */
import { INVENTORY_COLUMNS, STAGES } from '../../src/domain/reports';
import { ENTRY_STATES } from './progress';

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const list = { type: 'string', enum: ['pre2025', '2025'] } as const;

const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...extra,
});

const communeLine = object({
  list,
  code: str,
  name: str,
  district: str,
  books: int,
  booksStarted: int,
  estimatedEntries: int,
  entries: int,
  keyed: int,
  accepted: int,
  remaining: int,
  recentKeyed: int,
  pacePerDay: { type: 'number' },
  finishDate: nullableStr,
  deadline: nullableStr,
  late: { type: ['boolean', 'null'] },
});

export const provinceProgressSchema = {
  $id: 'ProvinceProgress',
  ...object({
    today: str,
    deadline: nullableStr,
    paceDays: int,
    communes: { type: 'array', items: communeLine },
  }),
};

const stageFigures = object(
  Object.fromEntries(STAGES.map((s) => [s, object({ inMonth: int, cumulative: int })])),
);

export const provinceMonthlySchema = {
  $id: 'ProvinceMonthly',
  ...object({
    month: str,
    communes: {
      type: 'array',
      items: object({ list, code: str, name: str, district: str, stages: stageFigures }),
    },
    totals: stageFigures,
    acceptances: {
      type: 'array',
      items: object({
        bookId: str,
        book: str,
        level: str,
        decidedAt: { type: 'number' },
        sampleSize: int,
        defects: int,
        accepted: { type: 'boolean' },
      }),
    },
    notes: {
      type: 'array',
      items: object({ bookId: str, book: str, at: { type: 'number' }, userName: str, text: str }),
    },
  }),
};

export const provinceBooksSchema = {
  $id: 'ProvinceBooks',
  ...object({
    books: {
      type: 'array',
      items: object({
        id: str,
        list,
        code: str,
        communeName: str,
        type: str,
        year: int,
        bookNumber: str,
        lastUploadAt: { type: ['string', 'null'], format: 'date-time' },
        pages: int,
        blankPages: int,
        crossedPages: int,
        entries: int,
        byState: object(Object.fromEntries(ENTRY_STATES.map((s) => [s, int]))),
        keyed: int,
      }),
    },
  }),
};

const inventoryRowProperties: Record<string, unknown> = {
  key: str,
  list,
  id: str,
  ...Object.fromEntries(
    INVENTORY_COLUMNS.map((c) => [
      c.key,
      ['yearFrom', 'yearTo', 'entries', 'pages'].includes(c.key) ? int : str,
    ]),
  ),
};

export const inventoryRowSchema = { $id: 'InventoryRow', ...object(inventoryRowProperties) };

export const provinceInventorySchema = {
  $id: 'ProvinceInventory',
  ...object({ rows: { type: 'array', items: { $ref: 'InventoryRow#' } }, deadline: nullableStr }),
};

export const PROVINCE_SCHEMAS = [
  provinceProgressSchema,
  provinceMonthlySchema,
  provinceBooksSchema,
  inventoryRowSchema,
  provinceInventorySchema,
];

/**
 * The province screens' API (issue 11 item 5; the screens are src/province/, served at /province/): progress
 * across communes, books with their figures and last upload, the monthly report (JSON and .xlsx), the inventory
 * and the campaign deadline. Reads need a session: a province admin sees every commune, a commune account only its
 * own; writes (inventory, deadline) are the province admin's, with the CSRF header. Every request is access-logged.
 */
import type { FastifyInstance } from 'fastify';
import { INVENTORY_COLUMNS } from '../../src/domain/reports';
import { writeXlsx } from '../../src/exchange/xlsx';
import { parseCommuneKey } from '../communes';
import { forbidden, HttpError } from '../http-error';
import {
  importInventorySheet,
  listInventory,
  MAX_SHEET_BYTES,
  removeInventoryRow,
  saveDeadline,
  saveInventoryRow,
} from '../province/inventory';
import { MONTH_PATTERN, provinceMonthly } from '../province/monthly';
import { bookFigures, communeNames, provinceProgress, readDeadline } from '../province/progress';
import { covers, scopeOf, type Scope } from '../province/scope';
import { vnMonth } from '../province/time';
import { buildProvinceWorkbook } from '../province/workbook';
import { errors } from '../schemas';

const ADMIN = ['province_admin'] as const;
const read = [{ session: [] }];
const write = [{ session: [], csrf: [] }];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const monthQuery = {
  type: 'object',
  properties: {
    month: { type: 'string', pattern: MONTH_PATTERN, description: 'yyyy-mm (default: this month)' },
  },
  additionalProperties: false,
} as const;

export function provinceRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { auth, guards, store } = app.sohoa;
  const db = store.db;

  const reader = async (request: Parameters<typeof guards.requireAccount>[0]): Promise<Scope> =>
    scopeOf(await guards.requireAccount(request));

  app.get(
    '/api/province/progress',
    {
      config: { audit: 'province.progress' },
      schema: {
        summary: 'Progress per commune against the inventory and the campaign deadline.',
        tags: ['province'],
        security: read,
        response: { 200: { $ref: 'ProvinceProgress#' }, ...errors(401) },
      },
    },
    async (request) => provinceProgress(db, await reader(request), auth.now().getTime()),
  );

  app.get<{ Querystring: { commune?: string } }>(
    '/api/province/books',
    {
      config: { audit: 'province.books' },
      schema: {
        summary:
          'Stored books with their entries by state, pages and last upload (one commune, or all in view).',
        tags: ['province'],
        security: read,
        querystring: {
          type: 'object',
          properties: { commune: { type: 'string', pattern: '^(pre2025|2025):[0-9]{5}$' } },
          additionalProperties: false,
        },
        response: { 200: { $ref: 'ProvinceBooks#' }, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      let scope = await reader(request);
      const wanted = request.query.commune ? parseCommuneKey(request.query.commune) : null;
      if (wanted) {
        request.audit = { ...request.audit, commune: wanted };
        if (!covers(scope, wanted))
          throw forbidden('commune', `Tài khoản không xem được xã mã ${wanted.code}.`);
        scope = { all: false, communes: [wanted] };
      }
      const [books, names] = await Promise.all([bookFigures(db, scope), communeNames(db, scope)]);
      books.sort(
        (a, b) =>
          (b.lastUploadAt ?? '').localeCompare(a.lastUploadAt ?? '') ||
          a.code.localeCompare(b.code) ||
          a.id.localeCompare(b.id),
      );
      return {
        books: books.map((b) => ({ ...b, communeName: names.get(`${b.list}:${b.code}`)?.name ?? '' })),
      };
    },
  );

  app.get<{ Querystring: { month?: string } }>(
    '/api/province/monthly',
    {
      config: { audit: 'province.monthly' },
      schema: {
        summary: 'The monthly province report: per commune, each stage in the month and cumulative.',
        tags: ['province'],
        security: read,
        querystring: monthQuery,
        response: { 200: { $ref: 'ProvinceMonthly#' }, ...errors(400, 401) },
      },
    },
    async (request) =>
      provinceMonthly(db, await reader(request), request.query.month ?? vnMonth(auth.now().getTime())),
  );

  app.get<{ Querystring: { month?: string } }>(
    '/api/province/monthly.xlsx',
    {
      config: { audit: 'province.monthly.xlsx' },
      schema: {
        summary: 'The monthly province report as an Excel workbook (report, progress, acceptances, notes).',
        tags: ['province'],
        security: read,
        querystring: monthQuery,
        produces: [XLSX_TYPE],
        response: {
          200: {
            description: 'The .xlsx file',
            content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors(400, 401),
        },
      },
    },
    async (request, reply) => {
      const scope = await reader(request);
      const now = auth.now().getTime();
      const month = request.query.month ?? vnMonth(now);
      const [monthly, progress] = await Promise.all([
        provinceMonthly(db, scope, month),
        provinceProgress(db, scope, now),
      ]);
      const bytes = await writeXlsx(buildProvinceWorkbook(monthly, progress));
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="bao-cao-thang-${month}.xlsx"`)
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );

  app.get(
    '/api/province/inventory',
    {
      config: { audit: 'province.inventory' },
      schema: {
        summary: 'The inventory of paper books (rows of the communes in view) and the campaign deadline.',
        tags: ['province'],
        security: read,
        response: { 200: { $ref: 'ProvinceInventory#' }, ...errors(401) },
      },
    },
    async (request) => {
      const scope = await reader(request);
      const [rows, deadline] = await Promise.all([listInventory(db, scope), readDeadline(db)]);
      return { rows, deadline };
    },
  );

  app.post<{ Body: Record<string, string> }>(
    '/api/province/inventory',
    {
      config: { audit: 'province.inventory.save' },
      schema: {
        summary: 'Add a typed inventory row (a book already listed is replaced).',
        tags: ['province'],
        security: write,
        body: {
          type: 'object',
          properties: Object.fromEntries(
            INVENTORY_COLUMNS.map((c) => [c.key, { type: 'string', maxLength: 1000 }]),
          ),
          required: ['communeCode', 'type', 'yearFrom', 'bookNumber'],
          additionalProperties: false,
        },
        response: { 201: { $ref: 'InventoryRow#' }, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await guards.requireAccount(request, ADMIN);
      const row = await saveInventoryRow(db, request.body, auth.now());
      request.audit = { ...request.audit, commune: { list: row.list, code: row.communeCode } };
      return reply.code(201).send(row);
    },
  );

  app.post<{ Body: { fileName: string; data: string } }>(
    '/api/province/inventory/import',
    {
      config: { audit: 'province.inventory.import' },
      bodyLimit: Math.ceil((MAX_SHEET_BYTES * 4) / 3) + 4096,
      schema: {
        summary: 'Import an inventory spreadsheet (.xlsx, the workstation format, base64): all rows or none.',
        tags: ['province'],
        security: write,
        body: {
          type: 'object',
          properties: {
            fileName: { type: 'string', maxLength: 300 },
            data: {
              type: 'string',
              contentEncoding: 'base64',
              maxLength: Math.ceil((MAX_SHEET_BYTES * 4) / 3) + 4,
            },
          },
          required: ['fileName', 'data'],
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { rows: { type: 'integer' } }, required: ['rows'] },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      await guards.requireAccount(request, ADMIN);
      const rows = await importInventorySheet(db, Buffer.from(request.body.data, 'base64'), auth.now());
      return { rows };
    },
  );

  app.post<{ Body: { key: string } }>(
    '/api/province/inventory/remove',
    {
      config: { audit: 'province.inventory.remove' },
      schema: {
        summary: 'Remove an inventory row (its `key`).',
        tags: ['province'],
        security: write,
        body: {
          type: 'object',
          properties: { key: { type: 'string', maxLength: 400 } },
          required: ['key'],
          additionalProperties: false,
        },
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await guards.requireAccount(request, ADMIN);
      if (!(await removeInventoryRow(db, request.body.key)))
        throw new HttpError(404, 'no_row', 'Không có dòng sổ này trong danh mục.');
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { deadline: string } }>(
    '/api/province/deadline',
    {
      config: { audit: 'province.deadline' },
      schema: {
        summary: 'Set the campaign deadline (yyyy-mm-dd; empty clears it).',
        tags: ['province'],
        security: write,
        body: {
          type: 'object',
          properties: { deadline: { type: 'string', maxLength: 20 } },
          required: ['deadline'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { deadline: { type: ['string', 'null'] } },
            required: ['deadline'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      await guards.requireAccount(request, ADMIN);
      return { deadline: await saveDeadline(db, request.body.deadline, auth.now()) };
    },
  );
  done();
}

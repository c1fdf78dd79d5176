/**
 * Books of the provincial copy a workstation may take back (issue 11 item 5: province-level acceptance happens on a
 * workstation — a supervisor downloads the book's package, accepts it on the checker screen and sends it back).
 * Device bearer token; only books of the device's communes; every call access-logged.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { writePackage } from '../../src/exchange/package';
import { BookMissing, bookPackageSource, serverMachineId } from '../books/package-out';
import { sameCommune } from '../communes';
import { forbidden, HttpError } from '../http-error';
import { errors } from '../schemas';

const security = [{ device: [] }];

const bookSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    year: { type: 'integer' },
    bookNumber: { type: 'string' },
    commune: { $ref: 'CommuneKey#' },
    entries: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
    lastUploadAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'type', 'year', 'bookNumber', 'commune', 'entries', 'updatedAt', 'lastUploadAt'],
} as const;

export function bookRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { guards, store, blobs } = app.sohoa;

  app.get(
    '/api/device/books',
    {
      config: { audit: 'device.books' },
      schema: {
        summary: "Books the province holds for this device's communes, newest change first.",
        tags: ['device'],
        security,
        response: {
          200: {
            type: 'object',
            properties: { books: { type: 'array', items: bookSummary } },
            required: ['books'],
          },
          ...errors(401),
        },
      },
    },
    async (request) => {
      const device = await guards.requireDevice(request);
      if (device.communes.length === 0) return { books: [] };
      const rows = await store.db
        .selectFrom('books')
        .select((eb) => [
          'books.id',
          'books.type',
          'books.year',
          'books.book_number',
          'books.list',
          'books.code',
          'books.updated_at',
          'books.last_upload_at',
          // From the rollup the triggers keep (migration 005), not by counting the book's entries.
          eb
            .selectFrom('report_book_states')
            .select((s) => s.fn.sum<string | number>('report_book_states.n').as('n'))
            .whereRef('report_book_states.book_id', '=', 'books.id')
            .as('entries'),
        ])
        .where((eb) =>
          eb.or(device.communes.map((c) => eb.and([eb('list', '=', c.list), eb('code', '=', c.code)]))),
        )
        .orderBy('updated_at', 'desc')
        .limit(1000)
        .execute();
      return {
        books: rows.map((r) => ({
          id: r.id,
          type: r.type,
          year: r.year,
          bookNumber: r.book_number,
          commune: { list: r.list, code: r.code },
          entries: Number(r.entries ?? 0),
          updatedAt: r.updated_at.toISOString(),
          lastUploadAt: r.last_upload_at ? r.last_upload_at.toISOString() : null,
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/device/books/:id/package',
    {
      config: { audit: 'device.book.package' },
      schema: {
        summary: "The book's work package as the province holds it (a zip: src/exchange/package format).",
        tags: ['device'],
        security,
        params: {
          type: 'object',
          properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' } },
          required: ['id'],
        },
        response: {
          200: { description: 'application/zip', type: 'string', format: 'binary' },
          ...errors(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const device = await guards.requireDevice(request);
      const row = await store.db
        .selectFrom('books')
        .select(['list', 'code', 'book_number', 'year', 'type'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) throw new HttpError(404, 'not_found', 'Máy chủ tỉnh không có sổ này.');
      const commune = { list: row.list, code: row.code };
      request.audit = { ...request.audit, commune };
      if (!device.communes.some((c) => sameCommune(c, commune))) {
        throw forbidden('commune', `Máy này không được nhận dữ liệu của xã mã ${commune.code}.`);
      }
      let source;
      try {
        source = await bookPackageSource(store.db, blobs, request.params.id, await serverMachineId(store.db));
      } catch (e) {
        if (e instanceof BookMissing) throw new HttpError(404, 'not_found', 'Máy chủ tỉnh không có sổ này.');
        throw e;
      }
      const out = new PassThrough();
      // Backpressure, and a client that goes away stops the writer (no package built for nobody).
      const write = (chunk: Uint8Array): Promise<void> =>
        new Promise((resolve, reject) => {
          if (out.destroyed) {
            reject(new Error('the client went away'));
            return;
          }
          if (out.write(chunk)) {
            resolve();
            return;
          }
          const onDrain = (): void => {
            out.off('close', onClose);
            resolve();
          };
          const onClose = (): void => {
            out.off('drain', onDrain);
            reject(new Error('the client went away'));
          };
          out.once('drain', onDrain);
          out.once('close', onClose);
        });
      writePackage(source, write).then(
        () => out.end(),
        (e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))),
      );
      const name = `so-${row.type}-${row.year}-${row.book_number.replace(/[^0-9A-Za-z]+/gu, '-')}.sohoa.zip`;
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(out);
    },
  );
  done();
}

/**
 * Resumable uploads of work packages (issue 11 item 2) over the tus protocol, at `/api/uploads` — the only
 * importer of @tus/server and @tus/file-store. A workstation authenticates with its device token (Bearer) and
 * declares in the tus metadata the book's commune (`commune` = "pre2025:00004"), its id (`bookId`) and file name
 * (`filename`); the device must be enrolled for that commune. Partial uploads live in `<directory>` (FileStore:
 * the bytes and a JSON of their offset), so a dropped link, or a restarted server, resumes where it stopped. Only
 * the device that created an upload may continue, inspect or cancel it. When the last byte is in, the package goes
 * to the blob store under its SHA-256 and to the intake (verification, merge); the reply of that last PATCH is the
 * receipt (JSON), and the upload row records it.
 *
 * Several server processes may serve one data folder and one PostgreSQL (behind a load balancer): the upload locks
 * are then shared (`locks`, PgAdvisoryLocker), the upload descriptions are written by rename (config-store.ts), and
 * everything else is in the database. Taking a finished package in happens exactly once: under a second lock
 * (`finish:<id>`), after re-reading the upload row; a received upload is answered from its row (HEAD: complete,
 * with the receipt in the `Sohoa-Receipt` header; the final PATCH replayed: the receipt), so a client that lost
 * the last reply resumes to the same receipt instead of sending the package again. A server killed after the last
 * byte and before the receipt takes the package in when it starts again (`recover`), or at the next HEAD; the
 * intake's own `recover` merges, before the server listens, the uploads a crash left received but not merged.
 */
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { MemoryLocker, Server, type Locker } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCommuneKey, type CommuneKey } from '../communes';
import { HttpError } from '../http-error';
import { AtomicFileConfigstore } from './config-store';
import { IntakeRefusal, type PackageIntake, type Receipt } from './intake';

export const UPLOAD_PATH = '/api/uploads';
/** A book's package: pages with their images; 2 GB is far above a 500-page book (~100 MB). */
export const MAX_PACKAGE_BYTES = 2 * 1024 ** 3;

/** How long taking a package in may keep a second request for the same upload waiting (a big merge). */
export const FINISH_WAIT_MS = 10 * 60_000;
/** Response header of a HEAD on a received upload: the receipt, as base64 of its UTF-8 JSON. */
export const RECEIPT_HEADER = 'sohoa-receipt';

/** The locks of uploads: `uploads` for tus's requests, `finish` (a long wait) for taking a package in. */
export interface UploadLocks {
  uploads: Locker;
  finish: Locker;
}

/** In-process locks (one server process: PGlite, tests). */
export function memoryLocks(): UploadLocks {
  return { uploads: new MemoryLocker(), finish: new MemoryLocker({ acquireLockTimeout: FINISH_WAIT_MS }) };
}

export interface UploadOptions {
  /** Folder of the partial uploads (under the data folder). */
  directory: string;
  intake: PackageIntake;
  maxSize?: number;
  /** Shared across processes when several serve one database (PgAdvisoryLocker); default in-process. */
  locks?: UploadLocks;
}

/** The tus `Upload-Metadata` header: comma-separated `key base64(value)` pairs. */
export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key) out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

/** A refusal tus answers as is (it reads `status_code` and `body` of what a hook throws). */
class TusReply extends Error {
  constructor(
    readonly status_code: number,
    readonly body: string,
  ) {
    super(body);
  }
}

function badRequest(message: string): HttpError {
  return new HttpError(400, 'bad_upload', message);
}

/** The upload id of a request's URL (`/api/uploads/<id>`), or null for the creation URL. */
function uploadIdOf(url: string): string | null {
  const m = /^\/api\/uploads\/([0-9a-f]{32})(?:\?.*)?$/u.exec(url);
  return m ? (m[1] ?? null) : null;
}

export async function uploadRoutes(app: FastifyInstance, options: UploadOptions): Promise<void> {
  const { store, blobs, guards, auth } = app.sohoa;
  const db = store.db;
  const configstore = new AtomicFileConfigstore(options.directory);
  const datastore = new FileStore({ directory: options.directory, configstore });
  const locks = options.locks ?? memoryLocks();
  /** The device of each request handed to tus (authenticated and allowed by the route first). */
  const deviceOf = new WeakMap<object, number>();

  const tus = new Server({
    path: UPLOAD_PATH,
    datastore,
    maxSize: options.maxSize ?? MAX_PACKAGE_BYTES,
    relativeLocation: true,
    locker: locks.uploads,
    namingFunction: () => randomBytes(16).toString('hex'),
    async onUploadCreate(req, upload) {
      // The device was authenticated and allowed for the commune by the route before tus saw the request.
      const raw = req.runtime?.node?.req;
      const deviceId = raw ? deviceOf.get(raw) : undefined;
      if (deviceId === undefined) throw new TusReply(401, 'device');
      const meta = upload.metadata ?? {};
      const commune = parseCommuneKey(meta['commune'] ?? '');
      if (!commune) throw new TusReply(400, 'commune');
      await db
        .insertInto('uploads')
        .values({
          id: upload.id,
          device_id: deviceId,
          list: commune.list,
          code: commune.code,
          book_id: meta['bookId'] ?? '',
          file_name: meta['filename'] ?? '',
          size: upload.size ?? 0,
          created_at: auth.now(),
          finished_at: null,
          sha256: null,
          status: 'receiving',
          receipt: null,
        })
        .execute();
      return {};
    },
    async onUploadFinish(_req, upload) {
      const receipt = await finishOnce(upload.id);
      return {
        status_code: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(receipt),
      };
    },
  });

  type UploadRow = NonNullable<Awaited<ReturnType<typeof uploadRow>>>;
  const intakeContext = { db, blobs, now: () => auth.now() };
  /** Received, with no receipt yet: its merge has not committed. */
  const unmerged = (row: UploadRow): boolean => row.status === 'received' && !row.receipt;
  const uploadRow = (id: string) =>
    db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();

  /** The receipt of a received upload, or why it was refused (stored in the row's `receipt`). */
  function storedOutcome(row: UploadRow): Receipt {
    if (row.status === 'refused') {
      const refusal = (row.receipt as { refusal?: unknown } | null)?.refusal;
      throw new TusReply(422, typeof refusal === 'string' ? refusal : 'Tỉnh đã từ chối gói này.');
    }
    if (!row.receipt) {
      // Received, and its merge did not commit (a database failure): tried again at the next start.
      throw new TusReply(
        503,
        'Tỉnh đã nhận đủ gói nhưng chưa hợp nhất xong; máy chủ sẽ làm tiếp. Hãy xem lại biên nhận sau.',
      );
    }
    return row.receipt as Receipt;
  }

  /**
   * The package is complete: take it in once. Under the upload's finish lock (shared by every process) the row
   * says whether another request, process or a run before a crash already did; if so its outcome is answered.
   */
  async function finishOnce(id: string): Promise<Receipt> {
    const lock = locks.finish.newLock(`finish:${id}`);
    await lock.lock(new AbortController().signal, () => undefined);
    try {
      let row = await uploadRow(id);
      if (!row) throw new TusReply(404, 'Không có lần gửi này.');
      if (unmerged(row) && options.intake.recover) {
        // Received before a crash cut its merge: merge it now (exactly once: the merge finds its merges row).
        await options.intake.recover(intakeContext, (m) => app.log.warn(m), id);
        row = (await uploadRow(id)) ?? row;
      }
      if (row.status !== 'receiving') {
        await removePartial(id);
        return storedOutcome(row);
      }
      return await finish(row);
    } finally {
      await lock.unlock();
    }
  }

  /**
   * The package is complete: blob store, intake (it records the upload as received, then merges), receipt (a
   * refusal is answered 422 with its message).
   */
  async function finish(row: UploadRow): Promise<Receipt> {
    const id = row.id;
    const path = join(options.directory, id);
    const blob = await blobs.putStream(createReadStream(path));
    const commune: CommuneKey = { list: row.list, code: row.code };
    const receivedAt = auth.now();
    const markReceived = async (): Promise<void> => {
      await db
        .updateTable('uploads')
        .set({ status: 'received', finished_at: receivedAt, sha256: blob.hash })
        .where('id', '=', id)
        .where('status', '=', 'receiving')
        .execute();
    };
    try {
      const receipt = await options.intake.receive(
        {
          uploadId: id,
          path,
          size: Number(row.size),
          sha256: blob.hash,
          deviceId: row.device_id,
          commune,
          bookId: row.book_id,
          fileName: row.file_name,
          receivedAt,
        },
        intakeContext,
        markReceived,
      );
      await markReceived();
      await db
        .updateTable('uploads')
        .set({ receipt: JSON.stringify(receipt) })
        .where('id', '=', id)
        .execute();
      await removePartial(id);
      return receipt;
    } catch (e) {
      if (!(e instanceof IntakeRefusal)) throw e;
      await db
        .updateTable('uploads')
        .set({
          status: 'refused',
          finished_at: receivedAt,
          sha256: blob.hash,
          receipt: JSON.stringify({ refusal: e.message }),
        })
        .where('id', '=', id)
        .execute();
      // The same bytes may be another upload's package, received: that one keeps its file.
      const kept = await db
        .selectFrom('uploads')
        .select('id')
        .where('sha256', '=', blob.hash)
        .where('status', '=', 'received')
        .executeTakeFirst();
      if (!kept) await blobs.delete(blob.hash).catch(() => undefined);
      await removePartial(id);
      throw new TusReply(422, e.message);
    }
  }

  async function removePartial(id: string): Promise<void> {
    await rm(join(options.directory, id), { force: true });
    await rm(join(options.directory, `${id}.json`), { force: true });
  }

  /** Bytes in an upload's partial file; -1 when there is none. */
  async function partialSize(id: string): Promise<number> {
    const info = await stat(join(options.directory, id)).catch(() => null);
    return info?.isFile() ? info.size : -1;
  }

  /** Whether every byte of a receiving upload is in its partial file (the server stopped before the receipt). */
  async function partialComplete(row: UploadRow): Promise<boolean> {
    return (await partialSize(row.id)) === Number(row.size);
  }

  /**
   * Takes in every upload whose last byte arrived but whose receipt was never written (the server was killed in
   * between), and drops partial files of finished uploads.
   */
  async function recover(): Promise<void> {
    for (const id of await configstore.list().catch(() => [])) {
      const row = await uploadRow(id);
      if (!row) continue;
      if (row.status !== 'receiving') {
        await removePartial(id);
      } else if (await partialComplete(row)) {
        await finishOnce(id).catch((e: unknown) => {
          if (!(e instanceof TusReply)) throw e;
        });
      }
    }
  }

  /**
   * HEAD or PATCH of an upload whose bytes are all in: the stored outcome (taking the package in first if a crash
   * left it undone). HEAD: complete, the receipt in a header (or 410 when refused); a PATCH at the final offset:
   * the receipt, as the last PATCH answered it.
   */
  async function answerFinished(row: UploadRow, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let outcome: { receipt: Receipt } | { status: number; message: string };
    try {
      outcome = {
        receipt: row.status === 'receiving' || unmerged(row) ? await finishOnce(row.id) : storedOutcome(row),
      };
    } catch (e) {
      if (!(e instanceof TusReply)) throw e;
      outcome = { status: e.status_code, message: e.body };
    }
    const size = String(row.size);
    void reply.header('tus-resumable', '1.0.0');
    if (!('receipt' in outcome)) {
      await reply.code(request.method === 'HEAD' ? 410 : outcome.status).send(outcome.message);
      return;
    }
    if (request.method === 'HEAD') {
      const encoded = Buffer.from(JSON.stringify(outcome.receipt), 'utf8').toString('base64');
      await reply
        .code(200)
        .headers({ 'upload-offset': size, 'upload-length': size, [RECEIPT_HEADER]: encoded })
        .send();
      return;
    }
    if (request.headers['upload-offset'] !== size) {
      throw new HttpError(409, 'offset', 'Gói này đã gửi xong; không nhận thêm dữ liệu.');
    }
    await reply
      .code(200)
      .header('upload-offset', size)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(outcome.receipt));
  }

  async function handler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.method !== 'OPTIONS') {
      const device = await guards.requireDevice(request);
      const id = uploadIdOf(request.url);
      if (request.method === 'POST') {
        const meta = parseUploadMetadata(request.headers['upload-metadata'] as string | undefined);
        const commune = parseCommuneKey(meta['commune'] ?? '');
        if (!commune) throw badRequest('Gói gửi lên thiếu mã xã (commune).');
        if (!meta['bookId'] || !meta['filename']) throw badRequest('Gói gửi lên thiếu mã sổ hoặc tên tệp.');
        await guards.requireDeviceForCommune(request, commune);
        deviceOf.set(request.raw, device.id);
      } else {
        const row = id ? await uploadRow(id) : undefined;
        // Another device's upload is answered as absent: its id says nothing to others.
        if (!row || row.device_id !== device.id)
          throw new HttpError(404, 'not_found', 'Không có lần gửi này.');
        request.audit = { ...request.audit, commune: { list: row.list, code: row.code } };
        if (request.method === 'HEAD' || request.method === 'PATCH') {
          const partial = await partialSize(row.id);
          // No partial file of a receiving upload: it may have been taken in since the row was read (the file
          // goes after the row is updated) — read again rather than let tus answer 404 (a client would start over).
          const current =
            row.status === 'receiving' && partial < 0 ? ((await uploadRow(row.id)) ?? row) : row;
          if (
            current.status !== 'receiving' ||
            (request.method === 'HEAD' && partial === Number(current.size))
          ) {
            await answerFinished(current, request, reply);
            return;
          }
        }
      }
    }
    reply.hijack();
    try {
      await tus.handle(request.raw, reply.raw);
    } finally {
      await app.logAccess(request, reply.raw.statusCode);
    }
  }

  // The device asks what became of its upload (after a lost reply): taken in (its receipt), refused, or receiving.
  app.get(
    `${UPLOAD_PATH}/:id/receipt`,
    {
      config: { audit: 'upload.receipt' },
      schema: {
        summary: 'What became of an upload of this device: its status and receipt',
        security: [{ device: [] }],
        params: {
          type: 'object',
          properties: { id: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
          required: ['id'],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              status: { type: 'string', enum: ['receiving', 'received', 'refused'] },
              sha256: { type: ['string', 'null'] },
              receipt: { type: ['object', 'null'], additionalProperties: true },
              refusal: { type: ['string', 'null'] },
            },
            required: ['id', 'status', 'sha256', 'receipt', 'refusal'],
          },
        },
      },
    },
    async (request) => {
      const device = await guards.requireDevice(request);
      const { id } = request.params as { id: string };
      let row = await uploadRow(id);
      if (!row || row.device_id !== device.id) throw new HttpError(404, 'not_found', 'Không có lần gửi này.');
      request.audit = { ...request.audit, commune: { list: row.list, code: row.code } };
      if ((row.status === 'receiving' && (await partialComplete(row))) || unmerged(row)) {
        await finishOnce(id).catch((e: unknown) => {
          if (!(e instanceof TusReply)) throw e;
        });
        row = (await uploadRow(id)) ?? row;
      }
      const refusal = (row.receipt as { refusal?: unknown } | null)?.refusal;
      return {
        id,
        status: row.status,
        sha256: row.sha256,
        receipt: row.status === 'received' ? (row.receipt as Record<string, unknown>) : null,
        refusal: typeof refusal === 'string' ? refusal : null,
      };
    },
  );

  // Uploads whose last byte came before a crash are taken in at start, in the background (a HEAD or a receipt
  // request for one of them does it at once); closing waits for it.
  let recovering: Promise<unknown> = Promise.resolve();
  app.addHook('onReady', (ready) => {
    recovering = recover().catch((e: unknown) => app.log.error(e, 'upload recovery failed'));
    ready();
  });
  app.addHook('onClose', async () => {
    await recovering;
  });

  // The PATCH body is the package's bytes: left unread for tus.
  if (options.intake.recover) {
    const merged = await options.intake.recover(intakeContext, (m) => app.log.warn(m));
    if (merged > 0) app.log.info(`${merged} package(s) received before a restart merged now`);
  }

  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, next) => next(null));
  const config = { audit: 'upload' };
  const schema = { hide: true };
  for (const url of [UPLOAD_PATH, `${UPLOAD_PATH}/:id`]) {
    app.route({ method: ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url, config, schema, handler });
  }
}

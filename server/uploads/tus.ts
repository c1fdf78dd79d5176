/**
 * Resumable uploads of work packages (issue 11 item 2) over the tus protocol, at `/api/uploads` — the only
 * importer of @tus/server and @tus/file-store. A workstation authenticates with its device token (Bearer) and
 * declares in the tus metadata the book's commune (`commune` = "pre2025:00004"), its id (`bookId`) and file name
 * (`filename`); the device must be enrolled for that commune. Partial uploads live in `<directory>` (FileStore:
 * the bytes and a JSON of their offset), so a dropped link, or a restarted server, resumes where it stopped. Only
 * the device that created an upload may continue, inspect or cancel it. When the last byte is in, the package goes
 * to the blob store under its SHA-256 and to the intake (verification, merge); the reply of that last PATCH is the
 * receipt (JSON), and the upload row records it. At start, the intake's `recover` merges the uploads a crash left
 * received but not merged.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseCommuneKey, type CommuneKey } from '../communes';
import { HttpError } from '../http-error';
import { IntakeRefusal, type PackageIntake, type Receipt } from './intake';

export const UPLOAD_PATH = '/api/uploads';
/** A book's package: pages with their images; 2 GB is far above a 500-page book (~100 MB). */
export const MAX_PACKAGE_BYTES = 2 * 1024 ** 3;

export interface UploadOptions {
  /** Folder of the partial uploads (under the data folder). */
  directory: string;
  intake: PackageIntake;
  maxSize?: number;
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
  const datastore = new FileStore({ directory: options.directory });
  /** The device of each request handed to tus (authenticated and allowed by the route first). */
  const deviceOf = new WeakMap<object, number>();

  const tus = new Server({
    path: UPLOAD_PATH,
    datastore,
    maxSize: options.maxSize ?? MAX_PACKAGE_BYTES,
    relativeLocation: true,
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
      const receipt = await finish(upload.id);
      return {
        status_code: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(receipt),
      };
    },
  });

  /**
   * The package is complete: blob store, intake (it records the upload as received, then merges), receipt (a
   * refusal is answered 422 with its message).
   */
  async function finish(id: string): Promise<Receipt> {
    const row = await db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
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
        { db, blobs, now: () => auth.now() },
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
        .set({ status: 'refused', finished_at: receivedAt, sha256: blob.hash, receipt: null })
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
        const row = id
          ? await db
              .selectFrom('uploads')
              .select(['device_id', 'list', 'code'])
              .where('id', '=', id)
              .executeTakeFirst()
          : undefined;
        // Another device's upload is answered as absent: its id says nothing to others.
        if (!row || row.device_id !== device.id)
          throw new HttpError(404, 'not_found', 'Không có lần gửi này.');
        request.audit = { ...request.audit, commune: { list: row.list, code: row.code } };
      }
    }
    reply.hijack();
    try {
      await tus.handle(request.raw, reply.raw);
    } finally {
      await app.logAccess(request, reply.raw.statusCode);
    }
  }

  // The PATCH body is the package's bytes: left unread for tus.
  if (options.intake.recover) {
    const merged = await options.intake.recover({ db, blobs, now: () => auth.now() }, (m) => app.log.warn(m));
    if (merged > 0) app.log.info(`${merged} package(s) received before a restart merged now`);
  }

  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, next) => next(null));
  const config = { audit: 'upload' };
  const schema = { hide: true };
  for (const url of [UPLOAD_PATH, `${UPLOAD_PATH}/:id`]) {
    app.route({ method: ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url, config, schema, handler });
  }
}

/**
 * The HTTP application: Fastify with JSON-schema'd routes (validated in, serialised out, documented at
 * GET /api/openapi.json), session and device authentication, CSRF checks and the access log. Built from an open
 * store and a blob store, so tests drive it with `app.inject` and no port.
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ApiKeyService, type ApiKeyActor } from './auth/api-keys';
import {
  AuthService,
  type AccountActor,
  type Actor,
  type AuthOptions,
  type DeviceActor,
} from './auth/service';
import { CSRF_HEADER, csrfTokenOf, sameSecret, SESSION_COOKIE } from './auth/tokens';
import type { BlobStore } from './blobs/blob-store';
import { sameCommune, type CommuneKey } from './communes';
import type { Store } from './db/open';
import type { AccessResult, Role } from './db/schema';
import { forbidden, HttpError, unauthorized } from './http-error';
import { adminRoutes } from './routes/admin';
import { apiKeyRoutes } from './routes/api-keys';
import { readApiRoutes } from './routes/read-api';
import { authRoutes } from './routes/auth';
import { bookRoutes } from './routes/books';
import { deviceRoutes } from './routes/device';
import { provinceRoutes } from './routes/province';
import { systemRoutes } from './routes/system';
import { PROVINCE_SCHEMAS } from './province/schemas';
import { SHARED_SCHEMAS } from './schemas';
import { uploadRoutes, type UploadOptions } from './uploads/tus';
import { serveAppFiles } from './web/app-files';

/** What a request did, for its access-log row (routes fill in what the guards cannot know). */
export interface AuditNote {
  username?: string;
  commune?: CommuneKey;
  result?: AccessResult;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | ApiKeyActor | null;
    audit: AuditNote | null;
  }
  interface FastifyContextConfig {
    /** Access-log action name: every request of a route that has one writes an access_log row. */
    audit?: string;
  }
  interface FastifyInstance {
    sohoa: ServerContext;
    /** Writes the access-log row of a logged request (the onSend hook does it for every normal reply). */
    logAccess(request: FastifyRequest, status: number): Promise<void>;
  }
}

export interface Guards {
  /** The account of the request's session cookie (401), with a role among `roles` if given (403); for
   * state-changing methods the CSRF header must match the session (403). */
  requireAccount(request: FastifyRequest, roles?: readonly Role[]): Promise<AccountActor>;
  /** The enrolled, unrevoked device of the request's `Authorization: Bearer` token (401). */
  requireDevice(request: FastifyRequest): Promise<DeviceActor>;
  /** requireDevice, and the device must be enrolled for `commune` (403 otherwise). */
  requireDeviceForCommune(request: FastifyRequest, commune: CommuneKey): Promise<DeviceActor>;
  /** The unrevoked read-API key of the request's `Authorization: Bearer` header (401). */
  requireApiKey(request: FastifyRequest): Promise<ApiKeyActor>;
}

export interface ServerContext {
  store: Store;
  blobs: BlobStore;
  auth: AuthService;
  apiKeys: ApiKeyService;
  guards: Guards;
}

export interface AppOptions extends AuthOptions {
  store: Store;
  blobs: BlobStore;
  /** Fastify logging (off in tests). */
  logger?: boolean;
  /** Trust X-Forwarded-* from a reverse proxy (HTTPS termination): the Secure cookie flag follows it. */
  trustProxy?: boolean;
  /** Resumable package uploads (tus) at /api/uploads: their folder and intake; none when absent. */
  uploads?: UploadOptions;
  /** The built workstation (dist/) to serve at `/`; unset → API only. */
  appDir?: string;
  /** Told when `appDir` holds no built app (default: a warning in the server log). */
  onAppMissing?: (message: string) => void;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  return match ? match[1]! : null;
}

function makeGuards(auth: AuthService, apiKeys: ApiKeyService): Guards {
  const requireDevice = async (request: FastifyRequest): Promise<DeviceActor> => {
    const token = bearerToken(request);
    const device = token ? await auth.deviceFromToken(token) : null;
    if (!device) throw unauthorized('Mã máy không hợp lệ hoặc đã bị thu hồi.');
    request.actor = device;
    return device;
  };
  return {
    async requireAccount(request, roles) {
      const token = request.cookies[SESSION_COOKIE];
      const account = token ? await auth.sessionAccount(token) : null;
      if (!token || !account) throw unauthorized('Phiên đăng nhập không còn hiệu lực. Hãy đăng nhập lại.');
      request.actor = account;
      if (UNSAFE_METHODS.has(request.method)) {
        const header = request.headers[CSRF_HEADER];
        if (typeof header !== 'string' || !sameSecret(header, csrfTokenOf(token))) {
          throw forbidden('csrf', 'Yêu cầu thiếu mã chống giả mạo (CSRF). Hãy tải lại trang.');
        }
      }
      if (roles && !roles.includes(account.role)) {
        throw forbidden('role', 'Tài khoản không có quyền làm việc này.');
      }
      return account;
    },
    requireDevice,
    async requireDeviceForCommune(request, commune) {
      request.audit = { ...request.audit, commune };
      const device = await requireDevice(request);
      if (!device.communes.some((c) => sameCommune(c, commune))) {
        throw forbidden('commune', `Máy này không được gửi dữ liệu của xã mã ${commune.code}.`);
      }
      return device;
    },
    async requireApiKey(request) {
      const token = bearerToken(request);
      const key = token ? await apiKeys.fromToken(token) : null;
      if (!key) throw unauthorized('Khoá API không hợp lệ hoặc đã bị thu hồi.');
      request.actor = key;
      return key;
    },
  };
}

function resultOf(status: number): AccessResult {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  if (status === 429) return 'limited';
  return 'failed';
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, blobs } = options;
  const auth = new AuthService(store.db, options);
  const apiKeys = new ApiKeyService(store.db, auth.now);
  const app = Fastify({ logger: options.logger ?? false, trustProxy: options.trustProxy ?? false });
  app.decorate('sohoa', { store, blobs, auth, apiKeys, guards: makeGuards(auth, apiKeys) });
  app.decorateRequest('actor', null);
  app.decorateRequest('audit', null);

  // JSON bodies only: a cross-site HTML form cannot send application/json, so it cannot post to this API.
  app.removeContentTypeParser('text/plain');
  for (const schema of [...SHARED_SCHEMAS, ...PROVINCE_SCHEMAS]) app.addSchema(schema);
  await app.register(cookie);
  await app.register(swagger, {
    // Shared schemas appear under their own names in components.schemas.
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sohoa province server',
        version: '0.1.0',
        description: 'Province copy of the digitised civil-status registers (issue 11).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-Sohoa-CSRF' },
          device: { type: 'http', scheme: 'bearer' },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A read-API key (sohoa_ak_…) a province admin created for another provincial system.',
          },
        },
      },
    },
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: error.code, message: error.message });
    }
    const e = error as { validation?: unknown; statusCode?: number; code?: string; message?: string };
    if (e.validation) {
      return reply
        .code(400)
        .send({ error: 'invalid', message: `Dữ liệu gửi lên không hợp lệ: ${e.message}` });
    }
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: e.code ?? 'bad_request', message: e.message ?? '' });
    }
    request.log.error(error);
    return reply.code(500).send({ error: 'internal', message: 'Máy chủ gặp lỗi. Hãy thử lại sau.' });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: 'not_found', message: 'Không có địa chỉ này.' }),
  );

  /** Writes the access-log row of a request of a logged route (`config.audit`). */
  const logAccess = async (request: FastifyRequest, status: number): Promise<void> => {
    const action = request.routeOptions.config.audit;
    if (!action) return;
    const actor = request.actor;
    const note = request.audit ?? {};
    await store.db
      .insertInto('access_log')
      .values({
        at: auth.now(),
        account_id: actor?.kind === 'account' ? actor.id : null,
        username: actor?.kind === 'account' ? actor.username : (note.username ?? null),
        device_id: actor?.kind === 'device' ? actor.id : null,
        api_key_id: actor?.kind === 'apiKey' ? actor.id : null,
        ip: request.ip,
        method: request.method,
        route: request.routeOptions.url ?? request.url,
        action,
        commune_list: note.commune?.list ?? null,
        commune_code: note.commune?.code ?? null,
        status,
        result: note.result ?? resultOf(status),
      })
      .execute();
  };
  app.decorate('logAccess', logAccess);

  // The access log is written before the reply leaves (onSend), so no response of a logged route is seen
  // without its row; a failed write fails the request. (Hijacked replies — tus uploads — log themselves.)
  app.addHook('onSend', async (request, reply, payload) => {
    // API replies are never cached; the app's files carry their own policy (web/app-files.ts).
    if (request.url.startsWith('/api/') || !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    await logAccess(request, reply.statusCode);
    return payload;
  });

  await app.register(systemRoutes);
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(deviceRoutes);
  await app.register(bookRoutes);
  await app.register(apiKeyRoutes);
  await app.register(readApiRoutes);
  await app.register(provinceRoutes);
  if (options.uploads) await app.register(uploadRoutes, options.uploads);
  if (options.appDir !== undefined) {
    await serveAppFiles(app, options.appDir, options.onAppMissing ?? ((message) => app.log.warn(message)));
  }
  return app;
}

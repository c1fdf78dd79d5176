/** Province admin: read-API keys of other provincial systems (session cookie + CSRF header, role province_admin). */
import type { FastifyInstance } from 'fastify';
import type { ApiKeyRecord } from '../auth/api-keys';
import type { CommuneKey } from '../communes';
import { HttpError } from '../http-error';
import { communeKeys, errors, serialIdParams } from '../schemas';

const ADMIN = ['province_admin'] as const;
const security = [{ session: [], csrf: [] }];

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function apiKeyJson(k: ApiKeyRecord): Record<string, unknown> {
  return {
    id: k.id,
    label: k.label,
    hint: k.hint,
    communes: k.communes,
    createdAt: k.createdAt.toISOString(),
    revokedAt: iso(k.revokedAt),
    lastUsedAt: iso(k.lastUsedAt),
  };
}

export function apiKeyRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { apiKeys, guards } = app.sohoa;

  app.post<{ Body: { label: string; communes: CommuneKey[] } }>(
    '/api/admin/api-keys',
    {
      config: { audit: 'apikey.create' },
      schema: {
        summary:
          'Create a read-only API key for another provincial system, scoped to communes. The key is in this reply only, never again.',
        tags: ['admin'],
        security,
        body: {
          type: 'object',
          properties: { label: { type: 'string', minLength: 1, maxLength: 200 }, communes: communeKeys },
          required: ['label', 'communes'],
          additionalProperties: false,
        },
        response: {
          201: {
            type: 'object',
            properties: { apiKey: { $ref: 'ApiKey#' }, key: { type: 'string' } },
            required: ['apiKey', 'key'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const admin = await guards.requireAccount(request, ADMIN);
      const { apiKey, key } = await apiKeys.create({ ...request.body, createdBy: admin.id });
      return reply.code(201).send({ apiKey: apiKeyJson(apiKey), key });
    },
  );

  app.get(
    '/api/admin/api-keys',
    {
      config: { audit: 'apikey.list' },
      schema: {
        summary:
          'Every read-API key (revoked ones included), its communes and last use; never the key itself.',
        tags: ['admin'],
        security: [{ session: [] }],
        response: {
          200: { type: 'object', properties: { apiKeys: { type: 'array', items: { $ref: 'ApiKey#' } } } },
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      await guards.requireAccount(request, ADMIN);
      return { apiKeys: (await apiKeys.list()).map(apiKeyJson) };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/admin/api-keys/:id/revoke',
    {
      config: { audit: 'apikey.revoke' },
      schema: {
        summary: 'Revoke a read-API key: it is refused from the next request on.',
        tags: ['admin'],
        security,
        params: serialIdParams,
        response: { 200: { $ref: 'ApiKey#' }, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      await guards.requireAccount(request, ADMIN);
      const key = await apiKeys.revoke(request.params.id);
      if (!key) throw new HttpError(404, 'no_api_key', 'Không có khoá API này.');
      return apiKeyJson(key);
    },
  );
  done();
}

/** Province admin: commune accounts and device enrolment (session cookie + CSRF header, role province_admin). */
import type { FastifyInstance } from 'fastify';
import type { CommuneKey } from '../communes';
import { HttpError } from '../http-error';
import { communeKeys, errors, password, serialIdParams, username } from '../schemas';

const ADMIN = ['province_admin'] as const;
const security = [{ session: [], csrf: [] }];

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function adminRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { auth, guards } = app.sohoa;

  app.post<{ Body: { username: string; password: string; communes: CommuneKey[] } }>(
    '/api/admin/accounts',
    {
      config: { audit: 'account.create' },
      schema: {
        summary: 'Create a commune account tied to its communes.',
        tags: ['admin'],
        security,
        body: {
          type: 'object',
          properties: { username, password, communes: communeKeys },
          required: ['username', 'password', 'communes'],
          additionalProperties: false,
        },
        response: { 201: { $ref: 'Account#' }, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await guards.requireAccount(request, ADMIN);
      const account = await auth.createAccount({ ...request.body, role: 'commune' });
      return reply.code(201).send({ ...account, createdAt: account.createdAt.toISOString() });
    },
  );

  app.get(
    '/api/admin/accounts',
    {
      config: { audit: 'account.list' },
      schema: {
        summary: 'Active accounts and their communes.',
        tags: ['admin'],
        security: [{ session: [] }],
        response: {
          200: { type: 'object', properties: { accounts: { type: 'array', items: { $ref: 'Account#' } } } },
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      await guards.requireAccount(request, ADMIN);
      const accounts = await auth.listAccounts();
      return { accounts: accounts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) };
    },
  );

  app.post<{ Body: { label: string; communes: CommuneKey[] } }>(
    '/api/admin/devices',
    {
      config: { audit: 'device.enrol' },
      schema: {
        summary: 'Enrol a workstation for its communes. The device token is in this reply only, never again.',
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
            properties: { device: { $ref: 'Device#' }, token: { type: 'string' } },
            required: ['device', 'token'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const admin = await guards.requireAccount(request, ADMIN);
      const { device, token } = await auth.enrolDevice({ ...request.body, enrolledBy: admin.id });
      return reply.code(201).send({ device: deviceJson(device), token });
    },
  );

  app.get(
    '/api/admin/devices',
    {
      config: { audit: 'device.list' },
      schema: {
        summary: 'Every enrolled device (revoked ones included) and its communes.',
        tags: ['admin'],
        security: [{ session: [] }],
        response: {
          200: { type: 'object', properties: { devices: { type: 'array', items: { $ref: 'Device#' } } } },
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      await guards.requireAccount(request, ADMIN);
      return { devices: (await auth.listDevices()).map(deviceJson) };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/admin/devices/:id/revoke',
    {
      config: { audit: 'device.revoke' },
      schema: {
        summary: 'Revoke a device: its token is refused from now on.',
        tags: ['admin'],
        security,
        params: serialIdParams,
        response: { 200: { $ref: 'Device#' }, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      await guards.requireAccount(request, ADMIN);
      const device = await auth.revokeDevice(request.params.id);
      if (!device) throw new HttpError(404, 'no_device', 'Không có máy này.');
      return deviceJson(device);
    },
  );
  done();
}

function deviceJson(d: {
  id: number;
  label: string;
  communes: unknown[];
  createdAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
}): Record<string, unknown> {
  return {
    id: d.id,
    label: d.label,
    communes: d.communes,
    createdAt: d.createdAt.toISOString(),
    revokedAt: iso(d.revokedAt),
    lastSeenAt: iso(d.lastSeenAt),
  };
}

/** What an enrolled workstation may ask about itself (device bearer token). */
import type { FastifyInstance } from 'fastify';
import type { UnitListName } from '../db/schema';
import { errors } from '../schemas';

const security = [{ device: [] }];

export function deviceRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { guards } = app.sohoa;

  app.get(
    '/api/device',
    {
      config: { audit: 'device.whoami' },
      schema: {
        summary: 'The device of the bearer token and its communes (the workstation checks its enrolment).',
        tags: ['device'],
        security,
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              label: { type: 'string' },
              communes: { type: 'array', items: { $ref: 'CommuneKey#' } },
            },
            required: ['id', 'label', 'communes'],
          },
          ...errors(401),
        },
      },
    },
    async (request) => {
      const { id, label, communes } = await guards.requireDevice(request);
      return { id, label, communes };
    },
  );

  app.get<{ Params: { list: UnitListName; code: string } }>(
    '/api/device/communes/:list/:code',
    {
      config: { audit: 'device.commune' },
      schema: {
        summary: 'Whether this device may send books of a commune (before "Gửi về tỉnh"): 200, or 403.',
        tags: ['device'],
        security,
        params: {
          type: 'object',
          properties: {
            list: { type: 'string', enum: ['pre2025', '2025'] },
            code: { type: 'string', pattern: '^[0-9]{5}$' },
          },
          required: ['list', 'code'],
        },
        response: {
          200: {
            type: 'object',
            properties: { device: { type: 'integer' }, commune: { $ref: 'CommuneKey#' } },
            required: ['device', 'commune'],
          },
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      const commune = { list: request.params.list, code: request.params.code };
      const device = await guards.requireDeviceForCommune(request, commune);
      return { device: device.id, commune };
    },
  );
  done();
}

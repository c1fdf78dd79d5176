/** Health and the API description. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

export function systemRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { store } = app.sohoa;

  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Liveness and the database backend (answers 503 when the database does not).',
        tags: ['system'],
        response: {
          200: {
            type: 'object',
            properties: { ok: { type: 'boolean' }, db: { type: 'string', enum: ['pglite', 'postgres'] } },
            required: ['ok', 'db'],
          },
          503: {
            type: 'object',
            properties: { ok: { type: 'boolean' }, db: { type: 'string', enum: ['pglite', 'postgres'] } },
            required: ['ok', 'db'],
          },
        },
      },
    },
    async (request, reply) => {
      try {
        await sql`SELECT 1`.execute(store.db);
        return { ok: true, db: store.kind };
      } catch (error) {
        request.log.error(error);
        return reply.code(503).send({ ok: false, db: store.kind });
      }
    },
  );

  app.get(
    '/api/openapi.json',
    {
      schema: {
        summary: 'This API as an OpenAPI 3.1 document.',
        tags: ['system'],
        response: { 200: { type: 'object', additionalProperties: true } },
      },
    },
    () => app.swagger(),
  );
  done();
}

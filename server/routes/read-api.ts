/**
 * The read API of other provincial systems (`Authorization: Bearer <API key>`, read-only, the key's communes):
 * the entries of the provincial copy with paging by change cursor for incremental sync. Every call is logged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyActor } from '../auth/api-keys';
import { parseCommuneKey, sameCommune, type CommuneKey } from '../communes';
import { forbidden, HttpError } from '../http-error';
import { readEntryOf } from '../read-api/entry';
import { readFeed } from '../read-api/feed';
import { errors } from '../schemas';
import type { EntryState } from '../../src/domain';

const security = [{ apiKey: [] }];

const ENTRY_STATES: readonly EntryState[] = [
  'prefilled',
  'keyed',
  'keyed2',
  'verified',
  'returned',
  'accepted',
  'exported',
];
/** Served in full unless `states` says otherwise: checked by a second person, or accepted, or exported. */
export const DEFAULT_STATES: readonly EntryState[] = ['verified', 'accepted', 'exported'];

const STATE_WORD = `(${ENTRY_STATES.join('|')})`;
export const MAX_PAGE = 500;

const communeParam = {
  type: 'string',
  pattern: '^(pre2025|2025):[0-9]{5}$',
  description: 'One commune, `list:code` (e.g. `2025:00004`); default: every commune of the key.',
} as const;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

const readEntrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    changeSeq: { type: 'string', description: 'The change number of this version of the entry.' },
    state: { type: 'string', enum: ENTRY_STATES },
    type: { type: 'string', enum: ['KS', 'KT', 'KH', 'CMC', 'HN'] },
    order: { type: 'integer', description: 'Position on its first page (0-based).' },
    revision: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
    book: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        number: { type: 'string', description: 'Book number as printed ("01/2008").' },
        year: { type: 'integer' },
        type: { type: 'string' },
        commune: { $ref: 'CommuneInfo#' },
      },
      required: ['id', 'number', 'year', 'type', 'commune'],
    },
    fields: {
      type: 'object',
      description: 'Field values verbatim (NFC, as written in the register) by field key, in register order.',
      additionalProperties: {
        type: 'object',
        properties: {
          label: { type: 'string' },
          value: { type: 'string' },
          flags: {
            type: 'array',
            items: { type: 'string' },
            description: 'blank, illegible, damaged, struck_through, impossible_date',
          },
        },
        required: ['label', 'value', 'flags'],
      },
    },
    export: {
      type: 'object',
      description:
        "The values' export forms, as the Ministry import workbook holds them: codes, dd.mm.yyyy dates, digit-only IDs (every template column but STT).",
      properties: {
        template: { type: 'string' },
        columns: stringMap,
        problems: {
          type: 'array',
          items: {
            type: 'object',
            properties: { column: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
            required: ['column', 'code', 'message'],
          },
        },
      },
      required: ['template', 'columns', 'problems'],
    },
  },
  required: [
    'id',
    'changeSeq',
    'state',
    'type',
    'order',
    'revision',
    'updatedAt',
    'book',
    'fields',
    'export',
  ],
} as const;

interface EntriesQuery {
  commune?: string;
  type?: string;
  year?: number;
  states?: string;
  after?: string;
  updatedSince?: string;
  limit?: number;
}

/** The communes asked for, all within the key's scope (403 in Vietnamese otherwise). */
function scopeOf(key: ApiKeyActor, commune: CommuneKey | null): CommuneKey[] {
  if (!commune) return key.communes;
  if (!key.communes.some((c) => sameCommune(c, commune))) {
    throw forbidden(
      'commune',
      `Khoá API này không được đọc dữ liệu của xã mã ${commune.code} (danh mục ${commune.list}).`,
    );
  }
  return [commune];
}

export function readApiRoutes(app: FastifyInstance, _options: unknown, done: () => void): void {
  const { guards, store } = app.sohoa;
  // The key is checked first, before the parameters: a caller without a valid key learns nothing (401), and the
  // access-log row of a malformed call names its key.
  app.addHook('onRequest', async (request) => {
    await guards.requireApiKey(request);
  });
  const keyOf = (request: FastifyRequest): ApiKeyActor => {
    if (request.actor?.kind !== 'apiKey') throw new Error('read API route without its key check');
    return request.actor;
  };

  app.get(
    '/api/v1/key',
    {
      config: { audit: 'read.key' },
      schema: {
        summary: 'The API key of the request: its label and the communes it may read.',
        tags: ['read'],
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
    (request) => {
      const { id, label, communes } = keyOf(request);
      return { id, label, communes };
    },
  );

  app.get<{ Querystring: EntriesQuery }>(
    '/api/v1/entries',
    {
      config: { audit: 'read.entries' },
      schema: {
        summary:
          'Entries of the provincial copy in change order, for paging and incremental sync: call again with `after` = `next` until `hasMore` is false; later calls with the last `next` get exactly what changed since.',
        tags: ['read'],
        security,
        querystring: {
          type: 'object',
          properties: {
            commune: communeParam,
            type: { type: 'string', enum: ['KS', 'KT', 'KH', 'CMC', 'HN'] },
            year: { type: 'integer', minimum: 1800, maximum: 2200 },
            states: {
              type: 'string',
              pattern: `^(all|${STATE_WORD}(,${STATE_WORD})*)$`,
              description: `Comma-separated entry states served in full, or \`all\`; default \`${DEFAULT_STATES.join(',')}\`. Changed entries in other states come in \`withdrawn\`.`,
            },
            after: {
              type: 'string',
              pattern: '^[0-9]{1,18}$',
              description: 'Cursor: the `next` of the previous page (default 0, from the start).',
            },
            updatedSince: {
              type: 'string',
              format: 'date-time',
              description:
                'Only entries changed (and deletions made) at or after this time, e.g. for a first pull of recent work; sync with `after`.',
            },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              entries: { type: 'array', items: readEntrySchema },
              withdrawn: {
                type: 'array',
                description:
                  'Entries that changed and are not in the states asked for (e.g. returned for correction): drop any copy.',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    bookId: { type: 'string' },
                    state: { type: 'string' },
                    changeSeq: { type: 'string' },
                  },
                  required: ['id', 'bookId', 'state', 'changeSeq'],
                },
              },
              deleted: {
                type: 'array',
                description: 'Entries deleted on a workstation: drop them.',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    bookId: { type: 'string' },
                    deletedAt: { type: 'string', format: 'date-time' },
                    changeSeq: { type: 'string' },
                  },
                  required: ['id', 'bookId', 'deletedAt', 'changeSeq'],
                },
              },
              next: { type: 'string', description: 'The `after` of the next call.' },
              hasMore: { type: 'boolean', description: 'More changes are waiting: call again now.' },
            },
            required: ['entries', 'withdrawn', 'deleted', 'next', 'hasMore'],
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const commune = q.commune === undefined ? null : parseCommuneKey(q.commune);
      if (commune) request.audit = { ...request.audit, commune };
      const communes = scopeOf(keyOf(request), commune);
      const since = q.updatedSince === undefined ? undefined : new Date(q.updatedSince);
      if (since && Number.isNaN(since.getTime())) {
        throw new HttpError(400, 'invalid', 'Thời điểm updatedSince không hợp lệ.');
      }
      const states =
        q.states === 'all'
          ? null
          : q.states === undefined
            ? DEFAULT_STATES
            : (q.states.split(',') as EntryState[]);
      const page = await readFeed(store.db, {
        communes,
        ...(q.type !== undefined ? { type: q.type } : {}),
        ...(q.year !== undefined ? { year: q.year } : {}),
        states,
        after: BigInt(q.after ?? '0'),
        ...(since ? { updatedSince: since } : {}),
        limit: q.limit ?? 100,
      });
      return {
        entries: page.entries.map(readEntryOf),
        withdrawn: page.withdrawn.map((w) => ({ ...w, changeSeq: w.changeSeq.toString() })),
        deleted: page.deleted.map((d) => ({
          ...d,
          deletedAt: d.deletedAt.toISOString(),
          changeSeq: d.changeSeq.toString(),
        })),
        next: page.next.toString(),
        hasMore: page.hasMore,
      };
    },
  );
  done();
}

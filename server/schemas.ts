/** JSON schemas shared by the routes (input validation, output serialisation, and the OpenAPI document). */
import { USERNAME_PATTERN } from './auth/service';
import { PASSWORD_MAX } from './auth/passwords';

export const errorReply = {
  $id: 'ErrorReply',
  type: 'object',
  description: 'A refusal or failure; `message` is Vietnamese, for people.',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  required: ['error', 'message'],
} as const;

/** Response schemas for the error statuses a route may give. */
export function errors(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'ErrorReply#' }]));
}

/** `:id` of a row with a serial (integer) key: devices, read-API keys. */
export const serialIdParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
  required: ['id'],
} as const;

export const communeKey = {
  $id: 'CommuneKey',
  type: 'object',
  description: "A commune as a book's CommuneRef names it: unit list and 5-digit code.",
  properties: {
    list: { type: 'string', enum: ['pre2025', '2025'] },
    code: { type: 'string', pattern: '^[0-9]{5}$' },
  },
  required: ['list', 'code'],
  additionalProperties: false,
} as const;

export const communeInfo = {
  $id: 'CommuneInfo',
  type: 'object',
  properties: {
    list: { type: 'string', enum: ['pre2025', '2025'] },
    code: { type: 'string' },
    name: { type: 'string' },
    district: { type: 'string' },
    province: { type: 'string' },
  },
  required: ['list', 'code', 'name', 'district', 'province'],
} as const;

export const communeKeys = {
  type: 'array',
  items: { $ref: 'CommuneKey#' },
  minItems: 1,
  maxItems: 200,
} as const;

export const username = { type: 'string', pattern: USERNAME_PATTERN } as const;
export const password = { type: 'string', minLength: 1, maxLength: PASSWORD_MAX } as const;

export const accountReply = {
  $id: 'Account',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    role: { type: 'string', enum: ['province_admin', 'commune'] },
    communes: { type: 'array', items: { $ref: 'CommuneInfo#' } },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'username', 'role', 'communes', 'createdAt'],
} as const;

export const deviceReply = {
  $id: 'Device',
  type: 'object',
  properties: {
    id: { type: 'integer' },
    label: { type: 'string' },
    communes: { type: 'array', items: { $ref: 'CommuneInfo#' } },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    lastSeenAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'label', 'communes', 'createdAt', 'revokedAt', 'lastSeenAt'],
} as const;

export const apiKeyReply = {
  $id: 'ApiKey',
  type: 'object',
  description: 'A read-API key without its secret (shown once, at creation).',
  properties: {
    id: { type: 'integer' },
    label: { type: 'string' },
    hint: { type: 'string', description: 'The first characters of the key, to recognise it.' },
    communes: { type: 'array', items: { $ref: 'CommuneInfo#' } },
    createdAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'label', 'hint', 'communes', 'createdAt', 'revokedAt', 'lastUsedAt'],
} as const;

export const SHARED_SCHEMAS = [errorReply, communeKey, communeInfo, accountReply, deviceReply, apiKeyReply];

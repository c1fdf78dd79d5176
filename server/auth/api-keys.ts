/**
 * API keys of other provincial systems (read API, issue 11 item 6), on the store. HTTP-free, like AuthService.
 * A key reads the entries of its communes and nothing else (no route that writes accepts one). It is
 * `sohoa_ak_` + 32 random bytes (base64url), shown once at creation; only its SHA-256 is stored (`tokens.ts`).
 */
import type { Kysely } from 'kysely';
import { ensureCommunes, type CommuneInfo, type CommuneKey } from '../communes';
import type { Database } from '../db/schema';
import { HttpError } from '../http-error';
import { hashToken, newToken } from './tokens';

/** Fixed start of every key: tells it apart from a device token, and secret scanners can spot it. */
export const API_KEY_PREFIX = 'sohoa_ak_';
/** Characters of the random part kept as the key's hint (lists and logs). */
const HINT_LENGTH = 4;

export interface ApiKeyActor {
  kind: 'apiKey';
  id: number;
  label: string;
  communes: CommuneKey[];
}

export interface ApiKeyRecord {
  id: number;
  label: string;
  /** `sohoa_ak_` and the key's first characters, then "…": enough to recognise it, not to use it. */
  hint: string;
  communes: CommuneInfo[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export class ApiKeyService {
  constructor(
    readonly db: Kysely<Database>,
    readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a key for communes; the key is returned here once and stored only hashed. */
  async create(input: {
    label: string;
    communes: readonly CommuneKey[];
    createdBy: number;
  }): Promise<{ apiKey: ApiKeyRecord; key: string }> {
    const label = input.label.normalize('NFC').trim();
    if (label === '') throw new HttpError(400, 'no_label', 'Cần đặt tên cho khoá API (hệ thống nào dùng).');
    if (input.communes.length === 0) {
      throw new HttpError(400, 'no_commune', 'Khoá API phải gắn với ít nhất một xã.');
    }
    const key = API_KEY_PREFIX + newToken();
    const hint = `${key.slice(0, API_KEY_PREFIX.length + HINT_LENGTH)}…`;
    const apiKey = await this.db.transaction().execute(async (trx) => {
      const communes = await ensureCommunes(trx, input.communes);
      const row = await trx
        .insertInto('api_keys')
        .values({
          label,
          token_hash: hashToken(key),
          hint,
          created_by: input.createdBy,
          created_at: this.now(),
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('api_key_communes')
        .values(communes.map((c) => ({ api_key_id: row.id, list: c.list, code: c.code })))
        .execute();
      return {
        id: row.id,
        label,
        hint,
        communes,
        createdAt: row.created_at,
        revokedAt: null,
        lastUsedAt: null,
      };
    });
    return { apiKey, key };
  }

  /** Every key (revoked ones too), oldest first; one key with `id`. */
  async list(id?: number): Promise<ApiKeyRecord[]> {
    let query = this.db
      .selectFrom('api_keys')
      .select(['id', 'label', 'hint', 'created_at', 'revoked_at', 'last_used_at'])
      .orderBy('id');
    if (id !== undefined) query = query.where('id', '=', id);
    const keys = await query.execute();
    if (keys.length === 0) return [];
    const links = await this.db
      .selectFrom('api_key_communes as l')
      .innerJoin('communes as c', (j) => j.onRef('c.list', '=', 'l.list').onRef('c.code', '=', 'l.code'))
      .select(['l.api_key_id', 'c.list', 'c.code', 'c.name', 'c.district', 'c.province'])
      .where(
        'l.api_key_id',
        'in',
        keys.map((k) => k.id),
      )
      .orderBy('c.list')
      .orderBy('c.code')
      .execute();
    return keys.map((k) => ({
      id: k.id,
      label: k.label,
      hint: k.hint,
      createdAt: k.created_at,
      revokedAt: k.revoked_at,
      lastUsedAt: k.last_used_at,
      communes: links.filter((l) => l.api_key_id === k.id).map(({ api_key_id: _, ...c }) => c),
    }));
  }

  /** Revokes a key (refused from the next request on); null when there is no such key. */
  async revoke(id: number): Promise<ApiKeyRecord | null> {
    await this.db
      .updateTable('api_keys')
      .set({ revoked_at: this.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return (await this.list(id))[0] ?? null;
  }

  /** The unrevoked key a bearer token is, or null; marks it used. */
  async fromToken(token: string): Promise<ApiKeyActor | null> {
    if (!token.startsWith(API_KEY_PREFIX)) return null;
    const row = await this.db
      .updateTable('api_keys')
      .set({ last_used_at: this.now() })
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .returning(['id', 'label'])
      .executeTakeFirst();
    if (!row) return null;
    const communes = await this.db
      .selectFrom('api_key_communes')
      .select(['list', 'code'])
      .where('api_key_id', '=', row.id)
      .orderBy('list')
      .orderBy('code')
      .execute();
    return { kind: 'apiKey', id: row.id, label: row.label, communes };
  }
}

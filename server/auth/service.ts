/**
 * Accounts, sessions, devices and the login rate limit, on the store. HTTP-free: the routes and the CLI call it.
 * Times come from an injected clock, so tests can move past a session's end or the rate-limit window.
 */
import { sql, type Kysely } from 'kysely';
import { ensureCommunes, type CommuneInfo, type CommuneKey } from '../communes';
import type { Database, Role } from '../db/schema';
import { HttpError } from '../http-error';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { hashToken, newToken } from './tokens';

export interface AccountActor {
  kind: 'account';
  id: number;
  username: string;
  role: Role;
  communes: CommuneKey[];
  /** SHA-256 of the session token the request came with. */
  sessionHash: string;
}

export interface DeviceActor {
  kind: 'device';
  id: number;
  label: string;
  communes: CommuneKey[];
}

export type Actor = AccountActor | DeviceActor;

export interface AuthOptions {
  now?: () => Date;
  /** Session lifetime (default 12 h). */
  sessionMs?: number;
  /** Failed logins allowed per username and address within `failureWindowMs` (default 5 in 15 min). */
  maxFailures?: number;
  failureWindowMs?: number;
}

export type LoginOutcome =
  | { kind: 'ok'; token: string; account: AccountActor; expiresAt: Date }
  | { kind: 'failed' }
  | { kind: 'limited' };

export interface DeviceRecord {
  id: number;
  label: string;
  communes: CommuneInfo[];
  createdAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
}

export interface AccountRecord {
  id: number;
  username: string;
  role: Role;
  communes: CommuneInfo[];
  createdAt: Date;
}

/** Usernames: 3–64 of a–z, 0–9, dot, dash, underscore (stored lower-case). */
export const USERNAME_PATTERN = '^[A-Za-z0-9._-]{3,64}$';

export class AuthService {
  readonly now: () => Date;
  readonly sessionMs: number;
  readonly maxFailures: number;
  readonly failureWindowMs: number;

  constructor(
    readonly db: Kysely<Database>,
    options: AuthOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.sessionMs = options.sessionMs ?? 12 * 3600_000;
    this.maxFailures = options.maxFailures ?? 5;
    this.failureWindowMs = options.failureWindowMs ?? 15 * 60_000;
  }

  // ---- accounts ----

  async createAccount(input: {
    username: string;
    password: string;
    role: Role;
    communes: readonly CommuneKey[];
  }): Promise<AccountRecord> {
    const username = input.username.toLowerCase();
    if (!new RegExp(USERNAME_PATTERN).test(username)) {
      throw new HttpError(
        400,
        'invalid_username',
        'Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch (3–64 ký tự).',
      );
    }
    const problem = passwordProblem(input.password);
    if (problem) throw new HttpError(400, 'weak_password', problem);
    if (input.role === 'commune' && input.communes.length === 0) {
      throw new HttpError(400, 'no_commune', 'Tài khoản xã phải gắn với ít nhất một xã.');
    }
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const communes = await ensureCommunes(trx, input.communes);
      const row = await trx
        .insertInto('accounts')
        .values({ username, password_hash: passwordHash, role: input.role, created_at: this.now() })
        .onConflict((oc) => oc.column('username').doNothing())
        .returning(['id', 'created_at'])
        .executeTakeFirst();
      if (!row) throw new HttpError(409, 'username_taken', `Tên đăng nhập "${username}" đã có.`);
      if (communes.length > 0) {
        await trx
          .insertInto('account_communes')
          .values(communes.map((c) => ({ account_id: row.id, list: c.list, code: c.code })))
          .execute();
      }
      return { id: row.id, username, role: input.role, communes, createdAt: row.created_at };
    });
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const accounts = await this.db
      .selectFrom('accounts')
      .select(['id', 'username', 'role', 'created_at'])
      .where('disabled_at', 'is', null)
      .orderBy('id')
      .execute();
    const links = await this.db
      .selectFrom('account_communes as l')
      .innerJoin('communes as c', (j) => j.onRef('c.list', '=', 'l.list').onRef('c.code', '=', 'l.code'))
      .select(['l.account_id', 'c.list', 'c.code', 'c.name', 'c.district', 'c.province'])
      .orderBy('c.code')
      .execute();
    return accounts.map((a) => ({
      id: a.id,
      username: a.username,
      role: a.role,
      createdAt: a.created_at,
      communes: links.filter((l) => l.account_id === a.id).map(({ account_id: _, ...c }) => c),
    }));
  }

  // ---- sessions ----

  /** Checks a password under the rate limit; on success opens a session. */
  async login(usernameInput: string, password: string, ip: string): Promise<LoginOutcome> {
    const username = usernameInput.toLowerCase();
    const now = this.now();
    const since = new Date(now.getTime() - this.failureWindowMs);
    await this.db.deleteFrom('login_failures').where('at', '<', since).execute();
    const { failures } = await this.db
      .selectFrom('login_failures')
      .select(sql<number>`count(*)::int`.as('failures'))
      .where('username', '=', username)
      .where('ip', '=', ip)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    if (failures >= this.maxFailures) return { kind: 'limited' };

    const account = await this.db
      .selectFrom('accounts')
      .select(['id', 'username', 'role', 'password_hash'])
      .where('username', '=', username)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    const ok = await verifyPassword(account?.password_hash ?? (await dummyHash()), password);
    if (!account || !ok) {
      await this.db.insertInto('login_failures').values({ username, ip, at: now }).execute();
      return { kind: 'failed' };
    }
    await this.db
      .deleteFrom('login_failures')
      .where('username', '=', username)
      .where('ip', '=', ip)
      .execute();
    const token = newToken();
    const sessionHash = hashToken(token);
    const expiresAt = new Date(now.getTime() + this.sessionMs);
    await this.db
      .insertInto('sessions')
      .values({ token_hash: sessionHash, account_id: account.id, created_at: now, expires_at: expiresAt })
      .execute();
    return {
      kind: 'ok',
      token,
      expiresAt,
      account: {
        kind: 'account',
        id: account.id,
        username: account.username,
        role: account.role,
        communes: await this.accountCommunes(account.id),
        sessionHash,
      },
    };
  }

  async logout(sessionHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', sessionHash).execute();
  }

  /** The account of a live session, or null (unknown, expired, or the account disabled). */
  async sessionAccount(token: string): Promise<AccountActor | null> {
    const sessionHash = hashToken(token);
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .select(['a.id', 'a.username', 'a.role'])
      .where('s.token_hash', '=', sessionHash)
      .where('s.expires_at', '>', this.now())
      .where('a.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return { kind: 'account', ...row, communes: await this.accountCommunes(row.id), sessionHash };
  }

  private async accountCommunes(accountId: number): Promise<CommuneKey[]> {
    return this.db
      .selectFrom('account_communes')
      .select(['list', 'code'])
      .where('account_id', '=', accountId)
      .orderBy('code')
      .execute();
  }

  // ---- devices ----

  /** Enrols a device for communes; the token is returned here once and stored only hashed. */
  async enrolDevice(input: {
    label: string;
    communes: readonly CommuneKey[];
    enrolledBy: number;
  }): Promise<{ device: DeviceRecord; token: string }> {
    const label = input.label.normalize('NFC').trim();
    if (label === '') throw new HttpError(400, 'no_label', 'Cần đặt tên cho máy.');
    if (input.communes.length === 0) {
      throw new HttpError(400, 'no_commune', 'Máy phải gắn với ít nhất một xã.');
    }
    const token = newToken();
    const device = await this.db.transaction().execute(async (trx) => {
      const communes = await ensureCommunes(trx, input.communes);
      const row = await trx
        .insertInto('devices')
        .values({
          label,
          token_hash: hashToken(token),
          enrolled_by: input.enrolledBy,
          created_at: this.now(),
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('device_communes')
        .values(communes.map((c) => ({ device_id: row.id, list: c.list, code: c.code })))
        .execute();
      return { id: row.id, label, communes, createdAt: row.created_at, revokedAt: null, lastSeenAt: null };
    });
    return { device, token };
  }

  /** Revokes a device (its token stops working at once); null when there is no such device. */
  async revokeDevice(id: number): Promise<DeviceRecord | null> {
    await this.db
      .updateTable('devices')
      .set({ revoked_at: this.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return (await this.listDevices(id))[0] ?? null;
  }

  async listDevices(id?: number): Promise<DeviceRecord[]> {
    let query = this.db
      .selectFrom('devices')
      .select(['id', 'label', 'created_at', 'revoked_at', 'last_seen_at'])
      .orderBy('id');
    if (id !== undefined) query = query.where('id', '=', id);
    const devices = await query.execute();
    if (devices.length === 0) return [];
    const links = await this.db
      .selectFrom('device_communes as l')
      .innerJoin('communes as c', (j) => j.onRef('c.list', '=', 'l.list').onRef('c.code', '=', 'l.code'))
      .select(['l.device_id', 'c.list', 'c.code', 'c.name', 'c.district', 'c.province'])
      .where(
        'l.device_id',
        'in',
        devices.map((d) => d.id),
      )
      .orderBy('c.code')
      .execute();
    return devices.map((d) => ({
      id: d.id,
      label: d.label,
      createdAt: d.created_at,
      revokedAt: d.revoked_at,
      lastSeenAt: d.last_seen_at,
      communes: links.filter((l) => l.device_id === d.id).map(({ device_id: _, ...c }) => c),
    }));
  }

  /** The device a bearer token belongs to, unless revoked; marks it seen. */
  async deviceFromToken(token: string): Promise<DeviceActor | null> {
    const row = await this.db
      .updateTable('devices')
      .set({ last_seen_at: this.now() })
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .returning(['id', 'label'])
      .executeTakeFirst();
    if (!row) return null;
    const communes = await this.db
      .selectFrom('device_communes')
      .select(['list', 'code'])
      .where('device_id', '=', row.id)
      .orderBy('code')
      .execute();
    return { kind: 'device', id: row.id, label: row.label, communes };
  }
}

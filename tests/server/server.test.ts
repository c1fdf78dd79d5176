/**
 * The province server through its HTTP API (Fastify inject, no port) on both backends: embedded PGlite in a
 * temporary folder and a real PostgreSQL (the cluster of global-setup.ts, one fresh database per suite).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate, readMigrations } from '../../server/db/migrate';
import { openStore, type DbKind, type Store } from '../../server/db/open';
import { openBackend, type Backend } from './backend';

const ROOT = join(import.meta.dirname, '..', '..');
const ADMIN = { username: 'tinh.admin', password: 'mật-khẩu-tỉnh-2025' };
const BA_DINH = { list: '2025', code: '00004' } as const;
const NGOC_HA = { list: '2025', code: '00008' } as const;
const NGHI_PHU_OLD = { list: 'pre2025', code: '16702' } as const;

/** The name=value of the session cookie a response sets. */
function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'sohoa_session');
  expect(cookie, 'session cookie').toBeDefined();
  return `sohoa_session=${cookie!.value}`;
}

/** Every row of every table of the database, as text (to look for a secret that must not be stored). */
async function everyRowAsText(store: Store): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name
  `.execute(store.db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(table_name)} t`.execute(
      store.db,
    );
    parts.push(...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe.each<DbKind>(['pglite', 'postgres'])('province server on %s', (kind) => {
  let backend: Backend;
  let app: FastifyInstance;
  let clock = Date.parse('2026-03-01T08:00:00Z');
  const now = (): Date => new Date(clock);
  let admin: { cookie: string; csrf: string };

  const build = (trustProxy = false): Promise<FastifyInstance> =>
    buildApp({
      store: backend.store,
      blobs: new FsBlobStore(join(backend.dataDir, 'blobs')),
      now,
      trustProxy,
    });

  const login = (username: string, password: string, remoteAddress = '10.0.0.1', on = app) =>
    on.inject({ method: 'POST', url: '/api/login', payload: { username, password }, remoteAddress });

  const asAdmin = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { cookie: admin.cookie, 'x-sohoa-csrf': admin.csrf },
      ...(payload ? { payload } : {}),
    });

  const accessLog = (action: string) =>
    backend.store.db
      .selectFrom('access_log')
      .selectAll()
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    backend = await openBackend(kind);
    expect(await migrate(backend.store.db)).toEqual((await readMigrations()).map((m) => m.version));
    await new AuthService(backend.store.db, { now }).createAccount({
      ...ADMIN,
      role: 'province_admin',
      communes: [],
    });
    app = await build();
    const res = await login(ADMIN.username, ADMIN.password);
    expect(res.statusCode).toBe(200);
    admin = { cookie: sessionCookie(res), csrf: res.json<{ csrfToken: string }>().csrfToken };
  });

  afterAll(async () => {
    await app.close();
    await backend.cleanup();
  });

  it('reports its backend on /api/health', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, db: kind });
  });

  it('applies the migrations once: again (even twice at once) changes nothing', async () => {
    expect(await Promise.all([migrate(backend.store.db), migrate(backend.store.db)])).toEqual([[], []]);
    const rows = await backend.store.db.selectFrom('schema_migrations').select(['version', 'name']).execute();
    expect(rows).toEqual((await readMigrations()).map((m) => ({ version: m.version, name: m.name })));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('documents every route in /api/openapi.json, each with an input and output schema', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      paths: Record<string, Record<string, { responses?: object }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      [
        'GET /api/health',
        'GET /api/openapi.json',
        'POST /api/login',
        'POST /api/logout',
        'GET /api/session',
        'POST /api/admin/accounts',
        'GET /api/admin/accounts',
        'POST /api/admin/devices',
        'GET /api/admin/devices',
        'POST /api/admin/devices/{id}/revoke',
        'GET /api/device',
        'GET /api/device/books',
        'GET /api/device/books/{id}/package',
        'GET /api/device/communes/{list}/{code}',
        'POST /api/admin/api-keys',
        'GET /api/admin/api-keys',
        'POST /api/admin/api-keys/{id}/revoke',
        'GET /api/v1/key',
        'GET /api/v1/entries',
        'GET /api/province/progress',
        'GET /api/province/books',
        'GET /api/province/monthly',
        'GET /api/province/monthly.xlsx',
        'GET /api/province/inventory',
        'POST /api/province/inventory',
        'POST /api/province/inventory/import',
        'POST /api/province/inventory/remove',
        'POST /api/province/deadline',
      ].sort(),
    );
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  it('logs in with an HttpOnly, SameSite=Strict cookie (Secure behind HTTPS) and refuses a wrong password', async () => {
    const ok = await login(ADMIN.username.toUpperCase(), ADMIN.password, '10.0.0.2');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ username: ADMIN.username, role: 'province_admin', communes: [] });
    const cookie = ok.cookies.find((c) => c.name === 'sohoa_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeUndefined();
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const behindProxy = await build(true);
    try {
      const https = await behindProxy.inject({
        method: 'POST',
        url: '/api/login',
        payload: ADMIN,
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.statusCode).toBe(200);
      expect(https.cookies.find((c) => c.name === 'sohoa_session')?.secure).toBe(true);
    } finally {
      await behindProxy.close();
    }

    const wrong = await login(ADMIN.username, 'not-the-password', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.cookies).toEqual([]);
    const unknown = await login('nobody.here', 'whatever-password', '10.0.0.2');
    expect(unknown.statusCode).toBe(401);

    const session = await app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: sessionCookie(ok) },
    });
    expect(session.json()).toMatchObject({
      username: ADMIN.username,
      csrfToken: ok.json<{ csrfToken: string }>().csrfToken,
    });

    // Only the token's hash is stored.
    const token = cookie.value;
    const text = await everyRowAsText(backend.store);
    expect(text).not.toContain(token);
    expect(text).toContain(createHash('sha256').update(token).digest('hex'));

    const log = await accessLog('login');
    expect(log.filter((r) => r.ip === '10.0.0.2').map((r) => [r.username, r.status, r.result])).toEqual([
      [ADMIN.username, 200, 'ok'],
      [ADMIN.username, 401, 'denied'],
      ['nobody.here', 401, 'denied'],
    ]);
  });

  it('limits failed logins per username and address: the 6th attempt is refused, even with the password', async () => {
    const ip = '10.0.0.66';
    for (let i = 0; i < 5; i++) {
      expect((await login(ADMIN.username, `wrong-password-${i}`, ip)).statusCode).toBe(401);
    }
    const sixth = await login(ADMIN.username, ADMIN.password, ip);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ error: 'rate_limited' });
    // Another address is not limited; the limit is in the database, so a restarted server keeps it.
    expect((await login(ADMIN.username, ADMIN.password, '10.0.0.67')).statusCode).toBe(200);
    const restarted = await build();
    try {
      expect((await login(ADMIN.username, ADMIN.password, ip, restarted)).statusCode).toBe(429);
    } finally {
      await restarted.close();
    }
    expect((await accessLog('login')).filter((r) => r.ip === ip).map((r) => r.result)).toEqual([
      ...Array<string>(5).fill('denied'),
      'limited',
      'limited',
    ]);
    // After the 15-minute window the password works again.
    clock += 15 * 60_000 + 1;
    expect((await login(ADMIN.username, ADMIN.password, ip)).statusCode).toBe(200);
  });

  it('refuses a state-changing request without the CSRF header, and ends sessions on logout and expiry', async () => {
    const payload = { label: 'Máy thử', communes: [BA_DINH] };
    const noHeader = await app.inject({
      method: 'POST',
      url: '/api/admin/devices',
      headers: { cookie: admin.cookie },
      payload,
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json()).toMatchObject({ error: 'csrf' });
    const wrongHeader = await app.inject({
      method: 'POST',
      url: '/api/admin/devices',
      headers: { cookie: admin.cookie, 'x-sohoa-csrf': admin.csrf.slice(1) },
      payload,
    });
    expect(wrongHeader.statusCode).toBe(403);
    // A form-encodable body (text/plain) is not accepted at all.
    const textBody = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(ADMIN),
    });
    expect(textBody.statusCode).toBe(415);
    expect((await backend.store.db.selectFrom('devices').select('id').execute()).length).toBe(0);

    const res = await login(ADMIN.username, ADMIN.password, '10.0.0.3');
    const cookie = sessionCookie(res);
    const csrf = res.json<{ csrfToken: string }>().csrfToken;
    expect((await app.inject({ method: 'POST', url: '/api/logout', headers: { cookie } })).statusCode).toBe(
      403,
    );
    const out = await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { cookie, 'x-sohoa-csrf': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(
      401,
    );

    const again = await login(ADMIN.username, ADMIN.password, '10.0.0.3');
    const later = sessionCookie(again);
    clock += 12 * 3600_000 + 1;
    expect(
      (await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: later } })).statusCode,
    ).toBe(401);
    // The suite's admin session started before this clock move: log in afresh.
    const fresh = await login(ADMIN.username, ADMIN.password, '10.0.0.4');
    admin = { cookie: sessionCookie(fresh), csrf: fresh.json<{ csrfToken: string }>().csrfToken };
  });

  it('creates commune accounts that log in with their communes and cannot use admin routes', async () => {
    const created = await asAdmin('POST', '/api/admin/accounts', {
      username: 'xa.badinh',
      password: 'mật khẩu xã Ba Đình',
      communes: [BA_DINH, NGHI_PHU_OLD],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      username: 'xa.badinh',
      role: 'commune',
      communes: [
        { list: '2025', code: '00004', name: 'Phường Ba Đình', province: 'Hà Nội' },
        { list: 'pre2025', code: '16702', name: 'Xã Nghi Phú', province: 'Nghệ An' },
      ],
    });
    const duplicate = await asAdmin('POST', '/api/admin/accounts', {
      username: 'XA.BADINH',
      password: 'another-long-password',
      communes: [BA_DINH],
    });
    expect(duplicate.statusCode).toBe(409);
    const unknownCommune = await asAdmin('POST', '/api/admin/accounts', {
      username: 'xa.khong.co',
      password: 'another-long-password',
      communes: [{ list: '2025', code: '99999' }],
    });
    expect(unknownCommune.statusCode).toBe(400);
    expect(unknownCommune.json()).toMatchObject({ error: 'unknown_commune' });
    const weak = await asAdmin('POST', '/api/admin/accounts', {
      username: 'xa.yeu',
      password: 'short',
      communes: [BA_DINH],
    });
    expect(weak.statusCode).toBe(400);

    const res = await login('xa.badinh', 'mật khẩu xã Ba Đình', '10.0.1.1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'commune', communes: [BA_DINH, NGHI_PHU_OLD] });
    const commune = {
      cookie: sessionCookie(res),
      'x-sohoa-csrf': res.json<{ csrfToken: string }>().csrfToken,
    };
    const refused = await app.inject({
      method: 'POST',
      url: '/api/admin/devices',
      headers: commune,
      payload: { label: 'x', communes: [BA_DINH] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'role' });

    const list = await asAdmin('GET', '/api/admin/accounts');
    expect(list.json<{ accounts: { username: string }[] }>().accounts.map((a) => a.username)).toEqual([
      ADMIN.username,
      'xa.badinh',
    ]);
    expect((await accessLog('account.create')).map((r) => [r.username, r.status, r.result])).toEqual([
      [ADMIN.username, 201, 'ok'],
      [ADMIN.username, 409, 'failed'],
      [ADMIN.username, 400, 'failed'],
      [ADMIN.username, 400, 'failed'],
    ]);
    expect((await accessLog('device.enrol')).map((r) => [r.username, r.status, r.result])).toContainEqual([
      'xa.badinh',
      403,
      'denied',
    ]);
  });

  it('enrols a device: its token is shown once, stored hashed, limited to its communes, and refused once revoked', async () => {
    const label = "Máy xã Ba Đình'); DROP TABLE devices; --";
    const enrolled = await asAdmin('POST', '/api/admin/devices', { label, communes: [BA_DINH] });
    expect(enrolled.statusCode).toBe(201);
    const { device, token } = enrolled.json<{ device: { id: number; label: string }; token: string }>();
    expect(device.label).toBe(label);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const bearer = { authorization: `Bearer ${token}` };
    const whoami = await app.inject({ method: 'GET', url: '/api/device', headers: bearer });
    expect(whoami.statusCode).toBe(200);
    expect(whoami.json()).toEqual({ id: device.id, label, communes: [BA_DINH] });
    const own = await app.inject({ method: 'GET', url: '/api/device/communes/2025/00004', headers: bearer });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ device: device.id, commune: BA_DINH });
    const other = await app.inject({
      method: 'GET',
      url: '/api/device/communes/2025/00008',
      headers: bearer,
    });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: 'commune' });
    // Same code, other unit list: another commune.
    const oldList = await app.inject({
      method: 'GET',
      url: '/api/device/communes/pre2025/00004',
      headers: bearer,
    });
    expect(oldList.statusCode).toBe(403);
    const forged = await app.inject({
      method: 'GET',
      url: '/api/device',
      headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
    });
    expect(forged.statusCode).toBe(401);

    // Stored hashed only, and never shown again.
    const text = await everyRowAsText(backend.store);
    expect(text).not.toContain(token);
    const stored = await backend.store.db
      .selectFrom('devices')
      .select('token_hash')
      .where('id', '=', device.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const list = await asAdmin('GET', '/api/admin/devices');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(
      list.json<{ devices: { id: number; label: string; lastSeenAt: string | null }[] }>().devices,
    ).toEqual([
      expect.objectContaining({
        id: device.id,
        label,
        revokedAt: null,
        lastSeenAt: expect.any(String) as string,
      }),
    ]);

    const second = await asAdmin('POST', '/api/admin/devices', { label: 'Máy Ngọc Hà', communes: [NGOC_HA] });
    const secondToken = second.json<{ token: string }>().token;
    const revoked = await asAdmin('POST', `/api/admin/devices/${device.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: '/api/device', headers: bearer })).statusCode).toBe(401);
    const stillWorks = await app.inject({
      method: 'GET',
      url: '/api/device/communes/2025/00008',
      headers: { authorization: `Bearer ${secondToken}` },
    });
    expect(stillWorks.statusCode).toBe(200);
    expect((await asAdmin('POST', '/api/admin/devices/999999/revoke')).statusCode).toBe(404);

    expect(
      (await accessLog('device.commune')).map((r) => [
        r.device_id,
        r.commune_list,
        r.commune_code,
        r.status,
        r.result,
      ]),
    ).toEqual([
      [device.id, '2025', '00004', 200, 'ok'],
      [device.id, '2025', '00008', 403, 'denied'],
      [device.id, 'pre2025', '00004', 403, 'denied'],
      [expect.any(Number), '2025', '00008', 200, 'ok'],
    ]);
    expect((await accessLog('device.enrol')).map((r) => [r.username, r.status])).toContainEqual([
      ADMIN.username,
      201,
    ]);
    expect((await accessLog('device.revoke')).map((r) => r.status)).toEqual([200, 404]);
    expect((await accessLog('device.whoami')).map((r) => r.status)).toEqual([200, 401, 401]);
  });

  it('creates a province admin from the command line, with the password on stdin', async () => {
    const env = {
      ...process.env,
      SOHOA_DATA_DIR: backend.dataDir,
      SOHOA_ADMIN_PASSWORD: '',
      DATABASE_URL: backend.databaseUrl ?? '',
    };
    // PGlite is one process's database: the CLI opens the folder after this suite's store lets go of it.
    const dataDir = kind === 'pglite' ? await mkdtemp(join(tmpdir(), 'sohoa-cli-')) : backend.dataDir;
    env.SOHOA_DATA_DIR = dataDir;
    const run = (args: string[], stdin: string) =>
      new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
          cwd: ROOT,
          env,
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, out }));
        child.stdin.end(stdin);
      });
    try {
      const made = await run(['create-admin', 'Admin.Two'], 'second-admin-password\n');
      expect(made.out).toContain('admin.two');
      expect(made.code).toBe(0);
      const weak = await run(['create-admin', 'admin.three'], 'short\n');
      expect(weak.code).toBe(1);
      expect(weak.out).toContain('Mật khẩu phải có ít nhất');
      if (kind === 'postgres') {
        expect((await login('admin.two', 'second-admin-password', '10.0.2.1')).statusCode).toBe(200);
      } else {
        const store = await openStore({ dataDir });
        try {
          const other = await buildApp({ store, blobs: new FsBlobStore(join(dataDir, 'blobs')) });
          expect((await login('admin.two', 'second-admin-password', '10.0.2.1', other)).json()).toMatchObject(
            {
              role: 'province_admin',
            },
          );
          await other.close();
        } finally {
          await store.close();
        }
      }
    } finally {
      if (kind === 'pglite') await rm(dataDir, { recursive: true, force: true });
    }
  });
});

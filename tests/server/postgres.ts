/**
 * A throwaway PostgreSQL cluster for the server tests: `initdb` in a temporary folder, `pg_ctl start` listening
 * only on a Unix socket in that folder (no TCP port, so parallel runs cannot collide), stopped and deleted
 * afterwards. initdb refuses to run as root: as root the cluster runs as an existing unprivileged user
 * (`postgres`, else `nobody`) through runuser, owning the folder. With DATABASE_URL set, that server is used
 * instead (it must allow CREATE DATABASE) and nothing is started.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface Cluster {
  /** Connection string of the cluster's `postgres` database, as a superuser (the `host` parameter names the
   * socket folder and overrides the nominal localhost). */
  url: string;
  stop(): Promise<void>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  return dirs.find((d) => executable(join(d, 'initdb')) && executable(join(d, 'pg_ctl'))) ?? null;
}

/** An unprivileged user to run the cluster as when we are root. */
function clusterUser(): { name: string; uid: number; gid: number } {
  const users = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 4);
  for (const name of ['postgres', 'nobody']) {
    const f = users.find((u) => u[0] === name);
    if (f) return { name, uid: Number(f[2]), gid: Number(f[3]) };
  }
  throw new Error('Running as root and no "postgres" or "nobody" user to run PostgreSQL as.');
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) {
    throw new Error('PostgreSQL is not installed (no initdb/pg_ctl): install it or set DATABASE_URL.');
  }
  const root = process.getuid?.() === 0;
  const user = root ? clusterUser() : null;
  const dir = await mkdtemp(join(tmpdir(), 'sohoa-pg-'));
  const data = join(dir, 'data');
  await mkdir(data);
  if (user) {
    await chown(dir, user.uid, user.gid);
    await chown(data, user.uid, user.gid);
  }
  const run = (tool: string, args: string[]): void => {
    const command = user ? 'runuser' : join(bin, tool);
    const argv = user ? ['-u', user.name, '--', join(bin, tool), ...args] : args;
    execFileSync(command, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const port = 5432;
  try {
    run('initdb', ['-D', data, '-U', 'sohoa', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-o',
      `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`,
      '-w',
      '-t',
      '120',
      'start',
    ]);
  } catch (error) {
    const log = join(dir, 'server.log');
    const detail = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start PostgreSQL: ${stderr}\n${detail}`);
  }
  return {
    url: `postgresql://sohoa@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The server given by DATABASE_URL, or a fresh throwaway cluster. */
export async function testPostgres(): Promise<Cluster> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, stop: () => Promise.resolve() };
  return startCluster();
}

let counter = 0;

/** A new empty database on the server of `adminUrl`; `drop()` removes it. */
export async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sohoa_test_${process.pid}_${Date.now()}_${++counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

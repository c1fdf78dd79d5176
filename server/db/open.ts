/**
 * Opens the store: PostgreSQL through `pg` when a connection string is given (DATABASE_URL), else an embedded
 * PGlite database in `<dataDir>/pglite`. Both behind the same Kysely instance and the same migrations.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pglitePool } from './pglite-pool';
import type { Database } from './schema';

export type DbKind = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  kind: DbKind;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; absent → embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Data folder (PGlite lives in its `pglite/` subfolder). */
  dataDir: string;
  /** pg pool size (default 10). */
  poolSize?: number;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection the database ends (a restart, a failover, an administrator) is an 'error' on the pool:
    // unheard, it would crash the process. The pool drops that client and opens a new one when asked.
    pool.on('error', (e) => {
      console.warn(`PostgreSQL: an idle connection was closed (${e.message}); the pool will open a new one.`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dir = join(options.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const lite = await PGlite.create(dir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(lite) }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

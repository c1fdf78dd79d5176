/**
 * A pg-compatible pool over one embedded PGlite database, for Kysely's PostgresDialect. PGlite is a single
 * connection, so `connect()` leases it to one caller at a time (a queue), which keeps each Kysely transaction
 * alone on it. Like `pg`, a query without parameters goes through the simple protocol (several statements
 * allowed: migration scripts), a query with parameters through the extended protocol.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

export function pglitePool(db: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  let closed = false;

  async function query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    let result: Results<R>;
    if (parameters.length > 0) {
      result = await db.query<R>(text, [...parameters]);
    } else {
      const all = (await db.exec(text)) as Results<R>[];
      result = all.at(-1) ?? { rows: [], fields: [] };
    }
    return {
      command: (result.command ?? 'SELECT') as Command,
      rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  }

  return {
    async connect(): Promise<PostgresPoolClient> {
      if (closed) throw new Error('The embedded database is closed.');
      let free!: () => void;
      const lease = new Promise<void>((resolve) => (free = resolve));
      const before = tail;
      tail = tail.then(() => lease);
      await before;
      let released = false;
      const client = {
        query,
        release(): void {
          if (released) return;
          released = true;
          free();
        },
      };
      return client as unknown as PostgresPoolClient;
    },
    async end(): Promise<void> {
      closed = true;
      await tail;
      await db.close();
    },
  };
}

/** A fresh store for a server test: embedded PGlite in a temporary folder, or a new database of the test cluster. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openStore, type DbKind, type Store } from '../../server/db/open';
import { freshDatabase } from './postgres';

export interface Backend {
  store: Store;
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup(): Promise<void>;
}

export async function openBackend(kind: DbKind): Promise<Backend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sohoa-server-'));
  let databaseUrl: string | undefined;
  let drop = (): Promise<void> => Promise.resolve();
  if (kind === 'postgres') {
    const database = await freshDatabase(inject('postgresUrl'));
    databaseUrl = database.url;
    drop = () => database.drop();
  }
  const store = await openStore({ databaseUrl, dataDir });
  return {
    store,
    dataDir,
    databaseUrl,
    async cleanup() {
      await store.close();
      await drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

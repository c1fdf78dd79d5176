/** The province server (server/) serving a built app, for browser tests of the app as the server delivers it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app';
import { FsBlobStore } from '../../server/blobs/blob-store';
import { migrate } from '../../server/db/migrate';
import { openStore } from '../../server/db/open';
import { ROOT, type AppServer } from './harness';

/** The province server on embedded PGlite in a temporary folder, serving dist/, on a free loopback port. */
export async function serveFromServer(appDir = join(ROOT, 'dist')): Promise<AppServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sohoa-offline-'));
  const store = await openStore({ databaseUrl: undefined, dataDir });
  await migrate(store.db);
  const app = await buildApp({
    store,
    blobs: new FsBlobStore(join(dataDir, 'blobs')),
    appDir,
    onAppMissing: (message) => {
      throw new Error(message);
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    origin: new URL(url).origin,
    async close() {
      app.server.closeAllConnections();
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

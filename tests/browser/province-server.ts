/**
 * The province server (server/) serving a built app, for browser tests of the app as the server delivers it:
 * optionally with package uploads (tus, the verifying intake) and a way to enrol a device directly through
 * `AuthService` (the token the province admin would be shown once).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app';
import { AuthService } from '../../server/auth/service';
import { FsBlobStore } from '../../server/blobs/blob-store';
import type { CommuneKey } from '../../server/communes';
import { migrate } from '../../server/db/migrate';
import { openStore, type Store } from '../../server/db/open';
import { verifying } from '../../server/uploads/intake';
import { ROOT, type AppServer } from './harness';

export interface ProvinceServer extends AppServer {
  store: Store;
  blobs: FsBlobStore;
  /** A province admin (made on first call) enrols a device for `communes`; its token. */
  enrolDevice(label: string, communes: CommuneKey[]): Promise<string>;
}

/** The province server on embedded PGlite in a temporary folder, serving dist/, on a free loopback port. */
export async function serveFromServer(
  appDir = join(ROOT, 'dist'),
  opts: { uploads?: boolean } = {},
): Promise<ProvinceServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sohoa-offline-'));
  const store = await openStore({ databaseUrl: undefined, dataDir });
  await migrate(store.db);
  const blobs = new FsBlobStore(join(dataDir, 'blobs'));
  const app = await buildApp({
    store,
    blobs,
    appDir,
    onAppMissing: (message) => {
      throw new Error(message);
    },
    ...(opts.uploads ? { uploads: { directory: join(dataDir, 'uploads'), intake: verifying } } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/`;
  const auth = new AuthService(store.db);
  let adminId: number | null = null;
  return {
    url,
    origin: new URL(url).origin,
    store,
    blobs,
    async enrolDevice(label, communes) {
      adminId ??= (
        await auth.createAccount({
          username: 'tinh.admin',
          password: 'mật-khẩu-tỉnh-2025',
          role: 'province_admin',
          communes: [],
        })
      ).id;
      return (await auth.enrolDevice({ label, communes, enrolledBy: adminId })).token;
    },
    async close() {
      app.server.closeAllConnections();
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

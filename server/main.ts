/**
 * Entry point: `npm run server` serves the API; `npm run server -- create-admin <username>` creates a province
 * admin, with the password from SOHOA_ADMIN_PASSWORD or the first line of stdin (there is no default password).
 */
import { join } from 'node:path';
import { buildApp } from './app';
import { AuthService } from './auth/service';
import { FsBlobStore } from './blobs/blob-store';
import { configFromEnv } from './config';
import { migrate } from './db/migrate';
import { openStore, type Store } from './db/open';
import { verifying } from './uploads/intake';
import { PgAdvisoryLocker } from './uploads/pg-locker';
import { FINISH_WAIT_MS, memoryLocks } from './uploads/tus';

async function readPassword(): Promise<string> {
  const fromEnv = process.env.SOHOA_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('Mật khẩu (một dòng): ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function openMigrated(): Promise<Store> {
  const config = configFromEnv();
  const store = await openStore(config);
  const applied = await migrate(store.db);
  if (applied.length > 0) console.error(`[sohoa] migrations applied: ${applied.join(', ')}`);
  return store;
}

async function createAdmin(username: string | undefined): Promise<void> {
  if (!username) throw new Error('Usage: npm run server -- create-admin <username>');
  const password = await readPassword();
  const store = await openMigrated();
  try {
    const account = await new AuthService(store.db).createAccount({
      username,
      password,
      role: 'province_admin',
      communes: [],
    });
    console.log(`Đã tạo tài khoản quản trị tỉnh "${account.username}" (id ${account.id}).`);
  } finally {
    await store.close();
  }
}

async function serve(): Promise<void> {
  const config = configFromEnv();
  const store = await openMigrated();
  // On PostgreSQL other server processes may share the database and the data folder: upload locks are shared.
  const locker = config.databaseUrl ? new PgAdvisoryLocker({ connectionString: config.databaseUrl }) : null;
  const locks = locker ? { uploads: locker, finish: locker.withTimeout(FINISH_WAIT_MS) } : memoryLocks();
  const app = await buildApp({
    store,
    blobs: new FsBlobStore(join(config.dataDir, 'blobs')),
    logger: true,
    trustProxy: config.trustProxy,
    uploads: { directory: join(config.dataDir, 'uploads'), intake: verifying, locks },
    appDir: config.appDir,
  });
  let closing = false;
  const close = (): void => {
    if (closing) return;
    closing = true;
    void app
      .close()
      .then(() => locker?.close())
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`sohoa server on ${store.kind}, data in ${config.dataDir}, app from ${config.appDir}`);
}

const [command, ...rest] = process.argv.slice(2);
const run =
  command === 'create-admin'
    ? createAdmin(rest[0])
    : command
      ? Promise.reject(new Error(`Unknown command: ${command}`))
      : serve();
run.catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[sohoa] ${message}`);
  process.exit(1);
});

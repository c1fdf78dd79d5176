/** Server settings from the environment (see server/README.md). */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; unset → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Data folder: the PGlite database and the content-addressed blobs. */
  dataDir: string;
  trustProxy: boolean;
  /** The built workstation served at `/` (dist/ of `npm run build`). */
  appDir: string;
}

/** dist/ of this checkout, where `npm run build` writes the workstation. */
export const DEFAULT_APP_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.SOHOA_DATA_DIR ?? env.SOHOA_SERVER_DATA ?? 'data'),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    appDir: resolve(env.SOHOA_APP_DIR ?? DEFAULT_APP_DIR),
  };
}

import { execFileSync } from 'node:child_process';
import { startCluster, freshDatabase } from './tests/server/postgres';
const cluster = await startCluster();
const db = await freshDatabase(cluster.url);
try {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench-server.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: db.url },
  });
} finally {
  await db.drop();
  await cluster.stop();
}

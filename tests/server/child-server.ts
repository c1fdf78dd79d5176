/**
 * The province server as a real child process, started as `npm run server` starts it (`node --import tsx
 * server/main.ts`), on a free loopback port, with a data folder and an optional DATABASE_URL: for tests of several
 * processes and of kill -9. The port is read from the server's own "Server listening at" log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  pid: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Everything the process wrote (its JSON log lines), for failure messages. */
  output(): string;
  /** Sends a signal and waits for the process to end (SIGTERM: a clean stop). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes (SIGSTOP) the process where it stands. */
  freeze(): void;
  /** Peak resident memory of the process so far, sampled from /proc (bytes; 0 where /proc is absent). */
  peakRss(): number;
}

export interface ChildOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  env?: Record<string, string>;
  /** Sample the process's RSS every this many ms (0: never). */
  sampleRssMs?: number;
}

function rssOf(pid: number, read: (path: string) => string): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/u.exec(read(`/proc/${pid}/status`));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export async function startServer(options: ChildOptions): Promise<ChildServer> {
  const { readFileSync } = await import('node:fs');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SOHOA_DATA_DIR: options.dataDir,
    SOHOA_APP_DIR: `${options.dataDir}/no-app`,
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let peak = 0;
  const sampler =
    options.sampleRssMs && child.pid
      ? setInterval(() => {
          peak = Math.max(
            peak,
            rssOf(child.pid ?? 0, (p) => readFileSync(p, 'utf8')),
          );
        }, options.sampleRssMs)
      : null;
  void exited.then(() => sampler && clearInterval(sampler));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/u.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${out}`));
    });
  });
  return {
    pid: child.pid ?? 0,
    origin,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    freeze() {
      child.kill('SIGSTOP');
    },
    peakRss: () =>
      Math.max(
        peak,
        rssOf(child.pid ?? 0, (p) => readFileSync(p, 'utf8')),
      ),
  };
}

/**
 * A tus `Locker` shared by every server process on one PostgreSQL: the lock of an upload is a session-level
 * advisory lock (`pg_try_advisory_lock(namespace, hash(id))`) taken on one connection this locker keeps for itself,
 * so two processes behind a load balancer never write the same upload at once, and the locks of a process that
 * dies (kill -9, a lost machine) vanish with its connection. Within the process a map of held ids keeps requests
 * apart (advisory locks are re-entrant on one session). A waiter asks the holder to let go — tus then ends the
 * holder's request, a half-open PATCH of a dropped link — locally by calling it, across processes by
 * `NOTIFY sohoa_tus_release, '<id>'` that every locker LISTENs to; then it polls until the lock is free, the request
 * is aborted, or `acquireTimeoutMs` passed (tus answers ERR_LOCK_TIMEOUT).
 *
 * PGlite keeps tus's in-process MemoryLocker: an embedded database is one process (its data folder cannot be
 * opened by a second one), and all its queries are one session, where advisory locks are re-entrant.
 */
import { createHash } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import pg from 'pg';

/** First advisory-lock key of tus locks ("soho" in ASCII); the two-key space never meets the migration lock. */
const NAMESPACE = 0x736f686f;
const CHANNEL = 'sohoa_tus_release';
/** A waiter repeats its request to let go this often (the holder may have taken the lock after the first). */
const ASK_AGAIN_MS = 1000;

export interface PgLockerOptions {
  connectionString: string;
  /** How long a request waits for a lock before giving up (default 30 s, as tus's MemoryLocker). */
  acquireTimeoutMs?: number;
  /** First and longest pause between two tries (default 20 ms, doubling up to 250 ms). */
  pollMs?: number;
  maxPollMs?: number;
}

/** The second key of an upload id: 32 bits of its SHA-256 (two ids sharing it only wait for each other). */
export function lockKey(id: string): number {
  return createHash('sha256').update(id).digest().readInt32BE(0);
}

interface Holder {
  requestRelease: RequestRelease | null;
}

const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

export class PgAdvisoryLocker implements Locker {
  private readonly options: Required<PgLockerOptions>;
  private client: Promise<pg.Client> | null = null;
  private closed = false;
  /** Ids this process holds (or is taking), with how to ask their request to let go. */
  private readonly held = new Map<string, Holder>();

  constructor(options: PgLockerOptions) {
    this.options = { acquireTimeoutMs: 30_000, pollMs: 20, maxPollMs: 250, ...options };
  }

  /** The same locks (same connection, same held map) with another wait limit. */
  withTimeout(acquireTimeoutMs: number): Locker {
    return { newLock: (id) => new PgLock(this, id, acquireTimeoutMs) };
  }

  newLock(id: string): Lock {
    return new PgLock(this, id, this.options.acquireTimeoutMs);
  }

  /** Ids held by this process now (tests). */
  heldIds(): string[] {
    return [...this.held.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (client) await (await client).end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('The upload locker is closed.'));
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.options.connectionString });
      const lost = (): void => {
        if (this.client === opened) this.client = null;
        // The locks went with the session: every holder is asked to stop writing.
        for (const holder of this.held.values()) void holder.requestRelease?.();
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', (n) => {
        if (n.channel !== CHANNEL || !n.payload) return;
        void this.held.get(n.payload)?.requestRelease?.();
      });
      const opened = client
        .connect()
        .then(() => client.query(`LISTEN ${CHANNEL}`))
        .then(() => client);
      opened.catch(() => {
        if (this.client === opened) this.client = null;
      });
      this.client = opened;
    }
    return this.client;
  }

  /** One try: true when this process now holds `id`. */
  async tryLock(id: string, requestRelease: RequestRelease): Promise<boolean> {
    if (this.held.has(id)) return false;
    const holder: Holder = { requestRelease };
    this.held.set(id, holder); // before any await: a second local request sees it at once
    try {
      const client = await this.connection();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        NAMESPACE,
        lockKey(id),
      ]);
      if (rows[0]?.ok === true) return true;
    } catch (error) {
      this.held.delete(id);
      throw error;
    }
    this.held.delete(id);
    return false;
  }

  /** Asks whoever holds `id` to let go: the local request, or any other process. */
  async askRelease(id: string): Promise<void> {
    const local = this.held.get(id);
    if (local) {
      await local.requestRelease?.();
      return;
    }
    const client = await this.connection();
    await client.query('SELECT pg_notify($1, $2)', [CHANNEL, id]);
  }

  async unlock(id: string): Promise<void> {
    if (!this.held.delete(id)) throw new Error('Releasing an unlocked lock!');
    const client = this.client;
    if (!client) return; // the session is gone, and its locks with it
    await (await client).query('SELECT pg_advisory_unlock($1, $2)', [NAMESPACE, lockKey(id)]);
  }

  get pollMs(): { first: number; max: number } {
    return { first: this.options.pollMs, max: this.options.maxPollMs };
  }
}

class PgLock implements Lock {
  constructor(
    private readonly locker: PgAdvisoryLocker,
    private readonly id: string,
    private readonly timeoutMs: number,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    let wait = this.locker.pollMs.first;
    let askedAt = -Infinity;
    for (;;) {
      // tus answers its ERRORS objects ({ status_code, body }) as they are, as its MemoryLocker throws them.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (signal.aborted) throw ERRORS.ABORTED;
      if (await this.locker.tryLock(this.id, requestRelease)) return;
      if (Date.now() - askedAt >= ASK_AGAIN_MS) {
        askedAt = Date.now();
        await this.locker.askRelease(this.id);
      }
      const left = deadline - Date.now();
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (left <= 0) throw ERRORS.ERR_LOCK_TIMEOUT;
      await pause(Math.min(wait, left), signal);
      wait = Math.min(wait * 2, this.locker.pollMs.max);
    }
  }

  unlock(): Promise<void> {
    return this.locker.unlock(this.id);
  }
}

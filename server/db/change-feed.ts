/**
 * The change cursor of entries (`entry_change_seq`, migration 003): every insert, update or deletion of an entry
 * takes the next number, and the read API pages by it. Numbers are taken when a row is written but become
 * visible when its transaction commits, so a reader could see 502 before a slower transaction commits 501 — a
 * mirror that moved its cursor to 502 would never get 501. The cure is a lock: every transaction that writes
 * `entries` or `entry_deletions` takes the shared advisory lock first (`lockEntryChanges`; writers still run
 * side by side), and the reader takes it exclusively for a moment (`settledHorizon`) to read the sequence's last
 * value with no writer in flight: every number up to that horizon is settled (committed or rolled back), and the
 * reader serves only those.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/** Advisory lock key of the change cursor ("sohoa" + 1, as a number; the migrations use "sohoa"). */
const CHANGE_LOCK_KEY = 0x736f686f62;

/** Call first in every transaction that writes `entries` or `entry_deletions` (the merge of an upload). */
export async function lockEntryChanges(trx: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock_shared(${CHANGE_LOCK_KEY})`.execute(trx);
}

/** The last horizon each store saw settled (a lower bound forever: a settled number never becomes unsettled). */
const lastSettled = new WeakMap<object, bigint>();

/** How long a poll waits for the merges in flight before it serves the last settled horizon instead. */
export const HORIZON_WAIT_MS = 2000;

/**
 * The highest change number below which nothing is still being written: the sequence's last value read under
 * the exclusive lock (taken once the merges in flight are done; new merges wait behind it only while it is read).
 * A merge can take seconds: a process that has seen a horizon waits at most `waitMs`, then serves the last one
 * it saw (the poll gets the rest next time) — so a burst of polls during a long merge neither hangs nor holds the
 * connection pool. A process that has seen none waits. 0 before the first change.
 */
export async function settledHorizon(db: Kysely<Database>, waitMs = HORIZON_WAIT_MS): Promise<bigint> {
  const known = lastSettled.get(db);
  let horizon: bigint;
  try {
    horizon = await db.transaction().execute(async (trx) => {
      if (known !== undefined)
        await sql.raw(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(waitMs))}`).execute(trx);
      await sql`SELECT pg_advisory_xact_lock(${CHANGE_LOCK_KEY})`.execute(trx);
      const { rows } = await sql<{
        last_value: string | number | bigint;
        is_called: boolean;
      }>`SELECT last_value, is_called FROM entry_change_seq`.execute(trx);
      const row = rows[0];
      return row?.is_called ? BigInt(String(row.last_value)) : 0n;
    });
  } catch (error) {
    // 55P03 lock_not_available: the lock timeout ran out.
    if (known !== undefined && (error as { code?: unknown }).code === '55P03') return known;
    throw error;
  }
  const current = lastSettled.get(db);
  if (current === undefined || horizon > current) lastSettled.set(db, horizon);
  return horizon;
}

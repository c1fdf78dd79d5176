/**
 * PgAdvisoryLocker (the tus locks of several server processes) on a real PostgreSQL: two lockers are two
 * processes' sessions. One upload is held by one of them at a time; the waiter's release request reaches the
 * holder (NOTIFY) and gets the lock once it lets go; a holder that ignores it makes the waiter time out; within one
 * locker two requests for one upload also wait for each other; other uploads never wait; a session that ends
 * (a process killed) frees its locks.
 */
import { ERRORS } from '@tus/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PgAdvisoryLocker } from '../../server/uploads/pg-locker';
import { freshDatabase } from './postgres';

const ID = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);
const live = (): AbortSignal => new AbortController().signal;

describe('PgAdvisoryLocker on PostgreSQL', () => {
  let url = '';
  let drop: () => Promise<void>;
  const lockers: PgAdvisoryLocker[] = [];
  const locker = (timeout?: number): PgAdvisoryLocker => {
    const l = new PgAdvisoryLocker({
      connectionString: url,
      ...(timeout !== undefined ? { acquireTimeoutMs: timeout } : {}),
    });
    lockers.push(l);
    return l;
  };

  beforeAll(async () => {
    const database = await freshDatabase(inject('postgresUrl'));
    url = database.url;
    drop = () => database.drop();
  });

  afterAll(async () => {
    for (const l of lockers) await l.close();
    await drop();
  });

  it('hands an upload from one process to the other when the holder lets go on request', async () => {
    const [one, two] = [locker(), locker()];
    const held = one.newLock(ID);
    let asked = 0;
    await held.lock(live(), async () => {
      asked++;
      await held.unlock();
    });
    expect(one.heldIds()).toEqual([ID]);
    const other = two.newLock(OTHER);
    await other.lock(live(), () => undefined); // another upload does not wait
    const waiting = two.newLock(ID);
    await waiting.lock(live(), () => undefined);
    expect(asked).toBe(1);
    expect(one.heldIds()).toEqual([]);
    expect(two.heldIds().sort()).toEqual([ID, OTHER]);
    await waiting.unlock();
    await other.unlock();
  });

  it('times out while the holder keeps the lock; one locker keeps two requests for one upload apart', async () => {
    const [one, two] = [locker(), locker(400)];
    const held = one.newLock(ID);
    await held.lock(live(), () => undefined);
    const t0 = Date.now();
    await expect(two.newLock(ID).lock(live(), () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);

    const same = one.withTimeout(30_000).newLock(ID);
    let second = false;
    const pending = same.lock(live(), () => undefined).then(() => (second = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(second).toBe(false);
    await held.unlock();
    await pending;
    expect(second).toBe(true);
    await same.unlock();
  });

  it('frees the locks of a session that ends (a killed process); an aborted wait stops', async () => {
    const [one, two] = [locker(), locker()];
    await one.newLock(ID).lock(live(), () => undefined);
    const stop = new AbortController();
    const aborted = two.newLock(ID).lock(stop.signal, () => undefined);
    stop.abort();
    await expect(aborted).rejects.toBe(ERRORS.ABORTED);
    await one.close(); // the session ends without unlocking
    const lock = two.newLock(ID);
    await lock.lock(live(), () => undefined);
    await lock.unlock();
  });
});

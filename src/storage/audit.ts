/**
 * Audit chains in IndexedDB (DESIGN.md §3.8). Events are keyed out of line by [bookId ('' for the machine's own
 * chain), machineId, seq], so a chain is one key range and its head is the last key of that range. Every function
 * here runs inside the caller's transaction and awaits only IndexedDB requests, so the change and its events
 * commit or fail together (hashing is synchronous).
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { sealEvent, type AuditDraft, type AuditEvent } from '../domain/records/audit';
import type { AuditKey, SohoaDB } from './schema';

type AuditTx = IDBPTransaction<SohoaDB, StoreNames<SohoaDB>[], 'readwrite' | 'versionchange'>;

export const auditKey = (e: Pick<AuditEvent, 'bookId' | 'machineId' | 'seq'>): AuditKey => [
  e.bookId ?? '',
  e.machineId,
  e.seq,
];

/** Key range of one chain (bookId null = the machine's own chain). */
export const chainRange = (bookId: string | null, machineId: string): IDBKeyRange =>
  IDBKeyRange.bound([bookId ?? '', machineId, 0], [bookId ?? '', machineId, Infinity]);

/** Key range of every chain of a book (all machines). */
export const bookRange = (bookId: string | null): IDBKeyRange =>
  IDBKeyRange.bound([bookId ?? ''], [bookId ?? '', []]);

export async function chainHead(
  tx: AuditTx,
  bookId: string | null,
  machineId: string,
): Promise<AuditEvent | null> {
  const c = await tx.objectStore('audit').openCursor(chainRange(bookId, machineId), 'prev');
  return c?.value ?? null;
}

/**
 * Appends events to their chains. With `amendSeq`, the first draft (a field edit) replaces the chain head instead
 * when the head is that seq and the same edit (same entry, field, user, action): one event per field edit, however
 * many keystrokes were written. Returns the sealed events.
 */
export async function appendEvents(
  tx: AuditTx,
  machineId: string,
  drafts: readonly AuditDraft[],
  amendSeq: number | null = null,
): Promise<AuditEvent[]> {
  const store = tx.objectStore('audit');
  const out: AuditEvent[] = [];
  for (const [i, d] of drafts.entries()) {
    let head = await chainHead(tx, d.bookId, machineId);
    if (i === 0 && amendSeq !== null && head && isSameEdit(head, d, amendSeq)) {
      const prevKey = head.seq > 1 ? auditKey({ ...head, seq: head.seq - 1 }) : null;
      head = prevKey ? ((await store.get(prevKey)) ?? null) : null;
      // Keep the edit's first time: it is when the value started to change.
      const sealed = sealEvent({ ...d, at: d.at }, machineId, head);
      await store.put(sealed, auditKey(sealed));
      out.push(sealed);
      continue;
    }
    const sealed = sealEvent(d, machineId, head);
    await store.add(sealed, auditKey(sealed));
    out.push(sealed);
  }
  return out;
}

function isSameEdit(head: AuditEvent, d: AuditDraft, seq: number): boolean {
  return (
    head.seq === seq &&
    head.action === 'field.edit' &&
    d.action === 'field.edit' &&
    head.entryId === d.entryId &&
    head.field === d.field &&
    head.userId === d.userId
  );
}

/**
 * Removes events at the tail of a chain that `match` (an import rolled back: its page events go with its pages,
 * so the book is exactly as it was). Stops at the first event that does not match; returns how many were removed.
 */
export async function dropTail(
  tx: AuditTx,
  bookId: string,
  machineId: string,
  match: (e: AuditEvent) => boolean,
): Promise<number> {
  let n = 0;
  for (
    let c = await tx.objectStore('audit').openCursor(chainRange(bookId, machineId), 'prev');
    c && match(c.value);
    c = await c.continue()
  ) {
    await c.delete();
    n++;
  }
  return n;
}

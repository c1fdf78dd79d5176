/**
 * Audit chains in IndexedDB (DESIGN.md §3.8). Events are keyed out of line by [bookId ('' for the machine's own
 * chain), machineId, seq], so a chain is one key range and its head is the last key of that range. Every function
 * here runs inside the caller's transaction and awaits only IndexedDB requests, so the change and its events
 * commit or fail together (hashing is synchronous).
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import { sealEvent, type AuditDraft, type AuditEvent, type JsonValue } from '../domain/records/audit';
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

/** A draft that continues a field edit whose event (seq) may still be the chain head. */
export type ChainDraft = AuditDraft & { amend?: { seq: number; before: JsonValue } };

/**
 * Appends events to their chains. A draft with `amend` replaces the chain head when the head is that edit's event
 * (same seq, entry, field, user): one event per field edit, however many keystrokes were written. When anything
 * came after it, the draft is appended instead, its `before` being the value the earlier event left
 * (`amend.before`), so the chain reads as a sequence of real changes. Returns the sealed events.
 */
export async function appendEvents(
  tx: AuditTx,
  machineId: string,
  drafts: readonly ChainDraft[],
): Promise<AuditEvent[]> {
  const store = tx.objectStore('audit');
  const out: AuditEvent[] = [];
  for (const { amend, ...d } of drafts) {
    const head = await chainHead(tx, d.bookId, machineId);
    if (amend && head && isSameEdit(head, d, amend.seq)) {
      const prevKey = head.seq > 1 ? auditKey({ ...head, seq: head.seq - 1 }) : null;
      const prev = prevKey ? ((await store.get(prevKey)) ?? null) : null;
      const sealed = sealEvent(d, machineId, prev);
      await store.put(sealed, auditKey(sealed));
      out.push(sealed);
      continue;
    }
    const sealed = sealEvent(amend ? { ...d, before: amend.before } : d, machineId, head);
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

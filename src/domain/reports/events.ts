/**
 * What the reports read from audit events (DESIGN.md §3.8): workflow moves (`entry.state` before → after) and the
 * checker's field verdicts (`field.check`). Pure helpers shared by the progress and monthly builders. Days and
 * months are local calendar days (the workstation's time zone).
 */
import type { AuditEvent } from '../records/audit';
import type { Entry, FieldFlag } from '../records/entry';

export type ReportEvent = Pick<
  AuditEvent,
  'bookId' | 'at' | 'seq' | 'userId' | 'action' | 'entryId' | 'before' | 'after'
>;

/** Events in time order (ties by seq). */
export function byTime<T extends Pick<AuditEvent, 'at' | 'seq'>>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => a.at - b.at || a.seq - b.seq);
}

/** The first keying of an entry: the operator finished it from its pre-filled state. */
export const isFirstKeying = (e: ReportEvent): boolean =>
  e.action === 'entry.state' && e.before === 'prefilled' && e.after === 'keyed';

/** A move of an entry into `state`. */
export const isMoveTo = (e: ReportEvent, state: string): boolean =>
  e.action === 'entry.state' && e.after === state && e.before !== state;

/** The verdict a `field.check` event records ('ok' | 'wrong'), or null (a mark cleared). */
export function checkVerdict(e: ReportEvent): 'ok' | 'wrong' | null {
  if (e.action !== 'field.check') return null;
  const after = e.after;
  if (!after || typeof after !== 'object' || Array.isArray(after)) return null;
  const v = after['verdict'];
  return v === 'ok' || v === 'wrong' ? v : null;
}

/**
 * Entries a checker corrected: returned at least once, or with a value the checker typed (a `field.check` whose
 * verdict carries `corrected`).
 */
export function correctedEntries(events: readonly ReportEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (!e.entryId) continue;
    if (isMoveTo(e, 'returned')) out.add(e.entryId);
    else if (e.action === 'field.check' && checkVerdict(e) === 'wrong') {
      const after = e.after as Record<string, unknown>;
      if (typeof after['corrected'] === 'string') out.add(e.entryId);
    }
  }
  return out;
}

/** Fields flagged illegible and damaged over some entries. */
export function countFieldFlags(
  entries: readonly Pick<Entry, 'fields'>[],
): Record<Extract<FieldFlag, 'illegible' | 'damaged'>, number> {
  let illegible = 0;
  let damaged = 0;
  for (const e of entries)
    for (const f of Object.values(e.fields)) {
      if (f.flags.includes('illegible')) illegible++;
      if (f.flags.includes('damaged')) damaged++;
    }
  return { illegible, damaged };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local calendar day `yyyy-mm-dd` of a time. */
export function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Start (inclusive) and end (exclusive) of a local calendar month, month 1–12. */
export function monthRange(year: number, month: number): { from: number; to: number } {
  return { from: new Date(year, month - 1, 1).getTime(), to: new Date(year, month, 1).getTime() };
}

/** Local midnight of an ISO day. */
export function dayStart(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTime();
}

/** The ISO day `days` calendar days after `iso`. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return isoDay(new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days).getTime());
}

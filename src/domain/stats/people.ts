/**
 * Attention and statistics per person (issue 10 item 6), computed from a book's audit events and its entries —
 * pure. For each operator and checker: entries keyed, fields confirmed, OCR values kept unchanged, values changed,
 * returns received (entries they keyed that a checker sent back) and given, entries and fields checked, active
 * time per keyed entry and per checked field. A checker whose median time between two field checks is under the
 * threshold (default 400 ms: nobody compares a value with the scan that fast) is marked for the supervisor.
 *
 * Time is "active": the gaps between a person's consecutive events of one kind (keying, checking), a gap longer
 * than `IDLE_MS` counting as a pause, not as work.
 */
import type { AuditEvent } from '../records/audit';
import type { Entry } from '../records/entry';

/** A checker accepting fields faster than this (median ms per field) is shown to the supervisor. */
export const FAST_CHECK_MS = 400;
/** A pause, not work: gaps longer than this between two events are not counted as time spent. */
export const IDLE_MS = 120_000;
/** Below this many checked fields a checker's speed says nothing yet. */
export const MIN_CHECKS_FOR_SPEED = 10;

export interface PersonStats {
  userId: string;
  /** Moves to keyed made by the person (a returned entry keyed again counts again). */
  entriesKeyed: number;
  /** Fields confirmed (Enter, or finishing an entry). */
  fieldsConfirmed: number;
  /** Of the fields with an OCR proposal in entries the person keyed (now): kept as OCR read them, and all. */
  ocrKept: number;
  ocrOffered: number;
  /** Field values changed by the person (one per field edit). */
  edits: number;
  /** Entries the person had keyed that a checker returned, and entries the person returned. */
  returnsReceived: number;
  returnsGiven: number;
  /** Rounds of checking the person ended (verified or returned), and fields the person judged. */
  entriesChecked: number;
  fieldsChecked: number;
  /** Active keying time per entry keyed, ms (null when nothing was keyed). */
  msPerEntry: number | null;
  /** Median ms between two consecutive field checks of one entry (null below `MIN_CHECKS_FOR_SPEED`). */
  msPerCheckedField: number | null;
  /** Checks faster than a person can compare (`msPerCheckedField` < threshold). */
  tooFast: boolean;
}

const KEYING = new Set([
  'field.edit',
  'field.confirm',
  'field.flag',
  'field.box',
  'entry.finish',
  'entry.add',
]);

function blank(userId: string): PersonStats {
  return {
    userId,
    entriesKeyed: 0,
    fieldsConfirmed: 0,
    ocrKept: 0,
    ocrOffered: 0,
    edits: 0,
    returnsReceived: 0,
    returnsGiven: 0,
    entriesChecked: 0,
    fieldsChecked: 0,
    msPerEntry: null,
    msPerCheckedField: null,
    tooFast: false,
  };
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/**
 * Statistics per person over `events` (one book's, any order; those outside `[from, to)` when given are left out)
 * and the book's current `entries`; sorted by user id.
 */
export function personStats(
  events: readonly AuditEvent[],
  entries: readonly Pick<Entry, 'keyedBy' | 'fields'>[],
  opts: { fastCheckMs?: number; from?: number; to?: number } = {},
): PersonStats[] {
  const fast = opts.fastCheckMs ?? FAST_CHECK_MS;
  const people = new Map<string, PersonStats>();
  const of = (id: string): PersonStats => {
    let p = people.get(id);
    if (!p) people.set(id, (p = blank(id)));
    return p;
  };
  const sorted = [...events].sort((a, b) => a.at - b.at || a.seq - b.seq);
  /** Who keyed each entry last, as the events tell (all events: a return in range may follow a keying before). */
  const keyer = new Map<string, string>();
  const lastKeying = new Map<string, number>();
  const keyingMs = new Map<string, number>();
  /** Per checker: the time and entry of the previous field check. */
  const lastCheck = new Map<string, { at: number; entryId: string | null }>();
  const checkGaps = new Map<string, number[]>();
  const inRange = (at: number): boolean =>
    (opts.from === undefined || at >= opts.from) && (opts.to === undefined || at < opts.to);
  for (const e of sorted) {
    const user = e.userId;
    if (e.action === 'entry.state' && e.entryId && e.after === 'keyed' && user) keyer.set(e.entryId, user);
    if (!user || !inRange(e.at)) {
      continue;
    }
    const p = of(user);
    if (KEYING.has(e.action) || (e.action === 'entry.state' && e.after === 'keyed')) {
      const prev = lastKeying.get(user);
      if (prev !== undefined && e.at - prev <= IDLE_MS)
        keyingMs.set(user, (keyingMs.get(user) ?? 0) + e.at - prev);
      lastKeying.set(user, e.at);
    }
    switch (e.action) {
      case 'field.edit':
        p.edits++;
        break;
      case 'field.confirm':
        if (e.after === true) p.fieldsConfirmed++;
        break;
      case 'entry.finish': {
        const after = e.after;
        const confirmed =
          after && typeof after === 'object' && !Array.isArray(after) ? after['confirmed'] : undefined;
        if (Array.isArray(confirmed)) p.fieldsConfirmed += confirmed.length;
        break;
      }
      case 'field.check': {
        if (!e.after) break; // a mark cleared by an operator's edit, not a check
        p.fieldsChecked++;
        const prev = lastCheck.get(user);
        if (prev && prev.entryId === e.entryId && e.at - prev.at <= IDLE_MS) {
          const gaps = checkGaps.get(user) ?? [];
          gaps.push(e.at - prev.at);
          checkGaps.set(user, gaps);
        }
        lastCheck.set(user, { at: e.at, entryId: e.entryId });
        break;
      }
      case 'entry.state':
        if (e.after === 'keyed' && e.before !== 'verified' && e.before !== 'accepted') p.entriesKeyed++;
        if (
          (e.after === 'verified' || e.after === 'returned') &&
          (e.before === 'keyed' || e.before === 'keyed2')
        )
          p.entriesChecked++;
        if (e.after === 'returned') {
          p.returnsGiven++;
          const k = e.entryId ? keyer.get(e.entryId) : undefined;
          if (k) of(k).returnsReceived++;
        }
        break;
      default:
        break;
    }
  }
  for (const entry of entries) {
    if (!entry.keyedBy) continue;
    const p = people.get(entry.keyedBy);
    if (!p) continue;
    for (const f of Object.values(entry.fields)) {
      if (!f.ocr) continue;
      p.ocrOffered++;
      if (f.value === f.ocr.text) p.ocrKept++;
    }
  }
  for (const p of people.values()) {
    const ms = keyingMs.get(p.userId);
    p.msPerEntry = p.entriesKeyed && ms !== undefined ? ms / p.entriesKeyed : null;
    const gaps = checkGaps.get(p.userId) ?? [];
    p.msPerCheckedField = p.fieldsChecked >= MIN_CHECKS_FOR_SPEED ? median(gaps) : null;
    p.tooFast = p.msPerCheckedField !== null && p.msPerCheckedField < fast;
  }
  return [...people.values()]
    .filter(
      (p) =>
        p.entriesKeyed ||
        p.fieldsConfirmed ||
        p.edits ||
        p.fieldsChecked ||
        p.entriesChecked ||
        p.returnsReceived,
    )
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/**
 * Merging a book's entries from a work package (DESIGN.md §3.9). Pure: the store (storage/repository.ts) and the
 * province server call these with what they hold and what the package holds.
 *
 * Every field value and every entry's own attributes carry a `ChangeStamp` (machine, seq of the audit event of
 * that machine's chain that covers the change; stamped by the store on every write, `stampChanges`). A side
 * "knows" a stamp when it holds that machine's chain of the book up to that seq: the package's base is the heads
 * of the chains it carries, this machine's are the heads of the chains it stores. Per field:
 * - same content on both sides → nothing;
 * - the other side knew this side's value and this side did not know theirs → changed only there → taken;
 * - this side knew theirs and they did not know this one → changed only here → kept;
 * - neither knew the other's (both changed since the base), or the stamps cannot tell → a conflict, listed for a
 *   person to decide from the image; this side's value stays until then.
 * A value with no stamp (written before stamps existed) counts as known to everyone. A field absent from an entry
 * is as fresh as the entry's own stamp (a split removes fields and stamps the entry).
 */
import { canonicalJson, type AuditEvent, type JsonValue } from './audit';
import { normalizeField, type ChangeStamp, type Entry, type FieldValue, type SecondKeying } from './entry';

/** Heads of the chains a side holds for one book: machineId → highest seq. */
export type ChainHeads = Readonly<Record<string, number>>;

/** Pseudo field name of an entry's own attributes (state, pages, order, keyedBy…) in a conflict. */
export const ENTRY_ATTRS = '@entry';

/** The entry attributes merged as one unit (`ENTRY_ATTRS`). */
export interface EntryAttrs {
  type: Entry['type'];
  state: Entry['state'];
  pageIds: string[];
  order: number;
  keyedBy: string | null;
  continuesPrevious: boolean;
  /** The blind second keying (double-keying.ts): it moves the entry's state, so it travels with it. */
  second: SecondKeying | null;
}

/** One value changed on both sides since the package's base: listed until a person chooses. */
export interface MergeConflict {
  bookId: string;
  entryId: string;
  /** A field key, or `ENTRY_ATTRS`. */
  field: string;
  /** This machine's value (a FieldValue, or EntryAttrs for ENTRY_ATTRS); null = absent here. */
  local: JsonValue;
  /** The package's value; null = absent there. */
  incoming: JsonValue;
  /** Machine that exported the package, and when the conflict was listed. */
  fromMachineId: string;
  at: number;
}

export interface MergeInput {
  bookId: string;
  local: readonly Entry[];
  localHeads: ChainHeads;
  incoming: readonly Entry[];
  incomingHeads: ChainHeads;
  /** Entry ids this machine's chains record as deleted (never brought back). */
  deletedHere: ReadonlySet<string>;
  /** Entry ids the package's chains record as deleted. */
  deletedThere: ReadonlySet<string>;
  fromMachineId: string;
  now: number;
}

export interface MergeResult {
  /** Entries to store (new ones with revision 0, changed ones as merged from the local copy, same revision). */
  put: Entry[];
  /** Entry ids to delete here (deleted there, not changed here since). */
  remove: string[];
  /** Entries new here. */
  added: number;
  /** Field values and entry attributes taken from the package. */
  taken: number;
  conflicts: MergeConflict[];
  /** Entries the package has that this machine deleted (not brought back). */
  skippedDeleted: number;
}

export const entryAttrs = (e: Entry): EntryAttrs => ({
  type: e.type,
  state: e.state,
  pageIds: [...e.pageIds],
  order: e.order,
  keyedBy: e.keyedBy ?? null,
  continuesPrevious: e.continuesPrevious === true,
  second: e.second ?? null,
});

const without = (fields: Entry['fields'], key: string): Entry['fields'] =>
  Object.fromEntries(Object.entries(fields).filter(([k]) => k !== key));

/** A field's content: everything but its stamp, canonical (so key order never counts as a change). */
export function fieldContent(f: FieldValue | undefined): string {
  if (!f) return '';
  const { changed: _changed, ...rest } = f;
  return canonicalJson(rest);
}

const attrsContent = (e: Entry): string => canonicalJson(entryAttrs(e));

/** Whether a side holding `heads` has seen the change stamped `s` (no stamp: known to everyone). */
export const knows = (heads: ChainHeads, s: Pick<ChangeStamp, 'machineId' | 'seq'> | undefined): boolean =>
  !s || (heads[s.machineId] ?? 0) >= s.seq;

/** `x` carrying `stamp` (none: no stamp at all). */
function withStamp<T extends { changed?: ChangeStamp }>(x: T, stamp: ChangeStamp | undefined): T {
  const { changed: _changed, ...rest } = x;
  return (stamp ? { ...rest, changed: stamp } : rest) as T;
}

/**
 * `after` with `stamp` on every field whose content differs from `before` (all of them for a new entry), and on
 * the entry itself when its attributes changed or a field was removed. An unchanged field keeps the stamp stored
 * in `before` (never the one on `after`: a copy held in memory may carry a stamp older than the store's).
 */
export function stampChanges(before: Entry | undefined, after: Entry, stamp: ChangeStamp): Entry {
  const fields: Entry['fields'] = {};
  for (const [k, f] of Object.entries(after.fields)) {
    const old = before?.fields[k];
    if (!before || fieldContent(old) !== fieldContent(f)) fields[k] = { ...f, changed: stamp };
    else fields[k] = withStamp(f, old?.changed);
  }
  const removed = before ? Object.keys(before.fields).some((k) => !(k in after.fields)) : false;
  const attrs = !before || removed || attrsContent(before) !== attrsContent(after);
  return withStamp({ ...after, fields }, attrs ? stamp : before.changed);
}

/** `e` with the attributes `a` (an absent second keying is no `second` property, as the store writes it). */
function withAttrs(e: Entry, a: EntryAttrs): Entry {
  const { second, ...rest } = a;
  const { second: _old, ...base } = e;
  return second ? { ...base, ...rest, second } : { ...base, ...rest };
}

/** Merges a package's entries of one book into this machine's (see the module comment). */
export function mergePackageEntries(input: MergeInput): MergeResult {
  const { localHeads: here, incomingHeads: there } = input;
  const local = new Map(input.local.map((e) => [e.id, e]));
  const out: MergeResult = { put: [], remove: [], added: 0, taken: 0, conflicts: [], skippedDeleted: 0 };
  const conflict = (entryId: string, field: string, l: JsonValue, i: JsonValue): void => {
    out.conflicts.push({
      bookId: input.bookId,
      entryId,
      field,
      local: l,
      incoming: i,
      fromMachineId: input.fromMachineId,
      at: input.now,
    });
  };
  const seen = new Set<string>();
  for (const inc of input.incoming) {
    seen.add(inc.id);
    const mine = local.get(inc.id);
    if (!mine) {
      if (input.deletedHere.has(inc.id)) out.skippedDeleted++;
      else {
        out.put.push({ ...inc, bookId: input.bookId, revision: 0 });
        out.added++;
      }
      continue;
    }
    let next: Entry = mine;
    let taken = 0;
    // Entry attributes.
    if (attrsContent(mine) !== attrsContent(inc)) {
      const mineKnown = knows(there, mine.changed);
      const incKnown = knows(here, inc.changed);
      if (mineKnown && !incKnown) {
        next = withAttrs(next, entryAttrs(inc));
        if (inc.changed) next = { ...next, changed: inc.changed };
        taken++;
      } else if (!(incKnown && !mineKnown)) {
        conflict(
          mine.id,
          ENTRY_ATTRS,
          entryAttrs(mine) as unknown as JsonValue,
          entryAttrs(inc) as unknown as JsonValue,
        );
      }
    }
    // Fields.
    const keys = new Set([...Object.keys(mine.fields), ...Object.keys(inc.fields)]);
    let fields: Entry['fields'] | null = null;
    for (const k of keys) {
      const l = mine.fields[k];
      const i = inc.fields[k];
      if (fieldContent(l) === fieldContent(i)) continue;
      const mineKnown = knows(there, l ? l.changed : mine.changed);
      const incKnown = knows(here, i ? i.changed : inc.changed);
      if (mineKnown && !incKnown) {
        fields = i ? { ...(fields ?? mine.fields), [k]: i } : without(fields ?? mine.fields, k);
        taken++;
      } else if (!(incKnown && !mineKnown)) {
        conflict(mine.id, k, (l ?? null) as unknown as JsonValue, (i ?? null) as unknown as JsonValue);
      }
    }
    if (fields) next = { ...next, fields };
    if (taken) {
      out.put.push(next);
      out.taken += taken;
    }
  }
  for (const mine of input.local) {
    if (seen.has(mine.id) || !input.deletedThere.has(mine.id)) continue;
    // Deleted there: deleted here too unless changed here since the package's base.
    const untouched =
      knows(there, mine.changed) && Object.values(mine.fields).every((f) => knows(there, f.changed));
    if (untouched) out.remove.push(mine.id);
  }
  return out;
}

/**
 * Entries and pages that `events` record as deleted (entry.delete; page.delete and an import's removal name the
 * entries they took with them in `before.entries`).
 */
export function deletionsIn(events: readonly AuditEvent[]): { entries: Set<string>; pages: Set<string> } {
  const entries = new Set<string>();
  const pages = new Set<string>();
  for (const e of events) {
    if (e.action === 'entry.delete' && e.entryId) entries.add(e.entryId);
    if (e.action === 'page.delete' && e.pageId) pages.add(e.pageId);
    const before = e.before;
    if ((e.action === 'page.delete' || e.action === 'page.import') && before && typeof before === 'object') {
      const list = (before as Record<string, JsonValue>)['entries'];
      if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') entries.add(id);
      if (e.action === 'page.import' && e.pageId && Array.isArray(list)) pages.add(e.pageId);
    }
  }
  return { entries, pages };
}

/** Chain heads (machineId → highest seq) of one book's events. */
export function chainHeads(events: readonly AuditEvent[]): Record<string, number> {
  const heads: Record<string, number> = {};
  for (const e of events) heads[e.machineId] = Math.max(heads[e.machineId] ?? 0, e.seq);
  return heads;
}

/**
 * `entry` with the value a person chose for a conflict (`chosen`: a FieldValue, EntryAttrs for `ENTRY_ATTRS`,
 * null = absent), stamped `stamp` so the choice counts as a change made here.
 */
export function applyChoice(entry: Entry, field: string, chosen: JsonValue, stamp: ChangeStamp): Entry {
  if (field === ENTRY_ATTRS) {
    const a = (chosen ?? {}) as unknown as Partial<EntryAttrs>;
    const { second: _second, ...base } = entry;
    const second = a.second === undefined ? entry.second : a.second;
    return {
      ...base,
      ...(a.type ? { type: a.type } : {}),
      ...(a.state ? { state: a.state } : {}),
      ...(Array.isArray(a.pageIds) ? { pageIds: [...a.pageIds] } : {}),
      ...(typeof a.order === 'number' ? { order: a.order } : {}),
      keyedBy: a.keyedBy ?? null,
      continuesPrevious: a.continuesPrevious === true,
      ...(second ? { second } : {}),
      changed: stamp,
    };
  }
  const fields =
    chosen === null
      ? without(entry.fields, field)
      : { ...entry.fields, [field]: { ...normalizeField(chosen), changed: stamp } };
  return chosen === null ? { ...entry, fields, changed: stamp } : { ...entry, fields };
}

/** A conflict as stored again after a later import: same values → no change (importing twice changes nothing). */
export const sameConflict = (a: MergeConflict, b: MergeConflict): boolean =>
  canonicalJson(a.local) === canonicalJson(b.local) &&
  canonicalJson(a.incoming) === canonicalJson(b.incoming);

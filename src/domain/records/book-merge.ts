/**
 * Merging a book's own record from a work package (DESIGN.md §3.9), beside the entries' merge (merge.ts). Pure: the
 * workstation's store and the province server call it with what they hold and what the package holds.
 *
 * - Settings a person changes (`BOOK_SETTINGS`): each is audited by a `book.update` event naming it in `after`; the
 *   latest such event of each side is the value's stamp, and the rule of merge.ts applies: changed only there →
 *   taken; changed only here, or on both sides → this side's value stays.
 * - Acceptance records (nghiệm thu) are kept by id: one side's new record is added; the same record decided on one
 *   side only → the decision is taken; both undecided → the sample's marks are united (this side's mark wins for an
 *   entry both marked). A new undecided record at a level where this side has its own undecided one is not added
 *   (at most one undecided per level): counted in `acceptancesSkipped`.
 * - Notes (dated free text) are united.
 * The book's identity (id, type, commune) never changes in a merge.
 */
import type { AcceptanceRecord } from '../acceptance/record';
import { canonicalJson, type AuditEvent, type JsonValue } from './audit';
import type { Book, BookNote } from './book';
import { knows, type ChainHeads } from './merge';

export const BOOK_SETTINGS = [
  'bookNumber',
  'year',
  'paperSize',
  'checkerCorrections',
  'doubleKeying',
] as const;
export type BookSetting = (typeof BOOK_SETTINGS)[number];

export interface BookMergeInput {
  local: Book;
  localHeads: ChainHeads;
  localEvents: readonly AuditEvent[];
  incoming: Book;
  incomingHeads: ChainHeads;
  incomingEvents: readonly AuditEvent[];
  now: number;
}

export interface BookMergeResult {
  book: Book;
  changed: boolean;
  settingsTaken: BookSetting[];
  acceptancesTaken: number;
  acceptancesSkipped: number;
  notesTaken: number;
}

/** Per setting, the latest `book.update` event of `events` that names it (machine and seq). */
export function settingStamps(
  events: readonly AuditEvent[],
): Partial<Record<BookSetting, { machineId: string; seq: number; at: number }>> {
  const out: Partial<Record<BookSetting, { machineId: string; seq: number; at: number }>> = {};
  for (const e of events) {
    if (e.action !== 'book.update' || !isObject(e.after)) continue;
    for (const k of BOOK_SETTINGS) {
      if (!(k in e.after)) continue;
      const have = out[k];
      if (!have || e.at > have.at || (e.at === have.at && e.seq > have.seq))
        out[k] = { machineId: e.machineId, seq: e.seq, at: e.at };
    }
  }
  return out;
}

const isObject = (v: JsonValue): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const noteKey = (n: BookNote): string => canonicalJson(n);

function mergeAcceptance(mine: AcceptanceRecord, theirs: AcceptanceRecord): AcceptanceRecord {
  if (mine.decidedAt === null && theirs.decidedAt !== null) return theirs;
  if (mine.decidedAt !== null || theirs.decidedAt !== null) return mine;
  return { ...mine, marks: { ...theirs.marks, ...mine.marks } };
}

export function mergeBook(input: BookMergeInput): BookMergeResult {
  const { local, incoming } = input;
  let book: Book = local;
  const settingsTaken: BookSetting[] = [];
  const here = settingStamps(input.localEvents);
  const there = settingStamps(input.incomingEvents);
  for (const k of BOOK_SETTINGS) {
    if (canonicalJson(local[k]) === canonicalJson(incoming[k])) continue;
    const mineKnown = knows(input.incomingHeads, here[k]);
    const theirsKnown = knows(input.localHeads, there[k]);
    if (mineKnown && !theirsKnown) {
      book = { ...book, [k]: incoming[k] };
      settingsTaken.push(k);
    }
  }

  const byId = new Map(local.acceptances.map((a) => [a.id, a]));
  let acceptancesTaken = 0;
  let acceptancesSkipped = 0;
  for (const theirs of incoming.acceptances) {
    const mine = byId.get(theirs.id);
    if (mine) {
      const merged = mergeAcceptance(mine, theirs);
      if (canonicalJson(merged) !== canonicalJson(mine)) {
        byId.set(theirs.id, merged);
        acceptancesTaken++;
      }
      continue;
    }
    const openHere =
      theirs.decidedAt === null &&
      [...byId.values()].some((a) => a.level === theirs.level && a.decidedAt === null);
    if (openHere) acceptancesSkipped++;
    else {
      byId.set(theirs.id, theirs);
      acceptancesTaken++;
    }
  }
  if (acceptancesTaken)
    book = { ...book, acceptances: [...byId.values()].sort((a, b) => a.drawnAt - b.drawnAt) };

  const notes = new Map(local.notes.map((n) => [noteKey(n), n]));
  let notesTaken = 0;
  for (const n of incoming.notes) {
    if (notes.has(noteKey(n))) continue;
    notes.set(noteKey(n), n);
    notesTaken++;
  }
  if (notesTaken) book = { ...book, notes: [...notes.values()].sort((a, b) => a.at - b.at) };

  const changed = settingsTaken.length > 0 || acceptancesTaken > 0 || notesTaken > 0;
  if (changed) book = { ...book, updatedAt: Math.max(local.updatedAt, input.now) };
  return { book, changed, settingsTaken, acceptancesTaken, acceptancesSkipped, notesTaken };
}

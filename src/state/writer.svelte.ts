/**
 * The one writer of the open book (DESIGN.md §2, §3.8, §5). Every change the desk makes goes through it:
 * - entry edits are queued per entry and written at once (coalesced while a write is in flight), each with its
 *   audit events in the same transaction; a field edit is one event (the value before the operator started and
 *   the value left), however many keystrokes were written: the open edit's event is amended while it is the head
 *   of the chain;
 * - one-shot changes (add, split, merge, delete entries; rotate, mark, reorder, delete pages) run through `run`,
 *   after the queue has drained;
 * - every failure is kept in `saveError` (the save banner) and blocks moving on (`flush` rejects) until "Thử lưu
 *   lại" (`retry`) succeeds; a refused stale write (another tab) sets `saveConflict`.
 */
import type { AuditAction, AuditDraft, JsonValue } from '../domain/records/audit';
import type { Entry } from '../domain/records/entry';
import type { Actor } from '../domain/workflow';
import type { Repository } from '../storage';
import { StorageError } from '../storage';

/** Where the writer reads the latest copy of an entry and reports the stored revision. */
export interface EntrySource {
  get(id: string): Entry | undefined;
  saved(id: string, revision: number): void;
}

/** What an event is about. */
export interface EventTarget {
  bookId: string | null;
  entryId?: string | null;
  pageId?: string | null;
  field?: string | null;
}

interface OpenEdit {
  entryId: string;
  bookId: string;
  field: string;
  before: string;
  at: number;
  /** Seq of the edit's event once written (amended while it is the chain head). */
  seq: number | null;
  /** The value the edit's event holds (what was last written). */
  written: string;
}

export class EntryWriter {
  saving = $state(false);
  /** Plain-text Vietnamese message of the last failed write (shown until a write succeeds). */
  saveError: string | null = $state(null);
  /** The last failed write was refused because another tab changed the entry: only a reload helps. */
  saveConflict = $state(false);

  private readonly dirty = new Set<string>();
  private readonly queued = new Map<string, AuditDraft[]>();
  private edit: OpenEdit | null = null;
  private inFlight: Promise<void> | null = null;
  private failedOp: (() => Promise<void>) | null = null;
  private source: EntrySource | null = null;

  constructor(
    private readonly repo: Repository,
    private readonly actor: () => Actor | null,
  ) {}

  /** The desk's entries (the writer always writes their latest copy). */
  attach(source: EntrySource): void {
    this.source = source;
  }

  /** An event draft by the current user, now. */
  draft(
    action: AuditAction,
    target: EventTarget,
    before: JsonValue = null,
    after: JsonValue = null,
    note: string | null = null,
  ): AuditDraft {
    const a = this.actor();
    return {
      bookId: target.bookId,
      at: Date.now(),
      userId: a?.userId ?? null,
      role: a?.role ?? null,
      action,
      entryId: target.entryId ?? null,
      pageId: target.pageId ?? null,
      field: target.field ?? null,
      before,
      after,
      note,
    };
  }

  // ---- queued entry edits ------------------------------------------------------------------------------

  /** The operator changed `field` of `entry` (already replaced in the source); `before` is its previous value. */
  edited(entry: Entry, field: string, before: string): void {
    if (this.edit && (this.edit.entryId !== entry.id || this.edit.field !== field)) this.closeEdit();
    this.edit ??= {
      entryId: entry.id,
      bookId: entry.bookId,
      field,
      before,
      at: Date.now(),
      seq: null,
      written: before,
    };
    this.dirty.add(entry.id);
    this.kick();
  }

  /** A change of `entryId` (already in the source) to write with these events. */
  changed(entryId: string, ...events: AuditDraft[]): void {
    if (events.length) {
      this.closeEdit();
      this.queued.set(entryId, [...(this.queued.get(entryId) ?? []), ...events]);
    }
    this.dirty.add(entryId);
    this.kick();
  }

  /** The open field edit is over (focus moved on): the next keystroke starts a new event. */
  closeEdit(): void {
    const e = this.edit;
    if (!e) return;
    // Its last keystrokes may not be written yet: the entry's next write finishes the edit's event.
    this.closed.push(e);
    this.dirty.add(e.entryId);
    this.edit = null;
  }

  /** Edits over whose last value may not be in their event yet. */
  private closed: OpenEdit[] = [];

  // ---- one-shot changes --------------------------------------------------------------------------------

  /**
   * Runs a one-shot change once every queued edit is on disk. On failure the change is kept for "Thử lưu lại"
   * and the error is shown; the promise rejects so the caller does not move on.
   */
  async run<T>(op: () => Promise<T>): Promise<T> {
    await this.flush();
    try {
      const out = await op();
      this.failedOp = null;
      return out;
    } catch (e) {
      this.failedOp = async () => {
        await op();
      };
      this.fail(e);
      throw e;
    }
  }

  /** Resolves once every change made so far is on disk (rejects with the StorageError if a write failed). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      if (this.saveError) throw new StorageError('failed', this.saveError);
      if (!this.dirty.size) return;
      this.kick();
    }
  }

  /** "Thử lưu lại": writes what failed (a queued edit or a one-shot change) again. */
  async retry(): Promise<void> {
    this.saveError = null;
    this.saveConflict = false;
    const op = this.failedOp;
    if (op) {
      try {
        await this.flush();
        await op();
        this.failedOp = null;
      } catch (e) {
        this.fail(e);
        throw e;
      }
    }
    await this.flush();
  }

  /** Shows a failure that did not come from a write (the banner is the one place errors go). */
  fail(e: unknown): void {
    this.saveError = e instanceof Error ? e.message : String(e);
    this.saveConflict = e instanceof StorageError && e.code === 'conflict';
  }

  /** Forgets queued work of entries that are gone (a page deleted, another book opened). */
  reset(): void {
    this.dirty.clear();
    this.queued.clear();
    this.edit = null;
    this.closed = [];
  }

  // ---- the queue ---------------------------------------------------------------------------------------

  private kick(): void {
    if (this.inFlight || !this.dirty.size || this.saveError) return;
    this.saving = true;
    this.inFlight = (async () => {
      try {
        while (this.dirty.size) {
          const [id] = this.dirty;
          if (id === undefined) break;
          this.dirty.delete(id);
          if (!(await this.writeOne(id))) return;
        }
        this.saveError = null;
      } finally {
        this.saving = false;
        this.inFlight = null;
      }
    })();
  }

  /** Writes one entry's latest copy with its events; false (and the error shown) when the write failed. */
  private async writeOne(id: string): Promise<boolean> {
    const entry = this.source?.get(id);
    const events = this.queued.get(id) ?? [];
    this.queued.delete(id);
    const closed = this.closed.filter((e) => e.entryId === id);
    this.closed = this.closed.filter((e) => e.entryId !== id);
    if (!entry) return true;
    const open = this.edit?.entryId === id ? this.edit : null;
    const value = (e: OpenEdit): string => entry.fields[e.field]?.value ?? '';
    // Edits whose event must be written or brought up to date (the value moved since the last write).
    const edits = [...closed, ...(open ? [open] : [])].filter((e) =>
      e.seq === null ? value(e) !== e.before : value(e) !== e.written,
    );
    const drafts = edits.map((e) => ({
      ...this.draft('field.edit', { bookId: e.bookId, entryId: id, field: e.field }),
      at: e.at,
      before: e.before,
      after: value(e),
      pageId: entry.fields[e.field]?.region?.pageId ?? entry.pageIds[0] ?? null,
    }));
    try {
      const out = await this.repo.saveEntries({
        put: [entry],
        events: [...drafts, ...events],
        // Only the first event can replace the chain head (when it still is this edit's event).
        amendSeq: edits[0]?.seq ?? null,
      });
      const stored = out.entries[0];
      if (stored) this.source?.saved(id, stored.revision);
      edits.forEach((e, i) => {
        e.seq = out.events[i]?.seq ?? e.seq;
        e.written = value(e);
      });
      // Other events followed the open edit's: it is no longer the chain head, its next change is a new event.
      if (open && this.edit === open && events.length) this.edit = null;
      return true;
    } catch (e) {
      this.dirty.add(id);
      this.queued.set(id, [...events, ...(this.queued.get(id) ?? [])]);
      this.closed.push(...closed);
      this.fail(e);
      return false;
    }
  }
}

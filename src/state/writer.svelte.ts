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
export interface EventSubject {
  bookId: string | null;
  entryId?: string | null;
  pageId?: string | null;
  field?: string | null;
}

interface OpenEdit {
  entryId: string;
  bookId: string;
  field: string;
  /** The value before the operator started this edit. */
  before: string;
  /** When and by whom the edit started (a user switch mid-edit never renames it). */
  at: number;
  userId: string | null;
  role: AuditDraft['role'];
  /** Seq of the edit's event once written (amended while it is the chain head). */
  seq: number | null;
  /** The value the edit's event holds (what was last written). */
  written: string;
}

/** A queued event; an edit's event carries how to amend the head it may still be. */
interface Queued {
  draft: AuditDraft;
  edit?: OpenEdit;
}

export class EntryWriter {
  saving = $state(false);
  /** Plain-text Vietnamese message of the last failed write (shown until a write succeeds). */
  saveError: string | null = $state(null);
  /** The last failed write was refused because another tab changed the entry: only a reload helps. */
  saveConflict = $state(false);

  private readonly dirty = new Set<string>();
  /** Events per entry, in the order the changes were made (closed edits frozen at their last value). */
  private readonly queued = new Map<string, Queued[]>();
  private edit: OpenEdit | null = null;
  private inFlight: Promise<void> | null = null;
  /** One-shot changes run one after the other. */
  private ops: Promise<unknown> = Promise.resolve();
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

  /** An event about entry `e` (its field's page, else the entry's first page) by the current user, now. */
  entryDraft(
    e: Entry,
    action: AuditAction,
    field: string | null,
    before: JsonValue,
    after: JsonValue,
    note: string | null = null,
  ): AuditDraft {
    const pageId = (field ? e.fields[field]?.region?.pageId : null) ?? e.pageIds[0] ?? null;
    return this.draft(action, { bookId: e.bookId, entryId: e.id, pageId, field }, before, after, note);
  }

  /** True while the operator is typing in `field` of `entryId` (an edit not yet closed by moving on). */
  isEditing(entryId: string, field: string): boolean {
    return this.edit?.entryId === entryId && this.edit.field === field;
  }

  /** An event draft by the current user, now. */
  draft(
    action: AuditAction,
    target: EventSubject,
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
    if (!this.edit) {
      const a = this.actor();
      this.edit = {
        entryId: entry.id,
        bookId: entry.bookId,
        field,
        before,
        at: Date.now(),
        userId: a?.userId ?? null,
        role: a?.role ?? null,
        seq: null,
        written: before,
      };
    }
    this.dirty.add(entry.id);
    this.kick();
  }

  /** A change of `entryId` (already in the source) to write with these events, after any edit before it. */
  changed(entryId: string, ...events: AuditDraft[]): void {
    this.closeEdit();
    if (events.length)
      this.queue(
        entryId,
        events.map((draft) => ({ draft })),
      );
    this.dirty.add(entryId);
    this.kick();
  }

  /**
   * The open field edit is over (focus moved on, another change came): its event is frozen at the value it has
   * now and queued in order; the next keystroke starts a new event. Nothing is written when nothing changed.
   */
  closeEdit(): void {
    const e = this.edit;
    this.edit = null;
    if (!e) return;
    const draft = this.editDraft(e);
    if (draft) this.queue(e.entryId, [{ draft, edit: e }]);
  }

  private queue(entryId: string, items: Queued[]): void {
    this.queued.set(entryId, [...(this.queued.get(entryId) ?? []), ...items]);
  }

  /** The event of an edit at its current value, or null when its event already says so. */
  private editDraft(e: OpenEdit): AuditDraft | null {
    const entry = this.source?.get(e.entryId);
    const value = entry?.fields[e.field]?.value ?? '';
    if (e.seq === null ? value === e.before : value === e.written) return null;
    return {
      bookId: e.bookId,
      at: e.at,
      userId: e.userId,
      role: e.role,
      action: 'field.edit',
      entryId: e.entryId,
      pageId: entry?.fields[e.field]?.region?.pageId ?? entry?.pageIds[0] ?? null,
      field: e.field,
      before: e.before,
      after: value,
      note: null,
    };
  }

  // ---- one-shot changes --------------------------------------------------------------------------------

  /**
   * Runs a one-shot change once every queued edit is on disk and every earlier one-shot change has finished. On
   * failure the change is kept for "Thử lưu lại" and the error is shown; the promise rejects so the caller does
   * not move on. `op` reads the state it changes when it runs (a retry works on what is current then).
   */
  async run<T>(op: () => Promise<T>): Promise<T> {
    const prev = this.ops;
    const mine = (async () => {
      await prev.catch(() => undefined);
      this.closeEdit();
      await this.flush();
      try {
        return await op();
      } catch (e) {
        this.failedOp = async () => {
          await op();
        };
        this.fail(e);
        throw e;
      }
    })();
    this.ops = mine;
    return mine;
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

  /** The open book was closed or deleted: its queued work and its failure go with it. */
  reset(): void {
    this.dirty.clear();
    this.queued.clear();
    this.edit = null;
    this.failedOp = null;
    this.saveError = null;
    this.saveConflict = false;
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
    const items = this.queued.get(id) ?? [];
    this.queued.delete(id);
    if (!entry) return true;
    const open = this.edit?.entryId === id ? this.edit : null;
    const openDraft = open ? this.editDraft(open) : null;
    const all: Queued[] = [...items, ...(open && openDraft ? [{ draft: openDraft, edit: open }] : [])];
    try {
      const out = await this.repo.saveEntries({
        put: [entry],
        events: all.map((q) =>
          q.edit && q.edit.seq !== null
            ? { ...q.draft, amend: { seq: q.edit.seq, before: q.edit.written } }
            : q.draft,
        ),
      });
      const stored = out.entries[0];
      if (stored) this.source?.saved(id, stored.revision);
      all.forEach((q, i) => {
        if (!q.edit) return;
        q.edit.seq = out.events[i]?.seq ?? q.edit.seq;
        q.edit.written = typeof q.draft.after === 'string' ? q.draft.after : q.edit.written;
      });
      return true;
    } catch (e) {
      this.dirty.add(id);
      this.queued.set(id, [...items, ...(this.queued.get(id) ?? [])]);
      this.fail(e);
      return false;
    }
  }
}

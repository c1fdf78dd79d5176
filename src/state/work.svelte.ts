/**
 * The operator's desk (screen "Nhập liệu"): the page on screen, its entries and the focused field; navigation
 * and focus only. The book and its pages belong to `BookSession`; every write goes through `EntryWriter` (its
 * audit events in the same transaction, failures on the save banner). Anything that moves the operator on
 * (Enter, next entry/page, leaving the screen) first waits until the data is on disk. The position (book, page,
 * entry, field) is stored too, so a reload or a killed tab comes back to exactly the same place.
 */
import { secondKeyingJson } from '../domain/double-keying';
import type { Box } from '../domain/geometry';
import type { AuditDraft } from '../domain/records/audit';
import {
  emptyEntry,
  emptyField,
  mergeEntries,
  refreshFromOcr,
  splitEntry,
  typedField,
  withoutSecond,
  withoutChecks,
  type Entry,
  type FieldFlag,
  type FieldValue,
} from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import { isImpossibleDate } from '../domain/records/validate';
import { fieldByKey, REGISTERS } from '../domain/registers';
import type { RuleContext } from '../domain/rules';
import { canTransition, type Actor } from '../domain/workflow';
import { StorageError, type Repository } from '../storage';
import type { BookSession } from './book-session.svelte';
import { bookRuleContext, fieldViews, isFullyKeyed, nextUncertainKey, type FieldView } from './fields';
import type { EntryWriter } from './writer.svelte';

export interface Position {
  bookId: string;
  pageId: string | null;
  entryId: string | null;
  fieldKey: string | null;
}

export const SESSION_KEY = 'session';

/** One action Ctrl+Z can take back. */
export interface UndoStep {
  /** Vietnamese, e.g. "Xoá mục 2 (số 15)". */
  label: string;
  /** The page the action was made on (undo shows it again). */
  pageId: string;
  undo: () => Promise<void>;
}

const UNDO_DEPTH = 20;
/** Where an entry is: the page it starts on (id and index in the book) and its id. */
export interface EntryPlace {
  pageId: string;
  pageIndex: number;
  entryId: string | null;
}

/** Chooses the next / previous entry while a search or a filter is active (the finder). */
export interface EntryStepper {
  /** The entry to go to; null when none is left that way; undefined when nothing is active (plain order). */
  step(from: EntryPlace, dir: 1 | -1): EntryPlace | null | undefined;
}

export class WorkState {
  pageIndex = $state(0);
  /** Object URL of the page image on screen. */
  imageUrl: string | null = $state(null);
  /** Entries of the page on screen: plain records, replaced (never mutated) on every change. */
  entries: Entry[] = $state.raw([]);
  entryIndex = $state(0);
  focusedKey: string | null = $state(null);
  /** Field whose box the operator is drawing on the page, if any. */
  drawingKey: string | null = $state(null);
  /** What Ctrl+Z takes back in the open book, newest last. */
  undoSteps: UndoStep[] = $state.raw([]);

  readonly page: Page | null = $derived(this.pages[this.pageIndex] ?? null);
  readonly entry: Entry | null = $derived(this.entries[this.entryIndex] ?? null);
  readonly views: FieldView[] = $derived(this.entry ? fieldViews(this.entry, this.ruleContext()) : []);

  /** The open book's pages (owned by the book session). */
  get pages(): Page[] {
    return this.session.pages;
  }

  private loadSeq = 0;
  private readonly listeners = new Set<(p: Position) => void>();
  private stepper: EntryStepper | null = null;

  constructor(
    private readonly repo: Repository,
    private readonly session: BookSession,
    readonly writer: EntryWriter,
    private readonly actor: () => Actor | null,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {
    writer.attach({
      get: (id) => this.entries.find((e) => e.id === id),
      saved: (id, revision) => {
        this.entries = this.entries.map((x) => (x.id === id ? { ...x, revision } : x));
      },
    });
  }

  // ---- what the save banner shows (owned by the writer) ------------------------------------------------

  get saveError(): string | null {
    return this.writer.saveError;
  }
  get saveConflict(): boolean {
    return this.writer.saveConflict;
  }
  get saving(): boolean {
    return this.writer.saving;
  }
  retry = (): Promise<void> => this.writer.retry();
  /** Message of the last action that failed for another reason than a write (shown until dismissed). */
  actionError: string | null = $state(null);

  /**
   * A keyboard or button action failed: a failed write is on the save banner already (the writer keeps it for
   * "Thử lưu lại"); anything else is shown on its own, without blocking the saves.
   */
  report = (e: unknown): void => {
    if (e instanceof StorageError) {
      if (!this.writer.saveError) this.writer.fail(e);
    } else {
      console.error(e);
      this.actionError = e instanceof Error ? e.message : String(e);
    }
  };
  flush = (): Promise<void> => this.writer.flush();

  /** Next / previous entry follow `stepper` while it is active (the finder's search and filter). */
  useStepper(stepper: EntryStepper | null): void {
    this.stepper = stepper;
  }

  /** Called when the page on screen changes (the OCR queue follows the operator's focus). */
  onFocusChange(fn: (p: Position) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // ---- opening ----------------------------------------------------------------------------------------

  /** Shows the open book at a stored position (or its first page). */
  async open(at?: Partial<Position>): Promise<void> {
    await this.flush();
    if (this.session.book?.id !== this.undoBook) this.undoSteps = [];
    this.undoBook = this.session.book?.id ?? null;
    const idx = at?.pageId ? this.pages.findIndex((p) => p.id === at.pageId) : 0;
    await this.showPage(Math.max(0, idx), at?.entryId ?? null, at?.fieldKey ?? null);
  }

  /** The page list changed (import, reorder, delete): keep the page on screen if it is still there. */
  async pagesChanged(): Promise<void> {
    const current = this.page?.id;
    const shown = this.entries;
    const idx = current ? this.pages.findIndex((p) => p.id === current) : -1;
    if (idx >= 0 && (shown.length || !this.pages[idx])) this.pageIndex = idx;
    else await this.showPage(Math.min(Math.max(idx, 0), Math.max(0, this.pages.length - 1)), null, null);
  }

  /**
   * OCR of a page has landed: refresh its entries if it is on screen and the operator had none. A page the
   * operator asked to read again keeping their work (`readAgain('keep')`) takes the new reading (`drafts`) in
   * the fields nobody touched.
   */
  async pageRead(pageId: string, drafts: readonly Entry[] = []): Promise<void> {
    const onScreenAndEmpty = (): boolean => this.page?.id === pageId && !this.entries.length;
    await this.session.refreshPage(pageId);
    if (this.rereading.delete(pageId) && drafts.length) await this.refreshPage(pageId, drafts);
    if (!onScreenAndEmpty()) return;
    const seq = this.loadSeq;
    const entries = await this.repo.listPageEntries(pageId);
    // The operator may have moved on, or started an entry, while the list was read.
    if (seq !== this.loadSeq || !onScreenAndEmpty()) return;
    this.entries = entries;
    this.entryIndex = 0;
    this.focusedKey = this.firstKey();
  }

  /** Reads the entries of the page on screen again (another screen, the checker's, wrote them meanwhile). */
  async reload(): Promise<void> {
    const page = this.page;
    if (!page) return;
    await this.flush();
    const seq = this.loadSeq;
    const entryId = this.entry?.id;
    const entries = await this.repo.listPageEntries(page.id);
    if (seq !== this.loadSeq || this.pages[this.pageIndex]?.id !== page.id) return;
    this.entries = entries;
    const i = entries.findIndex((e) => e.id === entryId);
    this.entryIndex = Math.max(0, i);
    if (i < 0) this.focusedKey = this.firstKey();
  }

  close(): void {
    this.undoSteps = [];
    this.revokeImage();
    this.entries = [];
    this.pageIndex = 0;
  }

  // ---- navigation ---------------------------------------------------------------------------------------

  async gotoPage(index: number): Promise<void> {
    if (index < 0 || index >= this.pages.length || index === this.pageIndex) return;
    await this.flush();
    await this.showPage(index, null, null);
  }

  nextPage = (): Promise<void> => this.gotoPage(this.pageIndex + 1);
  prevPage = (): Promise<void> => this.gotoPage(this.pageIndex - 1);

  async gotoEntry(index: number): Promise<void> {
    if (index < 0 || index >= this.entries.length) return;
    this.writer.closeEdit();
    await this.flush();
    this.entryIndex = index;
    this.focusedKey = this.firstKey();
    await this.savePosition();
  }

  /** Next entry on this page, else the first entry of the next page (the next matching one under a filter). */
  async nextEntry(): Promise<void> {
    if (await this.step(1)) return;
    if (this.entryIndex + 1 < this.entries.length) return this.gotoEntry(this.entryIndex + 1);
    await this.nextPage();
  }

  async prevEntry(): Promise<void> {
    if (await this.step(-1)) return;
    if (this.entryIndex > 0) return this.gotoEntry(this.entryIndex - 1);
    if (this.pageIndex === 0) return;
    await this.flush();
    await this.showPage(this.pageIndex - 1, null, null);
    this.entryIndex = Math.max(0, this.entries.length - 1);
    this.focusedKey = this.firstKey();
  }

  /** Shows an entry (a search result, the next filtered entry) on the page it starts on. */
  async showEntry(pageId: string, entryId: string): Promise<void> {
    const index = this.pages.findIndex((p) => p.id === pageId);
    if (index < 0) return;
    const here = index === this.pageIndex ? this.entries.findIndex((e) => e.id === entryId) : -1;
    if (here >= 0) return this.gotoEntry(here);
    this.writer.closeEdit();
    await this.flush();
    await this.showPage(index, entryId, null);
  }

  /** Moves by the stepper when it is active; true when it decided (even to stay: nothing left that way). */
  private async step(dir: 1 | -1): Promise<boolean> {
    const page = this.page;
    if (!page || !this.stepper) return false;
    const to = this.stepper.step(
      { pageId: page.id, pageIndex: this.pageIndex, entryId: this.entry?.id ?? null },
      dir,
    );
    if (to === undefined) return false;
    if (to) await this.showEntry(to.pageId, to.entryId ?? '');
    return true;
  }

  async focusField(key: string | null): Promise<void> {
    if (key !== this.focusedKey) this.writer.closeEdit();
    this.focusedKey = key;
    await this.savePosition();
  }

  /** Moves to the next field of the form (wrapping to the next entry at the end). */
  async nextField(): Promise<void> {
    const keys = this.views.map((v) => v.def.key);
    const i = this.focusedKey ? keys.indexOf(this.focusedKey) : -1;
    if (i + 1 < keys.length) await this.focusField(keys[i + 1] ?? null);
    else await this.nextEntry();
  }

  async prevField(): Promise<void> {
    const keys = this.views.map((v) => v.def.key);
    const i = this.focusedKey ? keys.indexOf(this.focusedKey) : keys.length;
    if (i > 0) await this.focusField(keys[i - 1] ?? null);
  }

  /** Focuses the next field that needs the operator's eye; returns false when none is left on this entry. */
  async nextUncertain(): Promise<boolean> {
    const key = nextUncertainKey(this.views, this.focusedKey);
    if (key) await this.focusField(key);
    return key !== null;
  }

  // ---- edits (each one persisted, with its audit event) ------------------------------------------------

  /**
   * The operator typed: the value is stored NFC (any input method, composed or not); one event per edit. Typing
   * takes back a confirmation and a 'blank' flag: those changes are recorded too.
   */
  setValue(key: string, raw: string): void {
    const entry = this.entry;
    if (!entry) return;
    const value = raw.normalize('NFC');
    const f = entry.fields[key] ?? emptyField();
    const typed = typedField(f, value, entry.state);
    const flags = typed.flags;
    let next = this.withField(entry, key, () => typed);
    // The first keyer changed a value: a blind second keying of the old values no longer counts.
    const second = value !== f.value ? next.second : undefined;
    if (second) next = withoutSecond(next);
    const side = [
      ...(second
        ? [
            this.draft(
              next,
              'entry.key2',
              null,
              secondKeyingJson(second),
              null,
              'người nhập lần một sửa giá trị: cần nhập lần hai lại',
            ),
          ]
        : []),
      ...(f.confirmed ? [this.draft(next, 'field.confirm', key, true, false)] : []),
      ...(flags.length !== f.flags.length ? [this.draft(next, 'field.flag', key, f.flags, flags)] : []),
      // The checker's mark of the old value goes: the new one must be checked again.
      ...(f.check && !typed.check
        ? [this.draft(next, 'field.check', key, { ...f.check }, null, 'giá trị đã sửa: kiểm tra lại')]
        : []),
    ];
    this.replaceEntry(next);
    if (side.length) this.writer.changed(next.id, ...side);
    this.writer.edited(next, key, f.value);
  }

  /**
   * Enter: the value is right as it stands. Waits for the write, then moves to the next field (on the last
   * field: finishes the entry).
   */
  async confirm(key: string): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    const def = fieldByKey(entry.type, key);
    const f = entry.fields[key] ?? emptyField();
    const flags = new Set(f.flags);
    if (def && isImpossibleDate(def, f.value)) flags.add('impossible_date');
    const changed = this.withField(entry, key, (x) => ({ ...x, confirmed: true, flags: [...flags] }));
    const events = [
      this.draft(changed, 'field.confirm', key, f.confirmed, true),
      ...(flags.size !== f.flags.length ? [this.draft(changed, 'field.flag', key, f.flags, [...flags])] : []),
    ];
    this.pushUndo(`Xác nhận "${def?.uiLabel ?? key}"`, this.restoreMarks(entry, [key]));
    this.commit(changed, events);
    await this.flush();
    // Enter on the last field finishes the entry (the operator has gone through every field).
    const keys = this.views.map((v) => v.def.key);
    if (keys[keys.length - 1] === key) await this.finishEntry();
    else await this.nextField();
  }

  /**
   * Ctrl+Enter (and Enter on the last field): the operator has looked at every field of the entry, so the ones
   * not yet confirmed count as confirmed (impossible dates flagged, as Enter does) and the entry moves to keyed;
   * one 'entry.finish' event lists the fields it confirmed. Then on to the next entry's first uncertain field.
   */
  async finishEntry(): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    const confirmed: string[] = [];
    const flagged: Record<string, FieldFlag[]> = {};
    const fields = { ...entry.fields };
    for (const def of REGISTERS[entry.type].fields) {
      const f = fields[def.key] ?? emptyField();
      if (f.confirmed) continue;
      const flags =
        isImpossibleDate(def, f.value) && !f.flags.includes('impossible_date')
          ? [...f.flags, 'impossible_date' as const]
          : f.flags;
      if (flags !== f.flags) flagged[def.key] = flags;
      fields[def.key] = { ...f, confirmed: true, flags };
      confirmed.push(def.key);
    }
    if (confirmed.length) {
      this.pushUndo(`Hoàn thành mục ${this.entryIndex + 1}`, this.restoreMarks(entry, confirmed));
      const changed = { ...entry, fields };
      this.commit(changed, [
        this.draft(
          changed,
          'entry.finish',
          null,
          { unconfirmed: confirmed },
          {
            confirmed,
            ...(Object.keys(flagged).length ? { flags: flagged } : {}),
          },
        ),
      ]);
    }
    this.writer.closeEdit();
    await this.flush();
    await this.nextEntry();
  }

  /** Toggles a flag; 'blank' empties nothing (the value stays as keyed) but confirms the field. */
  async toggleFlag(key: string, flag: FieldFlag): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    const f = entry.fields[key] ?? emptyField();
    const on = !f.flags.includes(flag);
    const flags = on ? [...f.flags, flag] : f.flags.filter((x) => x !== flag);
    const changed = this.withField(entry, key, (x) => ({ ...x, flags, confirmed: on ? true : x.confirmed }));
    this.pushUndo('Đánh dấu trường', this.restoreMarks(entry, [key]));
    this.commit(changed, [this.draft(changed, 'field.flag', key, f.flags, flags)]);
    await this.flush();
  }

  /** Marks the focused field blank in the register / illegible, then moves on. */
  async flagAndNext(flag: 'blank' | 'illegible'): Promise<void> {
    const key = this.focusedKey;
    if (!key) return;
    const f = this.entry?.fields[key];
    if (!f?.flags.includes(flag)) await this.toggleFlag(key, flag);
    await this.nextField();
  }

  /** A box drawn or adjusted on the page for a field. */
  async setBox(key: string, box: Box): Promise<void> {
    const entry = this.entry;
    const pageId = this.page?.id;
    if (!entry || !pageId) return;
    const before = entry.fields[key]?.region ?? null;
    const changed = this.withField(entry, key, (f) => ({ ...f, region: { pageId, box } }));
    this.commit(changed, [
      this.draft(changed, 'field.box', key, before ? { ...before, box: [...before.box] } : null, {
        pageId,
        box: [...box],
      }),
    ]);
    this.drawingKey = null;
    await this.flush();
  }

  // ---- entries ------------------------------------------------------------------------------------------

  async addEntry(): Promise<void> {
    const book = this.session.book;
    const page = this.page;
    if (!book || !page) return;
    const id = this.newId();
    await this.writer.run(async () => {
      const order = this.entries.filter((e) => e.pageIds[0] === page.id).length;
      const e = emptyEntry({ bookId: book.id, pageId: page.id, type: book.type, order }, id);
      const out = await this.repo.saveEntries({
        put: [e],
        events: [this.draft(e, 'entry.add', null, null, { pageIds: e.pageIds, order })],
      });
      if (this.page?.id === page.id) this.entries = [...this.entries, ...out.entries];
    });
    this.pushUndo('Thêm mục', () => this.removeAdded(id));
    await this.gotoEntry(this.entries.findIndex((x) => x.id === id));
  }

  /** Splits the current entry before the focused field: that field and the ones after go to a new entry. */
  async splitEntry(): Promise<void> {
    const entryId = this.entry?.id;
    const page = this.page;
    const key = this.focusedKey;
    if (!entryId || !page || !key) return;
    const newId = this.newId();
    await this.writer.run(async () => {
      // Read after the queue drained: the entry as it is on disk now (its latest revision).
      const entry = this.entries.find((e) => e.id === entryId);
      if (!entry) return;
      const [kept, created] = splitEntry(entry, key, newId);
      const later = this.entries.filter((e) => e.pageIds[0] === page.id && e.order > entry.order);
      await this.repo.saveEntries({
        put: [kept, created, ...later.map((e) => ({ ...e, order: e.order + 1 }))],
        events: [
          this.draft(kept, 'entry.split', null, null, {
            fields: Object.keys(created.fields),
            newEntryId: newId,
          }),
          this.draft(created, 'entry.add', null, null, {
            pageIds: created.pageIds,
            order: created.order,
            splitFrom: entry.id,
          }),
        ],
      });
      this.entries = await this.repo.listPageEntries(page.id);
    });
    await this.gotoEntry(this.entries.findIndex((e) => e.id === newId));
  }

  /** Deletes the current entry; its fields stay in the audit trail (the event's `before`). */
  async deleteEntry(): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    await this.writer.run(async () => {
      await this.repo.saveEntries({
        remove: [entry.id],
        events: [this.draft(entry, 'entry.delete', null, snapshot(entry), null)],
      });
      this.entries = this.entries.filter((e) => e.id !== entry.id);
    });
    const label = `Xoá mục ${this.entryIndex + 1}${entry.fields['so']?.value ? ` (số ${entry.fields['so'].value})` : ''}`;
    this.pushUndo(label, () => this.restoreEntry(entry));
    this.entryIndex = Math.min(this.entryIndex, Math.max(0, this.entries.length - 1));
    this.focusedKey = this.firstKey();
    await this.savePosition();
  }

  /** The current entry continues on the next page (toggle). */
  async toggleContinues(): Promise<void> {
    const entry = this.entry;
    const next = this.pages[this.pageIndex + 1];
    if (!entry || !next) return;
    const here = entry.pageIds.indexOf(this.page?.id ?? '');
    const continues = entry.pageIds.length > here + 1;
    const pageIds = continues
      ? entry.pageIds.slice(0, here + 1)
      : [...entry.pageIds.slice(0, here + 1), next.id];
    const changed = { ...entry, pageIds };
    this.commit(changed, [this.draft(changed, 'entry.continue', null, entry.pageIds, pageIds)]);
    await this.flush();
  }

  /**
   * Joins the current entry to the last entry of the previous page (the register entry runs over the page
   * break), in one transaction: the earlier entry takes the fields it lacks and lists this page, this entry is
   * removed; both events keep what each part held, so nothing typed is lost.
   */
  async mergeIntoPrevious(): Promise<void> {
    const entry = this.entry;
    const page = this.page;
    const prevPage = this.pages[this.pageIndex - 1];
    if (!entry || !page || !prevPage || entry.pageIds[0] !== page.id) return;
    await this.writer.run(async () => {
      const before = (await this.repo.listPageEntries(prevPage.id)).filter(
        (e) => e.pageIds[0] === prevPage.id,
      );
      const target = before[before.length - 1];
      if (!target) return;
      const merged = mergeEntries(target, entry);
      await this.repo.saveEntries({
        put: [merged],
        remove: [entry.id],
        events: [
          this.draft(
            merged,
            'entry.merge',
            null,
            snapshot(target),
            snapshot(merged),
            `gộp từ mục ${entry.id}`,
          ),
          this.draft(entry, 'entry.delete', null, snapshot(entry), null, `gộp vào ${target.id}`),
        ],
      });
      this.entries = await this.repo.listPageEntries(page.id);
      this.entryIndex = Math.max(
        0,
        this.entries.findIndex((e) => e.id === target.id),
      );
    });
    this.focusedKey = this.firstKey();
    await this.savePosition();
  }

  readonly continuesOnNext: boolean = $derived.by(() => {
    const e = this.entry;
    const p = this.page;
    if (!e || !p) return false;
    return e.pageIds.indexOf(p.id) < e.pageIds.length - 1;
  });

  // ---- undo (Ctrl+Z) -----------------------------------------------------------------------------------

  /** Label of what Ctrl+Z would take back, if anything. */
  get undoLabel(): string | null {
    return this.undoSteps[this.undoSteps.length - 1]?.label ?? null;
  }

  /** Takes back the last undoable action on this page (recorded in the audit trail like any change). */
  async undo(): Promise<void> {
    const step = this.undoSteps[this.undoSteps.length - 1];
    if (!step) return;
    this.undoSteps = this.undoSteps.slice(0, -1);
    this.writer.closeEdit();
    await this.flush();
    // Back to the page the action was made on (finishing the last entry of a page moves to the next one).
    const at = this.pages.findIndex((p) => p.id === step.pageId);
    if (at >= 0 && at !== this.pageIndex) await this.showPage(at, null, null);
    await step.undo();
    await this.flush();
  }

  private pushUndo(label: string, undo: () => Promise<void>): void {
    const pageId = this.page?.id ?? '';
    this.undoSteps = [...this.undoSteps.slice(-(UNDO_DEPTH - 1)), { label, pageId, undo }];
  }

  /**
   * Undo of a confirmation / flag / finish: puts back the confirmation and flags `keys` had in `before` (the
   * values typed since stay), and takes back the move to keyed that came with it.
   */
  private restoreMarks(before: Entry, keys: readonly string[]): () => Promise<void> {
    return async () => {
      const idx = this.entries.findIndex((e) => e.id === before.id);
      const now = this.entries[idx];
      if (!now) return;
      const fields = { ...now.fields };
      const events: AuditDraft[] = [];
      for (const key of keys) {
        const was = before.fields[key] ?? emptyField();
        const cur = fields[key] ?? emptyField();
        fields[key] = { ...cur, confirmed: was.confirmed, flags: [...was.flags] };
        if (cur.confirmed !== was.confirmed)
          events.push(this.draft(now, 'field.confirm', key, cur.confirmed, was.confirmed, 'hoàn tác'));
        if (cur.flags.join() !== was.flags.join())
          events.push(this.draft(now, 'field.flag', key, cur.flags, was.flags, 'hoàn tác'));
      }
      let next: Entry = { ...now, fields };
      const actor = this.actor();
      if (now.state === 'keyed' && before.state !== 'keyed' && actor) {
        if (canTransition(now, before.state, actor)) {
          next = { ...next, state: before.state };
          events.push(this.draft(next, 'entry.state', null, now.state, before.state, 'hoàn tác'));
        }
      }
      if (!events.length) return;
      this.entryIndex = idx;
      this.focusedKey = keys.length === 1 ? (keys[0] ?? null) : this.firstKey();
      this.replaceEntry(next);
      this.writer.changed(next.id, ...events);
      await this.savePosition();
    };
  }

  /** Undo of a deletion: the entry comes back as it was (same id), its return recorded. */
  private async restoreEntry(entry: Entry): Promise<void> {
    const pageId = this.page?.id;
    await this.writer.run(async () => {
      const back: Entry = { ...entry, revision: 0 };
      await this.repo.saveEntries({
        put: [back],
        events: [
          this.draft(
            back,
            'entry.add',
            null,
            null,
            { pageIds: back.pageIds, order: back.order },
            'hoàn tác xoá mục',
          ),
        ],
      });
      const shown = this.page;
      if (pageId && shown && shown.id === pageId) this.entries = await this.repo.listPageEntries(pageId);
    });
    this.entryIndex = Math.max(
      0,
      this.entries.findIndex((e) => e.id === entry.id),
    );
    this.focusedKey = this.firstKey();
    await this.savePosition();
  }

  /** Undo of "+ Mục": the entry added is removed again, if nothing was typed into it meanwhile. */
  private async removeAdded(id: string): Promise<void> {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) return;
    if (Object.values(entry.fields).some((f) => f.value || f.confirmed || f.flags.length)) {
      this.actionError = 'Mục vừa thêm đã có dữ liệu; hãy dùng "Xoá mục" nếu muốn xoá nó.';
      return;
    }
    await this.writer.run(async () => {
      await this.repo.saveEntries({
        remove: [id],
        events: [this.draft(entry, 'entry.delete', null, snapshot(entry), null, 'hoàn tác thêm mục')],
      });
      this.entries = this.entries.filter((e) => e.id !== id);
    });
    this.entryIndex = Math.min(this.entryIndex, Math.max(0, this.entries.length - 1));
    this.focusedKey = this.firstKey();
    await this.savePosition();
  }

  // ---- page-level ---------------------------------------------------------------------------------------

  async rotatePage(): Promise<void> {
    if (this.page) await this.session.rotate(this.page.id);
  }

  async setMark(mark: Page['mark']): Promise<void> {
    if (this.page) await this.session.mark(this.page.id, mark);
  }

  /**
   * Reads the page on screen again. 'keep': entries stay; when the new reading lands, only the fields nobody
   * typed, confirmed or flagged take it (see `pageRead`). 'replace': the page's entries are deleted first (their
   * values kept in the history, as any deletion) and the new reading makes new ones.
   */
  async readAgain(mode: 'keep' | 'replace' = 'keep'): Promise<void> {
    const page = this.page;
    if (!page) return;
    if (mode === 'replace') {
      await this.writer.run(async () => {
        const mine = (await this.repo.listPageEntries(page.id)).filter((e) => e.pageIds[0] === page.id);
        if (!mine.length) return;
        await this.repo.saveEntries({
          remove: mine.map((e) => e.id),
          events: mine.map((e) => this.draft(e, 'entry.delete', null, snapshot(e), null, 'đọc lại trang')),
        });
        if (this.page?.id === page.id) this.entries = this.entries.filter((e) => e.pageIds[0] !== page.id);
      });
      this.undoSteps = [];
      this.entryIndex = 0;
      this.focusedKey = this.firstKey();
    } else {
      this.rereading.add(page.id);
    }
    await this.session.readAgain(page.id);
  }

  /** Pages read again in 'keep' mode whose new reading has not landed yet (for this session). */
  private readonly rereading = new Set<string>();
  /** The book the undo steps belong to. */
  private undoBook: string | null = null;

  private async refreshPage(pageId: string, drafts: readonly Entry[]): Promise<void> {
    await this.writer.run(async () => {
      const current = await this.repo.listPageEntries(pageId);
      const { entries, fields } = refreshFromOcr(current, drafts, pageId);
      if (!entries.length) return;
      const events = entries.flatMap((e) => {
        const before = current.find((x) => x.id === e.id);
        return (fields[e.id] ?? []).map((key) =>
          this.draft(
            e,
            'field.edit',
            key,
            before?.fields[key]?.value ?? '',
            e.fields[key]?.value ?? '',
            'đọc lại trang',
          ),
        );
      });
      await this.repo.saveEntries({ put: entries, events });
      if (this.page?.id === pageId) this.entries = await this.repo.listPageEntries(pageId);
    });
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  /** The entry with one field changed, moved to keyed (with its keyer) once every field is confirmed. */
  private withField(entry: Entry, key: string, fn: (f: FieldValue) => FieldValue): Entry {
    const fields = { ...entry.fields, [key]: fn(entry.fields[key] ?? emptyField()) };
    return { ...entry, fields };
  }

  /** Puts a changed entry on screen and queues its write with its events (plus a state move, if any). */
  private commit(changed: Entry, events: AuditDraft[]): void {
    const actor = this.actor();
    let next = changed;
    const extra: AuditDraft[] = [];
    if (
      actor &&
      isFullyKeyed(fieldViews(changed, this.ruleContext())) &&
      canTransition(changed, 'keyed', actor) &&
      changed.state !== 'keyed'
    ) {
      // A returned entry goes back to the checker: the marks of the round it came back from are history now.
      const again = changed.state === 'returned';
      next = {
        ...changed,
        state: 'keyed',
        keyedBy: actor.userId,
        ...(again ? { fields: withoutChecks(changed.fields) } : {}),
      };
      extra.push(
        this.draft(
          next,
          'entry.state',
          null,
          changed.state,
          'keyed',
          again ? 'đã sửa, gửi kiểm tra lại' : null,
        ),
      );
    }
    this.replaceEntry(next);
    this.writer.changed(next.id, ...events, ...extra);
  }

  private draft(...args: Parameters<EntryWriter['entryDraft']>): AuditDraft {
    return this.writer.entryDraft(...args);
  }

  private ruleContext(): RuleContext {
    return bookRuleContext(this.session.book);
  }

  private replaceEntry(e: Entry): void {
    this.entries = this.entries.map((x) => (x.id === e.id ? e : x));
  }

  private firstKey(): string | null {
    const e = this.entries[this.entryIndex];
    if (!e) return null;
    const views = fieldViews(e, this.ruleContext());
    return nextUncertainKey(views, null) ?? views[0]?.def.key ?? null;
  }

  private async showPage(index: number, entryId: string | null, fieldKey: string | null): Promise<void> {
    const seq = ++this.loadSeq;
    this.writer.closeEdit();
    const page = this.pages[index];
    if (!page) {
      this.pageIndex = 0;
      this.entries = [];
      this.revokeImage();
      return;
    }
    const [img, entries] = await Promise.all([
      this.repo.getPageImage(page.id),
      this.repo.listPageEntries(page.id),
    ]);
    if (seq !== this.loadSeq) return; // a later navigation won
    this.revokeImage();
    this.imageUrl = img ? URL.createObjectURL(img.image) : null;
    this.pageIndex = index;
    this.entries = entries;
    const ei = entryId ? entries.findIndex((e) => e.id === entryId) : 0;
    this.entryIndex = Math.max(0, ei);
    this.focusedKey = fieldKey ?? this.firstKey();
    this.drawingKey = null;
    await this.savePosition();
  }

  private async savePosition(): Promise<void> {
    const book = this.session.book;
    if (!book) return;
    const pos: Position = {
      bookId: book.id,
      pageId: this.page?.id ?? null,
      entryId: this.entry?.id ?? null,
      fieldKey: this.focusedKey,
    };
    for (const fn of this.listeners) fn(pos);
    try {
      await this.repo.putSetting(SESSION_KEY, pos);
    } catch {
      // The position is a convenience; entries are what must never be lost.
    }
  }

  private revokeImage(): void {
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl);
    this.imageUrl = null;
  }
}

/** An entry's fields as they stand, for an event that removes or replaces them. */
function snapshot(e: Entry): AuditDraft['before'] {
  return JSON.parse(
    JSON.stringify({ pageIds: e.pageIds, order: e.order, state: e.state, fields: e.fields }),
  ) as AuditDraft['before'];
}

/**
 * The operator's desk (screen "Nhập liệu"): one book, the page on screen, its entries and the focused field.
 * Every edit is written to IndexedDB at once (coalesced while a write is in flight); anything that moves the
 * operator on (Enter, next entry/page, leaving the screen) first waits until the data is on disk. The position
 * (book, page, entry, field) is stored too, so a reload or a killed tab comes back to exactly the same place.
 */
import type { Box } from '../domain/geometry';
import type { Book } from '../domain/records/book';
import type { Entry, FieldFlag, FieldValue } from '../domain/records/entry';
import type { Page, QuarterTurn } from '../domain/records/page';
import { isImpossibleDate } from '../domain/records/validate';
import { fieldByKey, REGISTERS } from '../domain/registers';
import type { Repository } from '../storage';
import { StorageError } from '../storage';
import { emptyEntry } from '../domain/records/entry';
import { fieldViews, isFullyKeyed, nextUncertainKey, type FieldView } from './fields';

export interface Position {
  bookId: string;
  pageId: string | null;
  entryId: string | null;
  fieldKey: string | null;
}

export const SESSION_KEY = 'session';

export class WorkState {
  book: Book | null = $state.raw(null);
  pages: Page[] = $state.raw([]);
  pageIndex = $state(0);
  /** Object URL of the page image on screen. */
  imageUrl: string | null = $state(null);
  /** Plain records, replaced (never mutated) on every change, so they can be written to IndexedDB as they are. */
  entries: Entry[] = $state.raw([]);
  entryIndex = $state(0);
  focusedKey: string | null = $state(null);
  /** Field whose box the operator is drawing on the page, if any. */
  drawingKey: string | null = $state(null);
  /** Plain-text Vietnamese message of the last failed write (shown until a write succeeds). */
  saveError: string | null = $state(null);
  /** The last failed write was refused because another tab changed the entry: only a reload helps. */
  saveConflict = $state(false);
  saving = $state(false);
  /** Milliseconds the last page switch took until its fields were on screen (for the benchmark). */
  lastPageSwitchMs = $state(0);

  readonly page: Page | null = $derived(this.pages[this.pageIndex] ?? null);
  readonly entry: Entry | null = $derived(this.entries[this.entryIndex] ?? null);
  readonly views: FieldView[] = $derived(this.entry ? fieldViews(this.entry) : []);

  private dirty = new Set<string>();
  private inFlight: Promise<void> | null = null;
  private loadSeq = 0;
  private readonly listeners = new Set<(p: Position) => void>();

  constructor(
    private readonly repo: Repository,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Called when the page on screen changes (the OCR queue follows the operator's focus). */
  onFocusChange(fn: (p: Position) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  // ---- opening ----------------------------------------------------------------------------------------

  /** Opens a book at a stored position (or its first page). */
  async open(book: Book, at?: Partial<Position>): Promise<void> {
    await this.flush();
    this.book = book;
    this.pages = await this.repo.listPages(book.id);
    const idx = at?.pageId ? this.pages.findIndex((p) => p.id === at.pageId) : 0;
    await this.showPage(Math.max(0, idx), at?.entryId ?? null, at?.fieldKey ?? null);
  }

  /** Re-reads the page list (after an import or reorder elsewhere), keeping the page on screen. */
  async reloadPages(): Promise<void> {
    if (!this.book) return;
    const current = this.page?.id;
    this.pages = await this.repo.listPages(this.book.id);
    const idx = current ? this.pages.findIndex((p) => p.id === current) : -1;
    if (idx >= 0) this.pageIndex = idx;
    else await this.showPage(Math.min(this.pageIndex, Math.max(0, this.pages.length - 1)), null, null);
  }

  /** OCR of a page has landed: refresh its entries if it is on screen and the operator had none. */
  async pageRead(pageId: string): Promise<void> {
    const i = this.pages.findIndex((p) => p.id === pageId);
    if (i < 0) return;
    const fresh = await this.repo.getPage(pageId);
    if (fresh) this.pages = this.pages.map((p) => (p.id === pageId ? fresh : p));
    if (this.page?.id !== pageId || this.dirty.size || this.entries.length) return;
    this.entries = await this.repo.listPageEntries(pageId);
    this.entryIndex = 0;
    this.focusedKey = this.firstKey();
  }

  close(): void {
    this.revokeImage();
    this.book = null;
    this.pages = [];
    this.entries = [];
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
    await this.flush();
    this.entryIndex = index;
    this.focusedKey = this.firstKey();
    await this.savePosition();
  }

  /** Next entry on this page, else the first entry of the next page. */
  async nextEntry(): Promise<void> {
    if (this.entryIndex + 1 < this.entries.length) return this.gotoEntry(this.entryIndex + 1);
    await this.nextPage();
  }

  async prevEntry(): Promise<void> {
    if (this.entryIndex > 0) return this.gotoEntry(this.entryIndex - 1);
    if (this.pageIndex === 0) return;
    await this.flush();
    await this.showPage(this.pageIndex - 1, null, null);
    this.entryIndex = Math.max(0, this.entries.length - 1);
    this.focusedKey = this.firstKey();
  }

  async focusField(key: string | null): Promise<void> {
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

  // ---- edits (each one persisted) -----------------------------------------------------------------------

  /** The operator typed: the value is stored NFC (any input method, composed or not). */
  setValue(key: string, raw: string): void {
    const value = raw.normalize('NFC');
    this.update(key, (f) => ({
      ...f,
      value,
      source: f.ocr && f.ocr.text === value ? f.source : 'keyed',
      confirmed: false,
      flags: f.flags.filter((fl) => fl !== 'blank' || value === ''),
    }));
  }

  /** Enter: the value is right as it stands. Waits for the write, then moves to the next field. */
  async confirm(key: string): Promise<void> {
    const def = this.entry ? fieldByKey(this.entry.type, key) : undefined;
    this.update(
      key,
      (f) => {
        const flags = new Set(f.flags);
        if (def && isImpossibleDate(def, f.value)) flags.add('impossible_date');
        return { ...f, confirmed: true, flags: [...flags] };
      },
      'confirm',
    );
    await this.flush();
    await this.nextField();
  }

  /** Toggles a flag; 'blank' empties nothing (the value stays as keyed) but confirms the field. */
  async toggleFlag(key: string, flag: FieldFlag): Promise<void> {
    this.update(
      key,
      (f) => {
        const on = !f.flags.includes(flag);
        const flags = on ? [...f.flags, flag] : f.flags.filter((x) => x !== flag);
        return { ...f, flags, confirmed: on ? true : f.confirmed };
      },
      `flag:${flag}`,
    );
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
    const pageId = this.page?.id;
    if (!pageId) return;
    this.update(key, (f) => ({ ...f, region: { pageId, box } }), 'box');
    this.drawingKey = null;
    await this.flush();
  }

  // ---- entries ------------------------------------------------------------------------------------------

  async addEntry(): Promise<void> {
    const book = this.book;
    const page = this.page;
    if (!book || !page) return;
    await this.flush();
    const order = this.entries.filter((e) => e.pageIds[0] === page.id).length;
    const e = emptyEntry({ bookId: book.id, pageId: page.id, type: book.type, order }, this.newId());
    await this.persistNew(e);
    this.entries = [...this.entries, e];
    await this.gotoEntry(this.entries.length - 1);
  }

  /** Splits the current entry before the focused field: that field and the ones after go to a new entry. */
  async splitEntry(): Promise<void> {
    const book = this.book;
    const entry = this.entry;
    const page = this.page;
    if (!book || !entry || !page || !this.focusedKey) return;
    await this.flush();
    const keys = REGISTERS[entry.type].fields.map((f) => f.key);
    const at = keys.indexOf(this.focusedKey);
    const moved = keys.slice(at);
    const rest: Record<string, FieldValue> = {};
    const taken: Record<string, FieldValue> = {};
    for (const [k, v] of Object.entries(entry.fields)) (moved.includes(k) ? taken : rest)[k] = v;
    const created = {
      ...emptyEntry(
        { bookId: book.id, pageId: page.id, type: entry.type, order: entry.order + 1 },
        this.newId(),
      ),
      fields: taken,
    };
    const later = this.entries.filter((e) => e.pageIds[0] === page.id && e.order > entry.order);
    await this.write(() => this.repo.saveEntry({ ...entry, fields: rest }));
    await this.persistNew(created);
    for (const e of later) await this.repo.saveEntry({ ...e, order: e.order + 1 });
    this.entries = await this.repo.listPageEntries(page.id);
    await this.gotoEntry(this.entries.findIndex((e) => e.id === created.id));
  }

  async deleteEntry(): Promise<void> {
    const entry = this.entry;
    if (!entry) return;
    await this.flush();
    await this.write(() => this.repo.deleteEntry(entry.id));
    this.entries = this.entries.filter((e) => e.id !== entry.id);
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
    this.replaceEntry({ ...entry, pageIds });
    this.dirty.add(entry.id);
    await this.flush();
  }

  /**
   * Joins the current entry to the last entry of the previous page (the register entry runs over the page
   * break): fields the earlier part lacks are taken from this part, the earlier entry now lists this page too,
   * and this entry is removed. Nothing typed is lost: a field both parts have keeps the earlier part's value and
   * the later value is kept in the audit trail.
   */
  async mergeIntoPrevious(): Promise<void> {
    const entry = this.entry;
    const page = this.page;
    const prevPage = this.pages[this.pageIndex - 1];
    if (!entry || !page || !prevPage || entry.pageIds[0] !== page.id) return;
    await this.flush();
    const before = (await this.repo.listPageEntries(prevPage.id)).filter((e) => e.pageIds[0] === prevPage.id);
    const target = before[before.length - 1];
    if (!target) return;
    const fields = { ...target.fields };
    for (const [k, v] of Object.entries(entry.fields)) {
      const mine = fields[k];
      if (!mine || (!mine.value && !mine.flags.length)) fields[k] = v;
    }
    const pageIds = target.pageIds.includes(page.id) ? target.pageIds : [...target.pageIds, page.id];
    await this.write(async () => {
      await this.repo.saveEntry(
        { ...target, fields, pageIds },
        this.book
          ? {
              at: Date.now(),
              user: 'operator',
              bookId: this.book.id,
              entryId: target.id,
              field: null,
              before: null,
              after: JSON.stringify(entry.fields),
              action: 'merge',
            }
          : undefined,
      );
      await this.repo.deleteEntry(entry.id);
    });
    this.entries = await this.repo.listPageEntries(page.id);
    this.entryIndex = Math.max(
      0,
      this.entries.findIndex((e) => e.id === target.id),
    );
    this.focusedKey = this.firstKey();
    await this.savePosition();
  }

  readonly continuesOnNext: boolean = $derived.by(() => {
    const e = this.entry;
    const p = this.page;
    if (!e || !p) return false;
    return e.pageIds.indexOf(p.id) < e.pageIds.length - 1;
  });

  // ---- page-level ---------------------------------------------------------------------------------------

  async rotatePage(): Promise<void> {
    const page = this.page;
    if (!page) return;
    const rotation = ((page.rotation + 90) % 360) as QuarterTurn;
    await this.savePage({ ...page, rotation });
  }

  async setMark(mark: Page['mark']): Promise<void> {
    const page = this.page;
    if (!page) return;
    await this.savePage({ ...page, mark });
  }

  // ---- persistence ----------------------------------------------------------------------------------------

  /** Resolves once every edit made so far is on disk (rejects with the StorageError if a write failed). */
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

  /** Retries failed writes (the operator pressed "Thử lại"). */
  async retry(): Promise<void> {
    this.saveError = null;
    await this.flush();
  }

  private update(key: string, fn: (f: FieldValue) => FieldValue, action?: string): void {
    const entry = this.entry;
    if (!entry) return;
    const before = entry.fields[key] ?? { value: '', flags: [], source: 'keyed', confirmed: false };
    const after = fn(before);
    const allKeyed = isFullyKeyed(fieldViews({ ...entry, fields: { ...entry.fields, [key]: after } }));
    const state = entry.state === 'prefilled' && allKeyed ? 'keyed' : entry.state;
    this.replaceEntry({ ...entry, state, fields: { ...entry.fields, [key]: after } });
    if (action)
      this.pendingAudit.set(entry.id, { field: key, before: before.value, after: after.value, action });
    this.dirty.add(entry.id);
    this.kick();
  }

  private pendingAudit = new Map<string, { field: string; before: string; after: string; action: string }>();

  private replaceEntry(e: Entry): void {
    this.entries = this.entries.map((x) => (x.id === e.id ? e : x));
  }

  /** Starts writing dirty entries unless a write is already running. */
  private kick(): void {
    if (this.inFlight || !this.dirty.size || this.saveError) return;
    this.saving = true;
    this.inFlight = (async () => {
      try {
        while (this.dirty.size) {
          const [id] = this.dirty;
          if (id === undefined) break;
          this.dirty.delete(id);
          const e = this.entries.find((x) => x.id === id);
          if (!e) continue;
          const a = this.pendingAudit.get(id);
          this.pendingAudit.delete(id);
          try {
            const saved = await this.repo.saveEntry(
              e,
              a && this.book
                ? { at: Date.now(), user: 'operator', bookId: this.book.id, entryId: id, ...a }
                : undefined,
            );
            // Keep edits typed meanwhile; take the new revision.
            this.entries = this.entries.map((x) => (x.id === id ? { ...x, revision: saved.revision } : x));
          } catch (err) {
            this.dirty.add(id);
            if (a) this.pendingAudit.set(id, a);
            this.saveError = err instanceof Error ? err.message : String(err);
            this.saveConflict = err instanceof StorageError && err.code === 'conflict';
            return;
          }
        }
        this.saveError = null;
      } finally {
        this.saving = false;
        this.inFlight = null;
      }
    })();
  }

  private async write(op: () => Promise<unknown>): Promise<void> {
    try {
      await op();
    } catch (e) {
      this.saveError = e instanceof Error ? e.message : String(e);
      throw e;
    }
  }

  private async persistNew(e: Entry): Promise<void> {
    const saved = await this.repo.saveEntry(e);
    e.revision = saved.revision;
  }

  private async savePage(page: Page): Promise<void> {
    await this.repo.putPage(page);
    this.pages = this.pages.map((p) => (p.id === page.id ? page : p));
  }

  private firstKey(): string | null {
    const e = this.entries[this.entryIndex];
    if (!e) return null;
    const views = fieldViews(e);
    return nextUncertainKey(views, null) ?? views[0]?.def.key ?? null;
  }

  private async showPage(index: number, entryId: string | null, fieldKey: string | null): Promise<void> {
    const t0 = performance.now();
    const seq = ++this.loadSeq;
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
    this.lastPageSwitchMs = performance.now() - t0;
    await this.savePosition();
  }

  private async savePosition(): Promise<void> {
    if (!this.book) return;
    const pos: Position = {
      bookId: this.book.id,
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

/**
 * The blind second keying ("Nhập lần hai", issue 10 item 3): in a book keyed twice (`Book.doubleKeying`), the
 * entries keyed once by someone else wait here. The second keyer sees the page and each field's crop, types every
 * value into empty inputs (no OCR value, not the first keyer's value: the entry is kept private to this class, the
 * screen gets only labels, boxes and the typed values), Enter to the next field, Ctrl+Enter to finish. What they
 * type is kept as a draft in the settings store (it survives a reload; nobody else reads it); finishing reads the
 * entry fresh, compares the two keyings (`applySecondKeying`) and writes the entry with its events in one
 * transaction: `entry.key2` (the values and the comparison), one `field.check` per field the keyings agree on and
 * the state move (keyed2, or verified when nothing differs). Differences go to a third person on "Kiểm tra".
 */
import { applySecondKeying, secondKeyingJson } from '../domain/double-keying';
import type { AuditDraft } from '../domain/records/audit';
import type { Entry } from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import type { EntrySummary } from '../domain/records/summary';
import { REGISTERS } from '../domain/registers';
import type { FieldDef } from '../domain/registers/types';
import { awaitsSecondKeying, secondKeyingRefusal, type Actor } from '../domain/workflow';
import { StorageError, type Repository } from '../storage';
import { PageImageUrl } from './page-image.svelte';
import type { BookSession } from './book-session.svelte';
import { cropFor, type CheckCrop } from './check-view';
import type { EntryWriter } from './writer.svelte';

/** Settings key of a draft second keying (one per entry and keyer). */
export const draftKey = (entryId: string, userId: string): string => `key2-draft:${entryId}:${userId}`;

/** A field's place on the page (no value: the second keying is blind). */
export interface BlindBox {
  key: string;
  pageId: string;
  box: [number, number, number, number];
}

export class SecondKeyingState {
  /** The entry being keyed: id, type and pages only (its values never leave this class). */
  entryId: string | null = $state(null);
  defs: readonly FieldDef[] = $state.raw([]);
  /** Where each field is on the page (for the overlay; no values). */
  boxes: BlindBox[] = $state.raw([]);
  /** What the second keyer typed, per field. */
  values: Record<string, string> = $state({});
  focusedKey: string | null = $state(null);
  /** The image of the page shown (object URL). */
  readonly image: PageImageUrl;
  get imageUrl(): string | null {
    return this.image.url;
  }
  get imagePageId(): string | null {
    return this.image.pageId;
  }
  actionError: string | null = $state(null);
  /** How the last finished entry compared (shown until the next one is finished). */
  lastResult: { entryId: string; differ: number; compared: number; verified: boolean } | null = $state(null);

  /** Why the current user may not key a second time in this book (no user, setting off), or null. */
  readonly refusal: string | null = $derived.by(() => {
    if (!this.actor()) return 'Chưa chọn người dùng.';
    if (!this.session.book?.doubleKeying) return 'Sổ này không nhập hai lần.';
    return null;
  });
  /** Entries keyed once by someone else, waiting for a second keying, in book order. */
  readonly queue: EntrySummary[] = $derived.by(() => this.waiting(false));
  /** Entries waiting that this user keyed first (never theirs to key again). */
  readonly ownCount: number = $derived.by(() => this.waiting(true).length);
  readonly keys: string[] = $derived(this.defs.map((d) => d.key));
  readonly filled: number = $derived(this.keys.filter((k) => (this.values[k] ?? '').trim()).length);
  readonly crop: CheckCrop | null = $derived.by(() => {
    const e = this.entry;
    return e && this.focusedKey ? cropFor(e, this.focusedKey, (id) => this.pageOf(id)) : null;
  });
  readonly page: Page | null = $derived.by(() => {
    const id = this.crop?.pageId ?? this.entry?.pageIds[0];
    return this.session.pages.find((p) => p.id === id) ?? null;
  });

  /** The user whose keying is on screen (another user who sits down gets their own, never this one's). */
  openedBy: string | null = $state(null);

  /** The keying on screen is the current user's (after a switch the screen shows nothing until reopened). */
  readonly mine: boolean = $derived.by(
    () => this.openedBy !== null && this.actor()?.userId === this.openedBy,
  );

  /** The entry as stored when it was opened (private: values must not reach the screen). */
  private entry: Entry | null = $state.raw(null);
  private showSeq = 0;
  private drafts: Promise<void> = Promise.resolve();
  private pendingDraft: { key: string; values: Record<string, string> } | null = null;
  private writingDraft = false;

  constructor(
    private readonly repo: Repository,
    private readonly session: BookSession,
    private readonly writer: EntryWriter,
    private readonly actor: () => Actor | null,
  ) {
    this.image = new PageImageUrl(repo);
  }

  report = (e: unknown): void => {
    if (e instanceof StorageError) {
      if (!this.writer.saveError) this.writer.fail(e);
    } else {
      console.error(e);
      this.actionError = e instanceof Error ? e.message : String(e);
    }
  };

  /** The screen is shown: the entry on screen if it still waits, else the first of the queue. */
  async open(): Promise<void> {
    this.lastResult = null;
    await this.writer.run(() => Promise.resolve());
    const here = this.entryId ? this.queue.find((s) => s.id === this.entryId) : undefined;
    const first = here ?? this.queue[0];
    if (first) await this.show(first.id);
    else this.clear();
  }

  /** Shows an entry of the queue with this keyer's draft (empty the first time), at its first empty field. */
  async show(entryId: string): Promise<void> {
    const seq = ++this.showSeq;
    const s = this.session.summaries.get(entryId);
    const a = this.actor();
    if (!s || !a) return;
    const entry = (await this.repo.listPageEntries(s.pageIds[0] ?? '')).find((e) => e.id === entryId);
    const draft = await this.repo.getSetting<Record<string, string>>(draftKey(entryId, a.userId));
    if (seq !== this.showSeq || !entry) return;
    const defs = REGISTERS[entry.type].fields;
    const values: Record<string, string> = {};
    for (const d of defs) values[d.key] = typeof draft?.[d.key] === 'string' ? (draft[d.key] ?? '') : '';
    this.entry = entry;
    this.entryId = entry.id;
    this.openedBy = a.userId;
    this.defs = defs;
    this.values = values;
    this.boxes = defs.flatMap((d) => {
      const r = entry.fields[d.key]?.region;
      return r ? [{ key: d.key, pageId: r.pageId, box: r.box }] : [];
    });
    this.actionError = null;
    this.focusedKey = defs.find((d) => !values[d.key])?.key ?? defs[0]?.key ?? null;
    await this.loadImage();
  }

  focus(key: string): void {
    this.focusedKey = key;
    void this.loadImage().catch(this.report);
  }

  /** Moves to the next (1) or previous (−1) field. */
  move(dir: 1 | -1): void {
    const i = this.focusedKey ? this.keys.indexOf(this.focusedKey) : -1;
    const to = this.keys[Math.min(this.keys.length - 1, Math.max(0, i + dir))];
    if (to) this.focus(to);
  }

  /** Enter: the next field; on the last field, finishes the entry. */
  async next(): Promise<void> {
    const i = this.focusedKey ? this.keys.indexOf(this.focusedKey) : -1;
    if (i >= this.keys.length - 1) await this.finish();
    else this.move(1);
  }

  /**
   * The keyer typed in a field: kept on screen and as the draft (NFC). Writes never queue up behind typing: one is
   * in flight at a time and the next one stores the newest values (a busy laptop stays one write behind at most).
   */
  setValue(key: string, raw: string): void {
    const id = this.entryId;
    const a = this.actor();
    if (!id || !a || a.userId !== this.openedBy) return;
    this.values = { ...this.values, [key]: raw.normalize('NFC') };
    this.pendingDraft = { key: draftKey(id, a.userId), values: { ...this.values } };
    if (!this.writingDraft) this.drafts = this.writeDrafts();
  }

  /** Stores the newest draft until none is waiting. */
  private async writeDrafts(): Promise<void> {
    this.writingDraft = true;
    try {
      while (this.pendingDraft) {
        const { key, values } = this.pendingDraft;
        this.pendingDraft = null;
        await this.repo.putSetting(key, values).catch(this.report);
      }
    } finally {
      this.writingDraft = false;
    }
  }

  /** Resolves once every draft typed so far is stored. */
  async saved(): Promise<void> {
    while (this.writingDraft || this.pendingDraft) await this.drafts;
  }

  /**
   * Ctrl+Enter: the second keying is done. The entry is read again and compared; the entry, its `entry.key2`
   * event, the agreement marks and the state move are one write (retried by "Thử lưu lại" on failure).
   */
  async finish(): Promise<void> {
    const id = this.entryId;
    const a = this.actor();
    if (!id || !a || a.userId !== this.openedBy) return;
    const values = { ...this.values };
    await this.saved();
    const result = await this.writer.run(async () => {
      const s = this.session.summaries.get(id);
      const stored = (await this.repo.listPageEntries(s?.pageIds[0] ?? '')).find((e) => e.id === id);
      if (!stored) return 'Mục này không còn trong sổ.';
      const refusal = secondKeyingRefusal(stored, a, this.session.book?.doubleKeying === true);
      if (refusal) return refusal;
      const keys = REGISTERS[stored.type].fields.map((f) => f.key);
      const { entry, comparison } = applySecondKeying(stored, keys, { by: a.userId, at: Date.now(), values });
      const events = this.events(stored, entry, comparison.agreed);
      await this.repo.saveEntries({ put: [entry], events });
      await this.repo.putSetting(draftKey(id, a.userId), null);
      this.lastResult = {
        entryId: id,
        differ: comparison.differ.length,
        compared: comparison.compared,
        verified: entry.state === 'verified',
      };
      return null;
    });
    if (result) {
      this.actionError = result;
      return;
    }
    await this.afterFinish(id);
  }

  /** The events of a finished second keying, in the order of the changes. */
  private events(before: Entry, after: Entry, agreed: readonly string[]): AuditDraft[] {
    const second = after.second;
    if (!second) return [];
    const d = this.writer.entryDraft.bind(this.writer);
    const out: AuditDraft[] = [d(after, 'entry.key2', null, null, secondKeyingJson(second))];
    for (const k of agreed) {
      const c = after.fields[k]?.check;
      if (c) out.push(d(after, 'field.check', k, null, { ...c }, 'khớp khi nhập hai lần'));
    }
    out.push(d(after, 'entry.state', null, before.state, 'keyed2', 'đã nhập lần hai (không xem lần một)'));
    if (after.state === 'verified')
      out.push(d(after, 'entry.state', null, 'keyed2', 'verified', 'hai lần nhập khớp ở mọi trường'));
    return out;
  }

  /** After a finished entry: the next one of the queue (the finished one has left it). */
  private async afterFinish(entryId: string): Promise<void> {
    const q = this.queue.filter((s) => s.id !== entryId);
    const i = this.queue.findIndex((s) => s.id === entryId);
    const to = q[Math.max(0, Math.min(i, q.length - 1))];
    if (to) await this.show(to.id);
    else this.clear();
  }

  private waiting(own: boolean): EntrySummary[] {
    const a = this.actor();
    const on = this.session.book?.doubleKeying === true;
    if (!a || !on) return [];
    const index = this.session.pageIndex;
    const out: EntrySummary[] = [];
    for (const s of this.session.summaries.values()) {
      const second = s.keyedBy2 ? { by: s.keyedBy2 } : null;
      if (!awaitsSecondKeying({ state: s.state, second }, on) || (s.keyedBy === a.userId) !== own) continue;
      if (index.has(s.pageIds[0] ?? '')) out.push(s);
    }
    const at = (s: EntrySummary): number => index.get(s.pageIds[0] ?? '') ?? 0;
    return out.sort((x, y) => at(x) - at(y) || x.order - y.order);
  }

  private pageOf(id: string): { width: number; height: number } | undefined {
    return this.session.pages.find((p) => p.id === id);
  }

  private async loadImage(): Promise<void> {
    const pageId = this.crop?.pageId ?? this.entry?.pageIds[0] ?? null;
    await this.image.show(pageId);
  }

  /** Nothing to key (or the book closed). */
  clear(): void {
    this.entry = null;
    this.entryId = null;
    this.openedBy = null;
    this.defs = [];
    this.boxes = [];
    this.values = {};
    this.focusedKey = null;
    this.image.clear();
  }
}

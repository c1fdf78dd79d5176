/**
 * The checker's desk (screen "Kiểm tra", issue 10 item 1): per open book, the queue of keyed entries the current
 * user did not key; field by field the checker accepts the value (Enter) or marks it wrong with a reason (and, when
 * the book allows it, types the correct value: source 'checked'). Every decision is written at once with its
 * `field.check` event (and `field.edit` for a correction) through the writer; the last decision of a round moves
 * the entry to verified (every field accepted or corrected) or returned (the wrong fields are un-confirmed, so the
 * operator looks at each of them again) in the same transaction, by `domain/workflow.ts` only.
 *
 * The desk moves to the next field before the write lands (the crop of the next field is on screen at once);
 * decisions made while a write is in flight are written together with their events by the next write.
 */
import { sentBackBy } from '../domain/acceptance/record';
import type { AuditDraft } from '../domain/records/audit';
import { type CheckReason, type Entry, type FieldCheck } from '../domain/records/entry';
import type { Page } from '../domain/records/page';
import type { EntrySummary } from '../domain/records/summary';
import { fieldByKey, REGISTERS } from '../domain/registers';
import type { RuleContext } from '../domain/rules';
import { agreementRate } from '../domain/double-keying';
import { diffText } from '../domain/text/diff';
import {
  awaitsChecker,
  checkOutcome,
  isCheckableState,
  transitionRefusal,
  type Actor,
} from '../domain/workflow';
import { StorageError, type Repository } from '../storage';
import { PageImageUrl } from './page-image.svelte';
import type { BookSession } from './book-session.svelte';
import { cropFor, reasonLabel, type CheckCrop } from './check-view';
import { bookRuleContext, fieldViews, type FieldView } from './fields';
import type { EntryWriter } from './writer.svelte';

/** The transition every checker's decision leads to, asked of the workflow for an entry nobody keyed. */
const PROBE = { state: 'keyed' as const, keyedBy: null };

export class CheckState {
  /** The entry being checked (the latest copy, decisions included, written or on their way). */
  entry: Entry | null = $state.raw(null);
  focusedKey: string | null = $state(null);
  /** The focused field is being marked wrong: choosing a reason, then (corrections allowed) the right value. */
  marking: { reason: CheckReason | null } | null = $state(null);
  /** The image of the page shown (object URL). */
  readonly image: PageImageUrl;
  get imageUrl(): string | null {
    return this.image.url;
  }
  get imagePageId(): string | null {
    return this.image.pageId;
  }
  /** Message of the last action that failed for another reason than a write. */
  actionError: string | null = $state(null);
  /** The focused field's two keyings differ and the checker is typing the right value (`resolve`). */
  typing = $state(false);
  /** How the last finished entry ended (shown until the next one is decided). */
  lastOutcome: { entryId: string; state: 'verified' | 'returned' } | null = $state(null);

  /** Why the current user may not check at all (role), in Vietnamese; null when they may. */
  readonly refusal: string | null = $derived.by(() => {
    const a = this.actor();
    if (!a) return 'Chưa chọn người dùng.';
    return transitionRefusal(PROBE, 'verified', a);
  });

  /** Entries waiting for this checker: keyed (or keyed twice) by someone else, in book order. */
  readonly queue: EntrySummary[] = $derived.by(() => this.waiting(false));
  /** Entries waiting for a checker that this user keyed (never theirs to check). */
  readonly ownCount: number = $derived.by(() => this.waiting(true).length);

  /** Entries of the queue a rejected acceptance sent back (they come first). */
  readonly sentBackCount: number = $derived(this.queue.filter((s) => this.sentBackOf(s.id)).length);
  /** Why the entry on screen is back from an acceptance (level, the supervisor's note), or null. */
  readonly sentBack: ReturnType<typeof sentBackBy> = $derived(
    this.entry ? this.sentBackOf(this.entry.id) : null,
  );

  readonly keys: string[] = $derived(this.entry ? REGISTERS[this.entry.type].fields.map((f) => f.key) : []);
  readonly views: FieldView[] = $derived(this.entry ? fieldViews(this.entry, this.ruleContext()) : []);
  readonly decided: number = $derived(this.keys.filter((k) => this.entry?.fields[k]?.check).length);
  readonly crop: CheckCrop | null = $derived(
    this.entry && this.focusedKey ? cropFor(this.entry, this.focusedKey, (id) => this.pageOf(id)) : null,
  );
  readonly page: Page | null = $derived.by(
    () => this.session.pages.find((p) => p.id === (this.crop?.pageId ?? this.entry?.pageIds[0])) ?? null,
  );
  readonly correctionsAllowed: boolean = $derived.by(() => this.session.book?.checkerCorrections === true);
  readonly doubleKeying: boolean = $derived.by(() => this.session.book?.doubleKeying === true);
  /** Agreement of the book's second keyings (fields agreed / compared), from the summaries. */
  readonly bookAgreement: ReturnType<typeof agreementRate> = $derived.by(() =>
    agreementRate([...this.session.summaries.values()].filter((s) => s.keyedBy2)),
  );
  /** Agreement of the entry on screen's second keying, or null without one. */
  readonly entryAgreement: ReturnType<typeof agreementRate> | null = $derived.by(() => {
    const sk = this.entry?.second;
    return sk ? agreementRate([{ compared: sk.compared, differ: sk.differ.length }]) : null;
  });
  /** The focused field's two keyings when they differ (the first as keyed, before any decision), or null. */
  readonly disagreement: { key: string; first: string; second: string; decided: boolean } | null =
    $derived.by(() => this.disagreementOf(this.focusedKey));

  /** Decisions not yet on disk, per entry: the latest copy and the events recording them, in order. */
  private readonly pending = new Map<string, { entry: Entry; events: AuditDraft[] }>();
  /** Stored revision of each entry this desk wrote or read. */
  private readonly revisions = new Map<string, number>();
  private showSeq = 0;

  constructor(
    private readonly repo: Repository,
    private readonly session: BookSession,
    private readonly writer: EntryWriter,
    private readonly actor: () => Actor | null,
  ) {
    this.image = new PageImageUrl(repo);
  }

  get saveError(): string | null {
    return this.writer.saveError;
  }

  report = (e: unknown): void => {
    if (e instanceof StorageError) {
      if (!this.writer.saveError) this.writer.fail(e);
    } else {
      console.error(e);
      this.actionError = e instanceof Error ? e.message : String(e);
    }
  };

  // ---- opening and moving --------------------------------------------------------------------------------

  /** The screen is shown: keeps the entry on screen if it still waits for this checker, else the first one. */
  async open(): Promise<void> {
    this.lastOutcome = null;
    await this.settled();
    const here = this.entry && this.queue.find((s) => s.id === this.entry?.id);
    const first = here ?? this.queue[0];
    if (first) await this.show(first.id);
    else this.clear();
  }

  /** Shows an entry of the queue (read fresh from disk), at its first field not decided yet. */
  async show(entryId: string): Promise<void> {
    const seq = ++this.showSeq;
    const s = this.session.summaries.get(entryId);
    if (!s) return;
    await this.settled();
    const entry = (await this.repo.listPageEntries(s.pageIds[0] ?? '')).find((e) => e.id === entryId);
    if (seq !== this.showSeq || !entry) return;
    this.revisions.set(entry.id, entry.revision);
    this.entry = entry;
    this.marking = null;
    this.typing = false;
    this.actionError = null;
    const keys = REGISTERS[entry.type].fields.map((f) => f.key);
    this.focusedKey = keys.find((k) => !entry.fields[k]?.check) ?? keys[0] ?? null;
    await this.loadImage();
  }

  /** The entry after (1) or before (−1) the current one in the queue. */
  async step(dir: 1 | -1): Promise<void> {
    const q = this.queue;
    const i = q.findIndex((s) => s.id === this.entry?.id);
    const to = i < 0 ? q[0] : q[i + dir];
    if (to) await this.show(to.id);
  }

  focus(key: string): void {
    this.focusedKey = key;
    this.marking = null;
    this.typing = false;
    void this.loadImage().catch(this.report);
  }

  /** Moves to the next (1) or previous (−1) field without deciding. */
  move(dir: 1 | -1): void {
    const i = this.focusedKey ? this.keys.indexOf(this.focusedKey) : -1;
    const to = this.keys[Math.min(this.keys.length - 1, Math.max(0, i + dir))];
    if (to) this.focus(to);
  }

  // ---- decisions ----------------------------------------------------------------------------------------

  /** Enter: the focused value is right as typed (where two keyings differ the checker picks one instead). */
  accept = async (): Promise<void> => {
    if (this.disagreement && !this.disagreement.decided) {
      this.actionError =
        'Hai lần nhập khác nhau: xem ảnh rồi chọn 1 (lần một), 2 (lần hai) hoặc 3 (gõ giá trị đúng).';
      return;
    }
    await this.decide({ verdict: 'ok' });
  };

  /** The two keyings of field `key` when they differ, or null. */
  disagreementOf(
    key: string | null,
  ): { key: string; first: string; second: string; decided: boolean } | null {
    const e = this.entry;
    const sk = e?.second;
    // Only while the keyings are being settled (an entry a rejected acceptance sent back is checked as usual).
    if (!e || e.state !== 'keyed2' || !sk || !key || !sk.differ.includes(key)) return null;
    const f = e.fields[key];
    const first = f?.check?.corrected ?? f?.value ?? '';
    return { key, first, second: sk.values[key] ?? '', decided: !!f?.check };
  }

  /** 1: the first keying's value is the right one (blind double keying, a field the keyings differ on). */
  takeFirst = async (): Promise<void> => {
    const d = this.disagreement;
    if (d) await this.resolve(d.first);
  };

  /** 2: the second keying's value is the right one. */
  takeSecond = async (): Promise<void> => {
    const d = this.disagreement;
    if (d) await this.resolve(d.second);
  };

  /** 3: neither keying is right; the checker types the value the image shows. */
  startTyping(): void {
    if (this.disagreement && this.entry && !this.refusalFor(this.entry)) this.typing = true;
  }

  /**
   * The third person's value for a field the two keyings differ on, read from the image: the first keying's value
   * is accepted as it is; any other value replaces it (source 'checked', the first keying's value kept in the mark).
   */
  async resolve(raw: string): Promise<void> {
    const d = this.disagreement;
    if (!d) return;
    const value = raw.normalize('NFC');
    const whose = value === d.second ? 'lấy giá trị lần hai' : 'giá trị người thứ ba đọc từ ảnh';
    if (value === d.first) await this.decide({ verdict: 'ok' }, undefined, 'lấy giá trị lần một');
    else {
      const reason: CheckReason = diffText(d.first, value).marksOnly ? 'diacritics' : 'other';
      await this.decide({ verdict: 'wrong', reason }, value, whose);
    }
  }

  /** Space / F8: the focused value is wrong; a reason comes next (number keys). */
  markWrong(): void {
    if (this.entry && this.focusedKey && !this.refusalFor(this.entry)) this.marking = { reason: null };
  }

  cancelMark(): void {
    this.marking = null;
  }

  /** A reason for the wrong value: decided at once, or (corrections allowed) the right value is asked for. */
  async pickReason(reason: CheckReason): Promise<void> {
    if (!this.marking) return;
    if (this.correctionsAllowed) {
      this.marking = { reason };
      return;
    }
    await this.decide({ verdict: 'wrong', reason });
  }

  /** The checker typed the right value (corrections allowed); the same value returns the field with its reason. */
  async correct(raw: string): Promise<void> {
    const reason = this.marking?.reason;
    const key = this.focusedKey;
    if (!reason || !key || !this.entry || !this.correctionsAllowed) return;
    const value = raw.normalize('NFC');
    const before = this.entry.fields[key]?.value ?? '';
    await this.decide({ verdict: 'wrong', reason }, value !== before ? value : undefined);
  }

  /**
   * Records the decision on the focused field, moves to the next undecided field at once and writes the decision
   * (with the end of the round when it was the last one) with its events; after a finished round, the next entry.
   */
  private async decide(
    verdict: Pick<FieldCheck, 'verdict' | 'reason'>,
    value?: string,
    note?: string,
  ): Promise<void> {
    const entry = this.entry;
    const key = this.focusedKey;
    const actor = this.actor();
    if (!entry || !key || !actor) return;
    const refusal = this.refusalFor(entry);
    if (refusal) {
      this.actionError = refusal;
      return;
    }
    const f = entry.fields[key] ?? { value: '', flags: [], source: 'keyed' as const, confirmed: false };
    const check: FieldCheck = {
      verdict: verdict.verdict,
      ...(verdict.reason ? { reason: verdict.reason } : {}),
      ...(value !== undefined ? { corrected: f.value } : {}),
      by: actor.userId,
      at: Date.now(),
    };
    const field = { ...f, check, ...(value !== undefined ? { value, source: 'checked' as const } : {}) };
    let next: Entry = { ...entry, fields: { ...entry.fields, [key]: field } };
    const events: AuditDraft[] = [];
    if (value !== undefined)
      events.push(this.draft(next, 'field.edit', key, f.value, value, note ?? 'người kiểm tra sửa'));
    events.push(
      this.draft(next, 'field.check', key, f.check ? { ...f.check } : null, { ...check }, note ?? null),
    );
    const outcome = checkOutcome(this.keys, next.fields);
    if (outcome !== 'pending') {
      const ended = this.endRound(next, outcome);
      next = ended.entry;
      events.push(...ended.events);
      this.lastOutcome = { entryId: entry.id, state: outcome };
    } else this.lastOutcome = null;
    this.entry = next;
    this.marking = null;
    this.typing = false;
    this.actionError = null;
    const after = this.keys.slice(this.keys.indexOf(key) + 1);
    const nextKey =
      after.find((k) => !next.fields[k]?.check) ?? this.keys.find((k) => !next.fields[k]?.check);
    if (nextKey) this.focus(nextKey);
    const queued = this.pending.get(entry.id);
    this.pending.set(entry.id, { entry: next, events: [...(queued?.events ?? []), ...events] });
    await this.persist();
    if (outcome !== 'pending') await this.afterRound(entry.id);
  }

  /** The state move at the end of a round, with the fields a returned entry sends back un-confirmed. */
  private endRound(entry: Entry, outcome: 'verified' | 'returned'): { entry: Entry; events: AuditDraft[] } {
    const events: AuditDraft[] = [];
    const fields = { ...entry.fields };
    const words: string[] = [];
    for (const k of this.keys) {
      const f = fields[k];
      const c = f?.check;
      if (!f || !c || c.verdict !== 'wrong') continue;
      const label = fieldByKey(entry.type, k)?.uiLabel ?? k;
      words.push(`${label}: ${reasonLabel(c.reason)}${c.corrected !== undefined ? ' (đã sửa)' : ''}`);
      if (outcome === 'returned' && c.corrected === undefined && f.confirmed) {
        fields[k] = { ...f, confirmed: false };
        events.push(this.draft(entry, 'field.confirm', k, true, false, 'trả lại để sửa'));
      }
    }
    const next: Entry = { ...entry, fields, state: outcome };
    const note =
      outcome === 'verified'
        ? words.length
          ? `Đã kiểm tra; người kiểm tra sửa ${words.join('; ')}`
          : 'Đã kiểm tra: mọi trường đúng'
        : `Trả lại: ${words.join('; ')}`;
    events.push(this.draft(next, 'entry.state', null, entry.state, outcome, note));
    return { entry: next, events };
  }

  /** After a round: the next entry of the queue (the finished one has left it once its write was heard). */
  private async afterRound(entryId: string): Promise<void> {
    const q = this.queue.filter((s) => s.id !== entryId);
    const pos = this.session.summaries.get(entryId);
    const pageIndex = this.session.pageIndex;
    const rank = (s: EntrySummary): number => (pageIndex.get(s.pageIds[0] ?? '') ?? 0) * 1e6 + s.order;
    const here = pos ? rank(pos) : -1;
    const to = q.find((s) => rank(s) > here) ?? q[0];
    if (to) await this.show(to.id);
    else this.clear();
  }

  /** Writes every decision not yet on disk, each entry with its events, in one transaction. */
  private async persist(): Promise<void> {
    await this.writer.run(async () => {
      const batch = [...this.pending.values()];
      if (!batch.length) return;
      this.pending.clear();
      try {
        const put = batch.map((p) => ({ ...p.entry, revision: this.revisions.get(p.entry.id) ?? 0 }));
        const out = await this.repo.saveEntries({ put, events: batch.flatMap((p) => p.events) });
        for (const e of out.entries) {
          this.revisions.set(e.id, e.revision);
          if (this.entry?.id === e.id) this.entry = { ...this.entry, revision: e.revision };
        }
      } catch (e) {
        // Kept for "Thử lưu lại": decisions made since are merged after these (their events in order).
        for (const p of batch) {
          const later = this.pending.get(p.entry.id);
          this.pending.set(p.entry.id, {
            entry: later?.entry ?? p.entry,
            events: [...p.events, ...(later?.events ?? [])],
          });
        }
        throw e;
      }
    });
  }

  // ---- the book's setting ---------------------------------------------------------------------------------

  /** Supervisors and administrators choose whether checkers of this book may type corrections. */
  get maySetCorrections(): boolean {
    const role = this.actor()?.role;
    return role === 'supervisor' || role === 'admin';
  }

  async setCorrections(on: boolean): Promise<void> {
    if (!this.maySetCorrections) {
      this.actionError = 'Chỉ người giám sát hoặc quản trị viên được đổi thiết lập này.';
      return;
    }
    await this.session.setCheckerCorrections(on);
  }

  /** Supervisors and administrators choose whether this book's entries are keyed twice, blind. */
  async setDoubleKeying(on: boolean): Promise<void> {
    if (!this.maySetCorrections) {
      this.actionError = 'Chỉ người giám sát hoặc quản trị viên được đổi thiết lập này.';
      return;
    }
    await this.session.setDoubleKeying(on);
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  /** Resolves once every decision made so far (and any other one-shot change) has been written. */
  private async settled(): Promise<void> {
    await this.writer.run(() => Promise.resolve());
  }

  private refusalFor(entry: Entry): string | null {
    const a = this.actor();
    if (!a) return 'Chưa chọn người dùng.';
    return transitionRefusal(entry, 'verified', a);
  }

  private waiting(own: boolean): EntrySummary[] {
    const a = this.actor();
    if (!a || this.refusal) return [];
    const index = this.session.pageIndex;
    const out: EntrySummary[] = [];
    const twice = this.doubleKeying;
    for (const s of this.session.summaries.values()) {
      const second = s.keyedBy2 ? { by: s.keyedBy2 } : null;
      if (!awaitsChecker({ state: s.state, second }, twice)) continue;
      if ((s.keyedBy === a.userId || s.keyedBy2 === a.userId) !== own) continue;
      if (index.has(s.pageIds[0] ?? '')) out.push(s);
    }
    const at = (s: EntrySummary): number => index.get(s.pageIds[0] ?? '') ?? 0;
    const back = (s: EntrySummary): number => (this.sentBackOf(s.id) ? 0 : 1);
    return out.sort((x, y) => back(x) - back(y) || at(x) - at(y) || x.order - y.order);
  }

  private sentBackOf(entryId: string): ReturnType<typeof sentBackBy> {
    const s = this.session.summaries.get(entryId);
    return s && isCheckableState(s.state) ? sentBackBy(this.session.book?.acceptances ?? [], entryId) : null;
  }

  private pageOf(id: string): { width: number; height: number } | undefined {
    return this.session.pages.find((p) => p.id === id);
  }

  private draft(...args: Parameters<EntryWriter['entryDraft']>): AuditDraft {
    return this.writer.entryDraft(...args);
  }

  private ruleContext(): RuleContext {
    return bookRuleContext(this.session.book);
  }

  /** Loads the image of the page the focused field is shown on (once per page). */
  private async loadImage(): Promise<void> {
    const pageId = this.crop?.pageId ?? this.entry?.pageIds[0] ?? null;
    await this.image.show(pageId);
  }

  /** Nothing to check (or the book closed). */
  clear(): void {
    this.entry = null;
    this.focusedKey = null;
    this.marking = null;
    this.typing = false;
    this.image.clear();
  }
}

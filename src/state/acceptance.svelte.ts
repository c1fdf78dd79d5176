/**
 * Acceptance of the open book ("Nghiệm thu", issue 10 item 5). A supervisor (or administrator) picks a level
 * (setting; default commune → province, in order); the lot is the book's verified entries at the first level and
 * its accepted entries at a later one (once the level below accepted the book, and not yet accepted here); the plan
 * comes from `samplingPlan(lot, AQL)` (AQL a setting, default 1.0 %). "Rút mẫu" draws the sample with a random
 * 32-bit seed and stores the record on the book at once (a reload keeps the same sample); each sampled entry is
 * marked correct or defective (with a note) against the page image; the decision follows Ac / Re: accepted moves
 * every verified entry of the book to accepted (first level; a later level moves nothing), rejected sends the
 * defective entries back to checking (→ keyed, the checker's marks cleared; the checker's desk shows the note) —
 * the book record and every moved entry in one transaction with their events. The workflow's keyer rule holds: a
 * supervisor who keyed an entry of the lot may not accept the book.
 */
import {
  checkLevels,
  decisionOf,
  defectiveIds,
  DEFAULT_ACCEPTANCE_LEVELS,
  type AcceptanceRecord,
  type SampleMark,
} from '../domain/acceptance/record';
import {
  AQL_VALUES,
  DEFAULT_AQL,
  drawSample,
  samplingPlan,
  type SamplingPlan,
} from '../domain/acceptance/sampling';
import type { AuditDraft } from '../domain/records/audit';
import type { Book } from '../domain/records/book';
import { withoutChecks, type Entry } from '../domain/records/entry';
import type { EntrySummary } from '../domain/records/summary';
import { bookStats, type BookStats } from '../domain/stats/book';
import { personStats, type PersonStats } from '../domain/stats/people';
import type { User } from '../domain/records/user';
import { transitionRefusal, type Actor } from '../domain/workflow';
import { StorageError, type Repository } from '../storage';
import type { BookSession } from './book-session.svelte';
import type { EntryWriter } from './writer.svelte';

export const ACCEPTANCE_SETTINGS_KEY = 'acceptance';

export interface AcceptanceSettings {
  levels: string[];
  aql: number;
}

/** A random 32-bit seed from the browser's CSPRNG. */
export const randomSeed = (): number => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;

/** The workflow probe: may this role accept a verified entry nobody keyed? */
const PROBE = { state: 'verified' as const, keyedBy: null };

export class AcceptanceState {
  levels: string[] = $state.raw([...DEFAULT_ACCEPTANCE_LEVELS]);
  aql: number = $state(DEFAULT_AQL);
  level: string = $state(DEFAULT_ACCEPTANCE_LEVELS[0] ?? '');
  /** Message of the last refused or failed action (Vietnamese). */
  actionError: string | null = $state(null);
  /** The sampled entry being inspected, its page image. */
  entry: Entry | null = $state.raw(null);
  imageUrl: string | null = $state(null);
  /**
   * Statistics per person of the open book (who keyed and who checked what, how fast), computed on demand from
   * its audit events and entries, with the book's own figures: null until asked for.
   */
  people: { bookId: string; at: number; list: PersonStats[]; book: BookStats } | null = $state.raw(null);
  peopleBusy = $state(false);

  /** Why the current user may not accept books at all (role), or null. */
  readonly refusal: string | null = $derived.by(() => {
    const a = this.actor();
    if (!a) return 'Chưa chọn người dùng.';
    return transitionRefusal(PROBE, 'accepted', a);
  });

  /** Position of the chosen level in the setting (0: the first level). */
  readonly levelIndex: number = $derived(this.levels.indexOf(this.level));

  /** The latest decided record of the level below the chosen one (null at the first level). */
  readonly below: AcceptanceRecord | null = $derived.by(() => {
    const prev = this.levelIndex > 0 ? this.levels[this.levelIndex - 1] : undefined;
    return prev === undefined
      ? null
      : (this.session.book?.acceptances.findLast((r) => r.level === prev && r.decision !== null) ?? null);
  });

  /** The lot: the book's verified entries (first level) or accepted entries (a later level), in book order. */
  readonly lot: EntrySummary[] = $derived.by(() => {
    const index = this.session.pageIndex;
    const state = this.levelIndex > 0 ? 'accepted' : 'verified';
    const at = (s: EntrySummary): number => index.get(s.pageIds[0] ?? '') ?? 0;
    return [...this.session.summaries.values()]
      .filter((s) => s.state === state)
      .sort((x, y) => at(x) - at(y) || x.order - y.order);
  });

  /** Why no sample can be drawn at the chosen level now (Vietnamese), or null. */
  readonly gate: string | null = $derived.by(() => {
    const cur = this.current;
    if (cur && cur.decision === null)
      return `Đã rút mẫu nghiệm thu ${this.level.toLowerCase()}; hãy đánh giá hết các mục mẫu rồi kết luận.`;
    // A rejected round's entries went back to checking: the lot is whole again once they are checked.
    if (cur?.decision?.accepted === false) {
      const back = cur.moved.filter((id) => {
        const st = this.session.summaries.get(id)?.state;
        return st !== undefined && st !== 'verified' && st !== 'accepted' && st !== 'exported';
      }).length;
      if (back)
        return (
          `Nghiệm thu ${this.level.toLowerCase()} không đạt: còn ${back} mục có lỗi đang được kiểm tra lại; ` +
          'rút mẫu lại khi chúng đã được kiểm tra.'
        );
    }
    const prev = this.levels[this.levelIndex - 1];
    if (this.levelIndex > 0 && prev !== undefined) {
      const p = prev.toLowerCase();
      const below = this.below;
      if (!below?.decision?.accepted) return `Sổ chưa nghiệm thu đạt ${p}: hãy nghiệm thu ${p} trước.`;
      const waiting = [...this.session.summaries.values()].filter((s) => s.state === 'verified').length;
      if (waiting) return `Còn ${waiting} mục đã kiểm tra chưa nghiệm thu ${p}: hãy nghiệm thu ${p} trước.`;
      // Each round at this level follows a newer acceptance by the level below.
      if (cur?.decision && (cur.decidedAt ?? 0) >= (below.decidedAt ?? 0))
        return cur.decision.accepted
          ? `Sổ đã nghiệm thu đạt ${this.level.toLowerCase()}.`
          : `Nghiệm thu ${this.level.toLowerCase()} không đạt: các mục có lỗi được kiểm tra lại, rồi nghiệm thu ${p} lại trước.`;
    }
    if (!this.lot.length)
      return this.levelIndex > 0
        ? 'Sổ chưa có mục nào đã nghiệm thu ở cấp dưới.'
        : 'Sổ chưa có mục nào đã kiểm tra (trạng thái “Đã kiểm tra”) để nghiệm thu.';
    return null;
  });

  /** The plan for the lot at the AQL setting (null for an empty lot). */
  readonly plan: SamplingPlan | null = $derived(
    this.lot.length ? samplingPlan(this.lot.length, this.aql) : null,
  );

  readonly records: AcceptanceRecord[] = $derived.by(() => this.session.book?.acceptances ?? []);

  /** The latest record of the chosen level (undecided or decided), or null. */
  readonly current: AcceptanceRecord | null = $derived(
    this.records.findLast((r) => r.level === this.level) ?? null,
  );

  /** Entries of the lot the current user keyed (they may not accept the book). */
  readonly ownInLot: EntrySummary[] = $derived.by(() => {
    const me = this.actor()?.userId;
    return me ? this.lot.filter((s) => s.keyedBy === me) : [];
  });

  constructor(
    private readonly repo: Repository,
    private readonly session: BookSession,
    private readonly writer: EntryWriter,
    private readonly user: () => User | null,
    private readonly seed: () => number = randomSeed,
  ) {}

  private actor(): Actor | null {
    const u = this.user();
    return u ? { userId: u.id, role: u.role } : null;
  }

  report = (e: unknown): void => {
    if (e instanceof StorageError) {
      if (!this.writer.saveError) this.writer.fail(e);
    } else {
      console.error(e);
      this.actionError = e instanceof Error ? e.message : String(e);
    }
  };

  /** Reads the settings (levels, AQL); a missing or unreadable setting is the default. */
  async loadSettings(): Promise<void> {
    const s = await this.repo.getSetting<Partial<AcceptanceSettings>>(ACCEPTANCE_SETTINGS_KEY);
    const levels = Array.isArray(s?.levels) ? s.levels.filter((l) => typeof l === 'string' && l.trim()) : [];
    this.levels = levels.length ? levels : [...DEFAULT_ACCEPTANCE_LEVELS];
    this.aql = (AQL_VALUES as readonly number[]).includes(s?.aql ?? NaN)
      ? (s?.aql ?? DEFAULT_AQL)
      : DEFAULT_AQL;
    if (!this.levels.includes(this.level)) this.level = this.levels[0] ?? '';
  }

  /** Result of the last "Lưu" of the levels editor (Settings), shown beside its button. */
  levelsMessage: { ok: boolean; text: string; index: number | null } | null = $state(null);

  /**
   * The levels editor (screen "Cài đặt"): supervisors and administrators store the acceptance levels, in order,
   * checked by `checkLevels`; a refusal or a failed write is said in words, nothing is stored.
   */
  async saveLevels(raw: readonly string[]): Promise<void> {
    if (this.refusal) {
      this.levelsMessage = {
        ok: false,
        text: 'Chỉ người nghiệm thu (giám sát) hoặc quản trị viên được đổi các cấp nghiệm thu.',
        index: null,
      };
      return;
    }
    const checked = checkLevels(raw);
    if (checked.levels === null) {
      this.levelsMessage = { ok: false, text: checked.error, index: checked.index };
      return;
    }
    try {
      await this.repo.putSetting(ACCEPTANCE_SETTINGS_KEY, { levels: [...checked.levels], aql: this.aql });
    } catch (e) {
      this.levelsMessage = { ok: false, text: e instanceof Error ? e.message : String(e), index: null };
      return;
    }
    this.levels = checked.levels;
    if (!this.levels.includes(this.level)) this.level = this.levels[0] ?? '';
    this.levelsMessage = { ok: true, text: `Đã lưu: ${checked.levels.join(' → ')}.`, index: null };
  }

  /** The screen is shown: reads the settings (levels, AQL) and picks the level the book stands at. */
  async open(): Promise<void> {
    await this.loadSettings();
    // Where the book stands: the level of an open sample, else the first level a sample may be drawn at, else
    // the last level the book has a record of.
    const open = this.records.findLast((r) => r.decision === null);
    if (open && this.levels.includes(open.level)) this.level = open.level;
    else {
      const ready = this.levels.find((l) => {
        this.level = l;
        return this.gate === null;
      });
      this.level =
        ready ?? this.levels.findLast((l) => this.records.some((r) => r.level === l)) ?? this.levels[0] ?? '';
    }
    this.actionError = null;
  }

  /** Supervisors and administrators set the AQL (a setting of the workstation). */
  async setAql(aql: number): Promise<void> {
    if (this.refusal) return this.refuse(this.refusal);
    if (!(AQL_VALUES as readonly number[]).includes(aql)) return;
    this.aql = aql;
    await this.repo.putSetting(ACCEPTANCE_SETTINGS_KEY, { levels: [...this.levels], aql });
  }

  /** "Rút mẫu": draws the sample of the lot and stores the record with its event at once. */
  async draw(): Promise<void> {
    this.actionError = null;
    const user = this.user();
    const book = this.session.book;
    if (!user || !book) return;
    if (this.refusal) return this.refuse(this.refusal);
    if (this.gate) return this.refuse(this.gate);
    if (!this.plan) return;
    if (this.ownInLot.length) return this.refuse(this.ownRefusal(this.ownInLot));
    const plan = this.plan;
    const seed = this.seed() >>> 0;
    const sampleIds = drawSample(
      this.lot.map((s) => s.id),
      plan.sampleSize,
      seed,
    );
    const record: AcceptanceRecord = {
      id: crypto.randomUUID(),
      level: this.level,
      userId: user.id,
      userName: user.name,
      role: user.role,
      drawnAt: Date.now(),
      lotSize: this.lot.length,
      aql: this.aql,
      plan: { ...plan },
      seed,
      sampleIds,
      marks: {},
      decidedAt: null,
      decision: null,
      moved: [],
    };
    await this.saveBook(
      (b) => ({ ...b, acceptances: [...b.acceptances, record] }),
      (b) =>
        this.writer.draft(
          'book.sample',
          { bookId: b.id },
          null,
          {
            level: record.level,
            lotSize: record.lotSize,
            aql: record.aql,
            plan: { ...plan },
            seed,
            sampleIds: [...sampleIds],
          },
          `Nghiệm thu ${record.level.toLowerCase()}: rút ${sampleIds.length}/${record.lotSize} mục`,
        ),
    );
  }

  /** Marks a sampled entry correct or defective (a defect needs a note); stored with its event at once. */
  async mark(entryId: string, verdict: SampleMark['verdict'], note = ''): Promise<void> {
    this.actionError = null;
    const rec = this.current;
    if (this.refusal) return this.refuse(this.refusal);
    if (!rec || rec.decision !== null || !rec.sampleIds.includes(entryId)) return;
    if (rec.userId !== this.actor()?.userId)
      return this.refuse(`Mẫu này do ${rec.userName} rút; chỉ người đó đánh giá và kết luận.`);
    const text = note.normalize('NFC').trim();
    if (verdict === 'defect' && !text)
      return this.refuse('Hãy ghi lỗi của mục này trước khi đánh dấu “Có lỗi”.');
    const mark: SampleMark = { verdict, note: text, at: Date.now() };
    const before = rec.marks[entryId] ?? null;
    await this.saveBook(
      (b) => ({
        ...b,
        acceptances: b.acceptances.map((r) =>
          r.id === rec.id ? { ...r, marks: { ...r.marks, [entryId]: mark } } : r,
        ),
      }),
      (b) =>
        this.writer.draft(
          'book.inspect',
          { bookId: b.id, entryId },
          before ? { ...before } : null,
          { ...mark },
          verdict === 'defect' ? `Có lỗi: ${text}` : 'Đúng',
        ),
    );
  }

  /**
   * The decision once every sampled entry is marked: accepted (every verified entry → accepted) or rejected (the
   * defective entries → keyed, back to checking with their notes), the record and the moved entries in one transaction.
   */
  async conclude(): Promise<void> {
    this.actionError = null;
    const actor = this.actor();
    const rec = this.current;
    if (!actor || !rec || rec.decision !== null) return;
    if (this.refusal) return this.refuse(this.refusal);
    if (rec.userId !== actor.userId)
      return this.refuse(`Mẫu này do ${rec.userName} rút; chỉ người đó đánh giá và kết luận.`);
    const decision = decisionOf(rec);
    if (!decision) return this.refuse('Còn mục mẫu chưa đánh giá.');
    await this.writer.run(async () => {
      const book = this.session.book;
      if (!book) return;
      const entries = await this.repo.listEntries(book.id);
      const defects = new Set(defectiveIds(rec));
      const first = this.levels.indexOf(rec.level) <= 0;
      const from = first ? 'verified' : 'accepted';
      const to = decision.accepted ? 'accepted' : 'keyed';
      // Accepted: the first level moves every verified entry (a later level's lot is accepted already);
      // rejected: the defective entries of the lot go back to checking.
      const targets = entries.filter(
        (e) => e.state === from && (decision.accepted ? first : defects.has(e.id)),
      );
      const refused = targets.filter((e) => transitionRefusal(e, to, actor));
      if (refused.length) {
        this.actionError = this.ownRefusal(refused.map((e) => ({ so: e.fields['so']?.value ?? '' })));
        return;
      }
      const at = Date.now();
      const level = rec.level.toLowerCase();
      const rate = `${decision.defects}/${decision.sampleSize} mục mẫu có lỗi`;
      const events: AuditDraft[] = [
        this.writer.draft(
          'book.accept',
          { bookId: book.id },
          null,
          { level: rec.level, ...decision, moved: targets.map((e) => e.id) },
          `Nghiệm thu ${level}: ${decision.accepted ? 'đạt' : 'không đạt'} (${rate})`,
        ),
      ];
      const put: Entry[] = targets.map((e) => {
        const note = decision.accepted
          ? `Nghiệm thu ${level}: đạt`
          : `Nghiệm thu ${level} không đạt, kiểm tra lại: ${rec.marks[e.id]?.note ?? ''}`;
        events.push(
          this.writer.draft(
            'entry.state',
            { bookId: book.id, entryId: e.id, pageId: e.pageIds[0] ?? null },
            e.state,
            to,
            note,
          ),
        );
        // Back to checking: a new round, the checker's marks of the last one are history now.
        return decision.accepted ? { ...e, state: to } : { ...e, state: to, fields: withoutChecks(e.fields) };
      });
      const decided: AcceptanceRecord = { ...rec, decidedAt: at, decision, moved: targets.map((e) => e.id) };
      const next: Book = {
        ...book,
        acceptances: book.acceptances.map((r) => (r.id === rec.id ? decided : r)),
        updatedAt: at,
      };
      await this.repo.saveBookWithEntries(next, { put, events });
      this.session.setBook(next);
    });
  }

  // ---- inspecting a sampled entry --------------------------------------------------------------------------

  private showSeq = 0;

  /** Opens a sampled entry (read fresh) and its first page's image. */
  async inspect(entryId: string): Promise<void> {
    const seq = ++this.showSeq;
    const s = this.session.summaries.get(entryId);
    const pageId = s?.pageIds[0];
    if (!pageId) return;
    const entry = (await this.repo.listPageEntries(pageId)).find((e) => e.id === entryId) ?? null;
    const img = await this.repo.getPageImage(pageId);
    if (seq !== this.showSeq) return;
    this.closeEntry();
    this.entry = entry;
    this.imageUrl = img ? URL.createObjectURL(img.image) : null;
  }

  closeEntry(): void {
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl);
    this.imageUrl = null;
    this.entry = null;
  }

  /** Computes the statistics per person of the open book from its audit events and entries. */
  async loadPeople(): Promise<void> {
    const book = this.session.book;
    if (!book || this.peopleBusy) return;
    this.peopleBusy = true;
    try {
      const [events, entries] = await Promise.all([
        this.repo.listBookEvents(book.id),
        this.repo.listEntries(book.id),
      ]);
      if (this.session.book?.id !== book.id) return;
      this.people = {
        bookId: book.id,
        at: Date.now(),
        list: personStats(events, entries),
        book: bookStats(entries, this.session.pages, book.year),
      };
    } finally {
      this.peopleBusy = false;
    }
  }

  /** Summary of an entry of the book (for the sample list and the minutes). */
  summary(id: string): EntrySummary | undefined {
    return this.session.summaries.get(id);
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  private refuse(message: string): void {
    this.actionError = message;
  }

  private ownRefusal(own: readonly { so: string }[]): string {
    const list = own
      .slice(0, 5)
      .map((s) => s.so || '?')
      .join(', ');
    return (
      `Bạn đã nhập ${own.length} mục của sổ này (số ${list}${own.length > 5 ? '…' : ''}): người đã nhập mục ` +
      'không được tự nghiệm thu nó. Hãy để một người giám sát khác nghiệm thu sổ này.'
    );
  }

  /** Writes the open book changed by `change` with its event, through the writer (retried on failure). */
  private async saveBook(change: (b: Book) => Book, event: (b: Book) => AuditDraft): Promise<void> {
    await this.writer.run(async () => {
      const book = this.session.book;
      if (!book) return;
      const next = { ...change(book), updatedAt: Date.now() };
      await this.repo.putBook(next, event(book));
      this.session.setBook(next);
    });
  }
}

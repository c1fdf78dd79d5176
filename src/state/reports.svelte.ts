/**
 * Screen "Báo cáo" (issue 14 item 4): the inventory of books to digitise (typed in a small table or imported from
 * a spreadsheet), the campaign deadline, progress against the inventory, the monthly report, difficulties noted on
 * books, and the whole report as `.xlsx`. Every change (a row, an import, the deadline, a note) is written with its
 * audit event in one transaction: inventory and deadline in the machine's own chain, a note in its book's chain.
 * A refused change (rights, bad input, an unreadable file) says why in Vietnamese and changes nothing; a failed
 * write keeps what was typed and shows the storage's message.
 *
 * The report is built on demand from what the store holds: per book its counters, summaries, page marks, entries
 * (illegible / damaged flags) and audit events — every book is read, so building it on a profile of 100,000
 * entries takes seconds (the screen says it is working); nothing here is kept up to date live.
 */
import type { AuditAction, AuditDraft, JsonValue } from '../domain/records/audit';
import { checkNoteText, type Book } from '../domain/records/book';
import {
  buildMonthly,
  buildProgress,
  CAMPAIGN_KEY,
  checkInventoryInput,
  countFieldFlags,
  parseDeadline,
  readInventorySheet,
  type BookFacts,
  type CampaignSettings,
  type InventoryInput,
  type InventoryRow,
  type MonthlyReport,
  type ProgressReport,
} from '../domain/reports';
import { emptyCounters } from '../domain/records/summary';
import type { User } from '../domain/records/user';
import { StorageError, type Repository } from '../storage';
import type { BookSession } from './book-session.svelte';
import type { PickTarget } from './save-file';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Largest spreadsheet accepted for an inventory import. */
export const MAX_SHEET_BYTES = 10 * 1024 * 1024;

const pad = (n: number): string => String(n).padStart(2, '0');

/** The month before `now`'s, as yyyy-mm (reports are usually made after a month closes). */
export function defaultMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

export class ReportsState {
  inventory: InventoryRow[] = $state.raw([]);
  deadline: string | null = $state(null);
  /** Chosen month, yyyy-mm. */
  month: string = $state(defaultMonth());
  books: Book[] = $state.raw([]);
  progress: ProgressReport | null = $state.raw(null);
  monthly: MonthlyReport | null = $state.raw(null);
  busy: 'loading' | 'saving' | 'importing' | 'exporting' | null = $state(null);
  /** Plain Vietnamese text of the last refusal or failure, and of the last success. */
  error: string | null = $state(null);
  message: string | null = $state(null);

  private generation = 0;

  constructor(
    private readonly repo: Repository,
    private readonly session: BookSession,
    private readonly user: () => User | null,
    private readonly pickTarget: PickTarget,
  ) {}

  /** Why the current user may not change the inventory or the deadline (Vietnamese), or null. */
  get refusal(): string | null {
    const u = this.user();
    if (!u) return 'Chưa chọn người dùng.';
    if (u.role !== 'supervisor' && u.role !== 'admin')
      return 'Chỉ người giám sát hoặc quản trị viên được sửa danh mục sổ và hạn hoàn thành.';
    return null;
  }

  /** The screen is shown: reads the inventory and the deadline, then builds the report. */
  async open(): Promise<void> {
    this.error = null;
    this.message = null;
    this.inventory = await this.repo.listInventory();
    const c = await this.repo.getSetting<CampaignSettings>(CAMPAIGN_KEY);
    this.deadline = typeof c?.deadline === 'string' ? parseDeadline(c.deadline) : null;
    await this.build();
  }

  /** Reads every book's facts and builds both reports (progress at now, the chosen month). */
  async build(now = Date.now()): Promise<void> {
    // A later build (another month chosen meanwhile) wins: a stale result never reaches the screen.
    const run = ++this.generation;
    this.busy = 'loading';
    try {
      const books = await this.repo.listBooks();
      const [counters, users] = await Promise.all([this.repo.listCounters(), this.repo.listUsers()]);
      const facts: BookFacts[] = [];
      const events = [];
      for (const book of books) {
        const [summaries, pages, entries, bookEvents] = await Promise.all([
          this.repo.listSummaries(book.id),
          this.repo.listPages(book.id),
          this.repo.listEntries(book.id),
          this.repo.listBookEvents(book.id),
        ]);
        facts.push({
          book,
          // A book with no page yet has no counters record.
          counters: counters.get(book.id) ?? emptyCounters(book.id),
          summaries,
          pageMarks: pages.map((p) => p.mark),
          flags: countFieldFlags(entries),
          events: bookEvents,
        });
        events.push(...bookEvents);
      }
      if (run !== this.generation) return;
      this.books = books;
      this.progress = buildProgress({
        inventory: this.inventory,
        books: facts,
        deadline: this.deadline,
        now,
      });
      const [y, m] = this.month.split('-').map(Number);
      this.monthly = buildMonthly({ year: y ?? 1970, month: m ?? 1, books, events, users });
    } finally {
      if (run === this.generation) this.busy = null;
    }
  }

  async setMonth(month: string): Promise<void> {
    if (!/^\d{4}-\d{2}$/u.test(month)) return;
    this.month = month;
    await this.build().catch(this.report);
  }

  /** Adds a typed row, or replaces the row `replacing` (its id) with it. Returns true when stored. */
  async saveRow(input: Partial<InventoryInput>, replacing: string | null = null): Promise<boolean> {
    this.error = null;
    this.message = null;
    if (this.refusal) return this.refuse(this.refusal);
    const checked = checkInventoryInput(input);
    if (checked.error !== null) return this.refuse(checked.error);
    const row = checked.row;
    const before = this.inventory.find((r) => r.id === (replacing ?? row.id)) ?? null;
    if (row.id !== replacing && this.inventory.some((r) => r.id === row.id))
      return this.refuse('Quyển sổ này đã có trong danh mục (cùng xã, loại sổ, năm và quyển số).');
    const remove = replacing && replacing !== row.id ? [replacing] : [];
    return this.write('inventory.update', async (event) => {
      await this.repo.saveInventory({
        put: [row],
        remove,
        event: { ...event, before: before ? json(before) : null, after: json(row) },
      });
      this.inventory = [...this.inventory.filter((r) => r.id !== row.id && !remove.includes(r.id)), row];
      this.message = `Đã lưu quyển ${row.type} ${row.bookNumber} (${row.communeCode}).`;
    });
  }

  /** Removes a row (the screen asked for confirmation first). */
  async removeRow(id: string): Promise<boolean> {
    this.error = null;
    this.message = null;
    if (this.refusal) return this.refuse(this.refusal);
    const before = this.inventory.find((r) => r.id === id);
    if (!before) return false;
    return this.write('inventory.update', async (event) => {
      await this.repo.saveInventory({ remove: [id], event: { ...event, before: json(before), after: null } });
      this.inventory = this.inventory.filter((r) => r.id !== id);
      this.message = `Đã xoá quyển ${before.type} ${before.bookNumber} khỏi danh mục.`;
    });
  }

  /**
   * Imports a spreadsheet: all rows or none. Rows of books already listed replace them (same commune, type, year
   * and book number); the others are added.
   */
  async importFile(file: File): Promise<boolean> {
    this.error = null;
    this.message = null;
    if (this.refusal) return this.refuse(this.refusal);
    if (!/\.xlsx$/iu.test(file.name))
      return this.refuse(
        `“${file.name}” không phải tệp .xlsx; hãy lưu bảng tính dạng Excel (.xlsx) rồi nhập lại.`,
      );
    if (file.size > MAX_SHEET_BYTES) return this.refuse(`“${file.name}” lớn quá 10 MB.`);
    this.busy = 'importing';
    try {
      const { readFirstSheet, SheetReadError } = await import('../exchange/xlsx');
      let cells;
      try {
        cells = await readFirstSheet(new Uint8Array(await file.arrayBuffer()));
      } catch (e) {
        return this.refuse(e instanceof SheetReadError ? `“${file.name}”: ${e.message}` : String(e));
      }
      const read = readInventorySheet(cells);
      if (read.error !== null) return this.refuse(`“${file.name}”: ${read.error} Danh mục không thay đổi.`);
      const rows = read.rows;
      const replaced = rows.filter((r) => this.inventory.some((x) => x.id === r.id)).length;
      return await this.write('inventory.import', async (event) => {
        await this.repo.saveInventory({
          put: rows,
          event: {
            ...event,
            after: { file: file.name, rows: rows.length, added: rows.length - replaced, replaced },
          },
        });
        const ids = new Set(rows.map((r) => r.id));
        this.inventory = [...this.inventory.filter((r) => !ids.has(r.id)), ...rows];
        this.message =
          `Đã nhập ${rows.length} quyển từ “${file.name}”` +
          (replaced ? ` (${replaced} quyển đã có được cập nhật).` : '.');
      });
    } finally {
      this.busy = null;
    }
  }

  /** Sets (or clears, with '') the campaign deadline. */
  async setDeadline(raw: string): Promise<boolean> {
    this.error = null;
    this.message = null;
    if (this.refusal) return this.refuse(this.refusal);
    const deadline = raw.trim() ? parseDeadline(raw) : null;
    if (raw.trim() && !deadline) return this.refuse('Hạn hoàn thành không phải một ngày có thật.');
    if (deadline === this.deadline) return true;
    const before = this.deadline;
    return this.write('campaign.update', async (event) => {
      await this.repo.putAuditedSetting(CAMPAIGN_KEY, { deadline } satisfies CampaignSettings, {
        ...event,
        before: { deadline: before },
        after: { deadline },
      });
      this.deadline = deadline;
      this.message = deadline ? `Hạn hoàn thành: ${deadline.split('-').reverse().join('/')}.` : 'Đã bỏ hạn.';
    });
  }

  /** Notes a difficulty on a book (dated, by the current user), with a `book.note` event in its chain. */
  async addNote(bookId: string, raw: string): Promise<boolean> {
    this.error = null;
    this.message = null;
    const u = this.user();
    if (!u) return this.refuse('Chưa chọn người dùng.');
    const checked = checkNoteText(raw);
    if (checked.error !== null) return this.refuse(checked.error);
    const book = await this.repo.getBook(bookId);
    if (!book) return this.refuse('Sổ này không còn trên máy.');
    const at = Date.now();
    const note = { at, userId: u.id, userName: u.name, text: checked.text };
    const next: Book = { ...book, notes: [...book.notes, note], updatedAt: at };
    return this.write('book.note', async (event) => {
      await this.repo.putBook(next, { ...event, bookId, at, after: { text: note.text }, note: null });
      this.session.setBook(next);
      this.books = this.books.map((b) => (b.id === bookId ? next : b));
      this.message = 'Đã ghi chú khó khăn của sổ.';
    });
  }

  /** The whole report as `.xlsx`, saved where the user picks (or downloaded). */
  async exportXlsx(): Promise<void> {
    this.error = null;
    this.message = null;
    const progress = this.progress;
    const monthly = this.monthly;
    if (!progress || !monthly) return;
    const name = `baocao_${this.month}.xlsx`;
    const target = await this.pickTarget(name, XLSX_TYPE);
    if (!target) return;
    this.busy = 'exporting';
    try {
      const [{ buildReportWorkbook }, { writeXlsx }] = await Promise.all([
        import('../exchange/reports'),
        import('../exchange/xlsx'),
      ]);
      const bytes = await writeXlsx(
        buildReportWorkbook({ progress, monthly, inventory: this.inventory, deadline: this.deadline }),
      );
      await target.write(bytes);
      this.message = `Đã lưu ${target.name}.`;
    } catch (e) {
      this.report(e);
    } finally {
      this.busy = null;
    }
  }

  report = (e: unknown): void => {
    if (!(e instanceof StorageError)) console.error(e);
    this.error = e instanceof Error ? e.message : String(e);
  };

  private refuse(text: string): false {
    this.error = text;
    return false;
  }

  private async write(action: AuditAction, body: (event: AuditDraft) => Promise<void>): Promise<boolean> {
    const u = this.user();
    const event: AuditDraft = {
      bookId: null,
      at: Date.now(),
      userId: u?.id ?? null,
      role: u?.role ?? null,
      action,
      entryId: null,
      pageId: null,
      field: null,
      before: null,
      after: null,
      note: null,
    };
    const was = this.busy;
    this.busy = 'saving';
    try {
      await body(event);
    } catch (e) {
      this.report(e);
      return false;
    } finally {
      this.busy = was;
    }
    await this.build().catch(this.report); // stored: a failed rebuild is said, the change stays
    return true;
  }
}

function json(r: InventoryRow): JsonValue {
  return JSON.parse(JSON.stringify(r)) as JsonValue;
}

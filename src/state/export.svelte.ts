/**
 * Screen "Xuất dữ liệu" (issue 14 items 1 and 3) for the open book: the pre-export validation report (the findings
 * of `buildBookExport`, worst first) and "Tải tệp Excel" — the Ministry workbook built in the export worker, saved
 * where the user picks (or downloaded), then recorded: the accepted entries move to exported, each with its
 * `entry.state` event, and one `book.export` event says what left (file name, SHA-256 of the bytes, template
 * version, row count, the override reason if any) — all in one transaction through the writer.
 *
 * Only a supervisor or an administrator exports (the workflow's accepted → exported). A book with entries not yet
 * accepted exports only with a typed reason (the override, recorded in the event); those entries keep their state.
 */
import type { AuditDraft, JsonValue } from '../domain/records/audit';
import type { Entry } from '../domain/records/entry';
import type { Severity } from '../domain/rules/types';
import { TEMPLATES_OF, type TemplateId } from '../domain/templates';
import { ENTRY_STATE_LABELS, transitionRefusal, type Actor } from '../domain/workflow';
import { exportStem } from '../exchange/names';
import type { ExportOutcome } from '../exchange/run';
import type { BookExportInput, ExportFinding } from '../exchange/workbook';
import { StorageError, type Repository } from '../storage';
import type { BookSession } from './book-session.svelte';
import type { PickTarget } from './save-file';
import type { EntryWriter } from './writer.svelte';

/** Runs an export (the export worker's client, or the same code in process). */
export interface ExportRunner {
  run(input: BookExportInput, opts: { file: boolean; signal?: AbortSignal }): Promise<ExportOutcome>;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Workstation setting: the template version used for books of a type. */
export const templateSettingKey = (type: string): string => `exportTemplate.${type}`;

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: 'Lỗi',
  warning: 'Cảnh báo',
  info: 'Lưu ý',
};

/** Findings worst first, then by row and the order the builder gave (template column order). */
export function bySeverity(findings: readonly ExportFinding[]): ExportFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.f.row - b.f.row || a.i - b.i,
    )
    .map((x) => x.f);
}

/** What the last export wrote (shown on the screen). */
export interface ExportDone {
  fileName: string;
  sha256: string;
  rows: number;
  moved: number;
}

/** The workflow move an export makes, asked for an entry nobody keyed. */
const PROBE = { state: 'accepted' as const, keyedBy: null };

export class ExportState {
  template: TemplateId | null = $state(null);
  /** Findings of the last check, worst first. */
  findings: ExportFinding[] = $state.raw([]);
  /** Findings are for this book (null: not checked yet). */
  checkedBook: string | null = $state(null);
  busy: 'checking' | 'building' | 'saving' | null = $state(null);
  /** The supervisor's reason to export a book whose entries are not all accepted. */
  overrideReason = $state('');
  /** Plain Vietnamese text of the last failure (not a write: those go to the save banner). */
  error: string | null = $state(null);
  done: ExportDone | null = $state(null);

  readonly templates: readonly TemplateId[] = $derived.by(() =>
    this.session.book ? TEMPLATES_OF[this.session.book.type] : [],
  );

  /** Entries by workflow state: how many are ready (accepted or already exported) and how many are not. */
  readonly counts = $derived.by(() => {
    let ready = 0;
    let notReady = 0;
    const byState = new Map<string, number>();
    for (const s of this.session.summaries.values()) {
      if (s.state === 'accepted' || s.state === 'exported') ready++;
      else notReady++;
      byState.set(s.state, (byState.get(s.state) ?? 0) + 1);
    }
    const waiting = [...byState]
      .filter(([st]) => st !== 'accepted' && st !== 'exported')
      .map(([st, n]) => `${n} ${ENTRY_STATE_LABELS[st as keyof typeof ENTRY_STATE_LABELS].toLowerCase()}`);
    return { ready, notReady, total: ready + notReady, waiting };
  });

  /** Why the current user may not export this book at all (Vietnamese), or null. */
  readonly refusal: string | null = $derived.by(() => {
    const a = this.actor();
    if (!a) return 'Chưa chọn người dùng.';
    if (!this.session.book) return 'Chưa mở sổ nào.';
    if (transitionRefusal(PROBE, 'exported', a))
      return 'Chỉ người giám sát hoặc quản trị viên được xuất dữ liệu.';
    if (!this.counts.total) return 'Sổ chưa có mục nào để xuất.';
    return null;
  });

  /** The book has entries not yet accepted: exporting needs a typed reason. */
  readonly needsOverride: boolean = $derived(this.counts.notReady > 0);

  readonly fileName: string = $derived.by(() =>
    this.session.book ? `${exportStem(this.session.book)}.xlsx` : '',
  );

  private controller: AbortController | null = null;

  constructor(
    private readonly repo: Repository,
    private readonly session: BookSession,
    private readonly writer: EntryWriter,
    private readonly actor: () => Actor | null,
    private readonly runner: ExportRunner,
    private readonly pickTarget: PickTarget,
  ) {}

  /** The screen is shown: the template version of the book's type (setting) and a fresh report. */
  async open(): Promise<void> {
    const book = this.session.book;
    if (!book) return;
    if (this.checkedBook !== book.id) {
      this.findings = [];
      this.done = null;
      this.overrideReason = '';
    }
    const stored = await this.repo.getSetting<TemplateId>(templateSettingKey(book.type));
    const options = TEMPLATES_OF[book.type];
    this.template = stored && options.includes(stored) ? stored : (options[0] ?? null);
    await this.check();
  }

  /** Stores the template version for books of this type and checks again. */
  async setTemplate(id: TemplateId): Promise<void> {
    const book = this.session.book;
    if (!book || !TEMPLATES_OF[book.type].includes(id)) return;
    this.template = id;
    await this.repo.putSetting(templateSettingKey(book.type), id);
    await this.check();
  }

  /** The validation report of the book as stored now. */
  async check(): Promise<void> {
    const book = this.session.book;
    if (!book || this.busy) return;
    this.busy = 'checking';
    this.error = null;
    try {
      const { input } = await this.input();
      const out = await this.runner.run(input, { file: false });
      if (!out.ok) {
        if (!out.cancelled) this.error = out.message;
        return;
      }
      this.findings = bySeverity(out.result.findings);
      this.checkedBook = book.id;
    } catch (e) {
      this.report(e);
    } finally {
      this.busy = null;
    }
  }

  /** Stops a running build (the file is not written, nothing is recorded). */
  cancel(): void {
    this.controller?.abort();
  }

  /**
   * "Tải tệp Excel": asks where to save (first, while the click counts as a gesture), builds the workbook in the
   * worker, writes it, then records the export. Returns true when the file was written and recorded.
   */
  async exportFile(): Promise<boolean> {
    const book = this.session.book;
    const actor = this.actor();
    this.error = null;
    if (this.refusal || !book || !actor) {
      this.error = this.refusal ?? 'Chưa mở sổ nào.';
      return false;
    }
    const reason = this.overrideReason.trim();
    if (this.needsOverride && !reason) {
      this.error = `Sổ còn ${this.counts.notReady} mục chưa nghiệm thu: hãy ghi lý do xuất trước khi nghiệm thu xong.`;
      return false;
    }
    if (this.busy) return false;
    this.busy = 'building';
    const controller = new AbortController();
    this.controller = controller;
    try {
      const target = await this.pickTarget(this.fileName, XLSX_MIME);
      if (!target) return false;
      const { input, entries } = await this.input();
      const out = await this.runner.run(input, { file: true, signal: controller.signal });
      if (!out.ok) {
        if (!out.cancelled) this.error = out.message;
        return false;
      }
      const file = out.result.file;
      if (!file) throw new Error('export run gave no file');
      this.findings = bySeverity(out.result.findings);
      this.checkedBook = book.id;
      this.busy = 'saving';
      await target.write(file.bytes);
      const moved = await this.record(entries, {
        fileName: target.name,
        sha256: file.sha256,
        template: out.result.template,
        rows: out.result.entryIds.length,
        reason: this.needsOverride ? reason : null,
      });
      this.done = { fileName: target.name, sha256: file.sha256, rows: out.result.entryIds.length, moved };
      this.overrideReason = '';
      return true;
    } catch (e) {
      this.report(e);
      return false;
    } finally {
      this.controller = null;
      this.busy = null;
    }
  }

  /**
   * Records what was exported in one transaction: the accepted entries (as read for the file; a change since is
   * refused by their revision) move to exported with their `entry.state` events, then the `book.export` event.
   */
  private async record(
    entries: readonly Entry[],
    what: { fileName: string; sha256: string; template: TemplateId; rows: number; reason: string | null },
  ): Promise<number> {
    const book = this.session.book;
    const actor = this.actor();
    if (!book || !actor) throw new Error('no book or user');
    const movable = entries.filter((e) => !transitionRefusal(e, 'exported', actor));
    const note = `Xuất vào tệp ${what.fileName}`;
    const put = movable.map((e) => ({ ...e, state: 'exported' as const }));
    const events: AuditDraft[] = movable.map((e) =>
      this.writer.draft('entry.state', { bookId: book.id, entryId: e.id }, e.state, 'exported', note),
    );
    const after: JsonValue = {
      fileName: what.fileName,
      sha256: what.sha256,
      template: what.template,
      rows: what.rows,
      exported: movable.length,
      override: what.reason,
    };
    events.push(
      this.writer.draft(
        'book.export',
        { bookId: book.id },
        null,
        after,
        what.reason ? `Xuất khi chưa nghiệm thu hết; lý do: ${what.reason}` : note,
      ),
    );
    await this.writer.run(() => this.repo.saveEntries({ put, events }));
    return movable.length;
  }

  /** The book's entries and pages as stored, once every pending write has landed. */
  private async input(): Promise<{ input: BookExportInput; entries: Entry[] }> {
    const book = this.session.book;
    if (!book) throw new Error('no open book');
    await this.writer.run(() => Promise.resolve());
    const [entries, pages] = await Promise.all([
      this.repo.listEntries(book.id),
      this.repo.listPages(book.id),
    ]);
    const input: BookExportInput = {
      book: {
        id: book.id,
        type: book.type,
        year: book.year,
        bookNumber: book.bookNumber,
        commune: book.commune,
      },
      entries: entries.map((e) => ({
        id: e.id,
        type: e.type,
        pageIds: e.pageIds,
        order: e.order,
        fields: e.fields,
      })),
      pages: pages.map((p) => ({ id: p.id, order: p.order })),
      ...(this.template ? { options: { template: this.template } } : {}),
    };
    return { input, entries };
  }

  private report(e: unknown): void {
    if (e instanceof StorageError) {
      if (!this.writer.saveError) this.writer.fail(e);
    } else {
      console.error(e);
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  clear(): void {
    this.cancel();
    this.findings = [];
    this.checkedBook = null;
    this.done = null;
    this.overrideReason = '';
    this.error = null;
  }
}

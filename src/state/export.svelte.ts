/**
 * Screen "Xuất dữ liệu" (issue 14 items 1 and 3) for the open book: the pre-export validation report (the findings
 * of `buildBookExport`, worst first) and "Tải tệp Excel" — the Ministry workbook built in the export worker, saved
 * where the user picks (or downloaded), then recorded: the accepted entries move to exported, each with its
 * `entry.state` event, and one `book.export` event says what left (file name, SHA-256 of the bytes, template
 * version, row count, the override reason if any) — all in one transaction through the writer.
 *
 * "Tải tệp PDF theo mục (zip)" (issue 14 item 2): one PDF per entry of its page image(s), built in the export
 * worker and streamed into one zip written where the user picks (or downloaded), with progress and cancel; recorded
 * the same way (one `book.export` event: the zip's name, size and SHA-256, and each PDF's name and SHA-256).
 *
 * "Tải ALTO / PAGE (zip)" (issue 14 item 6): the archival copy — per page an ALTO 4.4 and a PAGE XML file (OCR words
 * and lines, the entries' field values with their boxes), built in the export worker from the stored OCR and
 * entries and streamed into one zip, with progress and cancel; recorded by one `book.export` event (kind
 * `alto-page`: the zip's name, size and SHA-256, each file's SHA-256). An archival copy does not move entries to
 * exported (that state means "sent to the Ministry's software").
 *
 * Only a supervisor or an administrator exports (the workflow's accepted → exported). A book with entries not yet
 * accepted exports only with a typed reason (the override, recorded in the event); those entries keep their state.
 */
import type { AuditDraft, JsonValue } from '../domain/records/audit';
import type { Book } from '../domain/records/book';
import type { Entry } from '../domain/records/entry';
import type { Severity } from '../domain/rules/types';
import { TEMPLATES_OF, type TemplateId } from '../domain/templates';
import { ENTRY_STATE_LABELS, transitionRefusal, type Actor } from '../domain/workflow';
import type { ArchivePageInput } from '../exchange/archive-page';
import { archiveZipName, type ArchiveZipInput, type ArchiveZipResult } from '../exchange/archive-zip';
import { archiveInput, archiveOcr } from './export-archive';
import { pdfZipName, type PdfZipResult } from '../exchange/entry-pdfs';
import {
  DEFAULT_NAME_PATTERN,
  entryStem,
  exportStem,
  parseNamePattern,
  patternOrDefault,
} from '../exchange/names';
import type { ExportOutcome } from '../exchange/run';
import { exportInputOf } from '../exchange/input';
import type { BookExportInput, ExportFinding } from '../exchange/workbook';
import { StorageError, type Repository } from '../storage';
import type { BookSession } from './book-session.svelte';
import type { PickStreamTarget, PickTarget, StreamSink } from './save-file';
import type { EntryWriter } from './writer.svelte';

/** The main thread's side of a PDF zip run: page images in, zip chunks out, progress. */
export interface PdfZipIo {
  readPage(pageId: string): Promise<Blob | null>;
  write(chunk: Uint8Array): Promise<void>;
  progress(done: number, total: number): void;
}

export type PdfZipOutcome =
  { ok: true; result: PdfZipResult; ms: number } | { ok: false; cancelled: boolean; message: string };

/** The main thread's side of an ALTO/PAGE zip run: each page's stored OCR in, zip chunks out, progress. */
export interface ArchiveZipIo {
  readOcr(pageId: string): Promise<ArchivePageInput['ocr']>;
  write(chunk: Uint8Array): Promise<void>;
  progress(done: number, total: number): void;
}

export type ArchiveZipOutcome =
  { ok: true; result: ArchiveZipResult; ms: number } | { ok: false; cancelled: boolean; message: string };

/** Runs an export (the export worker's client, or the same code in process). */
export interface ExportRunner {
  run(input: BookExportInput, opts: { file: boolean; signal?: AbortSignal }): Promise<ExportOutcome>;
  pdfZip(input: BookExportInput, io: PdfZipIo, opts: { signal?: AbortSignal }): Promise<PdfZipOutcome>;
  archiveZip(
    input: ArchiveZipInput,
    io: ArchiveZipIo,
    opts: { signal?: AbortSignal },
  ): Promise<ArchiveZipOutcome>;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ZIP_MIME = 'application/zip';

/** Workstation setting: the template version used for books of a type. */
export const templateSettingKey = (type: string): string => `exportTemplate.${type}`;

export { DEFAULT_NAME_PATTERN, NAME_PLACEHOLDERS } from '../exchange/names';

/** Workstation setting: the file name pattern of exports (names.ts), audited when changed. */
export const NAME_PATTERN_KEY = 'exportNamePattern';

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

/** What the last PDF zip export wrote (shown on the screen). */
export interface PdfZipDone {
  fileName: string;
  sha256: string;
  /** PDFs in the zip. */
  count: number;
  /** Bytes of the zip. */
  size: number;
  /** Mean PDF bytes per A4 page. */
  perA4Page: number;
  moved: number;
}

/** What the last ALTO/PAGE zip export wrote (shown on the screen). */
export interface ArchiveDone {
  fileName: string;
  sha256: string;
  pages: number;
  size: number;
}

/** "12,3 MB" / "845 kB" (Vietnamese decimal comma). */
export function formatBytes(n: number): string {
  const [v, unit] = n >= 1e6 ? [n / 1e6, 'MB'] : [n / 1e3, 'kB'];
  return `${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${unit}`;
}

/** The workflow move an export makes, asked for an entry nobody keyed. */
const PROBE = { state: 'accepted' as const, keyedBy: null };

export class ExportState {
  template: TemplateId | null = $state(null);
  /** Findings of the last check, worst first. */
  findings: ExportFinding[] = $state.raw([]);
  /** Findings are for this book (null: not checked yet). */
  checkedBook: string | null = $state(null);
  busy: 'checking' | 'building' | 'saving' | 'pdf' | 'archive' | null = $state(null);
  /** PDFs made so far of the running zip export. */
  pdfProgress: { done: number; total: number } | null = $state(null);
  pdfDone: PdfZipDone | null = $state(null);
  /** Pages written so far of the running ALTO/PAGE export. */
  archiveProgress: { done: number; total: number } | null = $state(null);
  archiveDone: ArchiveDone | null = $state(null);
  /** The file name pattern in force (stored setting, default the observed names). */
  namePattern: string = $state(DEFAULT_NAME_PATTERN);
  /** The pattern being typed on the screen (stored by `savePattern`). */
  patternDraft: string = $state(DEFAULT_NAME_PATTERN);
  /** Result of the last "Lưu mẫu" (shown beside it). */
  patternMessage: { ok: boolean; text: string } | null = $state(null);
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

  private readonly pattern = $derived(patternOrDefault(this.namePattern));

  readonly fileName: string = $derived.by(() =>
    this.session.book ? `${exportStem(this.session.book, this.pattern)}.xlsx` : '',
  );

  readonly zipName: string = $derived.by(() =>
    this.session.book ? pdfZipName(this.session.book, this.pattern) : '',
  );

  readonly archiveName: string = $derived.by(() =>
    this.session.book ? archiveZipName(this.session.book, this.pattern) : '',
  );

  /**
   * What the typed pattern would make for this book: an entry's PDF name (the book's first entry by `so`, else
   * number 12) and the workbook's, or why the pattern is refused.
   */
  readonly patternPreview: { ok: true; pdf: string; xlsx: string } | { ok: false; message: string } =
    $derived.by(() => {
      const parsed = parseNamePattern(this.patternDraft);
      if (!parsed.ok) return parsed;
      const book = this.session.book;
      if (!book) return { ok: true, pdf: '', xlsx: '' };
      const numbers = [...this.session.summaries.values()].map((s) => s.so).filter(Boolean);
      const so = numbers.sort((a, b) => a.localeCompare(b, 'vi', { numeric: true }))[0] ?? '12';
      return {
        ok: true,
        pdf: `${entryStem(book, so, parsed.pattern)}.pdf`,
        xlsx: `${exportStem(book, parsed.pattern)}.xlsx`,
      };
    });

  private controller: AbortController | null = null;

  constructor(
    private readonly repo: Repository,
    private readonly session: BookSession,
    private readonly writer: EntryWriter,
    private readonly actor: () => Actor | null,
    private readonly runner: ExportRunner,
    private readonly pickTarget: PickTarget,
    private readonly pickStream: PickStreamTarget,
  ) {}

  /** The screen is shown: the template version of the book's type (setting) and a fresh report. */
  async open(): Promise<void> {
    const book = this.session.book;
    if (!book) return;
    if (this.checkedBook !== book.id) {
      this.findings = [];
      this.done = null;
      this.pdfDone = null;
      this.archiveDone = null;
      this.overrideReason = '';
    }
    const pattern = await this.repo.getSetting<string>(NAME_PATTERN_KEY);
    this.namePattern = patternOrDefault(pattern).source;
    this.patternDraft = this.namePattern;
    this.patternMessage = null;
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

  /**
   * "Lưu mẫu": stores the typed file name pattern for every export of this workstation, with a `settings.update`
   * event (before, after) in the machine's audit chain, in one transaction. Only a supervisor or an administrator;
   * an invalid pattern is refused with its Vietnamese reason and nothing changes.
   */
  async savePattern(): Promise<boolean> {
    const actor = this.actor();
    if (!actor || transitionRefusal(PROBE, 'exported', actor)) {
      this.patternMessage = {
        ok: false,
        text: 'Chỉ người giám sát hoặc quản trị viên được đổi mẫu tên tệp.',
      };
      return false;
    }
    const parsed = parseNamePattern(this.patternDraft);
    if (!parsed.ok) {
      this.patternMessage = { ok: false, text: parsed.message };
      return false;
    }
    const next = parsed.pattern.source;
    if (next === this.namePattern) {
      this.patternDraft = next;
      this.patternMessage = { ok: true, text: 'Mẫu tên tệp không đổi.' };
      return true;
    }
    const before = this.namePattern;
    const event = this.writer.draft(
      'settings.update',
      { bookId: null, field: NAME_PATTERN_KEY },
      before,
      next,
      'Đổi mẫu tên tệp xuất',
    );
    try {
      await this.writer.run(() => this.repo.putAuditedSetting(NAME_PATTERN_KEY, next, event));
    } catch (e) {
      this.report(e);
      this.patternMessage = { ok: false, text: 'Chưa lưu được mẫu tên tệp.' };
      return false;
    }
    this.namePattern = next;
    this.patternDraft = next;
    this.patternMessage = { ok: true, text: 'Đã lưu mẫu tên tệp.' };
    return true;
  }

  /** "Mẫu mặc định": the observed names again (stored and audited like any change). */
  async resetPattern(): Promise<boolean> {
    this.patternDraft = DEFAULT_NAME_PATTERN;
    return this.savePattern();
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
  /** Why this export may not start (shown), or null; the same gate for the workbook and the PDFs. */
  private gate(): string | null {
    if (this.refusal || !this.session.book || !this.actor()) return this.refusal ?? 'Chưa mở sổ nào.';
    if (this.needsOverride && !this.overrideReason.trim())
      return `Sổ còn ${this.counts.notReady} mục chưa nghiệm thu: hãy ghi lý do xuất trước khi nghiệm thu xong.`;
    return null;
  }

  async exportFile(): Promise<boolean> {
    const book = this.session.book;
    this.error = this.gate();
    if (this.error || !book) return false;
    const reason = this.overrideReason.trim();
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
      const moved = await this.record(
        entries,
        target.name,
        {
          kind: 'xlsx',
          fileName: target.name,
          namePattern: this.namePattern,
          sha256: file.sha256,
          template: out.result.template,
          rows: out.result.entryIds.length,
        },
        this.needsOverride ? reason : null,
      );
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
   * "Tải tệp PDF theo mục (zip)": asks where to save the zip (first, while the click counts as a gesture), then the
   * export worker makes the entries' PDFs one by one and streams the zip into that file (page images read from the
   * store one at a time), then the export is recorded. Cancel or a failure discards the file and records nothing.
   */
  async exportPdfZip(): Promise<boolean> {
    return this.streamZip({
      busy: 'pdf',
      name: this.zipName,
      progress: (p) => (this.pdfProgress = p),
      prepare: async () => {
        const { input, entries } = await this.input();
        return { entries, total: entries.length, input };
      },
      run: ({ input }, io, signal) =>
        this.runner.pdfZip(
          input,
          { ...io, readPage: async (pageId) => (await this.repo.getPageImage(pageId))?.image ?? null },
          { signal },
        ),
      finish: async (fileName, entries, r, reason) => {
        const a4 = r.members.reduce((n, m) => n + m.a4Pages, 0);
        const pdfBytes = r.members.reduce((n, m) => n + m.size, 0);
        const moved = await this.record(
          entries,
          fileName,
          {
            kind: 'pdf-zip',
            fileName,
            namePattern: this.namePattern,
            sha256: r.sha256,
            size: r.size,
            pdfs: r.members.length,
            files: r.members.map((m) => ({ name: m.name, sha256: m.sha256, pages: m.pages })),
          },
          reason,
        );
        this.pdfDone = {
          fileName,
          sha256: r.sha256,
          count: r.members.length,
          size: r.size,
          perA4Page: a4 ? Math.round(pdfBytes / a4) : 0,
          moved,
        };
      },
    });
  }

  /**
   * "Tải ALTO / PAGE (zip)": asks where to save the zip (first, while the click counts as a gesture), then the export
   * worker writes each page's ALTO and PAGE XML files from the stored OCR (read one page at a time) and entries,
   * streamed into that file; then the export is recorded (no entry changes state). Cancel or a failure discards the
   * file and records nothing.
   */
  async exportArchiveZip(): Promise<boolean> {
    return this.streamZip({
      busy: 'archive',
      name: this.archiveName,
      progress: (p) => (this.archiveProgress = p),
      prepare: async (book) => {
        await this.writer.run(() => Promise.resolve());
        const [entries, pages] = await Promise.all([
          this.repo.listEntries(book.id),
          this.repo.listPages(book.id),
        ]);
        const input = { ...archiveInput(book, pages, entries), namePattern: this.namePattern };
        return { entries, total: pages.length, input };
      },
      run: ({ input }, io, signal) =>
        this.runner.archiveZip(
          input,
          { ...io, readOcr: async (pageId) => archiveOcr(await this.repo.getOcr(pageId)) },
          { signal },
        ),
      finish: async (fileName, entries, r, reason) => {
        await this.record(
          entries,
          fileName,
          {
            kind: 'alto-page',
            fileName,
            namePattern: this.namePattern,
            sha256: r.sha256,
            size: r.size,
            pages: r.pages,
            files: r.members.map((m) => ({ name: m.name, sha256: m.sha256 })),
          },
          reason,
          false,
        );
        this.archiveDone = { fileName, sha256: r.sha256, pages: r.pages, size: r.size };
      },
    });
  }

  /**
   * A zip streamed by the export worker into the file the user picks (asked first, while the click counts as a
   * gesture): `prepare` reads what goes in, `run` drives the worker with the sink's `write` and the progress,
   * `finish` records the export once the file is closed. Cancel or a failure aborts the file and records nothing.
   */
  private async streamZip<I, R>(job: {
    busy: 'pdf' | 'archive';
    name: string;
    progress: (p: { done: number; total: number } | null) => void;
    prepare: (book: Book) => Promise<{ entries: Entry[]; total: number; input: I }>;
    run: (
      prepared: { input: I },
      io: { write: (chunk: Uint8Array) => Promise<void>; progress: (done: number, total: number) => void },
      signal: AbortSignal,
    ) => Promise<{ ok: true; result: R } | { ok: false; cancelled: boolean; message: string }>;
    finish: (fileName: string, entries: Entry[], result: R, reason: string | null) => Promise<void>;
  }): Promise<boolean> {
    const book = this.session.book;
    this.error = this.gate();
    if (this.error || !book) return false;
    const reason = this.overrideReason.trim();
    if (this.busy) return false;
    this.busy = job.busy;
    const controller = new AbortController();
    this.controller = controller;
    let sink: StreamSink | null = null;
    try {
      const target = await this.pickStream(job.name, ZIP_MIME);
      if (!target) return false;
      const prepared = await job.prepare(book);
      job.progress({ done: 0, total: prepared.total });
      const open = await target.open();
      sink = open;
      const out = await job.run(
        prepared,
        {
          write: (chunk) => {
            if (controller.signal.aborted) return Promise.reject(new Error('cancelled'));
            return open.write(chunk);
          },
          progress: (done, total) => {
            if (!controller.signal.aborted) job.progress({ done, total });
          },
        },
        controller.signal,
      );
      if (!out.ok) {
        if (!out.cancelled) this.error = out.message;
        return false;
      }
      this.busy = 'saving';
      sink = null;
      await open.close();
      await job.finish(target.name, prepared.entries, out.result, this.needsOverride ? reason : null);
      this.overrideReason = '';
      return true;
    } catch (e) {
      this.report(e);
      return false;
    } finally {
      if (sink) await sink.abort().catch((e: unknown) => console.error(e));
      this.controller = null;
      job.progress(null);
      this.busy = null;
    }
  }

  /**
   * Records what was exported in one transaction: the accepted entries (as read for the file; a change since is
   * refused by their revision) move to exported with their `entry.state` events, then the `book.export` event
   * (`what`, plus how many entries moved and the override reason).
   */
  private async record(
    entries: readonly Entry[],
    fileName: string,
    what: Record<string, JsonValue>,
    reason: string | null,
    /** Move the accepted entries to exported (not for an archival copy). */
    move = true,
  ): Promise<number> {
    const book = this.session.book;
    const actor = this.actor();
    if (!book || !actor) throw new Error('no book or user');
    const movable = move ? entries.filter((e) => !transitionRefusal(e, 'exported', actor)) : [];
    const note = `Xuất vào tệp ${fileName}`;
    const put = movable.map((e) => ({ ...e, state: 'exported' as const }));
    const events: AuditDraft[] = movable.map((e) =>
      this.writer.draft('entry.state', { bookId: book.id, entryId: e.id }, e.state, 'exported', note),
    );
    const after: JsonValue = { ...what, exported: movable.length, override: reason };
    events.push(
      this.writer.draft(
        'book.export',
        { bookId: book.id },
        null,
        after,
        reason ? `Xuất khi chưa nghiệm thu hết; lý do: ${reason}` : note,
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
    const input = exportInputOf(book, pages, entries, {
      ...(this.template ? { template: this.template } : {}),
      namePattern: this.namePattern,
    });
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
    this.pdfDone = null;
    this.archiveDone = null;
    this.overrideReason = '';
    this.error = null;
  }
}

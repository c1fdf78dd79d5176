/**
 * Work packages on the book list ("Sổ"): "Xuất gói công việc" per book (streamed to the file the user picks, or a
 * download), "Nhập gói công việc" (verified, merged, audited: state/package-io.ts), the result in words, and the
 * book's open conflicts with both values and a choice for each. Every failure is shown in Vietnamese; a refused
 * package changes nothing.
 */
import type { JsonValue } from '../domain/records/audit';
import type { Book } from '../domain/records/book';
import { FIELD_FLAG_LABELS, normalizeField } from '../domain/records/entry';
import { ENTRY_ATTRS, type MergeConflict } from '../domain/records/merge';
import { fieldByKey } from '../domain/registers';
import { ENTRY_STATE_LABELS } from '../domain/workflow';
import { exportStem } from '../exchange/names';
import { PACKAGE_MIME } from '../exchange/package';
import type { Repository } from '../storage';
import { blobFile, exportPackage, importPackage, importSummary, packageErrorMessage } from './package-io';
import type { PickStreamTarget, StreamSink } from './save-file';
import type { EntryWriter } from './writer.svelte';

/** A conflict as the list shows it (plain text only). */
export interface ConflictView {
  conflict: MergeConflict;
  /** The entry's number as keyed here ("" when none). */
  so: string;
  /** The field's label, or "Trạng thái, trang của mục". */
  label: string;
  /** The page the entry starts on (where to look at the image). */
  pageId: string;
  local: string;
  incoming: string;
}

export interface PackageMessage {
  tone: 'ok' | 'error';
  text: string;
  /** The book it is about (null: an import refused before the book was known). */
  bookId: string | null;
}

/** A value of a conflict in words: the transcription and its flags, or the entry's state and pages. */
export function conflictValueText(field: string, v: JsonValue): string {
  if (v === null) return '(không có)';
  if (field === ENTRY_ATTRS) {
    const o = v as Record<string, JsonValue>;
    const state = typeof o['state'] === 'string' ? o['state'] : '';
    const label = (ENTRY_STATE_LABELS as Record<string, string | undefined>)[state] ?? state;
    const pages = Array.isArray(o['pageIds']) ? o['pageIds'].length : 0;
    const second = o['second'] && typeof o['second'] === 'object' ? ', đã nhập lần hai' : '';
    return `${label}, ${pages} trang${second}`;
  }
  const f = normalizeField(v);
  const flags = f.flags.map((x) => FIELD_FLAG_LABELS[x]).join(', ');
  return [f.value === '' ? '(trống)' : f.value, flags ? `[${flags}]` : ''].filter(Boolean).join(' ');
}

export class PackagesState {
  /** What is running: an export of a book, or an import. */
  busy: { kind: 'export'; bookId: string } | { kind: 'import' } | null = $state(null);
  message: PackageMessage | null = $state(null);
  /** Open conflicts per book. */
  counts: ReadonlyMap<string, number> = $state.raw(new Map());
  /** The book whose conflicts are listed, and the list. */
  shown: { bookId: string; items: ConflictView[] } | null = $state(null);

  constructor(
    private readonly repo: Repository,
    private readonly writer: Pick<EntryWriter, 'draft' | 'flush'>,
    private readonly pickStream: PickStreamTarget,
    /** Called after an import stored something (the book list, an open book reload). */
    private readonly onImported: (bookId: string) => Promise<void> = () => Promise.resolve(),
  ) {}

  async loadCounts(): Promise<void> {
    try {
      this.counts = await this.repo.conflictCounts();
    } catch (e) {
      this.message = { tone: 'error', text: packageErrorMessage(e), bookId: null };
    }
  }

  /** Streams `book`'s package to the file the user picks (the export is recorded in the book's chain). */
  async exportBook(book: Book, opts: { originals?: boolean } = {}): Promise<void> {
    if (this.busy) return;
    const name = `${exportStem(book)}.goi.zip`;
    let sink: StreamSink | null = null;
    this.busy = { kind: 'export', bookId: book.id };
    this.message = null;
    try {
      await this.writer.flush();
      const target = await this.pickStream(name, PACKAGE_MIME);
      if (!target) return;
      sink = await target.open();
      const out = sink;
      const written = await exportPackage(
        this.repo,
        book.id,
        this.writer.draft('package.export', { bookId: book.id }),
        (chunk) => out.write(chunk),
        opts,
      );
      if (!written) throw new Error('Sổ không còn trong máy này.');
      await out.close();
      sink = null;
      this.message = {
        tone: 'ok',
        bookId: book.id,
        text: `Đã xuất gói công việc "${target.name}": ${written.manifest.counts.pages} trang, ${written.manifest.counts.entries} mục, ${(written.size / 1048576).toFixed(1)} MB.`,
      };
    } catch (e) {
      await sink?.abort().catch(() => undefined);
      this.message = {
        tone: 'error',
        bookId: book.id,
        text: `Không xuất được gói: ${packageErrorMessage(e)}`,
      };
    } finally {
      this.busy = null;
    }
  }

  /** Verifies and imports a package file; the result (or the refusal) goes to `message`. */
  async importFile(file: File): Promise<void> {
    if (this.busy) return;
    this.busy = { kind: 'import' };
    this.message = null;
    try {
      await this.writer.flush();
      const { bookId: _b, ...event } = this.writer.draft('package.import', { bookId: null });
      const r = await importPackage(this.repo, blobFile(file), event);
      this.message = {
        tone: 'ok',
        bookId: r.bookId,
        text: `${importSummary(r)}${r.conflictsOpen ? ` Sổ đang có ${r.conflictsOpen} xung đột chờ chọn.` : ''}`,
      };
      if (r.changed) await this.onImported(r.bookId);
      await this.loadCounts();
      if (r.conflictsOpen) await this.showConflicts(r.bookId);
    } catch (e) {
      this.message = { tone: 'error', bookId: null, text: `Tệp "${file.name}": ${packageErrorMessage(e)}` };
    } finally {
      this.busy = null;
    }
  }

  /** Lists a book's conflicts (again), or closes the list when it is already shown. */
  async toggleConflicts(bookId: string): Promise<void> {
    if (this.shown?.bookId === bookId) this.shown = null;
    else await this.showConflicts(bookId);
  }

  async showConflicts(bookId: string): Promise<void> {
    try {
      const book = await this.repo.getBook(bookId);
      const entries = new Map((await this.repo.listEntries(bookId)).map((e) => [e.id, e]));
      const items = (await this.repo.listConflicts(bookId)).map((c): ConflictView => {
        const e = entries.get(c.entryId);
        return {
          conflict: c,
          so: e?.fields['so']?.value ?? '',
          label:
            c.field === ENTRY_ATTRS
              ? 'Trạng thái, trang của mục'
              : ((book ? fieldByKey(book.type, c.field)?.uiLabel : undefined) ?? c.field),
          pageId: e?.pageIds[0] ?? '',
          local: conflictValueText(c.field, c.local),
          incoming: conflictValueText(c.field, c.incoming),
        };
      });
      this.shown = { bookId, items };
    } catch (e) {
      this.message = { tone: 'error', bookId, text: packageErrorMessage(e) };
    }
  }

  /** Settles one conflict with the value a person chose from the image. */
  async resolve(view: ConflictView, choice: 'local' | 'incoming'): Promise<void> {
    const c = view.conflict;
    try {
      await this.repo.resolveConflict(c, choice, this.writer.draft('field.resolve', { bookId: c.bookId }));
      this.message = {
        tone: 'ok',
        bookId: c.bookId,
        text: `Đã chọn "${choice === 'local' ? view.local : view.incoming}" cho ${view.label}${view.so ? ` (mục số ${view.so})` : ''}.`,
      };
      await this.onImported(c.bookId);
    } catch (e) {
      this.message = { tone: 'error', bookId: c.bookId, text: packageErrorMessage(e) };
    }
    await this.loadCounts();
    await this.showConflicts(c.bookId);
  }
}

/**
 * UI state of the pre-fill demo screen (Svelte 5 runes class). Owns the current page (displayed from an
 * object URL), the running call (at most one; a new page cancels the previous call) and its outcome.
 * Talks to the pre-fill worker only through PrefillClient.
 */
import { fieldByKey } from '../domain/registers';
import type { RegisterType } from '../domain/registers/types';
import type { Box } from '../domain/geometry';
import type { PrefillResult } from '../prefill/pipeline';
import { PrefillClient, type PrefillProgress, type PrefillSource } from '../../workers/prefill.client';

export type Status = 'idle' | 'running' | 'done' | 'error';

export interface DemoPage {
  id: string;
  label: string;
  url: string;
  kind: 'image' | 'pdf';
  /** PDF pages: 1-based page number. */
  page?: number;
}

/** One row of the results table. */
export interface FieldRow {
  id: string;
  key: string;
  label: string;
  value: string;
  confidence: number;
  box: Box | null;
}

export interface EntryView {
  index: number;
  type: RegisterType;
  continuesPrevious: boolean;
  rows: FieldRow[];
}

const REGISTER_NAMES: Record<RegisterType, string> = {
  KS: 'Khai sinh',
  KT: 'Khai tử',
  KH: 'Kết hôn',
  CMC: 'Nhận cha, mẹ, con',
  HN: 'Xác nhận tình trạng hôn nhân',
};

export function registerName(type: RegisterType | null): string {
  return type ? REGISTER_NAMES[type] : 'Không xác định';
}

/** Largest accepted upload; bigger files are refused before reading them into memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export function toEntryViews(result: PrefillResult): EntryView[] {
  return result.entries.map((e, i) => ({
    index: i + 1,
    type: e.type,
    continuesPrevious: e.continuesPrevious,
    rows: Object.entries(e.fields).map(([key, f]) => ({
      id: `${i}:${key}`,
      key,
      label: fieldByKey(e.type, key)?.uiLabel ?? key,
      value: f.value,
      confidence: f.confidence,
      box: f.box,
    })),
  }));
}

export class PrefillState {
  status: Status = $state('idle');
  progress: PrefillProgress | null = $state(null);
  /** Name of the page shown (file name or demo label). */
  pageName = $state('');
  /** Object URL of the page image shown (revoked when replaced). */
  pageUrl: string | null = $state(null);
  /** Plain-text Vietnamese message; rendered as text, never HTML. */
  error: string | null = $state(null);
  result: PrefillResult | null = $state.raw(null);
  elapsedMs = $state(0);
  /** Row under the pointer, highlighted on the page. */
  highlighted: FieldRow | null = $state.raw(null);

  readonly entries: EntryView[] = $derived(this.result ? toEntryViews(this.result) : []);
  readonly busy: boolean = $derived(this.status === 'running');

  private readonly client: PrefillClient;
  private current: AbortController | null = null;
  private ownsPageUrl = false;

  constructor(client = new PrefillClient()) {
    this.client = client;
  }

  /** Fetch a demo page shipped with the app (same origin) and pre-fill it. */
  async runDemo(demo: DemoPage): Promise<void> {
    const controller = this.begin(demo.label);
    try {
      const res = await fetch(demo.url, { signal: controller.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const source: PrefillSource =
        demo.kind === 'pdf'
          ? { kind: 'pdf', bytes, fileName: demo.label, page: demo.page ?? 1 }
          : { kind: 'image', bytes, fileName: demo.label };
      if (demo.kind === 'image') this.setPage(demo.url, false);
      await this.run(controller, source, null);
    } catch (e) {
      this.fail(controller, `Không tải được trang mẫu: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Pre-fill a JPEG/PNG chosen by the user. */
  async runFile(file: File): Promise<void> {
    const controller = this.begin(file.name);
    if (file.size > MAX_FILE_BYTES) {
      this.fail(
        controller,
        `Tệp "${file.name}" quá lớn (${Math.round(file.size / 1048576)} MB), tối đa 200 MB.`,
      );
      return;
    }
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const isPdf = file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
      const source: PrefillSource = isPdf
        ? { kind: 'pdf', bytes, fileName: file.name, page: 1 }
        : { kind: 'image', bytes, fileName: file.name };
      // Show the user's file only once the worker has decoded it (a bad file must not be displayed).
      await this.run(controller, source, isPdf ? null : file);
    } catch (e) {
      this.fail(
        controller,
        `Không đọc được tệp "${file.name}": ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  cancel(): void {
    this.current?.abort();
  }

  async dispose(): Promise<void> {
    this.cancel();
    this.setPage(null);
    await this.client.dispose();
  }

  private begin(name: string): AbortController {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    this.status = 'running';
    this.progress = { stage: 'decode', done: 0, total: 0 };
    this.error = null;
    this.result = null;
    this.highlighted = null;
    this.setPage(null);
    this.pageName = name;
    return controller;
  }

  /** `display`: the user's image file, shown once the worker has decoded it (never before). */
  private async run(controller: AbortController, source: PrefillSource, display: Blob | null): Promise<void> {
    let pending = display;
    const outcome = await this.client.prefill(source, {
      signal: controller.signal,
      onProgress: (p) => {
        if (this.current !== controller) return;
        this.progress = p;
        if (pending && p.stage !== 'decode') {
          this.setPage(URL.createObjectURL(pending), true);
          pending = null;
        }
      },
    });
    if (this.current !== controller) return;
    if (!outcome.ok) {
      this.fail(controller, outcome.cancelled ? 'Đã huỷ nhận dạng.' : outcome.message);
      return;
    }
    if (outcome.preview) this.setPage(URL.createObjectURL(outcome.preview), true);
    this.result = outcome.result;
    this.elapsedMs = outcome.ms;
    this.progress = null;
    this.status = 'done';
    this.current = null;
  }

  private fail(controller: AbortController, message: string): void {
    if (this.current !== controller) return;
    this.setPage(null);
    this.error = message;
    this.progress = null;
    this.status = 'error';
    this.current = null;
  }

  private setPage(url: string | null, owned = false): void {
    if (this.pageUrl && this.ownsPageUrl) URL.revokeObjectURL(this.pageUrl);
    this.pageUrl = url;
    this.ownsPageUrl = owned;
  }
}

/**
 * "Máy chủ tỉnh" (Cài đặt) and "Gửi về tỉnh" (book list). The device token is kept in settings (its change audited,
 * never its value); a send makes the book's work package into memory (a Blob, through the same export as "Xuất gói
 * công việc"), keeps it with its tus upload URL in settings, and uploads it with tus-js-client in ~1 MiB chunks
 * with retries. Offline, or when the link fails with no answer, the send is queued and starts again on the
 * `online` event and on app start. The receipt is shown per book and recorded in the book's chain ('book.send').
 */
import { DetailedError, Upload } from 'tus-js-client';
import type { Book } from '../domain/records/book';
import { exportStem } from '../exchange/names';
import { PACKAGE_MIME } from '../exchange/package';
import type { Repository } from '../storage';
import { exportPackage, packageErrorMessage } from './package-io';
import {
  CHUNK_SIZE,
  cleanToken,
  DEVICE_URL,
  deviceCheckError,
  isNoResponse,
  parseRemoteBooks,
  progressText,
  RECEIPT_HEADER,
  receiptOf,
  refusalText,
  REMOTE_BOOKS_URL,
  remotePackageUrl,
  RETRY_DELAYS,
  savedSends,
  SENDS_KEY,
  TOKEN_KEY,
  UPLOAD_ENDPOINT,
  uploadMetadata,
  withoutSend,
  withSend,
  type ProvinceReceipt,
  type RemoteBook,
  type SavedSend,
  type SavedSends,
} from './province';
import type { EntryWriter } from './writer.svelte';

export interface DeviceInfo {
  id: number;
  label: string;
  communes: { list: string; code: string }[];
}

/** A book's send as its row shows it. */
export interface SendView {
  phase: 'packing' | 'sending' | 'queued' | 'done' | 'error';
  sent: number;
  total: number;
  /** What the row says (progress, queued, the receipt's message, the refusal). */
  text: string;
  receipt?: ProvinceReceipt;
}

export class ProvinceState {
  token = $state('');
  device: DeviceInfo | null = $state(null);
  checking = $state(false);
  /** The result of "Lưu" / "Kiểm tra". */
  message: { ok: boolean; text: string } | null = $state(null);
  sends: ReadonlyMap<string, SendView> = $state.raw(new Map());
  /** "Sổ trên máy chủ tỉnh": the list (null until asked), its error, the book being downloaded. */
  remote: readonly RemoteBook[] | null = $state.raw(null);
  remoteError: string | null = $state(null);
  remoteLoading = $state(false);
  downloading: string | null = $state(null);

  private readonly running = new Map<string, Upload>();
  /** Books whose package is being made (a second click waits for it). */
  private readonly packing = new Set<string>();
  private books = new Map<string, Book>();

  constructor(
    private readonly repo: Repository,
    private readonly writer: Pick<EntryWriter, 'draft' | 'flush'>,
    private readonly online: () => boolean = () => navigator.onLine,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {}

  /** Reads the token and the unfinished sends; starts the queued ones when online. */
  async load(): Promise<void> {
    try {
      this.token = (await this.repo.getSetting<string>(TOKEN_KEY)) ?? '';
      const saved = savedSends(await this.repo.getSetting(SENDS_KEY));
      for (const s of Object.values(saved)) {
        if (this.sends.get(s.bookId)) continue;
        this.view(s.bookId, {
          phase: 'queued',
          sent: 0,
          total: s.blob.size,
          text: queuedText(this.online()),
        });
      }
      this.resumeQueued(saved);
    } catch (e) {
      this.message = { ok: false, text: packageErrorMessage(e) };
    }
  }

  /** Calls `resumeQueued` on every `online` event; returns the detach. */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const on = (): void => void this.repo.getSetting(SENDS_KEY).then((v) => this.resumeQueued(savedSends(v)));
    target.addEventListener('online', on);
    return () => target.removeEventListener('online', on);
  }

  /** Stores the pasted token; the audit event says the token changed, never what it is. */
  async saveToken(raw: string): Promise<boolean> {
    const token = cleanToken(raw);
    if (!/^[A-Za-z0-9_\-.~+/=]{16,200}$/.test(token)) {
      this.message = { ok: false, text: 'Mã thiết bị không hợp lệ: hãy dán nguyên mã quản trị tỉnh đã cấp.' };
      return false;
    }
    try {
      const had = this.token !== '';
      await this.repo.putAuditedSetting(
        TOKEN_KEY,
        token,
        this.writer.draft(
          'settings.update',
          { bookId: null },
          { key: TOKEN_KEY, set: had },
          { key: TOKEN_KEY, set: true, changed: token !== this.token },
        ),
      );
      this.token = token;
      this.device = null;
      return true;
    } catch (e) {
      this.message = { ok: false, text: packageErrorMessage(e) };
      return false;
    }
  }

  /** Saves the token when a new one is given, then asks the server who this device is. */
  async check(raw?: string): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    this.message = null;
    try {
      if (raw !== undefined && cleanToken(raw) !== this.token && !(await this.saveToken(raw))) return;
      if (!this.token) {
        this.message = { ok: false, text: 'Chưa có mã thiết bị: hãy dán mã quản trị tỉnh đã cấp.' };
        return;
      }
      let res: Response;
      try {
        res = await this.fetchFn(DEVICE_URL, { headers: { Authorization: `Bearer ${this.token}` } });
      } catch {
        this.device = null;
        this.message = { ok: false, text: deviceCheckError(null) };
        return;
      }
      const body = await res.text();
      const device = res.ok ? deviceOf(body) : null;
      if (!device) {
        this.device = null;
        this.message = { ok: false, text: deviceCheckError(res.ok ? 404 : res.status, body) };
        return;
      }
      this.device = device;
      this.message = { ok: true, text: `Máy chủ tỉnh nhận máy này: "${device.label}".` };
    } finally {
      this.checking = false;
    }
  }

  /** Asks the server for the books it holds for this device's communes. */
  async listRemote(): Promise<void> {
    if (this.remoteLoading) return;
    this.remoteError = null;
    if (!this.token) {
      this.remoteError = 'Chưa có mã thiết bị: hãy dán mã ở Cài đặt → Máy chủ tỉnh rồi bấm "Kiểm tra".';
      return;
    }
    this.remoteLoading = true;
    try {
      const res = await this.fetchFn(REMOTE_BOOKS_URL, {
        headers: { Authorization: `Bearer ${this.token}` },
      });
      const body = await res.text();
      const books = res.ok ? parseRemoteBooks(body) : null;
      if (!books) {
        this.remoteError = deviceCheckError(res.ok ? 404 : res.status, body);
        return;
      }
      this.remote = books;
    } catch {
      this.remoteError = deviceCheckError(null);
    } finally {
      this.remoteLoading = false;
    }
  }

  /**
   * Downloads a book's package from the server as a file for the workstation's package import (which verifies and
   * merges it); null when the download failed (the reason in `remoteError`).
   */
  async download(book: RemoteBook): Promise<File | null> {
    if (this.downloading) return null;
    this.downloading = book.id;
    this.remoteError = null;
    try {
      const res = await this.fetchFn(remotePackageUrl(book.id), {
        headers: { Authorization: `Bearer ${this.token}` },
      });
      if (!res.ok) {
        this.remoteError = `Không tải được sổ: ${deviceCheckError(res.status, await res.text())}`;
        return null;
      }
      const blob = await res.blob();
      return new File([blob], `so-${book.type}-${book.year}-${book.id}.goi.zip`, { type: PACKAGE_MIME });
    } catch {
      this.remoteError = `Không tải được sổ: ${deviceCheckError(null)}`;
      return null;
    } finally {
      this.downloading = null;
    }
  }

  /** "Gửi về tỉnh": makes the package (or takes the one kept from an unfinished send) and uploads it. */
  async send(book: Book): Promise<void> {
    this.books.set(book.id, book);
    if (this.running.has(book.id) || this.packing.has(book.id)) return;
    if (!this.token) {
      this.fail(book.id, 'Chưa có mã thiết bị: hãy dán mã ở Cài đặt → Máy chủ tỉnh rồi bấm "Kiểm tra".');
      return;
    }
    this.packing.add(book.id);
    try {
      let all = savedSends(await this.repo.getSetting(SENDS_KEY));
      let saved = all[book.id];
      if (!saved) {
        this.view(book.id, { phase: 'packing', sent: 0, total: 0, text: 'Đang đóng gói sổ…' });
        await this.writer.flush();
        const chunks: Uint8Array[] = [];
        const written = await exportPackage(
          this.repo,
          book.id,
          this.writer.draft('package.export', { bookId: book.id }),
          (chunk) => {
            chunks.push(chunk.slice());
            return Promise.resolve();
          },
        );
        if (!written) throw new Error('Sổ không còn trong máy này.');
        saved = {
          bookId: book.id,
          fileName: `${exportStem(book)}.goi.zip`,
          blob: new Blob(chunks as BlobPart[], { type: PACKAGE_MIME }),
          uploadUrl: null,
          at: Date.now(),
        };
        all = withSend(all, saved);
        await this.repo.putSetting(SENDS_KEY, all);
      }
      this.start(book, saved);
    } catch (e) {
      this.fail(book.id, `Không gửi được: ${packageErrorMessage(e)}`);
    } finally {
      this.packing.delete(book.id);
    }
  }

  /** Stops a send and forgets it (the partial upload on the server is removed when it is reachable). */
  async cancel(bookId: string): Promise<void> {
    const u = this.running.get(bookId);
    this.running.delete(bookId);
    if (u) await u.abort(true).catch(() => undefined);
    try {
      await this.forget(bookId);
      const next = new Map(this.sends);
      next.delete(bookId);
      this.sends = next;
    } catch (e) {
      this.fail(bookId, packageErrorMessage(e));
    }
  }

  private resumeQueued(saved: SavedSends): void {
    // Without a token the kept sends wait (a send with none would be refused and dropped).
    if (!this.online() || !this.token) return;
    for (const s of Object.values(saved)) {
      if (this.running.has(s.bookId) || this.packing.has(s.bookId)) continue;
      void this.bookOf(s.bookId).then((book) => {
        if (book && !this.running.has(s.bookId)) this.start(book, s);
      });
    }
  }

  private async bookOf(id: string): Promise<Book | undefined> {
    const known = this.books.get(id);
    if (known) return known;
    const b = await this.repo.getBook(id);
    if (b) this.books.set(id, b);
    return b;
  }

  private start(book: Book, saved: SavedSend): void {
    const total = saved.blob.size;
    if (!this.online()) {
      this.view(book.id, { phase: 'queued', sent: 0, total, text: queuedText(false) });
      return;
    }
    this.view(book.id, { phase: 'sending', sent: 0, total, text: progressText(0, total) });
    const upload = new Upload(saved.blob, {
      endpoint: UPLOAD_ENDPOINT,
      ...(saved.uploadUrl ? { uploadUrl: saved.uploadUrl } : {}),
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      storeFingerprintForResuming: false,
      headers: { Authorization: `Bearer ${this.token}` },
      metadata: uploadMetadata(book, saved.fileName),
      onUploadUrlAvailable: () => {
        const url = upload.url;
        if (url && url !== saved.uploadUrl) void this.keepUrl(book.id, url);
      },
      onProgress: (sent, all) => {
        if (this.running.get(book.id) !== upload) return;
        this.view(book.id, { phase: 'sending', sent, total: all, text: progressText(sent, all) });
      },
      onSuccess: ({ lastResponse }) => {
        if (this.running.get(book.id) !== upload) return;
        this.running.delete(book.id);
        // A resumed send whose last reply was lost ends on a HEAD that carries the receipt in a header.
        const header = lastResponse.getHeader(RECEIPT_HEADER);
        void this.finish(book.id, receiptOf(lastResponse.getBody(), header), total);
      },
      onError: (err) => {
        if (this.running.get(book.id) !== upload) return;
        this.running.delete(book.id);
        if (isNoResponse(err)) {
          this.view(book.id, { phase: 'queued', sent: 0, total, text: queuedText(this.online()) });
          return;
        }
        const res = err instanceof DetailedError ? err.originalResponse : null;
        const text = res ? refusalText(res.getStatus(), res.getBody()) : err.message;
        // A refused package is not kept: the next "Gửi về tỉnh" makes a new one.
        void this.forget(book.id).catch(() => undefined);
        this.fail(book.id, `Tỉnh không nhận gói: ${text}`);
      },
    });
    this.running.set(book.id, upload);
    upload.start();
  }

  private async finish(bookId: string, receipt: ProvinceReceipt | null, total: number): Promise<void> {
    try {
      if (!receipt) {
        await this.forget(bookId);
        this.fail(bookId, 'Đã gửi hết gói nhưng máy chủ tỉnh không trả biên nhận. Hãy gửi lại.');
        return;
      }
      await this.repo.recordBookEvent(
        this.writer.draft('book.send', { bookId }, null, {
          uploadId: receipt.uploadId,
          sha256: receipt.sha256,
          size: receipt.size,
          status: receipt.status,
          ...(receipt.merge ? { merge: { ...receipt.merge } } : {}),
        }),
      );
      await this.forget(bookId);
      this.view(bookId, { phase: 'done', sent: total, total, text: receipt.message, receipt });
    } catch (e) {
      this.fail(bookId, `Tỉnh đã nhận gói nhưng không ghi được vào nhật ký: ${packageErrorMessage(e)}`);
    }
  }

  private async keepUrl(bookId: string, url: string): Promise<void> {
    const all = savedSends(await this.repo.getSetting(SENDS_KEY));
    const s = all[bookId];
    if (s) await this.repo.putSetting(SENDS_KEY, withSend(all, { ...s, uploadUrl: url }));
  }

  private async forget(bookId: string): Promise<void> {
    const all = savedSends(await this.repo.getSetting(SENDS_KEY));
    if (all[bookId]) await this.repo.putSetting(SENDS_KEY, withoutSend(all, bookId));
  }

  private fail(bookId: string, text: string): void {
    this.view(bookId, { phase: 'error', sent: 0, total: 0, text });
  }

  private view(bookId: string, v: SendView): void {
    this.sends = new Map(this.sends).set(bookId, v);
  }
}

const queuedText = (online: boolean): string =>
  online
    ? 'Chưa gửi được (mất kết nối đến máy chủ tỉnh): gói đã lưu trong máy, sẽ gửi tiếp khi có mạng trở lại.'
    : 'Đang chờ mạng: gói đã lưu trong máy, sẽ tự gửi khi có mạng trở lại.';

function deviceOf(body: string): DeviceInfo | null {
  try {
    const v = JSON.parse(body) as Partial<DeviceInfo>;
    if (typeof v.id === 'number' && typeof v.label === 'string' && Array.isArray(v.communes))
      return { id: v.id, label: v.label, communes: v.communes };
  } catch {
    // not the device reply (e.g. the app's own index.html when no server answers)
  }
  return null;
}

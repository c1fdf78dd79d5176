/**
 * "Gửi về tỉnh", the pure parts: the tus metadata of a book's upload, the queue of sends kept in settings, the
 * province's receipt and refusals in words. No Svelte, no network: state/province.svelte.ts runs the uploads.
 */
import type { Book } from '../domain/records/book';

/** The device token the province admin showed once (a secret: never written into an audit event). */
export const TOKEN_KEY = 'province.token';
/** Sends not finished yet, by book id (the package Blob and the tus upload URL: a reload resumes them). */
export const SENDS_KEY = 'province.sends';
/** The province's tus endpoint (the app is served by the province server, same origin). */
export const UPLOAD_ENDPOINT = '/api/uploads';
export const DEVICE_URL = '/api/device';
/** ~1 MiB per PATCH: a dropped link loses at most one chunk. */
export const CHUNK_SIZE = 1024 * 1024;
/** Waits (ms) before tus retries a failed request on a flaky link; then the send is queued. */
export const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];

/** A send that has not got its receipt yet, as kept in settings. */
export interface SavedSend {
  bookId: string;
  fileName: string;
  /** The package made when the send began: a resumed upload sends these same bytes. */
  blob: Blob;
  /** The upload's URL on the server once created (null: not created yet). */
  uploadUrl: string | null;
  /** ms since the epoch when the package was made. */
  at: number;
}

export type SavedSends = Readonly<Record<string, SavedSend>>;

/** The tus metadata the server checks: the commune as "<list>:<code>", the book, the file name. */
export function uploadMetadata(book: Book, fileName: string): Record<string, string> {
  return { commune: `${book.commune.list}:${book.commune.code}`, bookId: book.id, filename: fileName };
}

/** A settings value read back as the sends map (anything else: none). */
export function savedSends(v: unknown): SavedSends {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, SavedSend> = {};
  for (const [id, s] of Object.entries(v as Record<string, unknown>)) {
    const r = s as Partial<SavedSend> | null;
    if (r && r.bookId === id && typeof r.fileName === 'string' && r.blob instanceof Blob) {
      out[id] = {
        bookId: id,
        fileName: r.fileName,
        blob: r.blob,
        uploadUrl: typeof r.uploadUrl === 'string' ? r.uploadUrl : null,
        at: typeof r.at === 'number' ? r.at : 0,
      };
    }
  }
  return out;
}

export const withSend = (all: SavedSends, s: SavedSend): SavedSends => ({ ...all, [s.bookId]: s });

export function withoutSend(all: SavedSends, bookId: string): SavedSends {
  const { [bookId]: _gone, ...rest } = all;
  return rest;
}

/** The province's receipt (server/uploads/intake.ts `Receipt`), as the workstation reads it. */
export interface ProvinceReceipt {
  uploadId: string;
  bookId: string;
  sha256: string;
  size: number;
  receivedAt: string;
  status: 'stored' | 'verified';
  counts?: { pages: number; entries: number; events: number };
  message: string;
}

/** The last PATCH's body as a receipt; null when it is not one. */
export function parseReceipt(body: string): ProvinceReceipt | null {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  const r = v as Partial<ProvinceReceipt> | null;
  if (
    !r ||
    typeof r.uploadId !== 'string' ||
    typeof r.bookId !== 'string' ||
    typeof r.sha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(r.sha256) ||
    typeof r.size !== 'number' ||
    typeof r.message !== 'string' ||
    (r.status !== 'stored' && r.status !== 'verified')
  )
    return null;
  return {
    uploadId: r.uploadId,
    bookId: r.bookId,
    sha256: r.sha256,
    size: r.size,
    receivedAt: typeof r.receivedAt === 'string' ? r.receivedAt : '',
    status: r.status,
    ...(r.counts ? { counts: r.counts } : {}),
    message: r.message,
  };
}

/**
 * The response header in which the server repeats the receipt of an upload it already took in (the answer to the
 * HEAD of a resumed send whose last reply was lost): base64 of the receipt's UTF-8 JSON.
 */
export const RECEIPT_HEADER = 'sohoa-receipt';

/** The receipt of the send's last response: its body (the final PATCH), else its receipt header (a HEAD). */
export function receiptOf(body: string, header: string | null | undefined): ProvinceReceipt | null {
  const fromBody = parseReceipt(body);
  if (fromBody || !header) return fromBody;
  try {
    const bin = atob(header);
    return parseReceipt(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

/** The server's Vietnamese words for a refusal: a JSON error's `message`, else the text body, else the status. */
export function refusalText(status: number, body: string): string {
  const text = body.trim();
  try {
    const v = JSON.parse(text) as { message?: unknown };
    if (typeof v.message === 'string' && v.message) return v.message;
  } catch {
    // a plain text body
  }
  if (text && !text.startsWith('<') && text.length <= 500) return text;
  return `Máy chủ tỉnh từ chối (mã ${status}).`;
}

/** What "Kiểm tra" says when the device check did not answer 200. */
export function deviceCheckError(status: number | null, body = ''): string {
  if (status === null) return 'Không kết nối được máy chủ tỉnh. Hãy kiểm tra mạng rồi thử lại.';
  if (status === 401)
    return 'Mã thiết bị không đúng hoặc đã bị tỉnh thu hồi. Hãy xin quản trị tỉnh cấp mã mới.';
  if (status === 404 || status === 405)
    return 'Không có máy chủ tỉnh ở địa chỉ này: ứng dụng đang chạy riêng trên máy, chưa gửi về tỉnh được.';
  return refusalText(status, body);
}

/** A token as typed or pasted: spaces and line breaks around it dropped; a "Bearer " prefix too. */
export function cleanToken(raw: string): string {
  return raw.trim().replace(/^Bearer\s+/i, '');
}

/** Whether a failed request had no answer at all (offline, link dropped, server unreachable). */
export function isNoResponse(err: unknown): boolean {
  const r = (err as { originalResponse?: unknown } | null)?.originalResponse;
  return r === null || r === undefined;
}

/** One line of progress: "Đang gửi 1,2/3,4 MB (35%)". */
export function progressText(sent: number, total: number): string {
  const mb = (n: number): string => (n / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  const pct = total > 0 ? Math.floor((sent / total) * 100) : 0;
  return `Đang gửi ${mb(sent)}/${mb(total)} MB (${pct}%)`;
}

export const REMOTE_BOOKS_URL = '/api/device/books';

/** A book the province holds for one of this device's communes (server/routes/books.ts). */
export interface RemoteBook {
  id: string;
  type: string;
  year: number;
  bookNumber: string;
  commune: { list: string; code: string };
  entries: number;
  updatedAt: string;
  lastUploadAt: string | null;
}

/** The server's book list; null when the body is not one. */
export function parseRemoteBooks(body: string): RemoteBook[] | null {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return null;
  }
  const books = (v as { books?: unknown } | null)?.books;
  if (!Array.isArray(books)) return null;
  const out: RemoteBook[] = [];
  for (const b of books as Partial<RemoteBook>[]) {
    if (
      typeof b.id !== 'string' ||
      typeof b.type !== 'string' ||
      typeof b.year !== 'number' ||
      typeof b.bookNumber !== 'string' ||
      typeof b.commune?.code !== 'string' ||
      typeof b.commune.list !== 'string'
    )
      return null;
    out.push({
      id: b.id,
      type: b.type,
      year: b.year,
      bookNumber: b.bookNumber,
      commune: { list: b.commune.list, code: b.commune.code },
      entries: typeof b.entries === 'number' ? b.entries : 0,
      updatedAt: typeof b.updatedAt === 'string' ? b.updatedAt : '',
      lastUploadAt: typeof b.lastUploadAt === 'string' ? b.lastUploadAt : null,
    });
  }
  return out;
}

/** The address of a book's package on the server. */
export const remotePackageUrl = (bookId: string): string =>
  `${REMOTE_BOOKS_URL}/${encodeURIComponent(bookId)}/package`;

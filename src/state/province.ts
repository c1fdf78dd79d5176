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

/** What the province's merge did with the book (server/merge/merge.ts `MergeSummary`). */
export interface ProvinceMerge {
  /** The province did not have the book before. */
  newBook: boolean;
  /** Anything changed in the provincial copy (false: the province already had everything). */
  changed: boolean;
  entriesAdded: number;
  /** Values changed only on this side since the last exchange, taken by the province. */
  fieldsTaken: number;
  /** Values changed here and at the province (another machine) since: listed there for a person to decide. */
  conflicts: number;
  /** The book's open conflicts at the province after this merge. */
  conflictsOpen: number;
  /** Conflicts listed at the province that this send settled (a choice made here, or the same value now). */
  conflictsSettled: number;
  pagesAdded: number;
  entriesRemoved: number;
  /** Audit events of the book the province did not have. */
  eventsAdded: number;
}

/** The province's receipt (server/uploads/intake.ts `Receipt`), as the workstation reads it. */
export interface ProvinceReceipt {
  uploadId: string;
  bookId: string;
  sha256: string;
  size: number;
  receivedAt: string;
  status: 'stored' | 'verified' | 'merged';
  counts?: { pages: number; entries: number; events: number };
  merge?: ProvinceMerge;
  message: string;
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

function readMerge(v: unknown): ProvinceMerge | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const m = v as Record<string, unknown>;
  if (typeof m['newBook'] !== 'boolean' || typeof m['changed'] !== 'boolean') return null;
  return {
    newBook: m['newBook'],
    changed: m['changed'],
    entriesAdded: count(m['entriesAdded']),
    fieldsTaken: count(m['fieldsTaken']),
    conflicts: count(m['conflicts']),
    conflictsOpen: count(m['conflictsOpen']),
    conflictsSettled: count(m['conflictsSettled']),
    pagesAdded: count(m['pagesAdded']),
    entriesRemoved: count(m['entriesRemoved']),
    eventsAdded: count(m['eventsAdded']),
  };
}

/** The last PATCH's body as a receipt; null when it is not one (a 'merged' receipt must say what it merged). */
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
    (r.status !== 'stored' && r.status !== 'verified' && r.status !== 'merged')
  )
    return null;
  const merge = readMerge(r.merge);
  if (r.status === 'merged' && !merge) return null;
  return {
    uploadId: r.uploadId,
    bookId: r.bookId,
    sha256: r.sha256,
    size: r.size,
    receivedAt: typeof r.receivedAt === 'string' ? r.receivedAt : '',
    status: r.status,
    ...(r.counts ? { counts: r.counts } : {}),
    ...(merge ? { merge } : {}),
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

/** One line of what the province merged, and whether it needs a person (conflicts). */
export interface MergeLine {
  text: string;
  warn: boolean;
}

/** What the province merged, in words for the book's row (empty for a receipt without a merge). */
export function mergeLines(m: ProvinceMerge | undefined): MergeLine[] {
  if (!m) return [];
  if (!m.changed) return [{ text: 'Tỉnh đã có mọi thay đổi của sổ này: không có gì mới.', warn: false }];
  const out: MergeLine[] = [
    { text: m.newBook ? 'Sổ mới ở tỉnh' : 'Sổ đã có ở tỉnh, đã cập nhật', warn: false },
  ];
  if (m.entriesAdded) out.push({ text: `Thêm ${m.entriesAdded} mục`, warn: false });
  if (m.fieldsTaken) out.push({ text: `Cập nhật ${m.fieldsTaken} giá trị`, warn: false });
  if (m.entriesRemoved) out.push({ text: `Xoá ${m.entriesRemoved} mục`, warn: false });
  if (m.pagesAdded) out.push({ text: `Thêm ${m.pagesAdded} trang`, warn: false });
  if (m.conflictsSettled)
    out.push({ text: `${m.conflictsSettled} xung đột đã được giải quyết`, warn: false });
  if (out.length === 1 && m.eventsAdded)
    out.push({ text: `Thêm ${m.eventsAdded} sự kiện nhật ký`, warn: false });
  if (m.conflicts)
    out.push({
      text:
        `${m.conflicts} xung đột: giá trị đã bị sửa khác ở máy khác, tỉnh giữ giá trị cũ và đã liệt kê ` +
        'để người có thẩm quyền đối chiếu ảnh và quyết định',
      warn: true,
    });
  else if (m.conflictsOpen)
    out.push({ text: `Sổ còn ${m.conflictsOpen} xung đột chờ quyết định ở tỉnh`, warn: true });
  return out;
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

/**
 * Audit events and their hash chains (DESIGN.md §3.8): every change to a book, page or entry is one event with
 * exactly the fields below; events form one chain per (bookId, machineId), `seq` 1, 2, 3…, each event's `hash`
 * = lowercase hex SHA-256 of `prevHash + "\n" + canonical(event without hash)`, canonical = JSON with keys sorted
 * at every level and no whitespace. Deleting a book is recorded in the machine's own chain (bookId null), which
 * survives the book. Hashing is synchronous (@noble/hashes) so an event can be sealed inside an IndexedDB
 * transaction without awaiting anything else.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Role } from './user';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export type AuditAction =
  | 'book.create'
  | 'book.update'
  | 'book.delete'
  | 'book.export'
  | 'page.import'
  | 'page.rotate'
  | 'page.mark'
  | 'page.reorder'
  | 'page.delete'
  | 'page.ocr'
  | 'field.edit'
  | 'field.confirm'
  | 'field.flag'
  | 'field.box'
  | 'field.check'
  | 'entry.add'
  | 'entry.delete'
  | 'entry.split'
  | 'entry.merge'
  | 'entry.continue'
  | 'entry.state'
  | 'entry.finish'
  | 'entry.key2'
  | 'book.sample'
  | 'book.inspect'
  | 'book.accept'
  | 'settings.update'
  | 'book.note'
  | 'inventory.update'
  | 'inventory.import'
  | 'campaign.update'
  | 'package.export'
  | 'package.import'
  | 'book.send'
  | 'field.resolve';

/** Vietnamese names of the actions (history view). */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'book.create': 'Tạo sổ',
  'book.update': 'Sửa thông tin sổ',
  'book.delete': 'Xoá sổ',
  'book.export': 'Xuất dữ liệu sổ',
  'page.import': 'Nhập trang',
  'page.rotate': 'Xoay trang',
  'page.mark': 'Đánh dấu trang',
  'page.reorder': 'Đổi thứ tự trang',
  'page.delete': 'Xoá trang',
  'page.ocr': 'Nhận dạng trang',
  'field.edit': 'Sửa giá trị',
  'field.confirm': 'Xác nhận',
  'field.flag': 'Đánh dấu trường',
  'field.box': 'Khung trên ảnh',
  'field.check': 'Kiểm tra trường',
  'entry.add': 'Thêm mục',
  'entry.delete': 'Xoá mục',
  'entry.split': 'Tách mục',
  'entry.merge': 'Gộp mục',
  'entry.continue': 'Tiếp tục ở trang sau',
  'entry.state': 'Chuyển trạng thái',
  'entry.finish': 'Hoàn thành mục',
  'entry.key2': 'Nhập lần hai',
  'book.sample': 'Rút mẫu nghiệm thu',
  'book.inspect': 'Đánh giá mục mẫu',
  'book.accept': 'Kết luận nghiệm thu',
  'settings.update': 'Đổi thiết lập',
  'book.note': 'Ghi chú khó khăn',
  'inventory.update': 'Sửa danh mục sổ (kiểm kê)',
  'inventory.import': 'Nhập danh mục sổ từ bảng tính',
  'campaign.update': 'Đổi hạn hoàn thành',
  'package.export': 'Xuất gói công việc',
  'package.import': 'Nhập gói công việc',
  'book.send': 'Gửi về tỉnh',
  'field.resolve': 'Giải quyết xung đột',
};

export interface AuditEvent {
  /** null only in the machine's own chain (book deletions). */
  bookId: string | null;
  machineId: string;
  seq: number;
  /** ms since the epoch */
  at: number;
  userId: string | null;
  role: Role | null;
  action: AuditAction;
  entryId: string | null;
  pageId: string | null;
  field: string | null;
  before: JsonValue;
  after: JsonValue;
  note: string | null;
  prevHash: string;
  hash: string;
}

/** What a writer says about a change; the store adds machineId, seq, prevHash and hash. */
export type AuditDraft = Omit<AuditEvent, 'machineId' | 'seq' | 'prevHash' | 'hash'>;

export const ZERO_HASH = '0'.repeat(64);

/** Version of the event shape above (work packages carry it; events themselves have no `schema` field, §3.8). */
export const AUDIT_SCHEMA = 1;

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? JSON.stringify(v)
      : 'null';
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function eventHash(e: Omit<AuditEvent, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...rest } = e;
  return bytesToHex(sha256(utf8ToBytes(`${rest.prevHash}\n${canonicalJson(rest)}`)));
}

/** The event that follows `head` (null = first of its chain) in the chain of (draft.bookId, machineId). */
export function sealEvent(draft: AuditDraft, machineId: string, head: AuditEvent | null): AuditEvent {
  const e = {
    bookId: draft.bookId,
    machineId,
    seq: head ? head.seq + 1 : 1,
    at: draft.at,
    userId: draft.userId,
    role: draft.role,
    action: draft.action,
    entryId: draft.entryId,
    pageId: draft.pageId,
    field: draft.field,
    before: draft.before,
    after: draft.after,
    note: draft.note,
    prevHash: head ? head.hash : ZERO_HASH,
  };
  return { ...e, hash: eventHash(e) };
}

/** Chain key of an event: one chain per (bookId, machineId). */
export const chainKey = (e: Pick<AuditEvent, 'bookId' | 'machineId'>): string =>
  `${e.bookId ?? ''}\u0000${e.machineId}`;

export interface ChainBreak {
  event: AuditEvent | null;
  bookId: string | null;
  machineId: string;
  seq: number;
  /** Vietnamese explanation naming the event. */
  message: string;
}

export interface ChainReport {
  ok: boolean;
  events: number;
  chains: number;
  /** The first broken event of each broken chain. */
  breaks: ChainBreak[];
}

/**
 * Verifies every chain in `events` (any order): seq 1, 2, 3… without gaps, each prevHash the previous hash, each
 * hash recomputed from the event's own fields. Names the first event of a chain that does not verify.
 */
export function verifyChains(events: readonly AuditEvent[]): ChainReport {
  const chains = new Map<string, AuditEvent[]>();
  for (const e of events) {
    const k = chainKey(e);
    const list = chains.get(k);
    if (list) list.push(e);
    else chains.set(k, [e]);
  }
  const breaks: ChainBreak[] = [];
  for (const list of chains.values()) {
    list.sort((a, b) => a.seq - b.seq);
    const b = verifyChain(list);
    if (b) breaks.push(b);
  }
  return { ok: breaks.length === 0, events: events.length, chains: chains.size, breaks };
}

/** The first break of one chain sorted by seq, or null. */
export function verifyChain(list: readonly AuditEvent[]): ChainBreak | null {
  let prev: AuditEvent | null = null;
  for (const e of list) {
    const expectedSeq = prev ? prev.seq + 1 : 1;
    const at = new Date(e.at).toLocaleString('vi-VN');
    const name = `sự kiện số ${e.seq} (${(AUDIT_ACTION_LABELS as Record<string, string | undefined>)[e.action] ?? e.action}, ${at})`;
    const brk = (message: string): ChainBreak => ({
      event: e,
      bookId: e.bookId,
      machineId: e.machineId,
      seq: e.seq,
      message,
    });
    if (e.seq !== expectedSeq)
      return brk(
        e.seq > expectedSeq
          ? `Thiếu sự kiện số ${expectedSeq} (trước ${name}).`
          : `Sự kiện số ${e.seq} bị lặp hoặc sai thứ tự.`,
      );
    if (e.prevHash !== (prev ? prev.hash : ZERO_HASH))
      return brk(`${name[0]?.toUpperCase() ?? ''}${name.slice(1)} không nối với sự kiện trước nó.`);
    if (eventHash(e) !== e.hash)
      return brk(`${name[0]?.toUpperCase() ?? ''}${name.slice(1)} đã bị sửa sau khi ghi.`);
    prev = e;
  }
  return null;
}

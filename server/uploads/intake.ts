/**
 * What happens to a work package once its last byte arrived: the intake verifies it and takes it into the
 * province's copy, and answers the receipt the workstation shows. Refusing (a damaged, foreign or tampered package,
 * an audit chain that differs from the province's) is an `IntakeRefusal` with a Vietnamese message; nothing of a
 * refused package is kept but its upload row.
 */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { PackageError, readPackage, type PackageContent } from '../../src/exchange/package';
import type { BlobStore } from '../blobs/blob-store';
import { sameCommune, type CommuneKey } from '../communes';
import type { Database } from '../db/schema';
import { MergeRefusal, mergePackage, type MergeSummary } from '../merge/merge';

export interface ReceivedPackage {
  uploadId: string;
  /** The package file as received (read it, do not keep the path: it is removed after the intake). */
  path: string;
  size: number;
  sha256: string;
  deviceId: number;
  commune: CommuneKey;
  bookId: string;
  fileName: string;
  /** When its last byte arrived (the upload row's `finished_at`). */
  receivedAt: Date;
}

/** What the workstation shows after "Gửi về tỉnh": what the server did with the package. */
export interface Receipt {
  uploadId: string;
  bookId: string;
  sha256: string;
  size: number;
  receivedAt: string;
  /**
   * 'stored': kept as received; 'verified': also read and verified like a workstation's import (manifest, every
   * member's hash, every audit chain, the book and commune it claims); 'merged': verified and merged into the
   * provincial copy (`merge` says what it changed).
   */
  status: 'stored' | 'verified' | 'merged';
  /** What the verified package holds. */
  counts?: { pages: number; entries: number; events: number };
  /** What the merge did: a new book or not, entries added, values taken, conflicts listed, pages added. */
  merge?: MergeSummary;
  /** Vietnamese summary for the operator. */
  message: string;
}

export class IntakeRefusal extends Error {}

export interface IntakeContext {
  db: Kysely<Database>;
  blobs: BlobStore;
  now(): Date;
}

/**
 * Called once the last byte of an upload is in, under the upload's finish lock (one call at a time per upload,
 * across every server process), while the upload row still says 'receiving'. It may be called AGAIN for the same
 * `uploadId` when the server died during an earlier call (kill -9 between the last byte and the row's update —
 * tests/server/crash.test.ts): an intake that writes (the merge) must find what that earlier call committed — its
 * `merges` row, written in the merge's transaction — and answer the same outcome without merging twice.
 */
export interface PackageIntake {
  /**
   * Takes in a complete package (its file already in the blob store under `pkg.sha256`). `markReceived` records
   * the upload as received (committed); an intake that changes the provincial copy calls it before, so a crash
   * after it leaves an upload `recover` finishes.
   */
  receive(pkg: ReceivedPackage, ctx: IntakeContext, markReceived: () => Promise<void>): Promise<Receipt>;
  /**
   * Takes in the uploads received but not taken in (a crash cut the merge) — all of them at server start, or the
   * one `uploadId` a client asks about; how many.
   */
  recover?(ctx: IntakeContext, log?: (message: string) => void, uploadId?: string): Promise<number>;
}

const short = (sha256: string): string => `${sha256.slice(0, 12)}…`;

/** The intake of the transport tests: the package is kept in the blob store under its hash, as received. */
export const storeOnly: PackageIntake = {
  async receive(pkg, _ctx, markReceived) {
    await markReceived();
    return {
      uploadId: pkg.uploadId,
      bookId: pkg.bookId,
      sha256: pkg.sha256,
      size: pkg.size,
      receivedAt: pkg.receivedAt.toISOString(),
      status: 'stored',
      message: `Tỉnh đã nhận gói ${pkg.fileName} (${pkg.size.toLocaleString('vi-VN')} byte), mã băm ${short(pkg.sha256)}`,
    };
  },
};

/** Reads and verifies a package as the workstation's import does; it must be the declared book and commune. */
async function verify(
  bytes: Uint8Array,
  pkg: Pick<ReceivedPackage, 'bookId' | 'commune'>,
): Promise<PackageContent> {
  let content;
  try {
    content = await readPackage(bytes);
  } catch (e) {
    if (e instanceof PackageError) throw new IntakeRefusal(e.message);
    throw e;
  }
  const { book } = content;
  if (book.id !== pkg.bookId) {
    throw new IntakeRefusal('Gói gửi lên không phải sổ đã khai khi gửi (mã sổ khác).');
  }
  if (!sameCommune({ list: book.commune.list, code: book.commune.code }, pkg.commune)) {
    throw new IntakeRefusal(
      `Gói là sổ của xã mã ${book.commune.code}, không phải xã mã ${pkg.commune.code} đã khai khi gửi.`,
    );
  }
  return content;
}

/** The merge in the operator's words. */
export function mergeMessage(m: MergeSummary): string {
  if (!m.changed) return 'tỉnh đã có mọi thay đổi trong gói, không có gì mới để hợp nhất';
  const parts: string[] = [m.newBook ? 'sổ mới' : 'sổ đã có ở tỉnh'];
  if (m.entriesAdded) parts.push(`thêm ${m.entriesAdded} mục`);
  if (m.fieldsTaken) parts.push(`cập nhật ${m.fieldsTaken} giá trị`);
  if (m.entriesRemoved) parts.push(`xoá ${m.entriesRemoved} mục đã xoá ở xã`);
  if (m.pagesAdded) parts.push(`thêm ${m.pagesAdded} trang`);
  if (m.conflicts)
    parts.push(
      `${m.conflicts} giá trị bị sửa khác nhau ở hai nơi (xung đột): giữ nguyên bản của tỉnh và đã liệt kê để người có thẩm quyền xem xét`,
    );
  if (m.conflictsSettled) parts.push(`${m.conflictsSettled} xung đột đã được giải quyết`);
  if (
    !m.entriesAdded &&
    !m.fieldsTaken &&
    !m.entriesRemoved &&
    !m.pagesAdded &&
    !m.conflicts &&
    !m.conflictsSettled
  )
    parts.push('thêm nhật ký thay đổi');
  return parts.join(', ');
}

function mergedReceipt(
  pkg: Omit<ReceivedPackage, 'path' | 'deviceId'>,
  content: PackageContent,
  merge: MergeSummary,
): Receipt {
  const counts = {
    pages: content.pages.length,
    entries: content.entries.length,
    events: content.events.length,
  };
  return {
    uploadId: pkg.uploadId,
    bookId: pkg.bookId,
    sha256: pkg.sha256,
    size: pkg.size,
    receivedAt: pkg.receivedAt.toISOString(),
    status: 'merged',
    counts,
    merge,
    message:
      `Tỉnh đã nhận và kiểm tra gói ${pkg.fileName} (${counts.pages} trang, ${counts.entries} mục, ` +
      `${counts.events} sự kiện nhật ký nguyên vẹn) và hợp nhất vào bản của tỉnh: ${mergeMessage(merge)}. ` +
      `Mã băm gói ${short(pkg.sha256)}`,
  };
}

async function merge(
  pkg: Omit<ReceivedPackage, 'path' | 'deviceId'>,
  content: PackageContent,
  ctx: IntakeContext,
): Promise<Receipt> {
  try {
    const { summary } = await mergePackage(ctx.db, ctx.blobs, {
      uploadId: pkg.uploadId,
      packageSha256: pkg.sha256,
      content,
      now: ctx.now(),
      receipt: (s) => mergedReceipt(pkg, content, s),
    });
    return mergedReceipt(pkg, content, summary);
  } catch (e) {
    if (e instanceof MergeRefusal) throw new IntakeRefusal(e.message);
    throw e;
  }
}

/**
 * The server's intake: the package is read and verified as the workstation's import verifies it (a damaged,
 * truncated, foreign or tampered package, or a broken audit chain, is refused with the reader's Vietnamese message),
 * it must be the book and the commune the upload declared; the upload is then recorded as received and the book
 * merged into the provincial copy in one transaction (merge/merge.ts). `recover` merges, at start, every received
 * upload without its `merges` row, from the package kept in the blob store.
 */
export const verifying: PackageIntake = {
  async receive(pkg, ctx, markReceived) {
    const content = await verify(new Uint8Array(await readFile(pkg.path)), pkg);
    await markReceived();
    return merge(pkg, content, ctx);
  },

  async recover(ctx, log, uploadId) {
    let query = ctx.db.selectFrom('uploads').selectAll().where('status', '=', 'received');
    if (uploadId !== undefined) query = query.where('id', '=', uploadId);
    const pending = await query
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('merges').select('upload_id').whereRef('merges.upload_id', '=', 'uploads.id'),
          ),
        ),
      )
      .orderBy('finished_at')
      .execute();
    let merged = 0;
    for (const row of pending) {
      const pkg = {
        uploadId: row.id,
        size: Number(row.size),
        sha256: row.sha256 ?? '',
        commune: { list: row.list, code: row.code },
        bookId: row.book_id,
        fileName: row.file_name,
        receivedAt: row.finished_at ?? ctx.now(),
      };
      try {
        const bytes = row.sha256 ? await ctx.blobs.get(row.sha256) : null;
        if (!bytes) {
          log?.(
            `Lần gửi ${row.id}: không còn tệp gói trong kho (mã băm ${row.sha256 ?? '—'}), chưa hợp nhất được.`,
          );
          continue;
        }
        await merge(pkg, await verify(bytes, pkg), ctx);
        merged++;
      } catch (e) {
        if (!(e instanceof IntakeRefusal)) {
          // One upload that cannot be merged now (a damaged blob, a database error) must not keep the server
          // from starting: it stays received and is tried again at the next start.
          log?.(
            `Lần gửi ${row.id}: chưa hợp nhất được (${e instanceof Error ? e.message : String(e)}), sẽ thử lại khi khởi động lại.`,
          );
          continue;
        }
        await ctx.db
          .updateTable('uploads')
          .set({ status: 'refused', receipt: JSON.stringify({ refusal: e.message }) })
          .where('id', '=', row.id)
          .execute();
        log?.(`Lần gửi ${row.id} bị từ chối khi hợp nhất lại: ${e.message}`);
      }
    }
    return merged;
  },
};

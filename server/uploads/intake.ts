/**
 * What happens to a work package once its last byte arrived: the intake verifies it and takes it into the
 * province's copy, and answers the receipt the workstation shows. Refusing (a damaged, foreign or tampered package)
 * is an `IntakeRefusal` with a Vietnamese message; nothing of a refused package is kept but its upload row.
 */
import { readFile } from 'node:fs/promises';
import { PackageError, readPackage } from '../../src/exchange/package';
import { sameCommune, type CommuneKey } from '../communes';

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
   * member's hash, every audit chain, the book and commune it claims). The merge into the provincial copy reads it
   * from the blob store.
   */
  status: 'stored' | 'verified';
  /** What the verified package holds. */
  counts?: { pages: number; entries: number; events: number };
  /** Vietnamese summary for the operator. */
  message: string;
}

export class IntakeRefusal extends Error {}

/**
 * Called once the last byte of an upload is in, under the upload's finish lock (one call at a time per upload,
 * across every server process), while the upload row still says 'receiving'. It may be called AGAIN for the same
 * `uploadId` when the server died during an earlier call (kill -9 between the last byte and the row's update —
 * tests/server/crash.test.ts): an intake that writes (the merge) must find what that earlier call committed — its
 * `merges` row, written in the merge's transaction — and answer the same outcome without merging twice.
 */
export interface PackageIntake {
  receive(pkg: ReceivedPackage): Promise<Omit<Receipt, 'uploadId' | 'receivedAt'>>;
}

/** The intake of this version: the package is kept in the blob store under its hash, as received. */
export const storeOnly: PackageIntake = {
  receive(pkg) {
    return Promise.resolve({
      bookId: pkg.bookId,
      sha256: pkg.sha256,
      size: pkg.size,
      status: 'stored',
      message: `Tỉnh đã nhận gói ${pkg.fileName} (${pkg.size.toLocaleString('vi-VN')} byte), mã băm ${pkg.sha256.slice(0, 12)}…`,
    });
  },
};

/**
 * The intake of this version: the package is read and verified as the workstation's import verifies it (a damaged,
 * truncated, foreign or tampered package, or a broken audit chain, is refused with the reader's Vietnamese message),
 * it must be the book and the commune the upload declared, and it is kept in the blob store under its hash.
 */
export const verifying: PackageIntake = {
  async receive(pkg) {
    let content;
    try {
      content = await readPackage(new Uint8Array(await readFile(pkg.path)));
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
    const counts = {
      pages: content.pages.length,
      entries: content.entries.length,
      events: content.events.length,
    };
    return {
      bookId: pkg.bookId,
      sha256: pkg.sha256,
      size: pkg.size,
      status: 'verified',
      counts,
      message:
        `Tỉnh đã nhận và kiểm tra gói ${pkg.fileName}: ${counts.pages} trang, ${counts.entries} mục, ` +
        `${counts.events} sự kiện nhật ký nguyên vẹn; mã băm ${pkg.sha256.slice(0, 12)}…`,
    };
  },
};

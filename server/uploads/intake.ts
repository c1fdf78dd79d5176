/**
 * What happens to a work package once its last byte arrived: the intake verifies it and takes it into the
 * province's copy, and answers the receipt the workstation shows. Refusing (a damaged, foreign or tampered package)
 * is an `IntakeRefusal` with a Vietnamese message; nothing of a refused package is kept but its upload row.
 */
import type { CommuneKey } from '../communes';

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
  /** 'stored': kept as received (the merge into the provincial copy reads it from the blob store). */
  status: 'stored';
  /** Vietnamese summary for the operator. */
  message: string;
}

export class IntakeRefusal extends Error {}

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

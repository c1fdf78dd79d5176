/** Storage failures with a Vietnamese message the UI can show as text. */

export type StorageErrorCode = 'quota' | 'conflict' | 'not_found' | 'blocked' | 'failed';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isQuotaError(e: unknown): boolean {
  if (!(e instanceof Error) && !(typeof DOMException !== 'undefined' && e instanceof DOMException))
    return false;
  const name = (e as { name?: string }).name ?? '';
  const msg = (e as { message?: string }).message ?? '';
  return name === 'QuotaExceededError' || /quota/i.test(msg);
}

/** Maps a failed IndexedDB write to a StorageError (quota → a message the operator can act on). */
export function toStorageError(e: unknown, what: string): StorageError {
  if (e instanceof StorageError) return e;
  if (isQuotaError(e)) {
    return new StorageError(
      'quota',
      `Bộ nhớ của trình duyệt đã đầy, không lưu được ${what}. Dữ liệu đã lưu trước đó vẫn còn nguyên; hãy xuất hoặc xoá bớt sổ cũ rồi thử lại.`,
      { cause: e },
    );
  }
  const detail = e instanceof Error ? e.message : String(e);
  return new StorageError('failed', `Không lưu được ${what} (lỗi kỹ thuật: ${detail}).`, { cause: e });
}

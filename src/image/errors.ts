export type ImageErrorCode = 'empty' | 'unsupported' | 'damaged' | 'too_large';

/** Plain-text Vietnamese messages (never HTML; the UI must render them as text). */
const MESSAGES: Record<ImageErrorCode, string> = {
  empty: 'Tệp trống (0 byte), không có dữ liệu ảnh.',
  unsupported: 'Tệp không phải ảnh quét được hỗ trợ (chỉ nhận JPEG, PNG hoặc TIFF).',
  damaged: 'Tệp ảnh bị hỏng hoặc không đầy đủ.',
  too_large: 'Ảnh quá lớn, vượt giới hạn xử lý.',
};

/** Decode failure with a machine-readable `code` and a clear Vietnamese `message` (naming the file if given). */
export class ImageDecodeError extends Error {
  readonly code: ImageErrorCode;
  readonly fileName: string | undefined;
  readonly detail: string | undefined;
  constructor(
    code: ImageErrorCode,
    opts: { fileName?: string; extra?: string; detail?: string; cause?: unknown } = {},
  ) {
    const base = opts.extra ? `${MESSAGES[code]} ${opts.extra}` : MESSAGES[code];
    super(opts.fileName ? `Tệp "${opts.fileName}": ${base}` : base, { cause: opts.cause });
    this.name = 'ImageDecodeError';
    this.code = code;
    this.fileName = opts.fileName;
    this.detail = opts.detail;
  }
}

export function imageErrorMessage(code: ImageErrorCode): string {
  return MESSAGES[code];
}

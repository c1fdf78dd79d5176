/**
 * Errors raised by the PDF layer. `message` is a complete Vietnamese sentence meant for
 * the operator; it may contain the file name, so UI code must show it as plain text
 * (textContent), never as HTML.
 */

export type PdfErrorCode =
  'empty' | 'not_pdf' | 'damaged' | 'password_required' | 'password_wrong' | 'cancelled';

export interface PdfErrorOptions {
  fileName?: string | undefined;
  /** 1-based page number when the error concerns one page. */
  page?: number | undefined;
  /** Vietnamese detail appended to 'damaged' messages (e.g. "không đọc được trang 3"). */
  detail?: string | undefined;
  /** The underlying (usually English, technical) error, for logs. */
  cause?: unknown;
}

/** Quote a file name for a message; control characters are dropped, length is capped. */
function quoted(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  let name = fileName.replace(/[\u0000-\u001f\u007f]/g, '');
  if (name.length > 120) name = `${name.slice(0, 117)}...`;
  return `"${name}"`;
}

function buildMessage(code: PdfErrorCode, o: PdfErrorOptions): string {
  const named = o.fileName !== undefined && o.fileName !== '';
  const file = named ? `Tệp ${quoted(o.fileName ?? '')}` : 'Tệp này';
  switch (code) {
    case 'empty':
      return `${file} rỗng (0 byte).`;
    case 'not_pdf':
      return `${file} không phải là tệp PDF.`;
    case 'damaged':
      return `${file} bị hỏng: ${o.detail ?? 'không đọc được nội dung PDF'}.`;
    case 'password_required':
      return `${file} được bảo vệ bằng mật khẩu. Hãy nhập mật khẩu.`;
    case 'password_wrong':
      return named
        ? `Mật khẩu không đúng cho tệp ${quoted(o.fileName ?? '')}. Hãy nhập lại.`
        : 'Mật khẩu không đúng. Hãy nhập lại.';
    case 'cancelled':
      return named ? `Đã hủy việc đọc tệp ${quoted(o.fileName ?? '')}.` : 'Đã hủy việc đọc tệp PDF.';
  }
}

export class PdfError extends Error {
  override readonly name = 'PdfError';
  readonly code: PdfErrorCode;
  readonly fileName: string | undefined;
  readonly page: number | undefined;

  constructor(code: PdfErrorCode, options: PdfErrorOptions = {}) {
    super(buildMessage(code, options), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fileName = options.fileName;
    this.page = options.page;
  }
}

export function isPdfError(e: unknown, code?: PdfErrorCode): e is PdfError {
  return e instanceof PdfError && (code === undefined || e.code === code);
}

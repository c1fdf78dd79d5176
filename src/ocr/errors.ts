/** A call was cancelled through its AbortSignal (or the engine was terminated). */
export class OcrCancelledError extends Error {
  override readonly name = 'OcrCancelledError';
  constructor(message = 'Đã huỷ nhận dạng chữ (OCR).') {
    super(message);
  }
}

/** The OCR worker died or stopped answering; pending calls on it are rejected with this. */
export class OcrWorkerCrashedError extends Error {
  override readonly name = 'OcrWorkerCrashedError';
  constructor(detail: string) {
    super(`Bộ nhận dạng chữ (OCR) bị lỗi và đã được khởi động lại: ${detail}`);
  }
}

/** Errors that become JSON replies `{ error, message }` (message in Vietnamese, for the workstation to show). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const unauthorized = (message = 'Cần đăng nhập.'): HttpError =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (code: string, message: string): HttpError => new HttpError(403, code, message);

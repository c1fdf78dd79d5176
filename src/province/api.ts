/**
 * The province server's JSON API from the province screens (same origin): GET and POST with the session cookie
 * (sent by the browser) and the CSRF header on every POST. Failures become `ApiError` with the server's Vietnamese
 * message, or a Vietnamese message of our own when the server cannot be reached.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const OFFLINE = 'Không kết nối được máy chủ tỉnh. Hãy kiểm tra mạng rồi thử lại.';

export class Api {
  /** The session's CSRF token (from login or GET /api/session). */
  csrf = '';

  async get<T>(url: string): Promise<T> {
    return this.send<T>(url, { method: 'GET' });
  }

  async post<T>(url: string, body: unknown = {}): Promise<T> {
    return this.send<T>(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sohoa-csrf': this.csrf },
      body: JSON.stringify(body),
    });
  }

  private async send<T>(url: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, credentials: 'same-origin' });
    } catch (e) {
      throw new ApiError(0, 'offline', OFFLINE, { cause: e });
    }
    if (res.status === 204) return undefined as T;
    const body = (await res.json().catch(() => null)) as { error?: string; message?: string } | null;
    if (!res.ok) {
      throw new ApiError(
        res.status,
        body?.error ?? 'failed',
        body?.message ?? `Máy chủ trả lời lỗi ${res.status}. Hãy thử lại sau.`,
      );
    }
    return body as T;
  }
}

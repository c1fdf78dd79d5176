/**
 * Secrets handed to clients (session cookies, device tokens): 32 random bytes, base64url. Only their SHA-256 is
 * stored, so a copy of the database lets no one log in or act as a device. The CSRF token of a session is
 * derived from the session token (SHA-256 over a domain-separated input): the page gets it at login or from
 * GET /api/session, a cross-site page can neither read it nor compute it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The session cookie, and the header that must carry the session's CSRF token on state-changing requests. */
export const SESSION_COOKIE = 'sohoa_session';
export const CSRF_HEADER = 'x-sohoa-csrf';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Stored form of a token: SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`sohoa-csrf\0${sessionToken}`, 'utf8').digest('base64url');
}

/** Constant-time string comparison (lengths may differ). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a, 'utf8').digest();
  const y = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(x, y) && a === b;
}

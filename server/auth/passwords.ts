/** Password hashing: argon2id through @node-rs/argon2 (the one importer of that library). */
import { hash, verify } from '@node-rs/argon2';

/** Accepted password lengths (characters): long enough to resist guessing, short enough to hash cheaply. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'));
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** Vietnamese reason a new password is refused, or null. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Mật khẩu phải có ít nhất ${PASSWORD_MIN} ký tự.`;
  if (length > PASSWORD_MAX) return `Mật khẩu dài quá ${PASSWORD_MAX} ký tự.`;
  return null;
}

/** A hash to verify against when the username is unknown, so both cases take the same time. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hash('sohoa-no-such-account');
  return dummy;
}

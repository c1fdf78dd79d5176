/**
 * A user profile on a shared laptop (DESIGN.md §1, §3.3): a name, one role, and an optional PIN. The PIN only
 * tells who sits at the desk (every audit event names the user); it does not encrypt anything. It is stored as
 * a salted slow hash (PBKDF2-SHA-256, Web Crypto, available in browsers, workers and Node ≥ 20).
 */
import { migrateRecord, type RecordMigration } from './record';
import { loose, num, oneOf, str } from './normalize';

export type Role = 'operator' | 'checker' | 'supervisor' | 'admin';

export const ROLES: readonly Role[] = ['operator', 'checker', 'supervisor', 'admin'];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  operator: 'Người nhập liệu',
  checker: 'Người kiểm tra',
  supervisor: 'Người nghiệm thu',
  admin: 'Quản trị viên',
};

export interface PinHash {
  /** Hex of the random salt. */
  salt: string;
  /** Hex of PBKDF2-SHA-256(pin, salt, iterations), 32 bytes. */
  hash: string;
  iterations: number;
}

export interface User {
  id: string;
  name: string;
  role: Role;
  /** null = no PIN yet (the first administrator on a fresh install): the UI asks to set one. */
  pin: PinHash | null;
  createdAt: number;
  /** Id of the user who created the profile (null for the first administrator). */
  createdBy: string | null;
  schema: number;
}

export const USER_SCHEMA = 1;
export const USER_MIGRATIONS: readonly RecordMigration[] = [];

/** Name of the profile a fresh installation starts with. */
export const FIRST_ADMIN_NAME = 'Người quản trị';

export const PIN_ITERATIONS = 210_000;

export function newUser(
  input: { name: string; role: Role; pin: PinHash | null; createdBy: string | null },
  id: string,
  now = Date.now(),
): User {
  return {
    id,
    name: input.name.normalize('NFC').trim(),
    role: input.role,
    pin: input.pin,
    createdAt: now,
    createdBy: input.createdBy,
    schema: USER_SCHEMA,
  };
}

/** Vietnamese problems with a new profile's input ([] = valid). */
export function validateUserInput(
  u: { name: string; role: string; pin: string; pin2: string },
  taken: readonly string[],
): string[] {
  const out: string[] = [];
  const name = u.name.normalize('NFC').trim();
  if (!name) out.push('Chưa nhập tên người dùng.');
  else if (taken.some((t) => t.normalize('NFC').toLowerCase() === name.toLowerCase()))
    out.push('Đã có người dùng trùng tên.');
  if (!(ROLES as readonly string[]).includes(u.role)) out.push('Chưa chọn vai trò.');
  out.push(...validatePin(u.pin, u.pin2));
  return out;
}

/** A PIN is 4–12 digits, typed twice the same. */
export function validatePin(pin: string, pin2: string): string[] {
  if (!/^\d{4,12}$/.test(pin)) return ['Mã PIN gồm 4 đến 12 chữ số.'];
  if (pin !== pin2) return ['Hai lần nhập mã PIN không giống nhau.'];
  return [];
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array((s.match(/../g) ?? []).map((h) => parseInt(h, 16)));

async function pbkdf2(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return hex(new Uint8Array(bits));
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: hex(salt), hash: await pbkdf2(pin, salt, iterations), iterations };
}

/** True when `pin` matches (a user without a PIN matches the empty PIN only). */
export async function checkPin(user: Pick<User, 'pin'>, pin: string): Promise<boolean> {
  if (!user.pin) return pin === '';
  const got = await pbkdf2(pin, unhex(user.pin.salt), user.pin.iterations);
  return got === user.pin.hash;
}

export function normalizeUser(raw: unknown): User {
  const r = loose(migrateRecord(raw, USER_MIGRATIONS));
  const p = r['pin'];
  const pin =
    p && typeof p === 'object'
      ? {
          salt: str(loose(p)['salt']),
          hash: str(loose(p)['hash']),
          iterations: num(loose(p)['iterations'], PIN_ITERATIONS),
        }
      : null;
  return {
    ...r,
    id: str(r['id']),
    name: str(r['name']),
    role: oneOf(r['role'], ROLES, 'operator'),
    pin: pin?.hash ? pin : null,
    createdAt: num(r['createdAt']),
    createdBy: typeof r['createdBy'] === 'string' ? r['createdBy'] : null,
    schema: Math.max(USER_SCHEMA, num(r['schema'], 1)),
  };
}

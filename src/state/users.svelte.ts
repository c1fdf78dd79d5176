/**
 * Who works at this laptop (DESIGN.md §3.3): local profiles with a role and a PIN, the current user, switching
 * user. A fresh installation gets one administrator without a PIN (so the demo opens straight away) and is asked
 * to set one. The PIN tells who is at a shared desk; it does not encrypt data.
 */
import {
  checkPin,
  FIRST_ADMIN_NAME,
  hashPin,
  newUser,
  validatePin,
  validateUserInput,
  type Role,
  type User,
} from '../domain/records/user';
import type { Actor } from '../domain/workflow';
import type { Repository } from '../storage';

export const CURRENT_USER_KEY = 'currentUser';

export interface NewUserInput {
  name: string;
  role: Role;
  pin: string;
  pin2: string;
}

export class UserSession {
  users: User[] = $state.raw([]);
  current: User | null = $state.raw(null);
  /**
   * At start, when the last user of this laptop has a PIN, whoever sits down says who they are (profile + PIN)
   * before working; a profile without a PIN (the first administrator) opens straight away.
   */
  locked = $state(false);

  readonly actor: Actor | null = $derived(
    this.current ? { userId: this.current.id, role: this.current.role } : null,
  );

  constructor(
    private readonly repo: Repository,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  get machineId(): string {
    return this.repo.machineId;
  }

  /** Loads the profiles and the last user of this laptop; creates the first administrator on a fresh install. */
  async load(): Promise<void> {
    this.users = await this.repo.listUsers();
    if (!this.users.length) {
      const admin = newUser(
        { name: FIRST_ADMIN_NAME, role: 'admin', pin: null, createdBy: null },
        this.newId(),
      );
      await this.repo.putUser(admin);
      this.users = [admin];
    }
    const id = await this.repo.getSetting<string>(CURRENT_USER_KEY);
    this.current = this.users.find((u) => u.id === id) ?? this.users[0] ?? null;
    this.locked = this.current?.pin != null;
  }

  private failures = 0;
  private lockedUntil = 0;

  /**
   * Switches to `userId` if `pin` is right; returns a Vietnamese refusal or null. After three wrong PINs in a row
   * each further try waits longer (2, 4, 8 … up to 60 s), so a 4-digit PIN cannot be tried through quickly.
   */
  async switchTo(userId: string, pin: string, now = Date.now()): Promise<string | null> {
    const user = this.users.find((u) => u.id === userId);
    if (!user) return 'Không có người dùng này.';
    if (now < this.lockedUntil) {
      return `Đã nhập sai mã PIN nhiều lần; hãy thử lại sau ${Math.ceil((this.lockedUntil - now) / 1000)} giây.`;
    }
    if (!(await checkPin(user, pin))) {
      this.failures++;
      if (this.failures >= 3) this.lockedUntil = now + Math.min(60, 2 ** (this.failures - 2)) * 1000;
      return 'Mã PIN không đúng.';
    }
    this.failures = 0;
    await this.beforeSwitch();
    await this.repo.putSetting(CURRENT_USER_KEY, user.id);
    this.current = user;
    this.locked = false;
    return null;
  }

  /** Set by the composition root: what must happen before another person takes the desk (finish the writes). */
  beforeSwitch: () => Promise<void> = () => Promise.resolve();

  /** An administrator creates a profile; returns the Vietnamese problems, [] when created. */
  async create(input: NewUserInput): Promise<string[]> {
    if (this.current?.role !== 'admin') return ['Chỉ người quản trị được tạo người dùng.'];
    const problems = validateUserInput(
      input,
      this.users.map((u) => u.name),
    );
    if (problems.length) return problems;
    const pin = await hashPin(input.pin);
    // Checked again after the slow hash: a second click meanwhile must not make the same profile twice.
    const again = validateUserInput(
      input,
      this.users.map((u) => u.name),
    );
    if (again.length) return again;
    const user = newUser(
      { name: input.name, role: input.role, pin, createdBy: this.current.id },
      this.newId(),
    );
    await this.repo.putUser(user);
    this.users = [...this.users, user];
    return [];
  }

  /** The current user sets or changes their PIN (the old one is asked when there is one). */
  async setPin(old: string, pin: string, pin2: string): Promise<string[]> {
    const me = this.current;
    if (!me) return ['Chưa chọn người dùng.'];
    if (me.pin && !(await checkPin(me, old))) return ['Mã PIN hiện tại không đúng.'];
    const problems = validatePin(pin, pin2);
    if (problems.length) return problems;
    const updated = { ...me, pin: await hashPin(pin) };
    await this.repo.putUser(updated);
    this.users = this.users.map((u) => (u.id === me.id ? updated : u));
    this.current = updated;
    return [];
  }
}

/**
 * State of the province screens (runes): the session, the open view and what each view shows, loaded from the
 * province API; every failure is kept as a Vietnamese message for the view to show, and nothing is changed on the
 * screen until the server has stored it. A device token is kept only until the admin leaves the page or enrols
 * another (the server shows it once).
 */
import { Api, ApiError } from './api';
import { base64Of, thisMonth } from './format';
import type {
  Account,
  BookLine,
  CommuneKey,
  ApiKey,
  Device,
  InventoryRow,
  Monthly,
  Progress,
  Session,
  UnitList,
} from './types';

export type View = 'progress' | 'monthly' | 'books' | 'inventory' | 'accounts';

export const VIEW_LABELS: Readonly<Record<View, string>> = {
  progress: 'Tiến độ',
  monthly: 'Báo cáo tháng',
  books: 'Sổ đã nhận',
  inventory: 'Danh mục sổ',
  accounts: 'Tài khoản và máy',
};

/** Commune codes typed as "16702, 16705" in one unit list; null when one is not 5 digits. */
export function parseCodes(list: UnitList, text: string): CommuneKey[] | null {
  const codes = text
    .split(/[\s,;]+/u)
    .map((c) => c.trim())
    .filter(Boolean);
  if (!codes.length || codes.some((c) => !/^\d{5}$/u.test(c))) return null;
  return codes.map((code) => ({ list, code }));
}

export class ProvinceApp {
  readonly api = new Api();
  session = $state<Session | null>(null);
  /** Whether the first session check is done (no login form flashes for a logged-in admin). */
  ready = $state(false);
  view = $state<View>('progress');
  busy = $state(false);
  error = $state<string | null>(null);
  message = $state<string | null>(null);
  progress = $state<Progress | null>(null);
  month = $state(thisMonth());
  monthly = $state<Monthly | null>(null);
  books = $state<BookLine[] | null>(null);
  inventory = $state<InventoryRow[] | null>(null);
  deadline = $state<string | null>(null);
  accounts = $state<Account[] | null>(null);
  devices = $state<Device[] | null>(null);
  apiKeys = $state<ApiKey[] | null>(null);
  /** The secret just made (a device token or a read-API key), shown once. */
  newToken = $state<{ label: string; token: string; kind?: 'device' | 'api-key' } | null>(null);

  get isAdmin(): boolean {
    return this.session?.role === 'province_admin';
  }

  /** Runs `work`, keeping its failure as the message to show; true when it succeeded. */
  private async run(work: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await work();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && e.code === 'unauthorized') this.session = null;
      this.message = null;
      this.error = e instanceof ApiError ? e.message : 'Có lỗi không mong đợi. Hãy tải lại trang.';
      return false;
    } finally {
      this.busy = false;
    }
  }

  async restore(): Promise<void> {
    try {
      this.session = await this.api.get<Session>('/api/session');
      this.api.csrf = this.session.csrfToken;
      await this.open(this.view);
    } catch {
      this.session = null;
    } finally {
      this.ready = true;
    }
  }

  async login(username: string, password: string): Promise<boolean> {
    const ok = await this.run(async () => {
      this.session = await this.api.post<Session>('/api/login', { username, password });
      this.api.csrf = this.session.csrfToken;
    });
    if (ok) await this.open('progress');
    return ok;
  }

  /** Ends the session and forgets every figure loaded under it (the next account must not see them). */
  async logout(): Promise<void> {
    await this.run(() => this.api.post('/api/logout'));
    this.session = null;
    this.newToken = null;
    this.message = null;
    this.progress = null;
    this.monthly = null;
    this.books = null;
    this.inventory = null;
    this.deadline = null;
    this.accounts = null;
    this.devices = null;
    this.apiKeys = null;
    this.view = 'progress';
  }

  async open(view: View): Promise<void> {
    this.view = view;
    this.message = null;
    this.newToken = null;
    if (view === 'progress') await this.loadProgress();
    else if (view === 'monthly') await this.loadMonthly(this.month);
    else if (view === 'books')
      await this.run(async () => {
        this.books = (await this.api.get<{ books: BookLine[] }>('/api/province/books')).books;
      });
    else if (view === 'inventory') await this.loadInventory();
    else await this.loadAdmin();
  }

  loadProgress(): Promise<boolean> {
    return this.run(async () => {
      this.progress = await this.api.get<Progress>('/api/province/progress');
    });
  }

  loadMonthly(month: string): Promise<boolean> {
    this.month = month;
    return this.run(async () => {
      this.monthly = await this.api.get<Monthly>(`/api/province/monthly?month=${encodeURIComponent(month)}`);
    });
  }

  loadInventory(): Promise<boolean> {
    return this.run(async () => {
      const r = await this.api.get<{ rows: InventoryRow[]; deadline: string | null }>(
        '/api/province/inventory',
      );
      this.inventory = r.rows;
      this.deadline = r.deadline;
    });
  }

  async saveRow(input: Record<string, string>): Promise<boolean> {
    const ok = await this.run(async () => {
      const row = await this.api.post<InventoryRow>('/api/province/inventory', input);
      this.message = `Đã lưu sổ ${row.type} ${row.bookNumber} của ${row.communeName || row.communeCode}.`;
    });
    if (ok) await this.loadInventory();
    return ok;
  }

  async importFile(file: File): Promise<boolean> {
    const ok = await this.run(async () => {
      if (file.size > 5 * 1024 * 1024) throw new ApiError(400, 'too_big', 'Bảng tính lớn quá 5 MB.');
      const r = await this.api.post<{ rows: number }>('/api/province/inventory/import', {
        fileName: file.name,
        data: await base64Of(file),
      });
      this.message = `Đã nhập ${r.rows} dòng sổ từ tệp ${file.name}.`;
    });
    if (ok) await this.loadInventory();
    return ok;
  }

  async removeRow(key: string): Promise<boolean> {
    const ok = await this.run(() => this.api.post('/api/province/inventory/remove', { key }));
    if (ok) await this.loadInventory();
    return ok;
  }

  setDeadline(deadline: string): Promise<boolean> {
    return this.run(async () => {
      const r = await this.api.post<{ deadline: string | null }>('/api/province/deadline', { deadline });
      this.deadline = r.deadline;
      this.message = r.deadline ? 'Đã lưu hạn hoàn thành.' : 'Đã bỏ hạn hoàn thành.';
    });
  }

  loadAdmin(): Promise<boolean> {
    return this.run(async () => {
      const [a, d, k] = await Promise.all([
        this.api.get<{ accounts: Account[] }>('/api/admin/accounts'),
        this.api.get<{ devices: Device[] }>('/api/admin/devices'),
        this.api.get<{ apiKeys: ApiKey[] }>('/api/admin/api-keys'),
      ]);
      this.accounts = a.accounts;
      this.devices = d.devices;
      this.apiKeys = k.apiKeys;
    });
  }

  async createAccount(username: string, password: string, communes: CommuneKey[]): Promise<boolean> {
    const ok = await this.run(async () => {
      const a = await this.api.post<Account>('/api/admin/accounts', { username, password, communes });
      this.message = `Đã tạo tài khoản ${a.username}.`;
    });
    if (ok) await this.loadAdmin();
    return ok;
  }

  async enrolDevice(label: string, communes: CommuneKey[]): Promise<boolean> {
    const ok = await this.run(async () => {
      const r = await this.api.post<{ device: Device; token: string }>('/api/admin/devices', {
        label,
        communes,
      });
      this.newToken = { label: r.device.label, token: r.token };
      this.message = null;
    });
    if (ok) await this.loadAdmin();
    return ok;
  }

  async revokeDevice(id: number): Promise<boolean> {
    this.newToken = null;
    const ok = await this.run(async () => {
      const d = await this.api.post<Device>(`/api/admin/devices/${id}/revoke`);
      this.message = `Đã thu hồi mã của máy “${d.label}”.`;
    });
    if (ok) await this.loadAdmin();
    return ok;
  }

  /** A read-API key for another provincial system: its secret is shown once, like a device token. */
  async createApiKey(label: string, communes: CommuneKey[]): Promise<boolean> {
    const ok = await this.run(async () => {
      const r = await this.api.post<{ apiKey: ApiKey; key: string }>('/api/admin/api-keys', {
        label,
        communes,
      });
      this.newToken = { label: r.apiKey.label, token: r.key, kind: 'api-key' };
      this.message = null;
    });
    if (ok) await this.loadAdmin();
    return ok;
  }

  async revokeApiKey(id: number): Promise<boolean> {
    this.newToken = null;
    const ok = await this.run(async () => {
      const k = await this.api.post<ApiKey>(`/api/admin/api-keys/${id}/revoke`);
      this.message = `Đã thu hồi khoá API “${k.label}”.`;
    });
    if (ok) await this.loadAdmin();
    return ok;
  }
}

/** Screen "Cài đặt": OCR worker count, storage usage and quota, persistent storage. */
import { defaultOcrWorkers } from '../ocr/pool-size';
import { requestPersistence, storageUsage, type Repository, type StorageUsage } from '../storage';

export const WORKERS_KEY = 'ocrWorkers';

export function defaultWorkers(): number {
  return defaultOcrWorkers(navigator.hardwareConcurrency);
}

export class SettingsState {
  ocrWorkers = $state(defaultWorkers());
  usage: StorageUsage | null = $state(null);
  message: string | null = $state(null);

  constructor(
    private readonly repo: Repository,
    private readonly applyWorkers: (n: number) => void | Promise<void>,
  ) {}

  async load(): Promise<void> {
    const n = await this.repo.getSetting<number>(WORKERS_KEY);
    if (typeof n === 'number' && n >= 1) this.ocrWorkers = n;
    await this.applyWorkers(this.ocrWorkers);
    await this.refreshUsage();
  }

  /** Result of the last "Lưu" of the OCR card (shown beside its button). */
  workersMessage: { ok: boolean; text: string } | null = $state(null);

  /** Stores the number of OCR workers (1 … `max`); a value out of range is refused with a message. */
  async setWorkers(n: number, max = 8): Promise<void> {
    const top = Math.min(8, Math.max(1, max));
    if (!Number.isInteger(n) || n < 1 || n > top) {
      this.workersMessage = { ok: false, text: `Số luồng phải là số nguyên từ 1 đến ${top}.` };
      return;
    }
    try {
      await this.repo.putSetting(WORKERS_KEY, n);
      this.ocrWorkers = n;
      await this.applyWorkers(n);
      this.workersMessage = { ok: true, text: `Đã lưu: ${n} luồng nhận dạng.` };
    } catch (e) {
      this.workersMessage = { ok: false, text: e instanceof Error ? e.message : String(e) };
    }
  }

  async refreshUsage(): Promise<void> {
    this.usage = await storageUsage();
  }

  async persist(): Promise<void> {
    const ok = await requestPersistence();
    this.message = ok
      ? 'Trình duyệt đã cho phép lưu trữ bền vững: dữ liệu không bị tự động xoá khi máy thiếu dung lượng.'
      : 'Trình duyệt chưa cho phép lưu trữ bền vững; hãy xuất dữ liệu thường xuyên.';
    await this.refreshUsage();
  }
}

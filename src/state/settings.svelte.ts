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

  async setWorkers(n: number): Promise<void> {
    const v = Math.min(8, Math.max(1, Math.round(n)));
    this.ocrWorkers = v;
    try {
      await this.repo.putSetting(WORKERS_KEY, v);
      await this.applyWorkers(v);
      this.message = `Đã lưu: ${v} luồng nhận dạng.`;
    } catch (e) {
      this.message = e instanceof Error ? e.message : String(e);
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

/**
 * Reading the audit trail: "Kiểm tra nhật ký" verifies every chain of a book (DESIGN.md §3.8) and names the first
 * broken event; an entry's history lists its events (who, when, before → after).
 */
import { verifyChains, type AuditEvent, type ChainReport } from '../domain/records/audit';
import type { Repository } from '../storage';

export class AuditView {
  report: ChainReport | null = $state.raw(null);
  checking = $state(false);
  error: string | null = $state(null);
  history: AuditEvent[] = $state.raw([]);

  constructor(private readonly repo: Repository) {}

  async check(bookId: string): Promise<void> {
    this.checking = true;
    try {
      this.report = verifyChains(await this.repo.listBookEvents(bookId));
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.checking = false;
    }
  }

  async loadHistory(entryId: string): Promise<void> {
    try {
      this.history = await this.repo.listEntryEvents(entryId);
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  clear(): void {
    this.report = null;
    this.history = [];
  }
}

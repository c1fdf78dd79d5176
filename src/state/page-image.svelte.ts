/**
 * The object URL of one stored page image at a time (the page a screen shows beside its values): read once per
 * page, the previous URL revoked when replaced or cleared; a read that finishes after a newer request is dropped.
 */
import type { Repository } from '../storage';

export class PageImageUrl {
  /** Object URL of the image of `pageId`, or null. */
  url: string | null = $state(null);
  pageId: string | null = $state(null);
  private seq = 0;

  constructor(private readonly repo: Repository) {}

  /** Shows the image of `pageId` (nothing to do when it already is; null clears). */
  async show(pageId: string | null): Promise<void> {
    if (pageId === this.pageId) return;
    const seq = ++this.seq;
    const img = pageId ? await this.repo.getPageImage(pageId) : undefined;
    if (seq !== this.seq) return;
    this.clear();
    this.url = img ? URL.createObjectURL(img.image) : null;
    this.pageId = img ? pageId : null;
  }

  clear(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    this.pageId = null;
  }
}

/** Object URLs of page thumbnails, loaded lazily from storage and revoked when no longer listed. */
import { SvelteMap } from 'svelte/reactivity';
import type { Repository } from '../storage';

export class Thumbs {
  readonly urls = new SvelteMap<string, string>();
  private readonly loading = new Set<string>();

  constructor(private readonly repo: Repository) {}

  /** The thumbnail URL of a page (undefined until loaded; loading starts on first ask). */
  url(pageId: string): string | undefined {
    this.want(pageId);
    return this.urls.get(pageId);
  }

  /** The thumbnail URL if loaded, without asking for it (a grid asks only for what comes into view). */
  loaded(pageId: string): string | undefined {
    return this.urls.get(pageId);
  }

  /** Starts loading a page's thumbnail (once). */
  want(pageId: string): void {
    const u = this.urls.get(pageId);
    if (!u && !this.loading.has(pageId)) {
      this.loading.add(pageId);
      void this.repo
        .getPageImage(pageId)
        .then((r) => {
          if (r) this.urls.set(pageId, URL.createObjectURL(r.thumb));
        })
        .finally(() => this.loading.delete(pageId));
    }
  }

  /** Revokes the URLs of pages not in `keep`. */
  retain(keep: readonly string[]): void {
    const k = new Set(keep);
    for (const [id, u] of this.urls) {
      if (!k.has(id)) {
        URL.revokeObjectURL(u);
        this.urls.delete(id);
      }
    }
  }
}

/**
 * The installed app as the operator sees it: whether this browser can start the app with the network off (the
 * service worker is active, so its precache is complete) and whether a new version is waiting. A new version
 * never reloads the page by itself: the operator presses "Tải lại", every pending edit is saved first, and only
 * then does the new version take over and the page reload. Wired to the service worker in src/main.ts.
 */

export type OfflineStatus = 'unsupported' | 'installing' | 'ready' | 'failed';

export interface InstallHooks {
  /** Saves every pending edit; rejects when a write fails (the save banner shows why). */
  save(): Promise<void>;
  /** Lets the waiting version take over (skip waiting); `controlling()` follows once it does. */
  activate(): Promise<void>;
  reload(): void;
}

export class InstallState {
  /** 'ready' once a service worker is active: every file of the app is in its cache. */
  offline: OfflineStatus = $state('installing');
  /** Whether this page is controlled by the service worker (served from its cache). */
  controlled = $state(false);
  /** A new version is installed and waits for "Tải lại". */
  updateReady = $state(false);
  /** "Tải lại" was pressed: saving, then switching. */
  updating = $state(false);
  error: string | null = $state(null);

  #hooks: InstallHooks;
  /** The new version already controls this page (another tab switched): a reload is all that is left. */
  #switched = false;

  constructor(hooks: InstallHooks) {
    this.#hooks = hooks;
  }

  unsupported(): void {
    this.offline = 'unsupported';
  }

  offlineReady(): void {
    this.offline = 'ready';
  }

  failed(e: unknown): void {
    this.offline = 'failed';
    console.error(e);
  }

  needRefresh(): void {
    this.updateReady = true;
  }

  setControlled(controlled: boolean): void {
    this.controlled = controlled;
  }

  /**
   * The service worker controlling this page changed. After "Tải lại" that is the new version: reload. On a
   * page that was controlled already, another tab let the new version take over: keep asking (a reload is all
   * that is left). On a page that was not controlled, it is the first version claiming the page that installed
   * it: nothing to do.
   */
  controllerChanged(wasControlled: boolean): void {
    if (this.updating) {
      this.#hooks.reload();
      return;
    }
    if (!wasControlled) return;
    this.#switched = true;
    this.updateReady = true;
  }

  /** "Tải lại": saves every pending edit, then switches to the new version (the page reloads). */
  async update(): Promise<void> {
    if (this.updating) return;
    this.updating = true;
    this.error = null;
    try {
      await this.#hooks.save();
    } catch {
      this.updating = false;
      this.error = 'Chưa lưu xong các thay đổi nên chưa tải lại. Hãy lưu lại rồi bấm "Tải lại".';
      return;
    }
    if (this.#switched) {
      this.#hooks.reload();
      return;
    }
    try {
      await this.#hooks.activate();
    } catch (e) {
      this.updating = false;
      this.error = `Không chuyển được sang phiên bản mới: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  dismiss(): void {
    this.updateReady = false;
    this.error = null;
  }
}

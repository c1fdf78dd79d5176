/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The service worker adapter (the only importer of `virtual:pwa-register`, vite-plugin-pwa's registration on
 * top of workbox-window): registers dist/sw.js once the page has loaded and reports to InstallState. Returns
 * the function that lets a waiting new version take over (skip waiting).
 */
import { registerSW } from 'virtual:pwa-register';

/** What the registration reports (InstallState in src/state/install.svelte.ts). */
export interface InstallListener {
  unsupported(): void;
  setControlled(controlled: boolean): void;
  offlineReady(): void;
  needRefresh(): void;
  /** The controller changed; `wasControlled`: this page had one before (so this is a new version). */
  controllerChanged(wasControlled: boolean): void;
  failed(e: unknown): void;
}

const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(install: InstallListener): () => Promise<void> {
  if (!('serviceWorker' in navigator)) {
    install.unsupported();
    return () => Promise.resolve();
  }
  const sw = navigator.serviceWorker;
  // The first version takes control of the page that installed it (clientsClaim); a later change of
  // controller is a new version (skip waiting, from this tab or another one).
  let controlled = sw.controller !== null;
  install.setControlled(controlled);
  sw.addEventListener('controllerchange', () => {
    const wasControlled = controlled;
    controlled = sw.controller !== null;
    install.setControlled(controlled);
    install.controllerChanged(wasControlled);
  });
  // A worker becomes active only after its install step, i.e. after every precached file is in the cache;
  // `ready` resolves then on a first start, and at once on later starts.
  void sw.ready.then(() => install.offlineReady());
  const update = registerSW({
    onOfflineReady: () => install.offlineReady(),
    onNeedRefresh: () => install.needRefresh(),
    // Never the plugin's own window.location.reload(): the controllerchange listener above decides. (The
    // plugin only reports a new controller when the page was controlled at load, not on the installing page.)
    onNeedReload: () => undefined,
    onRegisterError: (e: unknown) => install.failed(e),
    // A workstation stays open all day: look for a new version every hour too (browsers also look at each
    // start). Offline, the check fails quietly.
    onRegisteredSW: (_url: string, registration: ServiceWorkerRegistration | undefined) => {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine) void registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
  });
  return () => update();
}

/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The service worker adapter (the only importer of `virtual:pwa-register`, vite-plugin-pwa's registration on
 * top of workbox-window): registers dist/sw.js once the page has loaded and reports to InstallState. Returns
 * the function that lets a waiting new version take over (skip waiting).
 */
import { registerSW } from 'virtual:pwa-register';
import type { InstallState } from '../state/install.svelte';

export function registerServiceWorker(install: InstallState): () => Promise<void> {
  if (!('serviceWorker' in navigator)) {
    install.unsupported();
    return () => Promise.resolve();
  }
  const sw = navigator.serviceWorker;
  install.setControlled(sw.controller !== null);
  sw.addEventListener('controllerchange', () => install.setControlled(sw.controller !== null));
  // A worker becomes active only after its install step, i.e. after every precached file is in the cache;
  // `ready` resolves then on a first start, and at once on later starts.
  void sw.ready.then(() => install.offlineReady());
  const update = registerSW({
    onOfflineReady: () => install.offlineReady(),
    onNeedRefresh: () => install.needRefresh(),
    onNeedReload: () => install.newVersionControls(),
    onRegisterError: (e: unknown) => install.failed(e),
  });
  return () => update();
}

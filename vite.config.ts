import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { CSP, SECURITY_HEADERS } from './security-headers';

const headers = { ...SECURITY_HEADERS };

/** Fails the build if index.html's CSP meta differs from CSP (security-headers.ts). */
function checkCspMeta(): Plugin {
  return {
    name: 'sohoa:check-csp-meta',
    transformIndexHtml(html) {
      const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
      if (!m || m[1] !== CSP) {
        throw new Error(
          'index.html: the Content-Security-Policy <meta> must equal CSP in security-headers.ts',
        );
      }
      return html;
    },
  };
}

/**
 * The installable app: a generated service worker (workbox) precaches every file of dist/ — the app, the
 * tesseract worker and cores, the `vie` model, pdf.js's wasm, fonts and cmaps, the demo book, the icons — so a
 * laptop that opened the app once starts and works offline. `registerType: 'prompt'`: a new version waits
 * until the operator presses "Tải lại" (src/state/install.svelte.ts); it is registered from src/main.ts
 * (no inline script, the CSP stays strict).
 */
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  // The icons are in dist/ and so in globPatterns already.
  includeManifestIcons: false,
  manifest: {
    name: 'sohoa — Số hóa sổ hộ tịch',
    short_name: 'Số hóa hộ tịch',
    description: 'Trạm số hóa sổ đăng ký hộ tịch, chạy cả khi không có mạng',
    lang: 'vi',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#1d4ed8',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    // Every file of dist/ (sw.js and workbox-*.js are left out by workbox itself; the plugin adds
    // manifest.webmanifest on its own). demo/p014.jpg is a test fixture the app never loads.
    globPatterns: ['**/*'],
    globIgnores: ['demo/p014.jpg', 'manifest.webmanifest'],
    // The biggest files are the demo PDF (~6 MB) and a tesseract core (~3.9 MB). A bigger file fails the build
    // (plugin default) rather than being left out silently.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    navigateFallback: 'index.html',
    // The API and the province screens (province.html, served by the province server at /province/) are never
    // answered with the workstation's index.html.
    navigateFallbackDenylist: [/^\/api\//, /^\/province(\/|$)/],
    cleanupOutdatedCaches: true,
    // The page that installs the first version is controlled at once (no old version to replace); updates wait
    // for the operator (no skipWaiting).
    clientsClaim: true,
  },
});

export default defineConfig({
  plugins: [svelte(), checkCspMeta(), pwa],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Two pages: the workstation (index.html) and the province screens (province.html, src/province/).
    rollupOptions: { input: { main: 'index.html', province: 'province.html' } },
  },
  esbuild: { target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false, headers },
  preview: { host: '127.0.0.1', port: 4173, headers },
});

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

/**
 * Content-Security-Policy of the app, sent as a header by the dev and preview servers and repeated as a
 * <meta http-equiv> in index.html (checked below, so the two cannot drift). Everything comes from our own
 * origin. Verified minimal in Chromium (tests/browser): 'wasm-unsafe-eval' lets tesseract.js and pdf.js
 * compile WebAssembly; tesseract.js loads its core with importScripts from /models (script-src 'self') and
 * needs no blob: worker (workerBlobURL: false) nor data: URLs; img-src blob: is for the object URLs of the
 * user's page and of rendered PDF pages. 'unsafe-inline' styles: Svelte/Vite inject component CSS in dev.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const headers = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Fails the build if index.html's CSP meta differs from CSP. */
function checkCspMeta(): Plugin {
  return {
    name: 'sohoa:check-csp-meta',
    transformIndexHtml(html) {
      const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
      if (!m || m[1] !== CSP) {
        throw new Error('index.html: the Content-Security-Policy <meta> must equal CSP in vite.config.ts');
      }
      return html;
    },
  };
}

export default defineConfig({
  plugins: [svelte(), checkCspMeta()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  esbuild: { target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false, headers },
  preview: { host: '127.0.0.1', port: 4173, headers },
});

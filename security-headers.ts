/**
 * The app's Content-Security-Policy and security headers: the one definition used by the dev and preview
 * servers (vite.config.ts), by the province server that serves the built app (server/web/app-files.ts), and
 * checked against index.html's <meta http-equiv> at build (the build fails if they differ).
 *
 * Everything comes from our own origin. Verified minimal in Chromium (tests/browser): 'wasm-unsafe-eval' lets
 * tesseract.js and pdf.js compile WebAssembly; tesseract.js loads its core with importScripts from /models
 * (script-src 'self') and needs no blob: worker (workerBlobURL: false) nor data: URLs; worker-src 'self' covers
 * the app's workers and the service worker (sw.js); img-src blob: is for the object URLs of the user's page and
 * of rendered PDF pages; the web app manifest and its icons fall under default-src 'self'. 'unsafe-inline'
 * styles: Svelte/Vite inject component CSS in dev.
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

/** Headers of every page and file of the app. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

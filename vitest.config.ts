import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/**
 * Four projects: `unit` (fast, pure), `integration` (real OCR in Node), `server` (the province server on
 * embedded PGlite and on a throwaway PostgreSQL cluster its global setup starts), `browser` (Playwright + system
 * Chromium against the built app; run `npm run build` first). `npm test` runs unit + integration + server, then
 * builds and runs browser. `unit` compiles runes modules (`*.svelte.ts` state classes) for the client, as the app runs
 * them, so their `$state`/`$derived` behave in tests as in the browser.
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          svelte({ compilerOptions: { runes: true }, dynamicCompileOptions: () => ({ generate: 'client' }) }),
        ],
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/server/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // One Chromium at a time on small CI machines.
          fileParallelism: false,
          // expect.poll waits for the app's own state; on a busy machine that may take seconds, never a fixed
          // moment (vitest's default gives up after 1 s).
          expect: { poll: { timeout: 30_000, interval: 100 } },
        },
      },
    ],
  },
});

import { defineConfig } from 'vite';

/** The dashboard (issue 10): built to dist/web, which the API serves at `/` (src/dashboard/dashboard.ts). */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: '/',
  publicDir: 'public',
  // Preact's automatic JSX runtime, without a plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `${here}../dist/web`,
    emptyOutDir: true,
    target: 'es2022',
    // The Content-Security-Policy allows same-origin files only: nothing may be inlined.
    assetsInlineLimit: 0,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, with the API on its usual port.
    proxy: Object.fromEntries(
      ['/indicators', '/alerts', '/contracts', '/complaints', '/actions', '/surveys', '/clients', '/audit', '/health'].map((path) => [path, 'http://127.0.0.1:3000']),
    ),
  },
});

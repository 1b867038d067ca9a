import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The quality manager's dashboard (issue 10): the files `vite build` writes to `dist/web`, served
 * at `/` by Fastify itself. The shell is public: it holds no data, and every call it makes to the
 * API carries the API key the user signed in with (docs/decisions.md, "Dashboard").
 *
 * One route per file (no wildcard), so the API routes, `/docs` and the problem+json 404 of unknown
 * paths stay as they were. The dashboard routes by the URL's hash (`/#/alerts`), so no fallback
 * route is needed for its pages.
 */

/** `dist/web`, seen from `dist/src/dashboard` (built) or `src/dashboard` (tests run the sources); never `web/`, the sources. */
export function dashboardRoot(): string | undefined {
  const built = /[\\/]dist[\\/]src[\\/]dashboard[\\/]$/.test(fileURLToPath(new URL('./', import.meta.url)));
  const dir = fileURLToPath(new URL(built ? '../../web/' : '../../dist/web/', import.meta.url));
  return existsSync(`${dir}index.html`) ? dir : undefined;
}

/**
 * The dashboard's own Content-Security-Policy: its scripts, styles and icon come from the same
 * origin, it talks to the same origin only, and it has no inline script or style to allow.
 * `form-action 'none'`: a form submitted without the script (the sign-in) goes nowhere, so a key
 * can never end up in a URL.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Registers the dashboard when it was built; answers whether it was. */
export function serveDashboard(fastify: FastifyInstance, root = dashboardRoot()): boolean {
  if (!root) return false;
  void fastify.register(async (scope) => {
    // Runs after the hardening's onSend (a root hook), for these routes only: same headers, wider CSP.
    scope.addHook('onSend', async (_request, reply, payload) => {
      void reply.header('content-security-policy', DASHBOARD_CSP);
      return payload;
    });
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
      decorateReply: false,
      cacheControl: false,
      // Vite names assets by their content hash: they never change. The page itself is revalidated.
      setHeaders: (reply, path) => {
        void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  });
  return true;
}

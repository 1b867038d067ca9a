import { readdirSync } from 'node:fs';
import { DASHBOARD_CSP, dashboardRoot } from '../../src/dashboard/dashboard.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The dashboard's files at `/` (issue 10): public, since they hold no data, with their own
 * Content-Security-Policy; the API around them unchanged. The browser tests are test/e2e.
 */
const root = dashboardRoot();
if (!root) process.stderr.write('test/http/dashboard.http.spec.ts skipped: the dashboard is not built (npm run build writes dist/web)\n');
const describeBuilt = root ? describe : describe.skip;

describeBuilt('The dashboard served by the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves the page at / without a key, with a CSP that allows its own files only, revalidated', async () => {
    for (const url of ['/', '/index.html']) {
      const res = await t.as(null).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.body).toContain('<div id="app">');
      // No inline script: the CSP would refuse it.
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('serves its assets for a year (their names change with their content)', async () => {
    const script = readdirSync(`${root}assets`).find((name) => name.endsWith('.js'))!;
    const res = await t.as(null).get(`/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.as(null).get('/favicon.svg')).status).toBe(200);
  });

  it('leaves the API as it was: keys required, /docs guarded, unknown paths a problem+json 404', async () => {
    expect((await t.as(null).get('/contracts')).status).toBe(401);
    expect((await t.as(null).get('/docs')).status).toBe(401);
    expect((await t.as('quality').get('/contracts')).headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    for (const url of ['/nope', '/assets/nope.js', '/web/index.html', '/src/main.tsx']) {
      const res = await t.as(null).get(url);
      expect({ url, status: res.status, type: res.headers['content-type'] }).toEqual({ url, status: 404, type: 'application/problem+json; charset=utf-8' });
    }
    const post = await t.as(null).post('/', {});
    expect(post.status).toBe(404);
  });
});

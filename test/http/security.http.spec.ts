import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKey, digestOf, keyFilePath, listKeys, readKeyFile, revokeKey, runKeysCommand } from '../../src/http/api-key-file.js';
import { RateLimiter } from '../../src/http/rate-limit.js';
import { eventually } from '../support/eventually.js';
import { KEYS, samples, startTestApp, type TestApp } from '../support/test-app.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'qualirec-sec-'));

/** Everything written to stdout while `run` runs (the request log, the first start's keys). */
async function capture<T>(run: () => Promise<T>): Promise<{ result: T; out: string }> {
  const original = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return typeof rest[rest.length - 1] === 'function' ? ((rest[rest.length - 1] as () => void)(), true) : true;
  }) as typeof process.stdout.write;
  try {
    return { result: await run(), out };
  } finally {
    process.stdout.write = original;
  }
}

describe('HTTP hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ bodyLimit: 16 * 1024 });
  });
  afterAll(() => t.close());

  describe('security headers', () => {
    const expectHardened = (headers: Record<string, unknown>, what: string) => {
      expect({ what, nosniff: headers['x-content-type-options'], frame: headers['x-frame-options'], referrer: headers['referrer-policy'], cache: headers['cache-control'] }).toEqual({
        what,
        nosniff: 'nosniff',
        frame: 'DENY',
        referrer: 'no-referrer',
        cache: 'no-store',
      });
      expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(headers['strict-transport-security']).toBeUndefined();
    };

    it('are on every response: success, problem, unknown route, health, framework refusals', async () => {
      const client = await t.as('integration').post('/clients', samples.client());
      expect(client.status).toBe(201);
      expectHardened(client.headers, '201');
      expectHardened((await t.as('quality').get('/contracts')).headers, '200');
      expectHardened((await t.as('integration').post('/clients', {})).headers, '400');
      expectHardened((await t.as(null).get('/contracts')).headers, '401');
      expectHardened((await t.as('quality').post('/clients', samples.client())).headers, '403');
      expectHardened((await t.as('quality').get('/nowhere')).headers, '404');
      expectHardened((await t.as(null).get('/health')).headers, 'health');
      expectHardened((await t.as('integration').post('/clients', samples.client({ address: 'x'.repeat(20_000) }))).headers, '413');
      const badUrl = await t.as('integration').post('/clients/%ZZ/birthday-cards', { sentAt: '2026-01-01' });
      expect(badUrl.status).toBe(400);
      expect(badUrl.headers['content-type']).toMatch(/^application\/problem\+json/);
      expectHardened(badUrl.headers, 'bad url');
      const longParam = await t.as('integration').post(`/clients/${'x'.repeat(500)}/birthday-cards`, { sentAt: '2026-01-01' });
      expect(longParam.status).toBe(400);
      expect(longParam.body).toMatchObject({ type: 'urn:qualirec:problem:bad-input', errors: [{ path: '(url)' }] });
      expect(JSON.stringify(longParam.body)).not.toContain('xxxxxxxx');
      expectHardened(longParam.headers, 'long param');
      const docs = await t.as('quality').get('/docs');
      expect(docs.headers['x-frame-options']).toBe('DENY');
      expect(docs.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    });

    it('add Strict-Transport-Security only when configured', async () => {
      const hsts = await startTestApp({ hstsMaxAge: 31_536_000 });
      try {
        expect((await hsts.as(null).get('/health')).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      } finally {
        await hsts.close();
      }
    });

    it('never show a stack trace or an internal detail', async () => {
      const malformed = await t.as('integration').post('/clients', '{"fullName": ');
      expect(malformed.status).toBe(400);
      expect(JSON.stringify(malformed.body)).not.toMatch(/node_modules|at .+:\d+:\d+|\.js:\d+/);
    });

    it('refuses prototype-poisoning bodies with a 400 problem, and nothing is polluted', async () => {
      for (const body of ['{"__proto__": {"polluted": "yes"}}', '{"constructor": {"prototype": {"polluted": "yes"}}}']) {
        const res = await t.as('integration').post('/clients', body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('rate limit per API key', () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startTestApp({ rateLimitPerMinute: 5 });
    });
    afterAll(() => limited.close());

    it('answers 429 with Retry-After past the limit, per key; /health is exempt', async () => {
      for (let i = 0; i < 5; i += 1) expect((await limited.as('quality').get('/contracts')).status).toBe(200);
      const refused = await limited.as('quality').get('/contracts');
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: 'urn:qualirec:problem:rate-limited', status: 429 });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
      // Another key has its own allowance; health checks are never limited.
      expect((await limited.as('auditor').get('/contracts')).status).toBe(200);
      for (let i = 0; i < 10; i += 1) expect((await limited.as(null).get('/health')).status).toBe(200);
    });

    it('limits callers without a valid key by address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) statuses.push((await limited.as(null).get('/contracts', { authorization: `Bearer guess-${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    });

    it('refills continuously: one request every 60/limit seconds', () => {
      let now = 0;
      const limiter = new RateLimiter(60, () => now);
      for (let i = 0; i < 60; i += 1) expect(limiter.take('k')).toBe(0);
      expect(limiter.take('k')).toBe(1);
      now += 999;
      expect(limiter.take('k')).toBe(1);
      now += 1;
      expect(limiter.take('k')).toBe(0);
      expect(limiter.take('other')).toBe(0);
    });
  });

  describe('timeouts', () => {
    it('answers 503 when the answer does not come within QUALIREC_RESPONSE_TIMEOUT_MS', async () => {
      const slow = await startTestApp({ responseTimeoutMs: 200, readWaitMs: 2000 });
      try {
        const started = Date.now();
        const res = await slow.as('quality').get('/contracts?minPosition=999999');
        expect(Date.now() - started).toBeLessThan(1500);
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.type).toBe('urn:qualirec:problem:timeout');
        expect(res.headers['retry-after']).toBe('5');
        // The handler finishing later changes nothing for the caller, nor for the next requests.
        await new Promise((r) => setTimeout(r, 2100));
        expect((await slow.as('quality').get('/contracts')).status).toBe(200);
      } finally {
        await slow.close();
      }
    });

    it('answers 408 when the request does not arrive whole within QUALIREC_REQUEST_TIMEOUT_MS', async () => {
      const slow = await startTestApp({ requestTimeoutMs: 300 });
      try {
        await slow.app.listen(0, '127.0.0.1');
        const { port } = slow.app.getHttpServer().address() as { port: number };
        const answer = await new Promise<string>((done) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(`POST /clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.integration}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"fullName":`);
          });
          let text = '';
          const giveUp = setTimeout(() => socket.destroy(), 5000);
          socket.on('data', (chunk) => (text += chunk.toString()));
          socket.on('close', () => {
            clearTimeout(giveUp);
            done(text);
          });
          // The server closes the connection after its answer: a reset is expected, 'close' follows.
          socket.on('error', () => undefined);
        });
        expect(answer).toMatch(/^HTTP\/1\.1 408/);
        expect(answer).toMatch(/content-type: application\/problem\+json/i);
        expect(answer).toMatch(/x-content-type-options: nosniff/i);
        expect(answer).toContain('"status":408');
      } finally {
        await slow.close();
      }
    });
  });

  describe('request log', () => {
    it('is one JSON line per request: method, route pattern, status, duration, key name; never bodies nor values', async () => {
      const logged = await startTestApp({ logLevel: 'info' });
      try {
        const { out } = await capture(async () => {
          const created = await logged.as('integration').post('/clients', samples.client({ fullName: 'Secret Person', clientId: 'c-secret-id' }));
          await logged.as('quality').get('/clients?agency=secret-agency');
          await logged.as('quality').get(`/clients/c-secret-id?minPosition=${created.body.position}`);
          await logged.as(null).get('/contracts');
          await logged.as('quality').get('/clients/%ZZsecret');
        });
        const lines = out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .filter((l) => l.msg === 'request');
        expect(lines.map(({ method, route, status, key }) => ({ method, route, status, key }))).toEqual([
          { method: 'POST', route: '/clients', status: 201, key: 'integration-test' },
          { method: 'GET', route: '/clients', status: 200, key: 'quality-test' },
          { method: 'GET', route: '/clients/{id}', status: 200, key: 'quality-test' },
          { method: 'GET', route: '/contracts', status: 401, key: null },
          { method: 'GET', route: '(no route)', status: 400, key: null },
        ]);
        for (const line of lines) expect(typeof line.durationMs).toBe('number');
        expect(out).not.toMatch(/Secret Person|secret-agency|c-secret-id|rue des Lilas|ZZsecret/);
      } finally {
        await logged.close();
      }
    });
  });
});

describe('API keys: hashed, revocable and rotatable without a restart', () => {
  it('keeps only digests in the key file; the CLI functions create, list and revoke', () => {
    const dir = tempDir();
    try {
      const file = keyFilePath(dir);
      const { key, entry } = createKey(file, 'quality', 'rq-lyon');
      expect(key).toMatch(/^qrk_[\w-]{43}$/);
      expect(entry).toMatchObject({ role: 'quality', name: 'rq-lyon', digest: digestOf(key) });
      expect(readFileSync(file, 'utf8')).not.toContain(key);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(() => createKey(file, 'quality', 'rq-lyon')).toThrow(/already exists/);
      expect(() => createKey(file, 'root', 'x')).toThrow(/unknown role/);
      expect(() => createKey(file, 'quality', 'bad name')).toThrow(/name/);
      expect(revokeKey(file, 'rq-lyon').revokedAt).toBeDefined();
      expect(() => revokeKey(file, 'nobody')).toThrow(/no key named/);
      expect(listKeys(file)).toEqual([expect.objectContaining({ name: 'rq-lyon', revokedAt: expect.any(String) })]);

      const created = runKeysCommand(['create', 'integration', 'erp'], dir);
      expect(created.code).toBe(0);
      const erpKey = created.out.split('\n').find((l) => l.startsWith('qrk_'))!;
      const listed = runKeysCommand(['list'], dir, [{ role: 'admin', name: 'ops', key: 'ops-key-0123456789abcdef' }]);
      expect(listed.out).toMatch(/rq-lyon\s+quality\s+\S+\s+revoked/);
      expect(listed.out).toMatch(/erp\s+integration\s+\S+\s+active/);
      expect(listed.out).toMatch(/ops\s+admin\s+-\s+QUALIREC_API_KEYS \(not revocable here\)/);
      expect(listed.out).not.toContain(erpKey);
      expect(listed.out).not.toContain('ops-key-0123456789abcdef');
      expect(runKeysCommand(['revoke', 'ops'], dir, [{ role: 'admin', name: 'ops', key: 'ops-key-0123456789abcdef' }])).toMatchObject({ code: 1, out: expect.stringMatching(/QUALIREC_API_KEYS/) });
      expect(runKeysCommand(['frobnicate'], dir).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('converts a key file of the first (plaintext) format to digests, keeping the keys valid', async () => {
    const dir = tempDir();
    const file = keyFilePath(dir);
    writeFileSync(file, JSON.stringify([{ role: 'quality', name: 'quality-generated', key: 'old-plaintext-key-0123456789' }]), { mode: 0o600 });
    const t = await startTestApp({ apiKeys: undefined }, dir);
    try {
      expect(readFileSync(file, 'utf8')).not.toContain('old-plaintext-key-0123456789');
      expect(readKeyFile(file)?.keys[0]).toMatchObject({ name: 'quality-generated', digest: digestOf('old-plaintext-key-0123456789') });
      const res = await t.app.inject({ method: 'GET', url: '/contracts', headers: { authorization: 'Bearer old-plaintext-key-0123456789' } });
      expect(res.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('on the very first start generates one key per role, stores digests, prints the keys once', async () => {
    const dir = tempDir();
    const first = await capture(() => startTestApp({ apiKeys: undefined }, dir));
    let keys: Record<string, string> = {};
    try {
      keys = Object.fromEntries([...first.out.matchAll(/^\s+(\w+)\s+\S+\s+(qrk_\S+)$/gm)].map((m) => [m[1], m[2]]));
      expect(Object.keys(keys).sort()).toEqual(['admin', 'auditor', 'integration', 'quality']);
      expect(first.out).toContain(keyFilePath(dir));
      const stored = readFileSync(keyFilePath(dir), 'utf8');
      for (const key of Object.values(keys)) expect(stored).not.toContain(key);
      const res = await first.result.app.inject({ method: 'GET', url: '/contracts', headers: { authorization: `Bearer ${keys.quality}` } });
      expect(res.statusCode).toBe(200);
    } finally {
      await first.result.close({ keepData: true });
    }
    const second = await capture(() => startTestApp({ apiKeys: undefined }, dir));
    try {
      expect(second.out).not.toMatch(/qrk_/);
      const res = await second.result.app.inject({ method: 'GET', url: '/contracts', headers: { authorization: `Bearer ${keys.auditor}` } });
      expect(res.statusCode).toBe(200);
    } finally {
      await second.result.close();
    }
  });

  it('takes a key created and revoked by the CLI on a running server, alongside QUALIREC_API_KEYS', async () => {
    const t = await startTestApp();
    try {
      const { key } = createKey(keyFilePath(t.dataDir), 'auditor', 'external-auditor');
      const call = () => t.app.inject({ method: 'GET', url: '/audit/verify', headers: { authorization: `Bearer ${key}` } });
      await eventually(async () => expect((await call()).statusCode).toBe(200));
      revokeKey(keyFilePath(t.dataDir), 'external-auditor');
      await eventually(async () => expect((await call()).statusCode).toBe(401));
      expect((await t.as('auditor').get('/audit/verify')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  const built = resolve('dist/src/cli/keys.js');
  (existsSync(built) ? it : it.skip)('works through the built script (npm run keys)', () => {
    const dir = tempDir();
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, [built, ...args], { env: { ...process.env, QUALIREC_DATA_DIR: dir, QUALIREC_API_KEYS: '' }, encoding: 'utf8' });
      const created = run('create', 'integration', 'cli-made');
      expect(created.status).toBe(0);
      const key = created.stdout.split('\n').find((l) => l.startsWith('qrk_'))!;
      expect(readKeyFile(keyFilePath(dir))?.keys).toEqual([expect.objectContaining({ name: 'cli-made', digest: digestOf(key) })]);
      const listed = run('list');
      expect(listed.stdout).toMatch(/cli-made\s+integration/);
      expect(listed.stdout).not.toContain(key);
      expect(run('revoke', 'cli-made').status).toBe(0);
      expect(listKeys(keyFilePath(dir))[0].revokedAt).toBeDefined();
      const wrong = run('revoke', 'nobody');
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toMatch(/no key named/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  if (!existsSync(built)) process.stderr.write(`SKIPPED keys CLI script test: ${built} is not built (npm test builds it first)\n`);
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory.js';
import { type AppConfig, loadConfig, type Role } from '../../src/config/config.js';

export const KEYS: Record<Role, string> = {
  integration: 'integration-key-0123456789',
  quality: 'quality-key-0123456789abcd',
  auditor: 'auditor-key-0123456789abcd',
  admin: 'admin-key-0123456789abcdef',
};

export interface Reply {
  status: number;
  headers: Record<string, unknown>;
  body: any;
}

export interface TestApp {
  app: NestFastifyApplication;
  dataDir: string;
  as(role: Role | null): Client;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface Client {
  get(url: string, headers?: Record<string, string>): Promise<Reply>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

/** The real application on a fresh embedded data directory, driven through Fastify's inject. */
export async function startTestApp(overrides: Partial<AppConfig> = {}, dataDir = mkdtempSync(join(tmpdir(), 'qualirec-app-'))): Promise<TestApp> {
  const config: AppConfig = {
    ...loadConfig({ QUALIREC_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    apiKeys: Object.entries(KEYS).map(([role, key]) => ({ role: role as Role, name: `${role}-test`, key })),
    ...overrides,
  };
  const app = await createApp(config);
  await app.getHttpAdapter().getInstance().ready();
  const request = (method: 'GET' | 'POST' | 'PUT', role: Role | null) => async (url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const auth = role ? { authorization: `Bearer ${KEYS[role]}` } : {};
    // A string body is sent as it is (malformed JSON tests); anything else is serialised.
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await app.inject({
      method,
      url,
      headers: { ...auth, ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });
    const text = response.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.statusCode, headers: response.headers, body: parsed };
  };
  return {
    app,
    dataDir,
    as: (role) => ({
      get: (url, headers) => request('GET', role)(url, undefined, headers),
      post: (url, body, headers) => request('POST', role)(url, body ?? {}, headers),
      put: (url, body, headers) => request('PUT', role)(url, body ?? {}, headers),
    }),
    close: async ({ keepData = false } = {}) => {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sample bodies of the HTTP contract. */
export const samples = {
  client: (overrides: Record<string, unknown> = {}) => ({
    fullName: 'Jeanne Martin',
    birthDate: '1941-05-02',
    address: '3 rue des Lilas, 69003 Lyon',
    agency: 'lyon',
    dependent: true,
    wantsSecondVisit: false,
    ...overrides,
  }),
  staff: (overrides: Record<string, unknown> = {}) => ({
    fullName: 'Anne Petit',
    role: 'home_help',
    agency: 'lyon',
    qualified: true,
    hiredAt: '2024-09-01',
    ...overrides,
  }),
  contract: (clientId: string, overrides: Record<string, unknown> = {}) => ({
    clientId,
    service: 'household help',
    schedule: [{ day: 'monday', start: '09:00', end: '11:00' }],
    startDate: '2026-02-01',
    endDate: '2026-12-31',
    tacitRenewal: true,
    paymentMode: 'direct_debit',
    quoteRef: 'Q-2026-001',
    ...overrides,
  }),
};

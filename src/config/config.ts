import { resolve } from 'node:path';
import { z } from 'zod';

const role = z.enum(['integration', 'quality', 'auditor', 'admin']);
export type Role = z.infer<typeof role>;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  QUALIREC_DATA_DIR: z.string().min(1).default('./data'),
  EVENTSTORE_CONNECTION_STRING: z.string().regex(/^(esdb|esdb\+discover|kurrentdb|kdb):\/\//, 'an esdb:// connection string').optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// URI').optional(),
  /** `role=key` or `role:name=key`, comma-separated. */
  QUALIREC_API_KEYS: z.string().optional(),
  /** FULL: every acknowledged command survives power loss. NORMAL survives a process crash only. */
  QUALIREC_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** inline: projectors run in the API process; off: they run apart (`npm run projector`). */
  QUALIREC_PROJECTIONS: z.enum(['inline', 'off']).default('inline'),
  QUALIREC_BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  QUALIREC_READ_WAIT_MS: z.coerce.number().int().min(0).max(2000).default(2000),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
});

export interface ApiKeySpec {
  role: Role;
  name: string;
  key: string;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStoreConnectionString?: string;
  mongoUri?: string;
  apiKeys?: ApiKeySpec[];
  synchronous: 'FULL' | 'NORMAL';
  projections: 'inline' | 'off';
  bodyLimit: number;
  readWaitMs: number;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export const APP_CONFIG = Symbol('AppConfig');

/** Reads and checks the environment; a bad value stops the start with every problem named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.QUALIREC_DATA_DIR),
    eventStoreConnectionString: e.EVENTSTORE_CONNECTION_STRING,
    mongoUri: e.MONGODB_URI,
    apiKeys: e.QUALIREC_API_KEYS ? parseApiKeys(e.QUALIREC_API_KEYS) : undefined,
    synchronous: e.QUALIREC_SYNCHRONOUS,
    projections: e.QUALIREC_PROJECTIONS,
    bodyLimit: e.QUALIREC_BODY_LIMIT,
    readWaitMs: e.QUALIREC_READ_WAIT_MS,
    logLevel: e.LOG_LEVEL,
  };
}

export function parseApiKeys(text: string): ApiKeySpec[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const match = /^([a-z]+)(?::([\w.-]+))?=(.+)$/.exec(entry);
      if (!match) throw new Error(`Invalid configuration:\n  QUALIREC_API_KEYS: entry ${index + 1} is not role=key or role:name=key`);
      const parsedRole = role.safeParse(match[1]);
      if (!parsedRole.success) throw new Error(`Invalid configuration:\n  QUALIREC_API_KEYS: unknown role "${match[1]}" (${role.options.join(', ')})`);
      if (match[3].length < 16) throw new Error(`Invalid configuration:\n  QUALIREC_API_KEYS: the ${match[1]} key is shorter than 16 characters`);
      return { role: parsedRole.data, name: match[2] ?? `${parsedRole.data}-${index + 1}`, key: match[3] };
    });
}

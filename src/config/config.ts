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
  /** Cap of the embedded log in 4 KiB pages (SQLite max_page_count): past it commands answer 503, as on a full disk. Unset: no cap. */
  QUALIREC_MAX_LOG_PAGES: z.coerce.number().int().min(1).optional(),
  /** inline: projectors run in the API process; off: they run apart (`npm run projector`). */
  QUALIREC_PROJECTIONS: z.enum(['inline', 'off']).default('inline'),
  QUALIREC_BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  QUALIREC_READ_WAIT_MS: z.coerce.number().int().min(0).max(2000).default(2000),
  /** HTTP hardening (docs/security.md): requests per minute per API key (0: no limit), timeouts, HSTS. */
  QUALIREC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  QUALIREC_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  QUALIREC_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  QUALIREC_HSTS_MAX_AGE: z.coerce.number().int().min(0).max(63_072_000).default(0),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  /** How often the continuity saga looks for suspensions whose end has come. */
  QUALIREC_SAGA_TICK_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** How often a seal of every stream head is recorded (when the log has moved). */
  QUALIREC_SEAL_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** Alert thresholds (DOMAIN.md "Continuity of service", "Contracts"). */
  QUALIREC_ALERT_CHANGE_ACK_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(1),
  QUALIREC_ALERT_CONTRACT_VALIDATION_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  QUALIREC_ALERT_CONTRACT_SIGNATURE_DAYS: z.coerce.number().int().min(0).max(365).default(15),
  QUALIREC_ALERT_CONTRACT_ENDING_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  QUALIREC_ALERT_BIRTHDAY_DAYS: z.coerce.number().int().min(1).max(60).default(14),
  QUALIREC_ALERT_REPLACEMENT_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  /** A complaint (réclamation) is acknowledged within this many working days of its receipt. */
  QUALIREC_COMPLAINT_ACK_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  /** …and answered within this many calendar days of its receipt (or of its reopening). */
  QUALIREC_COMPLAINT_ANSWER_DAYS: z.coerce.number().int().min(1).max(365).default(15),
});

export interface ApiKeySpec {
  role: Role;
  name: string;
  key: string;
}

export interface AlertThresholds {
  changeAckWorkingDays: number;
  contractValidationDays: number;
  contractSignatureDays: number;
  contractEndingDays: number;
  birthdayDays: number;
  replacementWorkingDays: number;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStoreConnectionString?: string;
  mongoUri?: string;
  apiKeys?: ApiKeySpec[];
  synchronous: 'FULL' | 'NORMAL';
  /** Cap of the embedded log in pages; undefined: none. */
  maxLogPages?: number;
  projections: 'inline' | 'off';
  bodyLimit: number;
  readWaitMs: number;
  /** Requests per minute per API key (per address without a valid key); 0: no limit. */
  rateLimitPerMinute: number;
  /** The whole request must arrive within this time, else 408. */
  requestTimeoutMs: number;
  /** The answer must start within this time, else 503. */
  responseTimeoutMs: number;
  /** Strict-Transport-Security max-age in seconds; 0: the header is not sent. */
  hstsMaxAge: number;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  sagaTickMs: number;
  sealIntervalMs: number;
  alerts: AlertThresholds;
  complaintAckWorkingDays: number;
  complaintAnswerDays: number;
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
    maxLogPages: e.QUALIREC_MAX_LOG_PAGES,
    projections: e.QUALIREC_PROJECTIONS,
    bodyLimit: e.QUALIREC_BODY_LIMIT,
    readWaitMs: e.QUALIREC_READ_WAIT_MS,
    rateLimitPerMinute: e.QUALIREC_RATE_LIMIT_PER_MINUTE,
    requestTimeoutMs: e.QUALIREC_REQUEST_TIMEOUT_MS,
    responseTimeoutMs: e.QUALIREC_RESPONSE_TIMEOUT_MS,
    hstsMaxAge: e.QUALIREC_HSTS_MAX_AGE,
    logLevel: e.LOG_LEVEL,
    sagaTickMs: e.QUALIREC_SAGA_TICK_MS,
    sealIntervalMs: e.QUALIREC_SEAL_INTERVAL_MS,
    alerts: {
      changeAckWorkingDays: e.QUALIREC_ALERT_CHANGE_ACK_WORKING_DAYS,
      contractValidationDays: e.QUALIREC_ALERT_CONTRACT_VALIDATION_DAYS,
      contractSignatureDays: e.QUALIREC_ALERT_CONTRACT_SIGNATURE_DAYS,
      contractEndingDays: e.QUALIREC_ALERT_CONTRACT_ENDING_DAYS,
      birthdayDays: e.QUALIREC_ALERT_BIRTHDAY_DAYS,
      replacementWorkingDays: e.QUALIREC_ALERT_REPLACEMENT_WORKING_DAYS,
    },
    complaintAckWorkingDays: e.QUALIREC_COMPLAINT_ACK_WORKING_DAYS,
    complaintAnswerDays: e.QUALIREC_COMPLAINT_ANSWER_DAYS,
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

import { INDICATOR_KEYS } from '../../src/quality/indicator-catalogue.js';

/** The indicator keys a `PUT /quality-objectives/{year}/{indicator}` names. */
export const INDICATORS: readonly string[] = INDICATOR_KEYS;

/**
 * Request bodies for the command fuzzer, built from the JSON Schemas of the OpenAPI document
 * (themselves generated from the zod schemas that validate): valid-looking bodies, then the same
 * with hostile changes. Everything random comes from one seeded PRNG, so a seed replays a run.
 */

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  multipleOf?: number;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** Strings an attacker or a broken integration might send. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t\n',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDC00\uD800y',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  'مرحبا بالعالم',
  '\u200B\u200D\uFEFF',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Z̴̡̛̺͉̈́a̸̱̿l̵̟̈́g̷̣̈́o̶̡͛',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e999',
  '0x1F',
  'null',
  'undefined',
  'true',
  '[object Object]',
  '__proto__',
  'constructor',
  'prototype',
  '2026-02-30',
  '2026-13-01',
  '2025-02-29',
  '0000-00-00',
  '9999-99-99',
  '2026-1-1',
  ' 2026-01-01',
  '2026-01-01\n',
  '2026-02-28T25:00:00Z',
  '2026-02-28T10:00:00',
  '2026-02-28T10:00:00+25:00',
  '+002026-01-01',
  '99:99',
  '24:00',
];

export const HOSTILE_NUMBERS: readonly number[] = [-1, 0, -0, 0.5, 0.001, 1e308, -1e308, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e-300, 99999, -2026, 6, 3.14159];
/** Raw JSON number texts JSON.stringify cannot produce: Infinity once parsed, or not JSON at all. */
export const RAW_NUMBER_TEXTS: readonly string[] = ['1e999', '-1e999', 'NaN', 'Infinity', '-0', '0.0000000000000000000000001', '123456789012345678901234567890', '01', '.5', '+1'];
const WRONG_TYPES: readonly unknown[] = [123, -1, 0, true, false, null, [], {}, 'text', [1, 2, 3], { a: 1 }, [{}], ['2026-01-01']];


/** Where an id field of a body finds ids that exist. */
const REFERENCES: Record<string, string> = {
  clientId: 'clients',
  staffId: 'staff',
  referentStaffId: 'staff',
  replacementStaffId: 'staff',
  absentStaffId: 'staff',
  contractId: 'contracts',
  complaintId: 'complaints',
  complaintIds: 'complaints',
  actionId: 'actions',
  actionIds: 'actions',
  surveyId: 'surveys',
  meetingId: 'quality-meetings',
};
const ORIGINS: Record<string, string> = { complaint: 'complaints', survey: 'surveys', meeting: 'quality-meetings' };

/** The id field a creation route (`POST /clients`) takes for the aggregate it creates. */
export const CREATED_ID: Record<string, string> = {
  clients: 'clientId',
  contracts: 'contractId',
  staff: 'staffId',
  complaints: 'complaintId',
  actions: 'actionId',
  surveys: 'surveyId',
  'quality-meetings': 'meetingId',
  newsletters: 'newsletterId',
};

export interface Pools {
  /** Ids known to exist, by collection (`clients`, `contracts`…). */
  ids: Map<string, string[]>;
}

const pad = (n: number) => String(n).padStart(2, '0');

export class BodyFuzzer {
  private fresh = 0;

  constructor(
    private readonly rng: Prng,
    private readonly pools: Pools,
    private readonly runTag: string,
  ) {}

  freshId(kind: string): string {
    this.fresh += 1;
    return `fz${this.runTag}-${kind}-${this.fresh}`;
  }

  existing(collection: string): string | undefined {
    const ids = this.pools.ids.get(collection);
    return ids?.length ? this.rng.pick(ids) : undefined;
  }

  date(): string {
    const r = this.rng;
    return `${r.int(2024, 2027)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
  }

  instant(): string {
    const r = this.rng;
    return `${this.date()}T${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}${r.pick(['Z', '+02:00', '.123Z', '-05:30'])}`;
  }

  /** A value the schema accepts, as far as one field alone can tell (`field` names it, `creating` the collection a creation route makes). */
  valid(schema: JsonSchema, field: string, creating?: string): unknown {
    const r = this.rng;
    if (schema.anyOf) return this.valid(r.pick(schema.anyOf), field, creating);
    if (schema.enum) return r.pick(schema.enum);
    switch (schema.type) {
      case 'boolean':
        return r.chance(0.5);
      case 'integer':
      case 'number': {
        if (field === 'year') return r.int(2024, 2027);
        if (field === 'score') return r.int(1, 5);
        const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
        const max = Math.min(schema.maximum ?? min + 100, min + 100);
        const value = r.int(min, max);
        return schema.type === 'number' && schema.multipleOf && r.chance(0.3) ? Math.round((value + r.next()) * 100) / 100 : value;
      }
      case 'array': {
        const count = r.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, Math.max(3, schema.minItems ?? 0)));
        return Array.from({ length: count }, () => this.valid(schema.items ?? {}, field.endsWith('s') ? field.slice(0, -1) : field));
      }
      case 'object':
        return this.validObject(schema, creating);
      case 'string':
        return this.validString(schema, field, creating);
      default:
        return r.pick(['any', 1, true]);
    }
  }

  private validObject(schema: JsonSchema, creating?: string): Record<string, unknown> {
    const r = this.rng;
    const properties = schema.properties ?? {};
    if (Object.keys(properties).length === 0) {
      // A record (`changes` of an amendment): a few free keys.
      return Object.fromEntries(Array.from({ length: r.int(1, 3) }, () => [r.pick(['hours', 'schedule', 'price', 'note']), r.pick(['more', 12, true])]));
    }
    const body: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    for (const [name, child] of Object.entries(properties)) {
      if (name === 'commandId') continue;
      if (!required.has(name) && !r.chance(0.5)) continue;
      body[name] = this.valid(child, name, creating);
    }
    // An origin names an aggregate of its own type.
    if (typeof body.type === 'string' && typeof body.id === 'string' && ORIGINS[body.type]) body.id = this.existing(ORIGINS[body.type]) ?? body.id;
    return body;
  }

  private validString(schema: JsonSchema, field: string, creating?: string): string {
    const r = this.rng;
    if (schema.format === 'date') return this.date();
    if (schema.format === 'date-time') return this.instant();
    if (schema.pattern?.includes(':[0-5]')) return `${pad(r.int(6, 20))}:${r.pick(['00', '15', '30', '45'])}`;
    if (schema.pattern?.includes('\\w')) {
      if (creating && CREATED_ID[creating] === field) return r.chance(0.8) ? this.freshId(creating) : (this.existing(creating) ?? this.freshId(creating));
      if (field === 'questionId') return r.pick(['q1', 'q2', 'q3', 'q4']);
      const pool = REFERENCES[field] ?? REFERENCES[`${field}s`];
      const known = pool ? this.existing(pool) : undefined;
      return known && r.chance(0.85) ? known : this.freshId(field);
    }
    const words = ['Jeanne Martin', 'rue des Lilas 3, Lyon', 'lyon', 'villeurbanne', 'rq', 'household help', 'direct_debit', 'Q-1', 'ok', 'Suivi à domicile'];
    const max = schema.maxLength ?? 50;
    const value = r.pick(words).slice(0, max);
    return value.length >= (schema.minLength ?? 0) ? value : 'x'.repeat(schema.minLength ?? 1);
  }

  /** Some hostile value: wrong type, hostile string, number out of range, huge string, nested. */
  hostileValue(): unknown {
    const r = this.rng;
    switch (r.int(0, 6)) {
      case 0:
        return r.pick(WRONG_TYPES);
      case 1:
      case 2:
        return r.pick(HOSTILE_STRINGS);
      case 3:
        return r.pick(HOSTILE_NUMBERS);
      case 4:
        return r.pick(['x', 'é', '\uD83D\uDE00', '\u202E']).repeat(r.pick([201, 501, 2001, 5001, 20_000]));
      case 5:
        return { [r.pick(['__proto__', 'constructor', 'prototype'])]: { polluted: 'yes' }, valueOf: 'x', toString: 'y' };
      default:
        return this.nested(r.int(2, 60));
    }
  }

  private nested(depth: number): unknown {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i += 1) value = this.rng.chance(0.5) ? [value] : { a: value };
    return value;
  }

  /** A valid-looking body, then 0 to 3 hostile changes. The text is returned too: some changes exist only as text. */
  body(schema: JsonSchema | undefined, creating: string | undefined, hostile: boolean, commandId?: string): { value: unknown; text: string; mutations: string[] } {
    const r = this.rng;
    let value: unknown = schema ? this.valid(schema, '', creating) : {};
    const mutations: string[] = [];
    const placeholders: [string, string][] = [];
    if (hostile) {
      for (let n = r.int(1, 3); n > 0; n -= 1) {
        const object = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
        const keys = object ? Object.keys(object) : [];
        const kind = r.int(0, 11);
        if (kind <= 2 && object && keys.length) {
          const key = r.pick(keys);
          object[key] = this.hostileValue();
          mutations.push(`value:${key}`);
        } else if (kind === 3 && object && keys.length) {
          delete object[r.pick(keys)];
          mutations.push('missing');
        } else if (kind === 4 && object) {
          const key = r.pick(['__proto__', 'constructor', 'prototype', 'extra', 'isAdmin', 'role', '$where', 'toString', 'hasOwnProperty', '']);
          Object.defineProperty(object, key, { value: r.chance(0.5) ? { polluted: 'yes', prototype: { polluted: 'yes' } } : this.hostileValue(), enumerable: true, configurable: true, writable: true });
          mutations.push(`extra:${key || '(empty)'}`);
        } else if (kind === 5) {
          value = r.pick<unknown>([[value], [], null, 'text', 42, true, [{}, {}]]);
          mutations.push('not-an-object');
        } else if (kind === 6 && object && keys.length) {
          // Arrays where objects are expected, objects where arrays are expected.
          const key = r.pick(keys);
          object[key] = Array.isArray(object[key]) ? { 0: object[key] } : [object[key]];
          mutations.push(`shape:${key}`);
        } else if (kind === 7 && object && keys.length) {
          const key = r.pick(keys);
          const marker = `__RAW_${placeholders.length}__`;
          placeholders.push([`"${marker}"`, r.pick(RAW_NUMBER_TEXTS)]);
          object[key] = marker;
          mutations.push(`raw-number:${key}`);
        } else if (kind === 8 && object && keys.length) {
          const key = r.pick(keys);
          const depth = r.pick([100, 1000, 5000, 20_000]);
          const marker = `__RAW_${placeholders.length}__`;
          placeholders.push([`"${marker}"`, r.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)]);
          object[key] = marker;
          mutations.push(`deep:${key}:${depth}`);
        } else if (kind === 9 && object && keys.length) {
          const key = r.pick(keys);
          object[key] = r.pick(['2026-02-30', '2026-02-29', '2026-04-31', '2026-00-10', '2026-12-32', '1900-02-29', '2026-02-28T24:00:00Z', '2026-02-28T23:60:00Z']);
          mutations.push(`date:${key}`);
        } else if (kind === 10 && object) {
          // Duplicate keys: which one wins must not matter to what is recorded.
          const key = keys.length ? r.pick(keys) : 'x';
          const marker = `__RAW_${placeholders.length}__`;
          placeholders.push([`"${marker}"`, `1, "${key}": ${JSON.stringify(this.hostileValue()) ?? 'null'}`]);
          object[`${key}_dup`] = marker;
          mutations.push(`duplicate:${key}`);
        } else {
          value = { ...(object ?? {}), [`extra${n}`]: this.hostileValue() };
          mutations.push('extra');
        }
      }
    }
    // The commandId is never mutated: it is how the log is checked afterwards.
    if (commandId && value && typeof value === 'object' && !Array.isArray(value)) (value as Record<string, unknown>).commandId = commandId;
    let text = JSON.stringify(value) ?? 'null';
    for (const [marker, raw] of placeholders) text = text.replace(marker, raw);
    return { value, text, mutations };
  }
}

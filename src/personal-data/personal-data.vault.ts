import { Inject, Injectable } from '@nestjs/common';
import type { NewEvent } from '../event-store/event-store.port.js';
import { BusinessRuleViolation } from '../shared/domain-errors.js';
import { ERASED, isSealed, open, seal, subjectOf } from './cipher.js';
import { KEY_STORE, type KeyStore, SubjectErasedError } from './key-store.port.js';
import { PERSONAL_FIELDS } from './personal-fields.js';

const CACHE_MS = 60_000;
/** Keys kept at most (expired ones first, then the oldest, are dropped beyond): memory stays bounded with many subjects. */
const CACHE_ENTRIES = 10_000;

/**
 * Seals personal fields before events are stored and opens them for whoever may read them. Keys
 * are cached a minute: an erasure on another instance is honoured here within that time.
 */
@Injectable()
export class PersonalDataVault {
  private readonly cache = new Map<string, { key: Buffer | null; until: number }>();

  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  /** The events with their personal fields sealed under their subject's key. */
  async seal(events: NewEvent[]): Promise<NewEvent[]> {
    // A command records one event, mostly: no Promise.all for it.
    if (events.length === 1) return [await this.sealOne(events[0])];
    return Promise.all(events.map((event) => this.sealOne(event)));
  }

  private async sealOne(event: NewEvent): Promise<NewEvent> {
    const personal = PERSONAL_FIELDS[event.type];
    if (!personal) return event;
    const present = personal.fields.filter((f) => typeof event.data[f] === 'string' && !isSealed(event.data[f]));
    if (present.length === 0) return event;
    const subject = personal.subject(event);
    const key = await this.sealingKey(subject);
    const data = { ...event.data };
    for (const field of present) data[field] = seal(key, subject, data[field] as string);
    return { ...event, data };
  }

  private async sealingKey(subject: string): Promise<Buffer> {
    const cached = this.cache.get(subject);
    if (cached?.key && cached.until > Date.now()) return cached.key;
    try {
      const key = await this.keys.keyFor(subject);
      this.remember(subject, { key, until: Date.now() + CACHE_MS });
      return key;
    } catch (error) {
      if (error instanceof SubjectErasedError) throw new BusinessRuleViolation('personal-data-erased', error.message);
      throw error;
    }
  }

  /** A copy of `value` with every sealed string opened, or marked erased when its key is gone. */
  async reveal<T>(value: T): Promise<T> {
    const subjects = new Set<string>();
    collect(value, subjects);
    if (subjects.size === 0) return value;
    const keys = new Map<string, Buffer | null>();
    await Promise.all([...subjects].map(async (s) => keys.set(s, await this.keyOf(s))));
    return replace(value, (sealed) => {
      const key = keys.get(subjectOf(sealed));
      if (!key) return ERASED;
      try {
        return open(key, sealed);
      } catch {
        return ERASED;
      }
    }) as T;
  }

  /** Crypto-shredding: the subject's key is destroyed, here and in the store. */
  async erase(subject: string): Promise<void> {
    await this.keys.destroy(subject);
    this.cache.set(subject, { key: null, until: Number.POSITIVE_INFINITY });
  }

  private async keyOf(subject: string): Promise<Buffer | null> {
    const cached = this.cache.get(subject);
    if (cached && cached.until > Date.now()) return cached.key;
    const key = await this.keys.find(subject);
    this.remember(subject, { key, until: Date.now() + CACHE_MS });
    return key;
  }

  private remember(subject: string, entry: { key: Buffer | null; until: number }): void {
    this.cache.delete(subject);
    this.cache.set(subject, entry);
    if (this.cache.size <= CACHE_ENTRIES) return;
    // Dropping a key only means asking the key store again (an erased one stays erased there).
    const now = Date.now();
    for (const [s, e] of this.cache) if (e.until <= now) this.cache.delete(s);
    for (const s of this.cache.keys()) {
      if (this.cache.size <= CACHE_ENTRIES * 0.9) break;
      this.cache.delete(s);
    }
  }
}

/** Only JSON-like values are walked: a stream or a class instance in a response is left alone. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (!value || typeof value !== 'object') return false;
  // Any realm's Object.prototype (structuredClone builds objects in Node's own realm).
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

function collect(value: unknown, subjects: Set<string>): void {
  if (isSealed(value)) subjects.add(subjectOf(value));
  else if (Array.isArray(value)) for (const v of value) collect(v, subjects);
  else if (isPlainObject(value)) for (const v of Object.values(value)) collect(v, subjects);
}

function replace(value: unknown, openOne: (sealed: string) => string): unknown {
  if (isSealed(value)) return openOne(value);
  if (Array.isArray(value)) return value.map((v) => replace(v, openOne));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, openOne)]));
  }
  return value;
}

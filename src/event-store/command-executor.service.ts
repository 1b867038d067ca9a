import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Decider, DomainEvent } from '../shared/decider.js';
import { AggregateNotFound, BusinessRuleViolation, StaleRevision } from '../shared/domain-errors.js';
import { deterministicUuid } from '../shared/ids.js';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStoreUnavailableError, WrongExpectedRevisionError } from './event-store.port.js';
import { eventHash, GENESIS } from '../audit/chain.js';
import { PersonalDataVault } from '../personal-data/personal-data.vault.js';
import type { AppendResult, EventMetadata, EventStore, NewEvent, RecordedEvent } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.adapter.js';

/** Who sends a command, and the request's technical context. */
export interface CommandContext {
  actor: { id: string; role: string; name?: string };
  /** From the body's `commandId` or the `Idempotency-Key` header: makes a retry append nothing. */
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  /** Business time of the fact the command records. */
  occurredAt: string;
  /** From `If-Match`: the revision the caller last saw. */
  ifMatch?: number;
}

export interface CommandResult {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  /** True when the command had already been applied: nothing was appended. */
  replayed: boolean;
}

export interface AggregateCommand<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  /** Name of the aggregate kind, for errors (`contract`, `client`…). */
  aggregate: string;
  id: string;
  streamId: string;
  command: C;
  /** Refuse with 404 when the stream does not exist (every command but creations). */
  mustExist: boolean;
  /** The client the events concern, for the auditor's history. */
  clientId?: string;
}

/** Current version of every event's schema. The first schema that changes brings upcasters for older versions, applied on read. */
export const SCHEMA_VERSION = 1;
const MAX_ATTEMPTS = 5;

/**
 * How many streams the executor keeps folded in memory (least recently used dropped first); 0 turns
 * the cache off. Provide this token to change it; see `DEFAULT_STREAM_CACHE_CAPACITY`.
 */
export const STREAM_CACHE_CAPACITY = Symbol('StreamCacheCapacity');
/** About 2.5 KB a stream (its folded state, first event as stored, command ids): 20,000 streams ≈ 50 MB of heap. */
export const DEFAULT_STREAM_CACHE_CAPACITY = 20_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDecider = Decider<any, any, any>;

/** Where an earlier command's events ended in the stream: what its replay answers. */
interface Applied {
  revision: number;
  position: number;
}

/** A stream folded by one decider, up to `revision`. */
interface Folded {
  decider: AnyDecider;
  state: unknown;
  /** Last revision folded; -1 for a stream with no event (never kept in the cache). */
  revision: number;
  /** `metadata.hash` of the event at `revision`: what the next event links to. */
  lastHash: unknown;
  /** Every command id of the stream, with where its events ended. Only ever grows with facts of the log. */
  commands: Map<string, Applied>;
}

/**
 * What the executor remembers of one stream. Every part is a fact of the log as stored (sealed
 * personal fields, never clear ones), true up to `folded.revision`: it may lag behind another
 * writer, never run ahead. `first` never changes once recorded.
 */
interface CachedStream {
  first?: RecordedEvent;
  folded?: Folded;
  /** When the entry last moved to the recent end of the cache (its clock). */
  touched?: number;
}

/**
 * A bounded map of streams, least recently used dropped first. Moving an entry to the recent end
 * costs a Map delete and insert: an entry used again while among the most recent sixteenth is left
 * where it is, so the order is the recency order within that margin (exact below 16 streams).
 */
class StreamCache {
  private readonly entries = new Map<string, CachedStream>();
  private tick = 0;
  private readonly margin: number;

  constructor(readonly capacity: number) {
    this.margin = Math.max(0, Math.floor(capacity / 16));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The stream's entry, now among the most recently used. */
  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry && this.tick - (entry.touched ?? 0) >= this.margin) this.moveToEnd(streamId, entry);
    return entry;
  }

  private moveToEnd(streamId: string, entry: CachedStream): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    entry.touched = ++this.tick;
  }

  peek(streamId: string): CachedStream | undefined {
    return this.entries.get(streamId);
  }

  set(streamId: string, entry: CachedStream): void {
    if (this.capacity <= 0) return;
    this.moveToEnd(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  clear(): void {
    this.entries.clear();
  }

  *[Symbol.iterator](): IterableIterator<[string, CachedStream]> {
    yield* this.entries;
  }
}

/** The state a command is decided on, and where it came from. */
interface View extends Folded {
  /** Not read just now (from the cache, or presumed new): a refusal is checked against the log before it is answered. */
  unverified: boolean;
  /** A creation's stream, not in memory, presumed empty without reading it: the append at `no_stream` checks. */
  presumed?: boolean;
}

/**
 * Runs a command against an aggregate: load its stream, fold it, decide, append at the revision
 * read. A concurrent writer makes the append fail; the command is then decided again on the new
 * state, a bounded number of times (or answered 412 when the caller pinned a revision).
 *
 * The folded state of recently used streams is kept in memory (`StreamCache`), with the stream's
 * last revision, last hash and command ids, and moved forward with the events each successful
 * append wrote: a command on a hot stream reads nothing. The log stays the authority. Another
 * writer (another API process, the projector process) makes a cached state stale, and then:
 * - an append at the cached revision fails (WrongExpectedRevisionError): the stream is read again
 *   and the command decided again, as before;
 * - a refusal decided on a cached state (409, 404 of a decider, 412) is answered only after the
 *   log confirmed that the stream did not move; otherwise the stream is read again;
 * - a replay found in the cache is always right: a command id in the stream stays there.
 * A creation on a stream not in memory is decided without reading at all (`presumedNew`).
 *
 * Personal data: the cache holds events and states as the log stores them, personal fields sealed
 * under their subject's key (the states keep ids, dates, statuses and kinds, no personal field).
 * Once a subject's key is destroyed, nothing in the cache opens any more than the log does, so an
 * erasure needs no eviction here (test/event-store/command-executor.cache.spec.ts checks it).
 */
@Injectable()
export class CommandExecutor {
  private readonly cache: StreamCache;
  /**
   * Whether the store answers every idempotent replay with `replayed: true`: the embedded log does.
   * EventStoreDB answers a replay like a write, so after an append there the events stored may be
   * an earlier attempt's (another hash): the state is then not moved forward (the next command
   * reads), and no creation is presumed new (its retry must be found by a read, to answer 200).
   */
  private readonly appendsAreKnown: boolean;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    @Optional() @Inject(STREAM_CACHE_CAPACITY) capacity?: number,
  ) {
    this.cache = new StreamCache(capacity ?? DEFAULT_STREAM_CACHE_CAPACITY);
    this.appendsAreKnown = store instanceof SqliteEventStore;
  }

  async execute<C, E extends DomainEvent, S>(spec: AggregateCommand<C, E, S>, ctx: CommandContext): Promise<CommandResult> {
    let fresh = false;
    for (let attempt = 1; ; attempt += 1) {
      const view = (fresh ? undefined : (this.cachedView(spec) ?? this.presumedNew(spec, ctx))) ?? (await this.load(spec.streamId, spec.decider));
      const revision = view.revision;
      if (spec.mustExist && revision === -1) throw new AggregateNotFound(spec.aggregate, spec.id);
      const earlier = ctx.commandId === undefined ? undefined : view.commands.get(ctx.commandId);
      if (earlier) return { id: spec.id, streamId: spec.streamId, revision: earlier.revision, position: earlier.position, replayed: true };

      try {
        if (ctx.ifMatch !== undefined && ctx.ifMatch !== revision) throw new StaleRevision(ctx.ifMatch, revision);
        const events = spec.decider.decide(spec.command, view.state as S);
        if (events.length === 0) throw new BusinessRuleViolation('command-changes-nothing', 'The command records nothing new');
        const sealed = await this.vault.seal(this.envelope(events, spec, ctx));
        const chainedEvents = chainFrom(spec.streamId, revision, view.lastHash, sealed);
        const appended = await this.store.appendToStream(spec.streamId, chainedEvents, revision === -1 ? 'no_stream' : revision);
        try {
          this.remember(spec.streamId, view, chainedEvents, appended);
        } catch {
          // The events are stored: the answer stands; only the memory of the stream is dropped.
          this.forgetState(spec.streamId);
        }
        return { id: spec.id, streamId: spec.streamId, revision: appended.nextRevision, position: appended.position, replayed: appended.replayed ?? false };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          if (view.presumed) {
            // The stream exists after all: read it, and decide as if that had been done first.
            fresh = true;
            attempt -= 1;
            continue;
          }
          // Keep what the cache knows only if it is exactly where the log said the stream is.
          if (this.cache.peek(spec.streamId)?.folded?.revision !== error.actual) this.forgetState(spec.streamId);
          if (ctx.ifMatch !== undefined) throw new StaleRevision(ctx.ifMatch, typeof error.actual === 'number' ? error.actual : -1);
          if (attempt >= MAX_ATTEMPTS) {
            throw new BusinessRuleViolation('concurrent-modification', `${spec.aggregate} ${spec.id} kept changing while the command was decided`);
          }
          continue;
        }
        // Any other refusal (a rule, 412, an erased person, a reused command id) stands only on the
        // stream's true state: a view not read just now is checked against the log first.
        if (view.unverified && !(error instanceof EventStoreUnavailableError) && !(await this.isHead(spec.streamId, revision))) {
          this.forgetState(spec.streamId);
          fresh = true;
          attempt -= 1;
          continue;
        }
        throw error;
      }
    }
  }

  private envelope<E extends DomainEvent>(events: E[], spec: { clientId?: string }, ctx: CommandContext): NewEvent[] {
    const recordedAt = new Date().toISOString();
    const commandId = ctx.commandId ?? randomUUID();
    const correlationId = ctx.correlationId ?? commandId;
    return events.map((event, index) => {
      // Field by field, in the order the log has always stored them.
      const metadata = {} as EventMetadata;
      if (spec.clientId) metadata.clientId = spec.clientId;
      metadata.actor = ctx.actor;
      metadata.commandId = commandId;
      metadata.correlationId = correlationId;
      if (ctx.causationId) metadata.causationId = ctx.causationId;
      metadata.occurredAt = ctx.occurredAt;
      metadata.recordedAt = recordedAt;
      return {
        eventId: ctx.commandId ? deterministicUuid('event', ctx.commandId, index) : randomUUID(),
        type: event.type,
        schemaVersion: SCHEMA_VERSION,
        data: event.data as Record<string, unknown>,
        metadata,
      };
    });
  }

  /** Whether an aggregate was ever recorded: for commands that name another one (a contract's client). */
  async exists(streamId: string): Promise<boolean> {
    if (this.cache.get(streamId)) return true;
    return (await this.first(streamId)) !== undefined;
  }

  /**
   * The first event of a stream: the creation event that carries an aggregate's identity. Given the
   * decider of the command about to run on that same stream, a stream not in memory is read whole
   * and folded at once, so that the command reads nothing more. The event is frozen: never change it.
   */
  async first(streamId: string, decider?: AnyDecider): Promise<RecordedEvent | undefined> {
    const entry = this.cache.get(streamId);
    if (entry?.first) return entry.first;
    if (decider) return (await this.load(streamId, decider)).first;
    const [first] = await this.store.readStream(streamId, { maxCount: 1 });
    if (first) this.rememberFirst(streamId, first);
    return this.cache.peek(streamId)?.first ?? first;
  }

  /** How many streams are held in memory, of how many at most. */
  cacheStats(): { streams: number; capacity: number } {
    return { streams: this.cache.size, capacity: this.cache.capacity };
  }

  /** Everything held in memory, stream by stream (diagnostics and tests). */
  cachedStreams(): { streamId: string; revision?: number; state?: unknown; first?: RecordedEvent; commandIds: string[] }[] {
    return [...this.cache].map(([streamId, { first, folded }]) => ({
      streamId,
      revision: folded?.revision,
      state: folded?.state,
      first,
      commandIds: folded ? [...folded.commands.keys()] : [],
    }));
  }

  /** Drops every stream held in memory: the next commands read the log again. */
  clearCache(): void {
    this.cache.clear();
  }

  /** The cached fold of the stream by this decider, if any. */
  private cachedView(spec: { streamId: string; decider: AnyDecider }): View | undefined {
    const folded = this.cache.get(spec.streamId)?.folded;
    return folded && folded.decider === spec.decider ? { ...folded, unverified: true } : undefined;
  }

  /**
   * A creation (a command allowed on a new stream) on a stream not in memory is decided on the
   * initial state without reading: the append at `no_stream` is refused if the stream exists, an
   * idempotent retry is recognised by the log from its event ids, and any refusal is checked
   * against the log before it is answered. Not with If-Match, which names a revision to compare.
   */
  private presumedNew(spec: { streamId: string; mustExist: boolean; decider: AnyDecider }, ctx: CommandContext): View | undefined {
    // Only where the log tells a replay from a write: a retried creation must still answer 200.
    if (!this.appendsAreKnown || spec.mustExist || ctx.ifMatch !== undefined || this.cache.capacity <= 0 || this.cache.peek(spec.streamId)) return undefined;
    return { decider: spec.decider, state: spec.decider.initialState(), revision: -1, lastHash: undefined, commands: new Map(), unverified: true, presumed: true };
  }

  /** Reads the whole stream and folds it; a stream with events is kept in the cache. */
  private async load(streamId: string, decider: AnyDecider): Promise<View & { first?: RecordedEvent }> {
    const history = await this.store.readStream(streamId);
    const commands = new Map<string, Applied>();
    let state = decider.initialState();
    for (const event of history) {
      state = decider.evolve(state, event);
      const commandId = event.metadata.commandId;
      if (typeof commandId === 'string') commands.set(commandId, { revision: event.revision, position: event.position });
    }
    const last = history[history.length - 1];
    // Frozen: the same state object serves every command on the stream. Deciders are pure (they spread);
    // one that changed its state in place would throw here rather than corrupt the next decisions.
    const folded: Folded = { decider, state: deepFreeze(state), revision: history.length - 1, lastHash: last?.metadata.hash, commands };
    let first = history[0];
    if (first) {
      const current = this.cache.peek(streamId);
      first = current?.first ?? deepFreeze(first);
      // Another command of this process may have moved the entry past what was just read.
      const keep = current?.folded && current.folded.decider === decider && current.folded.revision >= folded.revision;
      this.cache.set(streamId, { first, folded: keep ? current.folded : folded });
    }
    return { ...folded, first, unverified: false };
  }

  /** After a successful append: the stream's state moves forward with the events just stored. */
  private remember(streamId: string, view: Folded, events: NewEvent[], appended: AppendResult): void {
    const current = this.cache.peek(streamId);
    const revision = view.revision + events.length;
    if (!this.appendsAreKnown || appended.replayed || appended.nextRevision !== revision) {
      // Perhaps stored earlier by another writer: what lies between is unknown here.
      this.forgetState(streamId);
      return;
    }
    if (this.cache.capacity <= 0 || (current?.folded && current.folded.revision >= revision)) return;
    // The data as the log gives it back (JSON: no undefined fields, no shared objects), so that the
    // state is the one a read would fold.
    const stored = events.map((event) => ({ ...event, data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown> }));
    let state = view.state;
    for (const event of stored) state = view.decider.evolve(state, event);
    deepFreeze(state);
    const commandId = events[0].metadata.commandId;
    if (typeof commandId === 'string') view.commands.set(commandId, { revision, position: appended.position });
    // A creation of one event gives the stream's first event (with several, their positions are not known here).
    const first =
      current?.first ??
      (view.revision === -1 && events.length === 1
        ? deepFreeze({ ...(JSON.parse(JSON.stringify(events[0])) as NewEvent), streamId, revision: 0, position: appended.position })
        : undefined);
    const lastHash = events[events.length - 1].metadata.hash;
    this.cache.set(streamId, { first, folded: { decider: view.decider, state, revision, lastHash, commands: view.commands } });
  }

  private rememberFirst(streamId: string, first: RecordedEvent): void {
    const current = this.cache.peek(streamId);
    if (current) current.first ??= deepFreeze(first);
    else this.cache.set(streamId, { first: deepFreeze(first) });
  }

  /** The folded state is no longer trusted; the first event, which never changes, stays. */
  private forgetState(streamId: string): void {
    const current = this.cache.peek(streamId);
    if (!current) return;
    if (current.first) current.folded = undefined;
    else this.cache.delete(streamId);
  }

  /** Whether the stream still ends at `revision` in the log. */
  private async isHead(streamId: string, revision: number): Promise<boolean> {
    const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return (last?.revision ?? -1) === revision;
  }
}

/**
 * Links each new event to the one before it in its stream. The append at the revision read makes
 * the link safe with several writers: a concurrent append fails and the command is decided again.
 */
export function chained(streamId: string, revision: number, last: RecordedEvent | undefined, events: NewEvent[]): NewEvent[] {
  return chainFrom(streamId, revision, last?.metadata.hash, events);
}

/** `chained`, from the hash of the stream's head (anything but a string: the genesis). */
function chainFrom(streamId: string, revision: number, headHash: unknown, events: NewEvent[]): NewEvent[] {
  let prevHash = typeof headHash === 'string' ? headHash : GENESIS;
  return events.map((event, i) => {
    const metadata = { ...event.metadata, prevHash };
    const hash = eventHash(prevHash, { ...event, streamId, revision: revision + 1 + i, metadata });
    prevHash = hash;
    return { ...event, metadata: { ...metadata, hash } };
  });
}

/** Freezes what is not frozen yet: parts a state shares with the previous one (already frozen) are not walked again. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

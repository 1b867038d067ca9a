import Database from 'better-sqlite3';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionFilter,
} from './event-store.port.js';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from './event-store.port.js';

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

export interface SqliteEventStoreOptions {
  /** `FULL` (default) fsyncs the WAL at every commit: an acknowledged append survives power loss. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a subscription looks for appends made by another process (a separate projector). */
  pollIntervalMs?: number;
}

const PAGE = 1000;

/**
 * The embedded log: one SQLite file in WAL mode. Appends are queued and committed together in
 * one transaction per turn of the event loop (group commit), so concurrent commands share one
 * fsync; each append's promise settles only after that commit returned, i.e. once durable.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private appended = signal();
  private disposed = false;
  private readonly pollIntervalMs: number;
  private readonly stmt;

  constructor(file: string, options: SqliteEventStoreOptions = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        position       INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id      TEXT    NOT NULL,
        revision       INTEGER NOT NULL,
        event_id       TEXT    NOT NULL UNIQUE,
        type           TEXT    NOT NULL,
        schema_version INTEGER NOT NULL,
        data           TEXT    NOT NULL,
        metadata       TEXT    NOT NULL,
        client_id      TEXT,
        UNIQUE (stream_id, revision)
      );
      CREATE INDEX IF NOT EXISTS events_by_client ON events (client_id, position) WHERE client_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
    `);
    this.stmt = {
      insert: this.db.prepare(
        `INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata, client_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      lastRevision: this.db.prepare<[string], { revision: number | null }>(
        'SELECT max(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      byEventId: this.db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE event_id = ?',
      ),
      forwards: this.db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      backwards: this.db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      all: this.db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      client: this.db.prepare<[string], EventRow>('SELECT * FROM events WHERE client_id = ? ORDER BY position'),
      head: this.db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
    };
  }

  appendToStream(streamId: string, events: NewEvent[], expected: ExpectedRevision = 'any'): Promise<AppendResult> {
    if (this.disposed) return Promise.reject(new EventStoreUnavailableError('Event store is closed'));
    if (events.length === 0) return Promise.reject(new Error('Nothing to append'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued append in one transaction; a refused append does not hold back the others. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    const revisions = new Map<string, number>();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const pending of batch) outcomes.push(this.applyOne(pending, revisions));
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      const failure = new EventStoreUnavailableError(`The event log could not commit: ${(error as Error).message}`, error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) pending.resolve(outcome.ok);
      else pending.reject(outcome.error);
    });
    this.appended.fire();
    this.appended = signal();
  }

  private applyOne(pending: PendingAppend, revisions: Map<string, number>): { ok: AppendResult } | { error: unknown } {
    const { streamId, events, expected } = pending;
    const replay = this.replayOf(streamId, events);
    if (replay) return { ok: replay };
    const elsewhere = events.find((e) => this.stmt.byEventId.get(e.eventId));
    if (elsewhere) return { error: new DuplicateEventIdError(elsewhere.eventId, streamId) };
    const current = revisions.get(streamId) ?? this.stmt.lastRevision.get(streamId)?.revision ?? -1;
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1) ||
      (expected === 'stream_exists' && current >= 0) ||
      expected === current;
    if (!holds) return { error: new WrongExpectedRevisionError(streamId, expected, current === -1 ? 'no_stream' : current) };
    let revision = current;
    let position = 0;
    this.db.exec('SAVEPOINT one_append');
    try {
      for (const event of events) {
        revision += 1;
        const info = this.stmt.insert.run(
          streamId,
          revision,
          event.eventId,
          event.type,
          event.schemaVersion,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          event.metadata.clientId ?? null,
        );
        position = Number(info.lastInsertRowid);
      }
      this.db.exec('RELEASE one_append');
    } catch (error) {
      this.db.exec('ROLLBACK TO one_append');
      this.db.exec('RELEASE one_append');
      return { error };
    }
    revisions.set(streamId, revision);
    return { ok: { nextRevision: revision, position } };
  }

  /** The original result when every event of the append is already stored in this stream. */
  private replayOf(streamId: string, events: NewEvent[]): AppendResult | undefined {
    const last = this.stmt.byEventId.get(events[events.length - 1].eventId);
    if (!last || last.stream_id !== streamId) return undefined;
    const allStored = events.every((e) => this.stmt.byEventId.get(e.eventId)?.stream_id === streamId);
    return allStored ? { nextRevision: last.revision, position: last.position, replayed: true } : undefined;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.stmt.backwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
        : this.stmt.forwards.all(streamId, options.fromRevision ?? 0, limit);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.stmt.all.all(options.after ?? 0, options.maxCount ?? PAGE).map(toRecorded);
  }

  subscribeToAll(options: { after?: number; filter?: SubscriptionFilter } = {}): Subscription {
    let position = options.after ?? 0;
    let closed = false;
    const stop = signal();
    const types = options.filter?.eventTypes;
    const byType = types?.length
      ? this.db.prepare<unknown[], EventRow>(
          `SELECT * FROM events WHERE position > ? AND type IN (${types.map(() => '?').join(',')}) ORDER BY position LIMIT ${PAGE}`,
        )
      : undefined;
    const store = this;
    async function* feed(): AsyncGenerator<RecordedEvent> {
      while (!closed && !store.disposed) {
        const rows = byType ? byType.all(position, ...types!) : store.stmt.all.all(position, PAGE);
        if (rows.length === 0) {
          await Promise.race([store.appended.wait, stop.wait, delay(store.pollIntervalMs)]);
          continue;
        }
        for (const row of rows) {
          position = row.position;
          yield toRecorded(row);
          if (closed) return;
        }
      }
    }
    const iterator = feed();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        stop.fire();
      },
    };
  }

  async readClientHistory(clientId: string): Promise<RecordedEvent[]> {
    return this.stmt.client.all(clientId).map(toRecorded);
  }

  async headPosition(): Promise<number> {
    return this.stmt.head.get()?.position ?? 0;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    if (this.queue.length) this.flush();
    this.disposed = true;
    this.appended.fire();
    this.db.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}

/** A one-shot broadcast: everyone awaiting `wait` wakes on `fire`. */
function signal(): { wait: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const wait = new Promise<void>((resolve) => (fire = resolve));
  return { wait, fire };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

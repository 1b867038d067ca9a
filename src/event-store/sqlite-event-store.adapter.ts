import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { eventHash, GENESIS } from '../audit/chain.js';
import { type CheckpointerOptions, SqliteCheckpointer } from '../shared/sqlite-checkpointer.js';
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
  /**
   * The most pages (4 KiB each) the log may hold: SQLite's `max_page_count`. A commit that needs
   * more fails as on a full disk (503, nothing recorded). A quota for operators, a full disk on
   * demand for tests (`QUALIREC_MAX_LOG_PAGES`); see `limitPages` to move it while running.
   */
  maxPageCount?: number;
  /**
   * WAL checkpoints from a worker thread (`src/shared/sqlite-checkpointer.ts`) instead of inside
   * whichever commit crosses SQLite's threshold. Default on; `false` keeps SQLite's auto-checkpoint.
   */
  backgroundCheckpoints?: boolean | CheckpointerOptions;
}

/**
 * What one group commit wrote, handed to this process's subscriptions so they need not read it back:
 * `rows` are exactly the events whose positions are in (`after`, `head`], in position order, as the
 * database holds them (the same strings). `after` is the log's head read inside the write
 * transaction, when no other writer can commit.
 */
interface Committed {
  after: number;
  head: number;
  rows: EventRow[];
}

/** One subscription's share of the commits: consumed in order, or skipped when it is not where they start. */
interface Inbox {
  chunks: Committed[];
  rows: number;
}

/** What the start-up check looked at. */
export interface IntegrityReport {
  check: 'integrity_check' | 'quick_check';
  head: number;
  /** The most recent events whose hash and link to their predecessor were recomputed. */
  eventsChecked: number;
  ms: number;
}

/**
 * The log's file is damaged (a torn or corrupt write, a truncated file, a page that does not
 * parse): qualirec refuses to serve from it rather than answer with wrong or missing facts.
 */
export class EventLogDamagedError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(
      `The event log ${file} is damaged: ${detail}. qualirec refuses to serve from it. Keep the damaged files ` +
        '(events.db, events.db-wal) aside for analysis and restore the data directory from the last backup ' +
        '(docs/operations.md, "Backups"); see docs/reliability.md.',
      { cause },
    );
    this.name = 'EventLogDamagedError';
  }
}

/**
 * The read models beside the log have processed events the log no longer holds. Either the log lost
 * its last writes (acknowledged commands would be missing), or `read-models.db` belongs to a newer
 * log (restored under it): serving would skip the next events, so the start stops.
 */
export class ReadModelsAheadError extends Error {
  constructor(readModelsFile: string, projection: string, position: number, head: number) {
    super(
      `The read models are ahead of the event log: ${projection} in ${readModelsFile} has processed position ${position}, ` +
        `but the log ends at ${head}. If the data directory was just restored from a backup, delete read-models.db ` +
        '(and its -wal, -shm) and start again: the read models are rebuilt from the log. Otherwise the log lost its last ' +
        'writes: keep every file aside and restore the data directory from the last backup (docs/operations.md, "Backups").',
    );
    this.name = 'ReadModelsAheadError';
  }
}

const PAGE = 1000;
/** Up to this size (log and WAL together) the start-up check is SQLite's full `integrity_check` (about 1 s); beyond, `quick_check`. */
const FULL_CHECK_BYTES = 64 * 1024 * 1024;
/** How many of the last events the start-up check re-hashes and links to their predecessors. */
const RECENT_EVENTS = 1000;
/** SQLite's own ceiling of `max_page_count`: no limit. */
const NO_PAGE_LIMIT = 4294967294;
/** Events a subscription may have waiting in memory; past it the oldest commits are dropped and read back from SQLite. */
const INBOX_ROWS = 10_000;

/**
 * The embedded log: one SQLite file in WAL mode. Appends are queued and committed together in
 * one transaction per turn of the event loop (group commit), so concurrent commands share one
 * fsync; each append's promise settles only after that commit returned, i.e. once durable.
 * WAL checkpoints run in a worker thread (`SqliteCheckpointer`), not inside those commits, and
 * this process's subscriptions are handed what a commit wrote rather than reading it back.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private appended = signal();
  private disposed = false;
  private readonly pollIntervalMs: number;
  private readonly stmt;
  private readonly inboxes = new Set<Inbox>();
  private checkpointer?: SqliteCheckpointer;

  /**
   * Opens the log and checks it before anything is served (`checkIntegrity`): what the service and
   * the command-line tools use. A file that does not open or does not pass is an `EventLogDamagedError`.
   */
  static openChecked(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    let store: SqliteEventStore;
    try {
      // The checkpoint worker starts once the file passed: nothing moves pages of a damaged log.
      store = new SqliteEventStore(file, { ...options, backgroundCheckpoints: false });
    } catch (error) {
      throw damaged(file, error);
    }
    try {
      store.checkIntegrity();
      if (options.backgroundCheckpoints !== false) store.startCheckpointer(options.backgroundCheckpoints);
      return store;
    } catch (error) {
      void store.dispose().catch(() => undefined);
      throw damaged(file, error);
    }
  }

  constructor(
    private readonly file: string,
    options: SqliteEventStoreOptions = {},
  ) {
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
      range: this.db.prepare<[number, number, number], EventRow>('SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?'),
      head: this.db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT one_append'),
      release: this.db.prepare('RELEASE one_append'),
      rollbackTo: this.db.prepare('ROLLBACK TO one_append'),
    };
    if (options.maxPageCount !== undefined) this.limitPages(options.maxPageCount);
    if (options.backgroundCheckpoints !== false) this.startCheckpointer(options.backgroundCheckpoints);
  }

  private startCheckpointer(options?: true | CheckpointerOptions): void {
    if (this.checkpointer || this.disposed) return;
    this.checkpointer = SqliteCheckpointer.start(this.db, options === true ? {} : options);
  }

  /** The background checkpointer, when it runs (stats, tests). */
  get checkpoints(): SqliteCheckpointer | undefined {
    return this.checkpointer;
  }

  /**
   * Caps the log at `maxPages` pages (SQLite's `max_page_count`, for this connection), or lifts the
   * cap (`undefined`). The cap never goes below the pages already used. Returns the cap in force.
   * Lifting it is how service resumes after a full log, without a restart.
   */
  limitPages(maxPages?: number): number {
    if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages > 0)) throw new RangeError(`Not a page count: ${maxPages}`);
    return this.db.pragma(`max_page_count = ${maxPages ?? NO_PAGE_LIMIT}`, { simple: true }) as number;
  }

  /**
   * The start-up check. SQLite itself drops a torn last write in the WAL (a frame whose checksum
   * fails ends the log there), so what is left to catch is damage SQLite would serve: pages that
   * do not hold together (`integrity_check`, or `quick_check` on large files), and the last
   * events' content, re-hashed and linked to their predecessors as `src/audit/chain.ts` chains
   * them. Throws `EventLogDamagedError`; otherwise says what it checked.
   */
  checkIntegrity(recent = RECENT_EVENTS): IntegrityReport {
    const started = performance.now();
    const bytes = sizeOf(this.file) + sizeOf(`${this.file}-wal`);
    const check = bytes <= FULL_CHECK_BYTES ? 'integrity_check' : 'quick_check';
    const findings = (this.db.pragma(`${check}(10)`) as Record<string, string>[])
      .flatMap((row) => Object.values(row)[0].split('\n'))
      .filter((m) => m !== 'ok' && !m.startsWith('*** in database'));
    if (findings.length) throw new EventLogDamagedError(this.file, `SQLite's ${check} found: ${findings.join('; ')}`);
    const rows = this.db.prepare<[number], EventRow>('SELECT * FROM events ORDER BY position DESC LIMIT ?').all(recent).reverse();
    const previous = this.db.prepare<[string, number], { metadata: string }>('SELECT metadata FROM events WHERE stream_id = ? AND revision = ?');
    const hashes = new Map<string, unknown>();
    const hashOf = (streamId: string, revision: number): unknown => {
      const key = `${revision}:${streamId}`;
      if (hashes.has(key)) return hashes.get(key);
      const row = previous.get(streamId, revision);
      if (!row) throw new EventLogDamagedError(this.file, `revision ${revision} of ${streamId} is missing`);
      try {
        return (JSON.parse(row.metadata) as { hash?: unknown }).hash;
      } catch {
        throw new EventLogDamagedError(this.file, `revision ${revision} of ${streamId} does not parse`);
      }
    };
    for (const row of rows) {
      let event: RecordedEvent;
      try {
        event = toRecorded(row);
      } catch (error) {
        throw new EventLogDamagedError(this.file, `the event at position ${row.position} does not parse (${(error as Error).message})`);
      }
      const { hash, prevHash } = event.metadata as { hash?: unknown; prevHash?: unknown };
      hashes.set(`${event.revision}:${event.streamId}`, hash);
      // Events appended without the chain (by tools or tests) carry no hash: nothing to recompute.
      if (typeof hash !== 'string') continue;
      const before = event.revision > 0 ? hashOf(event.streamId, event.revision - 1) : undefined;
      const expected = typeof before === 'string' ? before : GENESIS;
      if (prevHash !== expected) throw new EventLogDamagedError(this.file, `the event at position ${event.position} is not linked to revision ${event.revision - 1} of ${event.streamId}`);
      if (eventHash(prevHash, event) !== hash) throw new EventLogDamagedError(this.file, `the event at position ${event.position} does not match its hash`);
    }
    return { check, head: this.stmt.head.get()?.position ?? 0, eventsChecked: rows.length, ms: Math.round(performance.now() - started) };
  }

  /**
   * Refuses a log shorter than what the embedded read models already processed (`ReadModelsAheadError`):
   * a lost tail of the log, or a restore that left newer read models in place. Run at service start.
   */
  checkReadModelsNotAhead(readModelsFile: string): void {
    if (!sizeOf(readModelsFile)) return;
    let furthest: { projection: string; position: number } | undefined;
    const reads = new Database(readModelsFile, { readonly: true, fileMustExist: true });
    try {
      furthest = reads.prepare<[], { projection: string; position: number }>('SELECT projection, position FROM checkpoints ORDER BY position DESC LIMIT 1').get();
    } catch {
      return; // no checkpoints table yet, or a read-models file the read store will rebuild
    } finally {
      reads.close();
    }
    const head = this.stmt.head.get()?.position ?? 0;
    if (furthest && furthest.position > head) throw new ReadModelsAheadError(readModelsFile, furthest.projection, furthest.position, head);
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

  /**
   * Commits every queued append in one transaction; a refused append does not hold back the others.
   * What was committed is then handed to this process's subscriptions (`Committed`).
   */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: AppendResult } | { error: unknown })[] = [];
    const revisions = new Map<string, number>();
    const rows: EventRow[] | undefined = this.inboxes.size ? [] : undefined;
    let after = 0;
    try {
      this.stmt.begin.run();
      // Read under the write lock: no other writer commits before this transaction does.
      if (rows) after = this.stmt.head.get()?.position ?? 0;
      for (const pending of batch) outcomes.push(this.applyOne(pending, revisions, rows));
      this.stmt.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.stmt.rollback.run();
      const failure = new EventStoreUnavailableError(`The event log could not commit: ${(error as Error).message}`, error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if ('ok' in outcome) pending.resolve(outcome.ok);
      else pending.reject(outcome.error);
    });
    if (rows?.length) this.deliver({ after, head: rows[rows.length - 1].position, rows });
    this.appended.fire();
    this.appended = signal();
  }

  private deliver(committed: Committed): void {
    for (const inbox of this.inboxes) {
      inbox.chunks.push(committed);
      inbox.rows += committed.rows.length;
      // A subscription that does not keep up reads the dropped commits back from SQLite (a gap before the next one).
      while (inbox.rows > INBOX_ROWS && inbox.chunks.length > 1) inbox.rows -= inbox.chunks.shift()!.rows.length;
    }
  }

  private applyOne(pending: PendingAppend, revisions: Map<string, number>, committed?: EventRow[]): { ok: AppendResult } | { error: unknown } {
    const { streamId, events, expected } = pending;
    // Each event id looked up once: all stored in this stream is a replay; any stored elsewhere (or only some) is refused.
    const stored = events.map((e) => this.stmt.byEventId.get(e.eventId));
    const last = stored[stored.length - 1];
    if (last && last.stream_id === streamId && stored.every((s) => s?.stream_id === streamId)) {
      return { ok: { nextRevision: last.revision, position: last.position, replayed: true } };
    }
    const elsewhere = stored.findIndex((s) => s !== undefined);
    if (elsewhere >= 0) return { error: new DuplicateEventIdError(events[elsewhere].eventId, streamId) };
    const current = revisions.get(streamId) ?? this.stmt.lastRevision.get(streamId)?.revision ?? -1;
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1) ||
      (expected === 'stream_exists' && current >= 0) ||
      expected === current;
    if (!holds) return { error: new WrongExpectedRevisionError(streamId, expected, current === -1 ? 'no_stream' : current) };
    let revision = current;
    let position = 0;
    const rows: EventRow[] = [];
    // One INSERT is undone alone by SQLite when it fails; several need a savepoint to be undone together.
    const several = events.length > 1;
    if (several) this.stmt.savepoint.run();
    try {
      for (const event of events) {
        revision += 1;
        const data = JSON.stringify(event.data);
        const metadata = JSON.stringify(event.metadata);
        const info = this.stmt.insert.run(streamId, revision, event.eventId, event.type, event.schemaVersion, data, metadata, event.metadata.clientId ?? null);
        position = Number(info.lastInsertRowid);
        if (committed) {
          rows.push({ position, stream_id: streamId, revision, event_id: event.eventId, type: event.type, schema_version: event.schemaVersion, data, metadata });
        }
      }
      if (several) this.stmt.release.run();
    } catch (error) {
      // A full disk or an I/O error is the whole commit's failure (SQLite may already have rolled the transaction back): 503 for all.
      if (!this.db.inTransaction || !isConstraint(error)) throw error;
      if (several) {
        this.stmt.rollbackTo.run();
        this.stmt.release.run();
      }
      return { error };
    }
    revisions.set(streamId, revision);
    if (committed) for (const row of rows) committed.push(row);
    return { ok: { nextRevision: revision, position } };
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

  /**
   * Catch-up, then live. `position` is how far the log has been looked at: every event up to it
   * that the filter wants has been delivered. The events this process commits are taken from the
   * group commit that wrote them (`Committed`) when that commit starts at or before `position`,
   * which makes them exactly the next events of the log; otherwise (behind, a gap left by another
   * process's appends, dropped commits) the next events are read from SQLite, up to a head read
   * first: positions are committed in order, so all events up to that head are visible to the read.
   */
  subscribeToAll(options: { after?: number; filter?: SubscriptionFilter } = {}): Subscription {
    let position = options.after ?? 0;
    let closed = false;
    const stop = signal();
    const types = options.filter?.eventTypes?.length ? options.filter.eventTypes : undefined;
    const wanted = types ? new Set(types) : undefined;
    const byType = types
      ? this.db.prepare<unknown[], EventRow>(
          `SELECT * FROM events WHERE position > ? AND position <= ? AND type IN (${types.map(() => '?').join(',')}) ORDER BY position LIMIT ${PAGE}`,
        )
      : undefined;
    const inbox: Inbox = { chunks: [], rows: 0 };
    this.inboxes.add(inbox);
    const store = this;
    async function* feed(): AsyncGenerator<RecordedEvent> {
      try {
        // Whether the last read found the head: until more is committed, there is nothing to read.
        let caughtUp = false;
        while (!closed && !store.disposed) {
          const next = inbox.chunks[0];
          if (next && next.head <= position) {
            inbox.chunks.shift();
            inbox.rows -= next.rows.length;
            continue;
          }
          if (next && next.after <= position) {
            inbox.chunks.shift();
            inbox.rows -= next.rows.length;
            for (const row of next.rows) {
              if (row.position <= position || (wanted && !wanted.has(row.type))) continue;
              position = row.position;
              yield toRecorded(row);
              if (closed) return;
            }
            position = Math.max(position, next.head);
            continue;
          }
          if (next || !caughtUp) {
            const head = store.stmt.head.get()?.position ?? 0;
            const rows = byType ? byType.all(position, head, ...types!) : store.stmt.range.all(position, head, PAGE);
            for (const row of rows) {
              position = row.position;
              yield toRecorded(row);
              if (closed) return;
            }
            caughtUp = rows.length < PAGE;
            if (caughtUp) position = Math.max(position, head);
            continue;
          }
          const woke = await Promise.race([store.appended.wait.then(() => 'commit'), stop.wait.then(() => 'stop'), delay(store.pollIntervalMs).then(() => 'poll')]);
          // Appends from another process show only in SQLite: look there at every poll.
          if (woke === 'poll') caughtUp = false;
        }
      } finally {
        store.inboxes.delete(inbox);
      }
    }
    const iterator = feed();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        store.inboxes.delete(inbox);
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
    this.inboxes.clear();
    this.appended.fire();
    this.db.close();
    // Closed after the writer: when the worker's connection is the file's last, SQLite's final checkpoint runs there.
    await this.checkpointer?.dispose();
  }
}

function isConstraint(error: unknown): boolean {
  return String((error as { code?: unknown })?.code ?? '').startsWith('SQLITE_CONSTRAINT');
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** SQLite's word for a damaged file becomes the one error start-up reports; anything else (no access, locked) stays as it is. */
function damaged(file: string, error: unknown): unknown {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new EventLogDamagedError(file, `SQLite cannot read it (${(error as Error).message})`, error);
  return error;
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

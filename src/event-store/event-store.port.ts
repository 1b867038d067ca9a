/**
 * The EventStore port: what the application needs from an event log. Two adapters implement it,
 * the embedded SQLite log (default) and EventStoreDB; `test/event-store/` holds the one contract
 * suite both must pass.
 *
 * Positions are the log's global commit order, as plain numbers: SQLite's row id embedded, the
 * commit position on EventStoreDB (a byte offset: far below 2^53 for any real log).
 */

/** Business and technical context carried by every event (DESIGN.md, "Events"). */
export interface EventMetadata {
  /** The client the event concerns, when it concerns one: indexes the auditor's history. */
  clientId?: string;
  actor: { id: string; role: string; name?: string };
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  /** Business time: when the fact happened, as the command says (date or instant). */
  occurredAt: string;
  /** Server time when the event was recorded. */
  recordedAt: string;
  [key: string]: unknown;
}

export interface NewEvent {
  /** A UUID. Appending an event whose id is already in the stream appends nothing (idempotent). */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 0-based number of the event in its stream. */
  revision: number;
  /** Global commit order. */
  position: number;
}

/** `any`: no check; `no_stream`: the stream must not exist; `stream_exists`; a number: the stream's last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextRevision: number;
  /** Position of the last event appended (or of the already-stored event on an idempotent replay). */
  position: number;
  /**
   * True when every event was already stored, so nothing was appended. Adapters that cannot tell
   * (EventStoreDB answers a replay like a write) leave it out: the HTTP answer is then 201, not 200.
   */
  replayed?: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Default: the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default: from the start. */
  after?: number;
  maxCount?: number;
}

export interface SubscriptionFilter {
  /** Only these event types (system events are always left out). */
  eventTypes?: string[];
}

/** A catch-up-then-live feed of the log. Iterate it; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(streamId: string, events: NewEvent[], expectedRevision?: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of the whole log in commit order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Every event after `after` (exclusive), then every new one as it is committed. */
  subscribeToAll(options?: { after?: number; filter?: SubscriptionFilter }): Subscription;
  /** Every event whose metadata names this client, across all streams, in commit order. */
  readClientHistory(clientId: string): Promise<RecordedEvent[]>;
  /** Position of the last committed event, or 0 for an empty log. */
  headPosition(): Promise<number>;
  /** Release connections and files; pending appends are finished first. */
  dispose(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

/** Thrown when the expected revision does not hold. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${expected}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Thrown when an event id is already stored in another stream: a command id reused for another command. */
export class DuplicateEventIdError extends Error {
  constructor(readonly eventId: string, readonly streamId: string) {
    super(`Event ${eventId} is already stored in another stream than ${streamId}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Thrown when the store cannot take writes now (disk full, server down): a 503, retry later. */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

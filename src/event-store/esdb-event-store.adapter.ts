import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import {
  ANY,
  AccessDeniedError,
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  InvalidArgumentError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  binaryEvent,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult as EsdbAppendResult,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
  type SubscriptionFilter,
} from './event-store.port.js';

/*
 * Positions. The port's position is the EventStoreDB *commit* position of the event, as a number.
 *
 * Every gRPC append is an implicit transaction: each event is a prepare record flagged IsCommitted,
 * and the server places such a "self-committed" event at (commit = prepare = its own log position).
 * So the events of one multi-event append do NOT share a commit position (20.x through 24.x): each
 * has its own, strictly increasing within the batch and across batches, in $all order. Read in the
 * server sources (EventStore/EventStore):
 * - AllReader.ReadAllEventsForward returns a committed prepare as
 *   `new CommitEventRecord(eventRecord, prepare.LogPosition)`, included when
 *   `new TFPos(prepare.LogPosition, prepare.LogPosition) >= pos` (a read includes the event at `pos`);
 * - IndexCommitter.Commit feeds live subscriptions with `EventCommitted(prepares[i].LogPosition, …)`;
 * - ResolvedEvent.CalculatePosition (stream reads, 22.6+) puts a self-committed event at
 *   `new TFPos(LogPosition, LogPosition)`, resolved link targets included;
 * - StorageChaser acks a write with the LogPosition of its TransactionEnd prepare, which the append
 *   answers as both commit and prepare: the position of the batch's last event. An idempotent replay
 *   answers with the log position of the replayed batch's last event (IndexWriter.CheckCommit), or
 *   with no position on old servers, in which case the event is read back.
 * Only legacy explicit transactions (TCP API) commit several events at one position; they are not
 * supported here.
 *
 * So `after = n` becomes the Position { commit: n, prepare: n }: exactly the event at n, a record
 * boundary the server can reposition to. Reads and subscriptions are made exclusive here by dropping
 * every event at or before the last position delivered, whether or not the server includes the bound,
 * so no event is skipped or repeated. Pages and resubscriptions resume from the full Position the
 * server returned for the last event seen.
 */

/** Revisions and positions fit in doubles: byte offsets of any real log stay far below 2^53. */
const PAGE_SIZE = 1000;
const HEAD_PAGE_SIZE = 64;
const NO_POSITION = 0xffff_ffff_ffff_ffffn;
const SCHEMA_VERSION_KEY = 'schemaVersion';

const HISTORY_STREAM_PREFIX = 'client-history-';
const LINK_EVENT_TYPE = '$>';
/** Not a `$` stream, so no admin rights are needed; a `$` type, so readers and the linker skip it. */
const LINKER_CHECKPOINT_STREAM = 'qualirec-linker-checkpoint';
const LINKER_CHECKPOINT_TYPE = '$qualirec-linker-checkpoint';
const LINKER_CHECKPOINT_EVERY_MS = 2_000;
/** UUID v5 namespace of the link events' ids. */
const LINK_ID_NAMESPACE = 'b3f1c6e2-5a4d-4e8b-9c7f-2d1a0e6b8f43';
const HISTORY_HEAD_CACHE_SIZE = 10_000;

const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 5_000;

const logger = new Logger('EsdbEventStore');
const ignore = (): void => undefined;

/** What the adapter reads from a client RecordedEvent (JSON or binary, from a stream or $all). */
interface EsdbRecord {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: unknown;
  metadata?: unknown;
  position?: Position;
}

/** The EventStore port on EventStoreDB (22.6+ for stream reads that carry positions), via the gRPC client. */
export class EsdbEventStore implements EventStore {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private disposed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly linker: ClientHistoryLinker,
  ) {}

  static async connect(connectionString: string): Promise<EsdbEventStore> {
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      // Fails fast (as a 503) when the server is not there, instead of at the first request.
      await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
      const linker = await ClientHistoryLinker.load(client);
      const store = new EsdbEventStore(client, linker);
      linker.start();
      return store;
    } catch (error) {
      await client.dispose().catch(ignore);
      throw translate(error, 'connect');
    }
  }

  appendToStream(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision = 'any'): Promise<AppendResult> {
    return this.track(() =>
      this.append(streamId, events, expectedRevision).catch((error: unknown) => {
        throw translate(error, `append to ${streamId}`);
      }),
    );
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.guard(`read ${streamId}`, async () => {
      const resolved = await this.readStreamPaged(streamId, options, false);
      return resolved.flatMap((r) => (r.event ? [toRecordedEvent(r.event)] : []));
    });
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.guard('read $all', async () => {
      const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
      const out: RecordedEvent[] = [];
      if (limit <= 0) return out;
      let last = options.after;
      let from: ReadPosition = toReadPosition(options.after);
      for (;;) {
        // +1 for the already-delivered event a position-bounded read starts with; system events may use the rest.
        const pageSize = Math.min(PAGE_SIZE, limit - out.length + 16);
        const page: AllStreamResolvedEvent[] = await collect(
          this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: pageSize }),
        );
        let progressed = false;
        for (const { event } of page) {
          if (!event) continue;
          const position = Number(event.position.commit);
          if (last !== undefined && position <= last) continue;
          last = position;
          from = event.position;
          progressed = true;
          if (isSystemType(event.type)) continue;
          out.push(toRecordedEvent(event));
          if (out.length >= limit) return out;
        }
        if (page.length < pageSize || !progressed) return out;
      }
    });
  }

  subscribeToAll(options: { after?: number; filter?: SubscriptionFilter } = {}): Subscription {
    if (this.disposed) throw new EventStoreUnavailableError('the EventStoreDB adapter is disposed');
    const subscription = new EsdbAllSubscription(this.client, options.after, options.filter, (s) => this.subscriptions.delete(s));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async readClientHistory(clientId: string): Promise<RecordedEvent[]> {
    return (await this.readClientHistoryUpTo(clientId)).events;
  }

  /**
   * The client's history with the position up to which it is known complete: every event at or
   * before `completeUpTo` naming the client is in `events` (later ones may be, once linked).
   */
  readClientHistoryUpTo(clientId: string): Promise<{ events: RecordedEvent[]; completeUpTo: number }> {
    return this.guard(`read the history of ${clientId}`, async () => {
      // Taken before the read: the links up to it are already written, so the read sees them.
      const completeUpTo = this.linker.completeUpTo;
      const links = await this.readStreamPaged(historyStream(clientId), {}, true);
      const events: RecordedEvent[] = [];
      let last = -1;
      for (const { event, link } of links) {
        if (!event) continue; // the original is gone (deleted or scavenged)
        const recorded = toRecordedEvent(event, linkedPosition(link?.metadata));
        // Concurrent linkers or a lost idempotency cache could leave a duplicate link: the position orders them.
        if (recorded.position <= last) continue;
        last = recorded.position;
        events.push(recorded);
      }
      return { events, completeUpTo };
    });
  }

  /** Position up to which the linker has indexed client histories (every event at or before it is linked). */
  historyCompleteUpTo(): number {
    return this.linker.completeUpTo;
  }

  headPosition(): Promise<number> {
    return this.guard('read the head of $all', async () => {
      let from: ReadPosition = END;
      let last: number | undefined;
      for (;;) {
        const page: AllStreamResolvedEvent[] = await collect(
          this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE_SIZE }),
        );
        let progressed = false;
        for (const { event } of page) {
          if (!event) continue;
          const position = Number(event.position.commit);
          if (last !== undefined && position >= last) continue;
          last = position;
          from = event.position;
          progressed = true;
          if (!isSystemType(event.type)) return position;
        }
        if (page.length < HEAD_PAGE_SIZE || !progressed) return 0;
      }
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([...this.pending]);
    await this.linker.stop();
    await Promise.allSettled([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  /** Runs a write, refused once disposing started, and awaited by dispose(). */
  private track<T>(write: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new EventStoreUnavailableError('the EventStoreDB adapter is disposed'));
    const running = write();
    this.pending.add(running);
    const forget = () => this.pending.delete(running);
    running.then(forget, forget);
    return running;
  }

  private async guard<T>(operation: string, read: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new EventStoreUnavailableError('the EventStoreDB adapter is disposed');
    try {
      return await read();
    } catch (error) {
      throw translate(error, operation);
    }
  }

  /** Forwards or backwards, in pages, so a long stream never comes back in one gRPC call. */
  private async readStreamPaged(streamId: string, options: ReadStreamOptions, resolveLinkTos: boolean): Promise<ResolvedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const out: ResolvedEvent[] = [];
    if (limit <= 0) return out;
    let from: ReadRevision = options.fromRevision === undefined ? (backwards ? END : START) : toBigRevision(options.fromRevision);
    while (out.length < limit) {
      const maxCount = Math.min(PAGE_SIZE, limit - out.length);
      const page = await readStreamPage(this.client, streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from,
        maxCount,
        resolveLinkTos,
      });
      out.push(...page);
      const lastRecord = page.at(-1);
      const lastRevision = lastRecord && (lastRecord.link ?? lastRecord.event)?.revision;
      if (page.length < maxCount || lastRevision === undefined) break;
      if (backwards) {
        if (lastRevision === 0n) break;
        from = lastRevision - 1n;
      } else {
        from = lastRevision + 1n;
      }
    }
    return out;
  }

  private async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return this.appendNothing(streamId, expectedRevision);
    let result: EsdbAppendResult;
    try {
      result = await this.client.appendToStream(streamId, events.map(toEventData), {
        expectedRevision: toEsdbExpectedRevision(expectedRevision),
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expectedRevision, toPortRevision(error.actualVersion));
      }
      throw error;
    }
    if (!result.success) {
      // Only with `throwOnAppendFailure=false` in the connection string; its revision is unreliable on batch appends.
      const last = await this.lastEvent(streamId);
      throw new WrongExpectedRevisionError(streamId, expectedRevision, last ? last.revision : 'no_stream');
    }
    const nextRevision = Number(result.nextExpectedRevision);
    // The server answers with the last event's position, also on an idempotent replay (the original
    // batch's last event); older servers answer a replay without a position: read it back.
    const position = result.position ? Number(result.position.commit) : await this.positionAt(streamId, nextRevision);
    return { nextRevision, position };
  }

  private async lastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    const [last] = await readStreamPage(this.client, streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last?.event ? toRecordedEvent(last.event) : undefined;
  }

  private async positionAt(streamId: string, revision: number): Promise<number> {
    const [event] = await readStreamPage(this.client, streamId, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 });
    const position = event?.event ? positionOf(event.event) : undefined;
    if (position === undefined) throw new Error(`EventStoreDB gave no position for ${streamId}@${revision} (server older than 22.6?)`);
    return position;
  }

  /**
   * Nothing to write, but the expected revision still holds. Answered from a read: the server's
   * "no stream" answer to an empty append reaches the client as revision 0.
   */
  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const last = await this.lastEvent(streamId);
    const actual: number | 'no_stream' = last ? last.revision : 'no_stream';
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      (typeof expected === 'number' && (expected === -1 ? actual === 'no_stream' : actual === expected));
    if (!holds) throw new WrongExpectedRevisionError(streamId, expected, actual);
    return { nextRevision: last ? last.revision : -1, position: last ? last.position : 0 };
  }
}

/**
 * A catch-up-then-live feed of $all, filtered on the server. A subscription the server drops (error,
 * or end not asked for by close()) is resumed from the last position it delivered, after a bounded
 * backoff; errors that retrying cannot fix (access denied, bad filter) end the iteration.
 */
class EsdbAllSubscription implements Subscription {
  private readonly iterator: AsyncGenerator<RecordedEvent, void, undefined>;
  private readonly filter: Filter;
  private readonly accepts: (type: string) => boolean;
  private from: ReadPosition;
  private last: number | undefined;
  private current: AllStreamSubscription | undefined;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    after: number | undefined,
    filter: SubscriptionFilter | undefined,
    private readonly onClosed: (subscription: EsdbAllSubscription) => void,
  ) {
    this.from = toReadPosition(after);
    this.last = after;
    const types = filter?.eventTypes;
    if (types) {
      // A regex of exact names: prefixes would also let `FooBar` through for `Foo`.
      this.filter = eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
      const wanted = new Set(types);
      this.accepts = (type) => wanted.has(type) && !isSystemType(type);
    } else {
      this.filter = excludeSystemEvents();
      this.accepts = (type) => !isSystemType(type);
    }
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    // Ends a pending `next()` first: return() would otherwise wait behind it for an event.
    await this.current?.unsubscribe().catch(ignore);
    await this.iterator.return(undefined).catch(ignore);
    this.onClosed(this);
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    let failures = 0;
    try {
      while (!this.closed) {
        const subscription = this.client.subscribeToAll({ fromPosition: this.from, filter: this.filter });
        subscription.on('error', ignore); // the iteration below gets the error; this keeps a late one from crashing
        this.current = subscription;
        try {
          for await (const { event } of subscription as AsyncIterable<AllStreamResolvedEvent>) {
            if (!event) continue;
            const position = Number(event.position.commit);
            if (this.last !== undefined && position <= this.last) continue;
            this.last = position;
            this.from = event.position;
            failures = 0;
            if (this.accepts(event.type)) yield toRecordedEvent(event);
          }
          if (this.closed) return;
          logger.warn(`$all subscription ended by the server after position ${this.last ?? 'start'}; resubscribing`);
        } catch (error) {
          if (this.closed) return;
          if (error instanceof AccessDeniedError || error instanceof InvalidArgumentError) throw error;
          logger.warn(`$all subscription dropped after position ${this.last ?? 'start'}; resubscribing: ${describe(error)}`);
        } finally {
          this.current = undefined;
          await subscription.unsubscribe().catch(ignore);
        }
        failures += 1;
        await this.pause(backoff(failures));
      }
    } finally {
      this.onClosed(this);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

interface HistoryHead {
  revision: bigint | typeof NO_STREAM;
  /** Position of the original event the last link points to; -1 for an empty history. */
  position: number;
}

/**
 * Builds the `client-history-{clientId}` streams: follows $all (without system events, hence
 * without its own links) from its checkpoint and, for every event whose metadata names a client,
 * appends a link (`$>`, `{revision}@{stream}`) to that client's history. The originals stay the
 * source; the history is an index, rebuilt by deleting the streams and the checkpoint.
 *
 * Idempotent under restarts and concurrent linkers (one per app instance): each link is appended at
 * the history's expected revision only if the history's last link points before the event; a lost
 * race re-reads that head. The link id, derived from the original, is a second guard. So the
 * checkpoint only bounds how far back a restart re-reads $all, and is saved every few seconds.
 */
class ClientHistoryLinker {
  /** Every event at or before this position has been linked. */
  completeUpTo: number;
  private from: ReadPosition;
  private savedUpTo: number;
  private readonly heads = new Map<string, HistoryHead>();
  private current: AllStreamSubscription | undefined;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private stopped = false;
  private wake: (() => void) | undefined;

  private constructor(
    private readonly client: EventStoreDBClient,
    checkpoint: Position | undefined,
  ) {
    this.from = checkpoint ?? START;
    this.completeUpTo = checkpoint ? Number(checkpoint.commit) : 0;
    this.savedUpTo = this.completeUpTo;
  }

  static async load(client: EventStoreDBClient): Promise<ClientHistoryLinker> {
    const [last] = await readStreamPage(client, LINKER_CHECKPOINT_STREAM, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    const checkpoint = last?.event ? parseCheckpoint(last.event.data) : undefined;
    if (!last) {
      // Only the latest checkpoint matters; best effort, as it needs the right to write stream metadata.
      await client.setStreamMetadata(LINKER_CHECKPOINT_STREAM, { maxCount: 1 }).catch((error: unknown) => {
        logger.warn(`could not cap ${LINKER_CHECKPOINT_STREAM} to one event: ${describe(error)}`);
      });
    }
    return new ClientHistoryLinker(client, checkpoint);
  }

  start(): void {
    this.loop = this.run();
    this.timer = setInterval(() => void this.saveCheckpoint(), LINKER_CHECKPOINT_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.wake?.();
    await this.current?.unsubscribe().catch(ignore);
    await this.loop;
    await this.saveCheckpoint();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const subscription = this.client.subscribeToAll({ fromPosition: this.from, filter: excludeSystemEvents() });
      subscription.on('error', ignore);
      this.current = subscription;
      try {
        for await (const { event } of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          if (this.stopped) break;
          if (!event) continue;
          const position = Number(event.position.commit);
          if (position <= this.completeUpTo) continue; // no event sits at 0: the log opens with an epoch record
          await this.link(event, position);
          this.completeUpTo = position;
          this.from = event.position;
          failures = 0;
        }
        if (this.stopped) break;
        logger.warn(`client-history linker: subscription ended at position ${this.completeUpTo}; resubscribing`);
      } catch (error) {
        if (this.stopped) break;
        logger.warn(`client-history linker stopped at position ${this.completeUpTo}; retrying: ${describe(error)}`);
      } finally {
        this.current = undefined;
        await subscription.unsubscribe().catch(ignore);
      }
      failures += 1;
      await this.pause(backoff(failures));
    }
  }

  private async link(event: EsdbRecord, position: number): Promise<void> {
    const clientId = clientIdOf(event.metadata);
    if (!clientId || event.streamId.startsWith(HISTORY_STREAM_PREFIX) || isSystemType(event.type)) return;
    const stream = historyStream(clientId);
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(stream);
      if (head.position >= position) return; // linked already, by an earlier run or another instance
      try {
        const result = await this.client.appendToStream(
          stream,
          binaryEvent({
            id: linkId(clientId, event.streamId, event.id),
            type: LINK_EVENT_TYPE,
            data: Buffer.from(`${event.revision}@${event.streamId}`, 'utf8'),
            metadata: { $causedBy: event.id, position },
          }),
          { expectedRevision: head.revision },
        );
        this.heads.delete(stream);
        if (!result.success) throw new WrongExpectedVersionError(undefined, { streamName: stream, expected: head.revision, current: NO_STREAM });
        this.remember(stream, { revision: result.nextExpectedRevision, position });
        return;
      } catch (error) {
        this.heads.delete(stream);
        if (error instanceof StreamDeletedError) {
          logger.warn(`history ${stream} is deleted: ${event.streamId}@${event.revision} not linked`);
          return;
        }
        if (!(error instanceof WrongExpectedVersionError) || attempt >= 5) throw error;
      }
    }
  }

  private async head(stream: string): Promise<HistoryHead> {
    const cached = this.heads.get(stream);
    if (cached) return cached;
    const [last] = await readStreamPage(this.client, stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1, resolveLinkTos: true });
    const record = last && (last.link ?? last.event);
    const head: HistoryHead = record
      ? { revision: record.revision, position: linkedPosition(last.link?.metadata) ?? (last.event && positionOf(last.event)) ?? -1 }
      : { revision: NO_STREAM, position: -1 };
    this.remember(stream, head);
    return head;
  }

  private remember(stream: string, head: HistoryHead): void {
    if (this.heads.size >= HISTORY_HEAD_CACHE_SIZE) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
    this.heads.set(stream, head);
  }

  private saveCheckpoint(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (this.completeUpTo <= this.savedUpTo || this.from === START || this.from === END) return;
      const upTo = this.completeUpTo;
      const { commit, prepare } = this.from;
      try {
        await this.client.appendToStream(
          LINKER_CHECKPOINT_STREAM,
          jsonEvent({ type: LINKER_CHECKPOINT_TYPE, data: { commit: commit.toString(), prepare: prepare.toString() } }),
        );
        this.savedUpTo = upTo;
      } catch (error) {
        logger.warn(`could not save the client-history linker checkpoint: ${describe(error)}`);
      }
    });
    return this.saving;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** One bounded read; an unknown stream reads as empty. */
async function readStreamPage(
  client: EventStoreDBClient,
  streamId: string,
  options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: ReadRevision; maxCount: number; resolveLinkTos?: boolean },
): Promise<ResolvedEvent[]> {
  try {
    return await collect(client.readStream(streamId, options));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

async function collect<T>(read: StreamingRead<T>): Promise<T[]> {
  read.on('error', ignore); // the iteration gets the error; this keeps a late one from crashing the process
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion },
  });
}

function toRecordedEvent(event: EsdbRecord, fallbackPosition?: number): RecordedEvent {
  const { [SCHEMA_VERSION_KEY]: schemaVersion, ...metadata } = isRecord(event.metadata) ? event.metadata : {};
  return {
    eventId: event.id,
    type: event.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: isRecord(event.data) ? event.data : { value: event.data },
    metadata: metadata as EventMetadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    // -1 only on servers older than 22.6, which give no position on stream reads.
    position: positionOf(event) ?? fallbackPosition ?? -1,
  };
}

function positionOf(event: EsdbRecord): number | undefined {
  const position = event.position;
  if (!position || position.commit === NO_POSITION) return undefined;
  return Number(position.commit);
}

function toReadPosition(after: number | undefined): ReadPosition {
  if (after === undefined) return START;
  if (!Number.isSafeInteger(after) || after < 0) throw new RangeError(`invalid position ${after}`);
  return { commit: BigInt(after), prepare: BigInt(after) };
}

function toBigRevision(revision: number): bigint {
  if (!Number.isSafeInteger(revision) || revision < 0) throw new RangeError(`invalid revision ${revision}`);
  return BigInt(revision);
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      // -1 is what "last revision of an empty stream" computes to.
      return expected === -1 ? NO_STREAM : toBigRevision(expected);
  }
}

function toPortRevision(actual: bigint | typeof NO_STREAM): number | 'no_stream' {
  return actual === NO_STREAM ? 'no_stream' : Number(actual);
}

function translate(error: unknown, operation: string): unknown {
  if (error instanceof EventStoreUnavailableError || !isUnavailable(error)) return error;
  return new EventStoreUnavailableError(`EventStoreDB unavailable (${operation}): ${describe(error)}`, error);
}

function isUnavailable(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError // the client reconnects to the leader on the next call
  ) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 14 || code === 4) return true; // raw gRPC UNAVAILABLE, DEADLINE_EXCEEDED
  return error instanceof Error && /Failed to discover|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH/i.test(error.message);
}

function historyStream(clientId: string): string {
  return `${HISTORY_STREAM_PREFIX}${clientId}`;
}

function clientIdOf(metadata: unknown): string | undefined {
  const clientId = isRecord(metadata) ? metadata.clientId : undefined;
  return typeof clientId === 'string' && clientId.length > 0 ? clientId : undefined;
}

function linkedPosition(linkMetadata: unknown): number | undefined {
  const position = isRecord(linkMetadata) ? linkMetadata.position : undefined;
  return typeof position === 'number' && Number.isFinite(position) ? position : undefined;
}

function parseCheckpoint(data: unknown): Position | undefined {
  if (!isRecord(data) || typeof data.commit !== 'string' || typeof data.prepare !== 'string') return undefined;
  try {
    return { commit: BigInt(data.commit), prepare: BigInt(data.prepare) };
  } catch {
    return undefined;
  }
}

/** UUID v5 of the original event within the client's history: replays write the same link id. */
function linkId(clientId: string, streamId: string, eventId: string): string {
  const namespace = Buffer.from(LINK_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(`${clientId}\u0000${streamId}\u0000${eventId}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isSystemType(type: string): boolean {
  return type.startsWith('$');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function backoff(failures: number): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(failures, 10));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

import { advanceDigest, emptyDigest, type HeadsDigest, SEAL_STREAM } from '../../src/audit/chain.js';
import { chained } from '../../src/event-store/command-executor.service.js';
import type { AppendResult, EventStore, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';

/** Where sealed events go to be chained and stored: in this thread (`LogWriter`) or in a worker (`WriterThread`). */
export interface LogSink {
  /** Queues the events (sealed) that follow `revision` of the stream. */
  append(streamId: string, revision: number, events: NewEvent[]): void;
  /** Resolves once what is queued is small enough for the simulation to go on. */
  keepUp(): Promise<void>;
  /** Stores everything queued, closes the log and resolves with its head position. */
  finish(): Promise<number>;
}

/**
 * Steps 8 and 9 of the `CommandExecutor`: each event chained to its stream's head (`chained`),
 * appended at the revision read. Appends are not awaited one by one: they queue in the store, and
 * draining lets its group commit write the whole queue in one transaction. Also keeps the digest
 * of every stream head, as `audit-heads-digest.v1` does, and puts it in each seal as the sealer
 * would read it there: the digest of the log up to the seal.
 */
export class LogWriter implements LogSink {
  private readonly hashes = new Map<string, string>();
  private pending: Promise<AppendResult>[] = [];
  private queued = 0;
  private appended = 0;
  private heads: HeadsDigest = emptyDigest();

  constructor(
    private readonly store: EventStore,
    /** Events per transaction: large enough to amortise the commit, small enough to bound memory. */
    private readonly batch = 10_000,
  ) {}

  append(streamId: string, revision: number, events: NewEvent[]): void {
    // `chained` reads only the hash of the stream's head: the hash kept here stands for that event.
    const prevHash = this.hashes.get(streamId);
    const head = prevHash ? ({ metadata: { hash: prevHash } } as unknown as RecordedEvent) : undefined;
    const linked = chained(streamId, revision, head, streamId === SEAL_STREAM ? events.map((e) => this.withDigest(e)) : events);
    this.pending.push(this.store.appendToStream(streamId, linked, revision === -1 ? 'no_stream' : revision));
    this.queued += linked.length;
    if (streamId !== SEAL_STREAM) {
      linked.forEach((event, i) => {
        const { hash, prevHash: previous } = event.metadata;
        this.heads = advanceDigest(this.heads, { streamId, revision: revision + 1 + i, hash: String(hash), prevHash: String(previous) });
      });
    }
    this.hashes.set(streamId, String(linked[linked.length - 1].metadata.hash));
  }

  async keepUp(): Promise<void> {
    if (this.queued >= this.batch) await this.drain();
  }

  async finish(): Promise<number> {
    try {
      await this.drain();
      return await this.store.headPosition();
    } finally {
      await this.store.dispose();
    }
  }

  /** Commits what is queued (one transaction) and checks the log put the events where they were counted. */
  async drain(): Promise<void> {
    if (this.pending.length === 0) return;
    const results = await Promise.all(this.pending);
    this.appended += this.queued;
    this.pending = [];
    this.queued = 0;
    const last = results[results.length - 1].position;
    if (last !== this.appended) throw new Error(`The log put the last event at position ${last}, ${this.appended} expected: was the directory empty?`);
  }

  private withDigest(seal: NewEvent): NewEvent {
    return { ...seal, data: { ...seal.data, digest: this.heads } };
  }
}

import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port.js';
import type { Doc, ProjectionBatch, ReadStore } from '../read-store/read-store.port.js';
import type { Positioned, Projector } from './projector.js';

export interface ProjectionStatus {
  name: string;
  position: number;
  /** retrying: the read store refused a write (unreachable, full); the batch is tried again. */
  status: 'running' | 'halted' | 'retrying';
  error?: { position: number; eventId: string; type: string; message: string };
  storeError?: string;
}

interface Lane {
  projector: Projector;
  handles: { has(type: string): boolean };
  position: number;
  /** Position stored with the checkpoint; trails `position` over events the projector ignores. */
  stored: number;
  error?: ProjectionStatus['error'];
  /** Why the read store refused the last write, while the batch is being retried. */
  storeError?: string;
}

const MAX_BATCH = 1000;
/** Where a halted projector leaves its error, so API instances that do not run projectors can show it. */
const STATUS_COLLECTION = '_projection_status';
/** Irrelevant events move the stored checkpoint only this often: skipping them again costs nothing. */
const IDLE_CHECKPOINT_EVERY = 5000;

/**
 * Feeds every projector from one subscription to the log, in batches: each projector's documents
 * and checkpoint are committed together. A projector that throws halts on that event (its
 * checkpoint stays before it, the error shows in /health); the others go on.
 */
export class ProjectionRunner {
  private readonly lanes: Lane[];
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private batch: RecordedEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private waiters: { position: number; names?: Set<string>; resolve: () => void }[] = [];
  private following?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    projectors: Projector[],
  ) {
    this.lanes = projectors.map((projector) => ({
      projector,
      handles: projector.handles === '*' ? { has: () => true } : new Set(projector.handles),
      position: 0,
      stored: 0,
    }));
  }

  async start(): Promise<void> {
    for (const lane of this.lanes) {
      lane.position = lane.stored = await this.reads.checkpoint(lane.projector.name);
      // A new projector name (a changed rule) starts from an empty collection.
      if (lane.position === 0) await this.reads.reset(lane.projector.name, [lane.projector.collection]);
    }
    // A restarted projector tries its failing event again: the old error is cleared until it fails anew.
    await this.clearHalts();
    const from = Math.min(...this.lanes.map((l) => l.position));
    this.subscription = this.events.subscribeToAll({ after: from });
    this.loop = this.consume(this.subscription);
  }

  private async consume(subscription: Subscription): Promise<void> {
    for await (const event of subscription) {
      this.batch.push(event);
      if (this.batch.length >= MAX_BATCH) await this.flush();
      else this.queueFlush();
    }
    await this.flush();
  }

  /** Events already available arrive before setImmediate fires, so they share one batch. */
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.batch;
      this.batch = [];
      if (batch.length) await this.applyUntilStored(batch);
      this.wakeWaiters();
    });
    return this.flushing;
  }

  /**
   * Every projector's documents and checkpoint for the batch are stored together (one
   * transaction embedded). A read store that refuses the write (MongoDB down, disk full) must
   * not end the process: the batch is staged and stored again, with a growing pause, until it
   * is; /health shows it meanwhile.
   */
  private async applyUntilStored(batch: RecordedEvent[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const outcomes = await Promise.all(this.lanes.map((lane) => this.stage(lane, batch)));
        const writes = outcomes.flatMap((o) => (o.write ? [o.write] : []));
        if (writes.length) await this.reads.commitAll(writes);
        for (const { lane, last, write, error } of outcomes) {
          lane.position = last;
          if (write) lane.stored = last;
          if (error) lane.error = error;
          lane.storeError = undefined;
        }
        return;
      } catch (error) {
        for (const lane of this.lanes) lane.storeError = (error as Error).message;
        if (this.stopping) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 50 * 2 ** attempt)));
      }
    }
  }

  /** What one projector makes of the batch: its new position, and the write to store if any. */
  private async stage(lane: Lane, batch: RecordedEvent[]): Promise<{ lane: Lane; last: number; write?: ProjectionBatch; error?: Lane['error'] }> {
    if (lane.error) return { lane, last: lane.position };
    const { projector } = lane;
    const staged = new Map<string, (Doc & Positioned) | null>();
    let last = lane.position;
    let error: Lane['error'];
    for (const event of batch) {
      if (event.position <= lane.position) continue;
      if (lane.handles.has(event.type)) {
        try {
          for (const id of projector.documentIds(event)) {
            const doc = staged.has(id) ? staged.get(id)! : ((await this.reads.get(projector.collection, id)) as (Doc & Positioned) | null);
            // A batch replayed after a crash between a document write and its checkpoint applies nothing twice.
            if (doc?._position !== undefined && doc._position >= event.position) continue;
            const next = projector.evolve(doc, event);
            staged.set(id, next ? { ...next, _id: id, _position: event.position } : null);
          }
        } catch (failure) {
          error = { position: event.position, eventId: event.eventId, type: event.type, message: (failure as Error).message };
          break;
        }
      }
      last = event.position;
    }
    if (last === lane.position && !error) return { lane, last };
    if (staged.size === 0 && last - lane.stored < IDLE_CHECKPOINT_EVERY && !error) return { lane, last };
    const upserts: { collection: string; doc: Doc }[] = [];
    const deletes: { collection: string; id: string }[] = [];
    for (const [id, doc] of staged) {
      if (doc) upserts.push({ collection: projector.collection, doc });
      else deletes.push({ collection: projector.collection, id });
    }
    if (error) upserts.push({ collection: STATUS_COLLECTION, doc: { _id: projector.name, error } });
    return { lane, last, error, write: { projection: projector.name, checkpoint: last, upserts, deletes } };
  }

  /** Resolves once the named projections (all when none named) have processed `position`, or after `timeoutMs`. */
  async waitFor(position: number, names?: string[], timeoutMs = 2000): Promise<boolean> {
    const wanted = names ? new Set(names) : undefined;
    if (this.reached(position, wanted)) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        position,
        names: wanted,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private reached(position: number, names?: Set<string>): boolean {
    return this.lanes.filter((l) => !names || names.has(l.projector.name)).every((l) => l.position >= position);
  }

  private wakeWaiters(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!this.reached(w.position, w.names)) return true;
      w.resolve();
      return false;
    });
  }

  status(): ProjectionStatus[] {
    return this.lanes.map((l) => ({
      name: l.projector.name,
      position: l.position,
      status: l.error ? 'halted' : l.storeError ? 'retrying' : 'running',
      ...(l.error ? { error: l.error } : {}),
      ...(l.storeError && !l.error ? { storeError: l.storeError } : {}),
    }));
  }

  private clearHalts(): Promise<void> {
    const deletes = this.lanes.map((l) => ({ collection: STATUS_COLLECTION, id: l.projector.name }));
    return this.reads.commit({ projection: STATUS_COLLECTION, checkpoint: 0, upserts: [], deletes });
  }

  /**
   * For an API instance whose projectors run in another process (`npm run projector`): positions
   * and halts are read from the read store, so `minPosition` and /health still tell the truth.
   */
  follow(intervalMs = 25): void {
    const poll = async () => {
      for (const lane of this.lanes) {
        lane.position = lane.stored = await this.reads.checkpoint(lane.projector.name);
        lane.error = ((await this.reads.get(STATUS_COLLECTION, lane.projector.name))?.error as Lane['error']) ?? undefined;
      }
      this.wakeWaiters();
    };
    this.following = setInterval(() => void poll().catch(() => undefined), intervalMs).unref();
    void poll();
  }

  /** Processes the log up to its current head, then stops: what a rebuild runs. */
  async runToHead(): Promise<void> {
    const head = await this.events.headPosition();
    await this.start();
    const lanesDone = () => this.lanes.every((l) => l.error || l.position >= head);
    while (!lanesDone()) await this.waitFor(head, undefined, 1000);
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.following);
    if (!this.subscription) return;
    await this.subscription.close();
    await this.loop;
    await this.flushing;
    // Ignored events may have advanced positions past the stored checkpoints.
    await Promise.all(
      this.lanes
        .filter((l) => l.position > l.stored)
        .map(async (l) => {
          await this.reads.commit({ projection: l.projector.name, checkpoint: l.position, upserts: [], deletes: [] });
          l.stored = l.position;
        }),
    );
  }

  /** Drops every projector's documents and checkpoint: they are rebuilt from the log on the next start. */
  async reset(): Promise<void> {
    for (const lane of this.lanes) {
      await this.reads.reset(lane.projector.name, [lane.projector.collection]);
      lane.position = lane.stored = 0;
      lane.error = undefined;
    }
    await this.clearHalts();
  }
}

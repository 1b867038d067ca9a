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

type Staged = (Doc & Positioned) | null;

interface Lane {
  projector: Projector;
  handles: { has(type: string): boolean };
  /** Committed: the documents and checkpoint in the read store account for the events up to here. */
  position: number;
  /** Position stored with the checkpoint; trails `position` over events the projector ignores. */
  stored: number;
  error?: ProjectionStatus['error'];
  /** Why the read store refused the last write, while the batch is being retried. */
  storeError?: string;
  /** Applied since the last commit, not stored yet: documents (null: removed) and totals, by id. */
  staged: Map<string, Staged>;
  stagedTotals: Map<string, Doc & Positioned>;
  /** The totals as stored (the runner is their only writer), loaded on the lane's first batch. */
  totals?: Map<string, Doc & Positioned>;
  /**
   * The documents whose change is not counted in the totals yet: their version before it, and the
   * position of their last event. A document is moved in its totals once per commit, from its
   * version before to its last one.
   */
  uncounted: Map<string, { before: Staged; position: number }>;
  /**
   * Up to here some stored totals already count the events (a store that wrote them before a
   * crash cut their batch short): these events are counted one by one, skipped where counted.
   */
  countedUpTo: number;
  /** The position the staged work accounts for (≥ position). */
  staging: number;
  /** The event the projector refused while staging: stored (and the lane halted) with the next commit. */
  failure?: ProjectionStatus['error'];
}

/** Events per batch while following the log: one read-model transaction each. */
const MAX_BATCH = 1000;
/**
 * Catching up (a rebuild, a start behind the log), the events are read a page at a time and
 * applied to documents held in memory, committed once a window of events is applied: the first
 * windows are MAX_BATCH events (a short log commits as often as a live one does), the next ones up
 * to CATCH_UP_WINDOW. A document is written once per window it changed in, not once per thousand
 * events: what makes a rebuild fast, as most documents change all along the log. A crash replays
 * at most one window; the documents staged meanwhile are what the read models hold at the end.
 */
const SHORT_WINDOWS = 8;
const CATCH_UP_WINDOW = 1_000_000;
/** Events read from the log at a time while catching up. */
const CATCH_UP_PAGE = 500;
/** Where a halted projector leaves its error, so API instances that do not run projectors can show it. */
const STATUS_COLLECTION = '_projection_status';
/** Irrelevant events move the stored checkpoint only this often: skipping them again costs nothing. */
const IDLE_CHECKPOINT_EVERY = 5000;
const NONE: readonly string[] = [];
/** Beside a projector's halt in STATUS_COLLECTION: the version its documents were built by (none: 1). */
const versionId = (name: string) => `${name}#version`;

/**
 * Feeds every projector from the log, in batches: each projector's documents and checkpoint are
 * committed together. A projector that throws halts on that event (its checkpoint stays before it,
 * the error shows in /health); the others go on.
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
      staged: new Map(),
      stagedTotals: new Map(),
      uncounted: new Map(),
      countedUpTo: 0,
      staging: 0,
    }));
  }

  async start(): Promise<void> {
    for (const lane of this.lanes) {
      lane.position = lane.stored = lane.staging = await this.reads.checkpoint(lane.projector.name);
      // A new projector name (a changed rule) or version starts from an empty collection.
      if (lane.position === 0 || (await this.builtVersion(lane)) !== (lane.projector.version ?? 1)) await this.resetLane(lane);
    }
    // A restarted projector tries its failing event again: the old error is cleared until it fails anew.
    await this.clearHalts();
    const from = Math.min(...this.lanes.map((l) => l.position));
    this.loop = this.consume(from);
  }

  /** Catches up with the log page by page, then follows it live. */
  private async consume(from: number): Promise<void> {
    const after = await this.catchUp(from);
    // stop() may have come while catching up: then there is nothing to follow.
    if (this.stopping) return;
    const subscription = this.events.subscribeToAll({ after });
    this.subscription = subscription;
    for await (const event of subscription) {
      this.batch.push(event);
      if (this.batch.length >= MAX_BATCH) await this.flush();
      else this.queueFlush();
    }
    await this.flush();
  }

  /**
   * The events already in the log, read a page at a time (no per-event round trip through the
   * subscription) and committed a window at a time. Returns the position of the last event read; a
   * page shorter than asked means the head was reached.
   */
  private async catchUp(after: number): Promise<number> {
    let window = MAX_BATCH;
    let windows = 0;
    let pending = 0;
    while (!this.stopping) {
      const asked = Math.min(window - pending, CATCH_UP_PAGE);
      const page = await this.events.readAll({ after, maxCount: asked });
      if (page.length === 0) break;
      await this.stageAll(page);
      pending += page.length;
      after = page[page.length - 1].position;
      if (pending >= window) {
        await this.commitStaged();
        pending = 0;
        windows += 1;
        if (windows >= SHORT_WINDOWS) window = CATCH_UP_WINDOW;
      }
      if (page.length < asked) break;
    }
    await this.commitStaged();
    return after;
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
      if (batch.length) {
        await this.stageAll(batch);
        await this.commitStaged();
      }
      this.wakeWaiters();
    });
    return this.flushing;
  }

  /**
   * Every projector's documents and checkpoint are stored together (one transaction embedded). A
   * read store that refuses the write (MongoDB down, disk full) must not end the process: the
   * staged work is kept and stored again, with a growing pause, until it is; /health shows it
   * meanwhile.
   */
  private async commitStaged(): Promise<void> {
    for (const lane of this.lanes) this.countStaged(lane);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const writes = this.lanes.map((lane) => ({ lane, write: this.writeOf(lane) }));
        const batches = writes.flatMap(({ write }) => (write ? [write] : []));
        if (batches.length) await this.reads.commitAll(batches);
        for (const { lane, write } of writes) {
          lane.position = lane.staging;
          if (write) lane.stored = lane.staging;
          if (lane.failure) lane.error = lane.failure;
          lane.failure = undefined;
          for (const [id, total] of lane.stagedTotals) lane.totals!.set(id, total);
          lane.staged = new Map();
          lane.stagedTotals = new Map();
          lane.storeError = undefined;
        }
        this.wakeWaiters();
        return;
      } catch (error) {
        for (const lane of this.lanes) lane.storeError = (error as Error).message;
        if (this.stopping) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 50 * 2 ** attempt)));
      }
    }
  }

  /** The write that stores a lane's staged work with its checkpoint, if it needs one now. */
  private writeOf(lane: Lane): ProjectionBatch | undefined {
    const { projector } = lane;
    if (lane.staging === lane.position && !lane.failure) return undefined;
    if (lane.staged.size === 0 && lane.stagedTotals.size === 0 && lane.staging - lane.stored < IDLE_CHECKPOINT_EVERY && !lane.failure) return undefined;
    const upserts: { collection: string; doc: Doc }[] = [];
    const deletes: { collection: string; id: string }[] = [];
    // Totals first: a store that writes a batch in several steps (MongoDB without a transaction)
    // stores them before the documents, so a document found already stored on a replay has its
    // change counted in the totals too (both guarded by `_position`).
    for (const total of lane.stagedTotals.values()) upserts.push({ collection: projector.totals!.collection, doc: total });
    for (const [id, doc] of lane.staged) {
      if (doc) upserts.push({ collection: projector.collection, doc });
      else deletes.push({ collection: projector.collection, id });
    }
    if (lane.failure) upserts.push({ collection: STATUS_COLLECTION, doc: { _id: projector.name, error: lane.failure } });
    // The first write since the collections were emptied says which version builds them.
    if (lane.stored === 0 && (projector.version ?? 1) !== 1) upserts.push({ collection: STATUS_COLLECTION, doc: { _id: versionId(projector.name), version: projector.version } });
    return { projection: projector.name, checkpoint: lane.staging, upserts, deletes };
  }

  private async stageAll(batch: RecordedEvent[]): Promise<void> {
    await Promise.all(this.lanes.map((lane) => this.stage(lane, batch)));
  }

  /** Applies the batch to the lane's staged documents (and totals), up to an event the projector refuses. */
  private async stage(lane: Lane, batch: RecordedEvent[]): Promise<void> {
    if (lane.error || lane.failure) return;
    const { projector } = lane;
    // First the documents the batch touches, read together (one round trip, not one per event)…
    const steps: { event: RecordedEvent; ids: readonly string[]; failure?: unknown }[] = [];
    const wanted = new Set<string>();
    for (const event of batch) {
      if (event.position <= lane.staging) continue;
      if (!lane.handles.has(event.type)) {
        steps.push({ event, ids: NONE });
        continue;
      }
      try {
        const ids = projector.documentIds(event);
        for (const id of ids) if (!lane.staged.has(id)) wanted.add(id);
        steps.push({ event, ids });
      } catch (failure) {
        steps.push({ event, ids: NONE, failure });
        break;
      }
    }
    if (steps.length === 0) return;
    const stored = await this.documents(projector.collection, wanted);
    if (projector.totals && !lane.totals) {
      lane.totals = await this.storedTotals(projector.totals.collection);
      lane.countedUpTo = Math.max(0, ...[...lane.totals.values()].map((t) => t._position ?? 0));
    }
    // …then every event applied in order, without awaiting anything.
    for (const { event, ids, failure } of steps) {
      try {
        if (failure) throw failure;
        for (const id of ids) {
          const doc = lane.staged.has(id) ? lane.staged.get(id)! : ((stored.get(id) ?? null) as Staged);
          // A batch replayed after a crash between a document write and its checkpoint applies nothing twice.
          if (doc?._position !== undefined && doc._position >= event.position) continue;
          // Projectors are pure: they return a new document and leave `doc` (the store's own) as it is.
          const next = projector.evolve(doc, event);
          const staged = next ? { ...next, _id: id, _position: event.position } : null;
          if (projector.totals) {
            if (event.position <= lane.countedUpTo) this.count(lane, doc, staged, event.position);
            else {
              const uncounted = lane.uncounted.get(id);
              if (uncounted) uncounted.position = event.position;
              else lane.uncounted.set(id, { before: doc, position: event.position });
            }
          }
          lane.staged.set(id, staged);
        }
      } catch (thrown) {
        lane.failure = { position: event.position, eventId: event.eventId, type: event.type, message: (thrown as Error).message };
        return;
      }
      lane.staging = event.position;
    }
  }

  /** Counts the documents changed since the last commit in the totals, before they are stored. */
  private countStaged(lane: Lane): void {
    // Never counted (they come after `countedUpTo`): no total may skip them.
    for (const [id, { before, position }] of lane.uncounted) this.count(lane, before, lane.staged.get(id) ?? null, position, false);
    lane.uncounted = new Map();
  }

  /**
   * Moves a changed document from the totals its old version counted in to those of its new
   * version. A total's `_position` is the last event of any of its documents: the same however the
   * events were batched, as a rebuild must give the very documents the live runner stored.
   */
  private count(lane: Lane, before: Staged, after: Staged, position: number, guarded = true): void {
    const totals = lane.projector.totals!;
    const out = before ? totals.keysOf(before) : NONE;
    const into = after ? totals.keysOf(after) : NONE;
    for (const key of out.length === 1 && into.length === 1 && out[0] === into[0] ? out : new Set([...out, ...into])) {
      const total = lane.stagedTotals.get(key) ?? lane.totals!.get(key) ?? null;
      // Already counted: stored before a crash cut the rest of its batch short.
      if (guarded && total?._position !== undefined && total._position >= position) continue;
      const moved = (totals.move(total, key, out.includes(key) ? before : null, into.includes(key) ? after : null) as (Doc & Positioned) | null) ?? total;
      if (!moved) continue;
      const at = Math.max(total?._position ?? 0, position);
      if (moved === total && at === total._position) continue;
      lane.stagedTotals.set(key, { ...moved, _id: key, _position: at });
    }
  }

  /** The stored documents among `ids`: in one call when the store can, else one by one. */
  private async documents(collection: string, ids: Set<string>): Promise<Map<string, Doc>> {
    if (ids.size === 0) return new Map();
    if (this.reads.getMany) return this.reads.getMany(collection, [...ids]);
    const found = new Map<string, Doc>();
    for (const id of ids) {
      const doc = await this.reads.get(collection, id);
      if (doc) found.set(id, doc);
    }
    return found;
  }

  private async storedTotals(collection: string): Promise<Map<string, Doc & Positioned>> {
    return new Map((await this.reads.find(collection)).map((doc) => [doc._id, doc]));
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

  private async builtVersion(lane: Lane): Promise<number> {
    const marker = await this.reads.get(STATUS_COLLECTION, versionId(lane.projector.name));
    return typeof marker?.version === 'number' ? marker.version : 1;
  }

  /** Empties a projector's collections and checkpoint (its first write notes the version it is rebuilt by, when not 1). */
  private async resetLane(lane: Lane): Promise<void> {
    const { projector } = lane;
    await this.reads.reset(projector.name, projector.totals ? [projector.collection, projector.totals.collection] : [projector.collection]);
    // Back to version 1 (no note): an older note goes.
    if ((projector.version ?? 1) === 1 && (await this.builtVersion(lane)) !== 1) {
      await this.reads.commit({ projection: projector.name, checkpoint: 0, upserts: [], deletes: [{ collection: STATUS_COLLECTION, id: versionId(projector.name) }] });
    }
    lane.position = lane.stored = lane.staging = 0;
    lane.error = lane.failure = undefined;
    lane.staged = new Map();
    lane.stagedTotals = new Map();
    lane.uncounted = new Map();
    lane.countedUpTo = 0;
    lane.totals = undefined;
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
    if (!this.loop) return;
    await this.subscription?.close();
    await this.loop;
    await this.flushing;
    // Ignored events may have advanced positions past the stored checkpoints.
    await Promise.all(
      this.lanes
        .filter((l) => l.position > l.stored)
        .map(async (l) => {
          const version = l.projector.version ?? 1;
          const marker = l.stored === 0 && version !== 1 ? [{ collection: STATUS_COLLECTION, doc: { _id: versionId(l.projector.name), version } }] : [];
          await this.reads.commit({ projection: l.projector.name, checkpoint: l.position, upserts: marker, deletes: [] });
          l.stored = l.position;
        }),
    );
  }

  /** Drops every projector's documents and checkpoint: they are rebuilt from the log on the next start. */
  async reset(): Promise<void> {
    for (const lane of this.lanes) await this.resetLane(lane);
    await this.clearHalts();
  }
}

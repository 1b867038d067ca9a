import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. SQLite's auto-checkpoint runs inside whichever `COMMIT`
 * crosses 1,000 WAL pages: the page copying and two fsyncs then stall the event loop (the trace in
 * docs/performance.md). `SqliteCheckpointer.start(db)` turns it off on `db` (`wal_autocheckpoint=0`)
 * and checkpoints from a worker thread holding its own connection to the same file (one worker
 * thread per process, whatever the number of files: each `start` adds its file to it):
 *
 * - **when**: the worker looks at the WAL file every `pollMs` (how long it is: see `WORKER_SOURCE`;
 *   never at the `-shm` file, whose locks a mere read would release); once `thresholdFrames` frames
 *   are not yet in the database file it runs `PRAGMA wal_checkpoint(PASSIVE)`, and keeps a long WAL checkpointed
 *   until a writer starts it again from its beginning (SQLite does so when a write transaction
 *   begins with every frame checkpointed). After `idleMs` without a commit it checkpoints what is
 *   left and truncates the WAL file (`TRUNCATE`), so the file does not stay large.
 * - **a writer that never pauses** (commits back to back, e.g. a bulk load) leaves the worker no
 *   moment to catch up, and the WAL would grow as long as it writes. Past `restartFrames` the worker
 *   asks the writer's thread to checkpoint the few frames committed since its own pass (one small
 *   PASSIVE between two tasks of the event loop, never inside a transaction): the next write
 *   transaction then starts the WAL again. `stats.assists` counts them; a service with any pause
 *   between its commits needs none.
 * - **never in the writers' way**: PASSIVE takes no lock a writer or reader waits for. TRUNCATE needs
 *   the write lock: it runs only when the log has been idle and everything is checkpointed, with
 *   `busy_timeout=0` (it gives up at once rather than wait), and holds the lock for one `ftruncate`
 *   (a commit slipping in between the look and the TRUNCATE is copied under the lock first; a writer
 *   then waits for it in its `busy_timeout`, it does not fail). A failed checkpoint is counted and
 *   tried again later; it never touches a commit.
 * - **durability unchanged**: a commit is durable once its WAL frames are fsynced (`synchronous=FULL`
 *   on the writer). A checkpoint only copies committed frames into the database file; the worker's
 *   connection (`synchronous=FULL`) fsyncs the WAL before and the database file after, before SQLite
 *   lets a writer reuse the WAL: what the auto-checkpoint did, in another thread.
 * - **lifetime**: the worker is `unref`'d (it never keeps a process alive). `dispose()` closes the
 *   worker's connection to the file (if it is the file's last, SQLite's final checkpoint and the
 *   removal of the WAL run in the worker); the worker ends with the last file. The writer's
 *   connection may be closed first. If the worker cannot open the file, or dies, the writer's
 *   auto-checkpoint is switched back on.
 *
 * The worker's code is a string (`eval`), CommonJS, loading better-sqlite3 from the path this module
 * resolves: it runs the same from `dist/` and from TypeScript sources under jest.
 *
 * Applying it to a store's write connection (after `journal_mode = WAL`):
 *
 *     this.checkpoints = SqliteCheckpointer.start(this.db);      // constructor
 *     this.db.close(); await this.checkpoints.dispose();         // dispose()
 */
export interface CheckpointerOptions {
  /** Checkpoint once this many WAL frames (pages) are not in the database file yet. Default 1000, SQLite's own threshold. */
  thresholdFrames?: number;
  /**
   * Past this many frames, a WAL that has not started again from its beginning gets help from the
   * writer's thread (below). Default 4 × `thresholdFrames`.
   */
  restartFrames?: number;
  /** How often the worker looks at the WAL file (its header and a dozen frame headers). Default 20 ms; ten times less once idle. */
  pollMs?: number;
  /** Without a commit for this long, the rest of the WAL is checkpointed and the WAL file truncated. Default 5000 ms. */
  idleMs?: number;
}

export interface CheckpointerStats {
  /** The worker has its connection open and the writer's auto-checkpoint is off. */
  running: boolean;
  /** Checkpoints run (PASSIVE and TRUNCATE), and how many of them another checkpointer or a writer made give up. */
  checkpoints: number;
  busy: number;
  /** WAL frames copied into the database file. */
  framesCopied: number;
  /** Times the WAL file was truncated to zero. */
  truncations: number;
  /** Times the WAL was seen starting again from its beginning (its frame count went down). */
  restarts: number;
  /** Checkpoints of the last few frames run on the writer's thread so that the WAL could start again (see `restartFrames`). */
  assists: number;
  errors: number;
  lastError?: string;
}

/** What `PRAGMA wal_checkpoint` answers: busy 1 when it could not finish; frames in the WAL; frames in the database file. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

const requireHere = createRequire(import.meta.url);
let driverPath: string | undefined;
/** How long `dispose()` waits for the worker to close the file's connection before terminating the worker. */
const STOP_TIMEOUT_MS = 10_000;

interface WorkerMessage {
  type: 'ready' | 'stats' | 'checkpointed' | 'failed' | 'assist' | 'removed';
  id: number;
  request?: number;
  result?: CheckpointResult;
  error?: string;
  stats?: Partial<CheckpointerStats>;
}

/**
 * The process's checkpoint worker and the files it serves. It starts with the first file and is
 * told to end with the last; a file added meanwhile gets a new worker.
 */
class CheckpointWorker {
  private static current?: CheckpointWorker;
  private readonly members = new Map<number, SqliteCheckpointer>();
  private nextId = 0;
  /** Replies awaited (removals, checkpoints): the worker is kept referenced meanwhile, so that a process ending waits for them. */
  private awaited = 0;
  private ended = false;
  readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (message: WorkerMessage) => this.members.get(message.id)?.receive(message));
    worker.on('error', (error) => this.end(error));
    this.exited = new Promise((done) => worker.once('exit', (code) => (this.end(new Error(`the checkpoint worker stopped (exit code ${code})`)), done())));
  }

  static join(member: SqliteCheckpointer, config: object): { worker: CheckpointWorker; id: number } {
    let shared = CheckpointWorker.current;
    if (!shared) {
      shared = new CheckpointWorker(new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: (driverPath ??= requireHere.resolve('better-sqlite3')) }, execArgv: [] }));
      CheckpointWorker.current = shared;
    }
    const id = (shared.nextId += 1);
    shared.members.set(id, member);
    shared.worker.postMessage({ type: 'add', id, config });
    return { worker: shared, id };
  }

  /** Sends a message that is answered; the worker stays referenced until `settled` is called. */
  ask(message: object): { settled: () => void } {
    if (this.awaited++ === 0) this.worker.ref();
    this.worker.postMessage(message);
    let once = false;
    return {
      settled: () => {
        if (once) return;
        once = true;
        if (--this.awaited === 0 && !this.ended) this.worker.unref();
      },
    };
  }

  /** The file's connection is closed (`removed`). The worker is told to end if it was the last: true then. */
  leave(id: number): boolean {
    this.members.delete(id);
    if (this.members.size > 0 || this.ended) return false;
    if (CheckpointWorker.current === this) CheckpointWorker.current = undefined;
    // Referenced until it has ended: a process awaiting the last dispose() does not end before.
    this.worker.ref();
    this.worker.postMessage({ type: 'stop' });
    return true;
  }

  /** Ends the worker without waiting for it (a removal that did not answer in time). */
  terminate(): void {
    void this.worker.terminate();
  }

  private end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (CheckpointWorker.current === this) CheckpointWorker.current = undefined;
    for (const member of this.members.values()) member.workerEnded(error);
    this.members.clear();
  }

  get running(): boolean {
    return !this.ended;
  }
}

export class SqliteCheckpointer {
  private shared?: { worker: CheckpointWorker; id: number };
  /** As the worker last reported them. */
  private fromWorker: Partial<CheckpointerStats> = {};
  /** Kept on this side: whether the worker serves the file, the assists, and the failures seen here. */
  private readonly local = { running: false, assists: 0, errors: 0, lastError: undefined as string | undefined };
  /** The writer's auto-checkpoint is off and the worker is (about to be) in charge. */
  private started = false;
  private readonly requests = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void; settled: () => void }>();
  private nextRequest = 0;
  private previousAutocheckpoint = 1000;
  private removed?: () => void;
  private stopping?: Promise<void>;

  /**
   * Background checkpoints for `db`, a read-write connection in WAL mode. On anything else (in
   * memory, read-only, another journal mode) it does nothing: SQLite's behaviour stays as it is.
   */
  static start(db: Database.Database, options: CheckpointerOptions = {}): SqliteCheckpointer {
    return new SqliteCheckpointer(db, options);
  }

  private constructor(
    private readonly db: Database.Database,
    options: CheckpointerOptions,
  ) {
    if (!db.open || db.memory || db.readonly) return;
    if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return;
    const thresholdFrames = options.thresholdFrames ?? 1000;
    const config = {
      file: resolve(db.name),
      thresholdFrames,
      restartFrames: options.restartFrames ?? 4 * thresholdFrames,
      pollMs: options.pollMs ?? 20,
      idleMs: options.idleMs ?? 5000,
    };
    try {
      this.shared = CheckpointWorker.join(this, config);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.previousAutocheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }));
    db.pragma('wal_autocheckpoint = 0');
    this.started = true;
  }

  /** The counters, as of the worker's last report. */
  get stats(): CheckpointerStats {
    const w = this.fromWorker;
    return {
      running: this.local.running,
      checkpoints: w.checkpoints ?? 0,
      busy: w.busy ?? 0,
      framesCopied: w.framesCopied ?? 0,
      truncations: w.truncations ?? 0,
      restarts: w.restarts ?? 0,
      assists: this.local.assists,
      errors: (w.errors ?? 0) + this.local.errors,
      lastError: this.local.lastError ?? w.lastError,
    };
  }

  /** Runs one checkpoint of the file in the worker now (tests, tools); `TRUNCATE` with `busy_timeout=0` never waits. */
  checkpointNow(mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): Promise<CheckpointResult> {
    const shared = this.shared;
    if (!shared || this.stopping || !this.started) return Promise.reject(new Error('no checkpoint worker is running'));
    const request = (this.nextRequest += 1);
    return new Promise((resolve, reject) => {
      const { settled } = shared.worker.ask({ type: 'checkpoint', id: shared.id, request, mode });
      this.requests.set(request, { resolve, reject, settled });
    });
  }

  /**
   * Stops checkpointing the file: the worker closes its connection to it (SQLite's final checkpoint
   * runs there when it is the file's last) and ends with its last file. The writer's auto-checkpoint
   * comes back if its connection is still open.
   */
  dispose(): Promise<void> {
    if (this.stopping) return this.stopping;
    const shared = this.shared;
    this.restoreAutocheckpoint();
    this.started = false;
    this.local.running = false;
    if (!shared || !shared.worker.running) return (this.stopping = Promise.resolve());
    this.stopping = new Promise<void>((done) => {
      const { settled } = shared.worker.ask({ type: 'remove', id: shared.id });
      const timer = setTimeout(() => {
        shared.worker.terminate();
        this.removed?.();
      }, STOP_TIMEOUT_MS);
      this.removed = () => {
        this.removed = undefined;
        clearTimeout(timer);
        settled();
        // The last file ends the worker: wait for it, so that nothing of it outlives the last dispose().
        if (shared.worker.leave(shared.id)) void shared.worker.exited.then(done);
        else done();
      };
    });
    return this.stopping;
  }

  /** @internal A message of the worker about this file. */
  receive(message: WorkerMessage): void {
    if (message.stats) this.fromWorker = message.stats;
    if (message.type === 'ready') {
      if (this.started) this.local.running = true;
    } else if (message.type === 'checkpointed') {
      const request = this.requests.get(message.request!);
      this.requests.delete(message.request!);
      request?.settled();
      if (message.error !== undefined) request?.reject(new Error(message.error));
      else request?.resolve(message.result!);
    } else if (message.type === 'failed') {
      this.fail(new Error(message.error));
    } else if (message.type === 'assist') {
      this.assist();
    } else if (message.type === 'removed') {
      this.removed?.();
    }
  }

  /** @internal The worker is gone (it failed, or was terminated): SQLite checkpoints in the writer's commits again. */
  workerEnded(error: unknown): void {
    if (this.started) this.fail(error);
    for (const request of this.requests.values()) {
      request.settled();
      request.reject(new Error('the checkpoint worker stopped'));
    }
    this.requests.clear();
    this.removed?.();
  }

  /**
   * SQLite starts the WAL again from its beginning only when a write transaction begins with every
   * frame already checkpointed. A writer that commits back to back leaves the worker no such moment,
   * and the WAL would grow for as long as it does: past `restartFrames` the worker asks for this,
   * right after its own checkpoint. The few frames committed since are copied here, between two
   * tasks of the event loop (never inside a transaction): the next write transaction starts the
   * WAL again. A checkpoint running in the worker makes this one give up at once (busy).
   */
  private assist(): void {
    if (!this.started || !this.db.open || this.db.inTransaction) return;
    try {
      const [row] = this.db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
      if (!row.busy) this.local.assists += 1;
    } catch (error) {
      this.local.errors += 1;
      this.local.lastError = (error as Error).message;
    }
  }

  private fail(error: unknown): void {
    this.local.errors += 1;
    this.local.lastError = (error as Error)?.message ?? String(error);
    this.local.running = false;
    this.restoreAutocheckpoint();
    this.started = false;
  }

  private restoreAutocheckpoint(): void {
    try {
      if (this.started && this.db.open) this.db.pragma(`wal_autocheckpoint = ${this.previousAutocheckpoint}`);
    } catch {
      // the connection is closing: nothing to restore
    }
  }
}

/**
 * The worker, CommonJS run with `eval`: one connection and one timer per file.
 *
 * How long the WAL is, it learns from the WAL file itself (https://sqlite.org/fileformat.html,
 * "WAL file format"): the header's salts name the WAL's current generation, and since SQLite writes
 * frames in order from the start of the file, the frames carrying those salts are a prefix of it. A
 * binary search over frame headers (a dozen 16-byte reads) finds its end. It never opens the
 * `-shm` file: closing a descriptor of a file drops every POSIX lock the process holds on it, and
 * SQLite keeps its WAL locks (and the one that tells other processes the `-shm` is in use) on that
 * file. The `-wal` file carries no lock. How much of the WAL is in the database file comes from the
 * answers of its own checkpoints; a checkpoint by someone else only makes it run one with nothing
 * to do. A torn read only moves a checkpoint a poll earlier or later.
 */
const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const Database = require(workerData.driver);
const header = Buffer.alloc(32);
const frameHeader = Buffer.alloc(16);
const files = new Map();

/** The WAL's generation (its salts), the length of the prefix of frames of that generation, and the file's size; undefined without a WAL. */
function walState(file) {
  let fd;
  try {
    fd = openSync(file + '-wal', 'r');
    const bytes = fstatSync(fd).size;
    if (bytes < 32 || readSync(fd, header, 0, 32, 0) < 32) return { generation: 'empty', frames: 0, bytes };
    const magic = header.readUInt32BE(0);
    if (magic !== 0x377f0682 && magic !== 0x377f0683) return { generation: 'empty', frames: 0, bytes };
    const pageSize = header.readUInt32BE(8) === 1 ? 65536 : header.readUInt32BE(8);
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);
    const frameSize = 24 + pageSize;
    const ours = (frame) =>
      readSync(fd, frameHeader, 0, 16, 32 + (frame - 1) * frameSize) === 16 && frameHeader.readUInt32BE(8) === salt1 && frameHeader.readUInt32BE(12) === salt2;
    // Frames 1..low are of this generation, frames past high are not.
    let low = 0;
    let high = Math.floor((bytes - 32) / frameSize);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (ours(middle)) low = middle;
      else high = middle - 1;
    }
    return { generation: salt1 + ':' + salt2, frames: low, bytes };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function track(id, config) {
  const { file, thresholdFrames, restartFrames, pollMs, idleMs } = config;
  const stats = { checkpoints: 0, busy: 0, framesCopied: 0, truncations: 0, restarts: 0, errors: 0, lastError: undefined };
  const state = { db: undefined, timer: undefined, stopped: false };
  // What this worker knows of the current generation: frames already in the database file, and the WAL's length at its last checkpoint.
  let generation;
  let backfilled = 0;
  let checkedAt = -1;
  let lastSeen = '';
  let changedAt = Date.now();
  let settled = false;
  let assistedAt = 0;

  const report = (type, extra) => parentPort.postMessage(Object.assign({ type, id, stats }, extra));
  const failure = (error) => {
    stats.errors += 1;
    stats.lastError = String((error && error.message) || error);
  };
  const checkpoint = (mode) => {
    const row = state.db.pragma('wal_checkpoint(' + mode + ')')[0];
    stats.checkpoints += 1;
    if (row.busy) stats.busy += 1;
    else if (mode === 'TRUNCATE') stats.truncations += 1;
    if (row.checkpointed > backfilled) stats.framesCopied += row.checkpointed - backfilled;
    if (row.checkpointed >= 0) backfilled = row.checkpointed;
    return row;
  };

  const tick = () => {
    state.timer = undefined;
    if (state.stopped) return;
    let next = pollMs;
    try {
      const wal = walState(file);
      if (wal) {
        const now = Date.now();
        if (wal.generation !== generation) {
          if (generation !== undefined && wal.generation !== 'empty') stats.restarts += 1;
          generation = wal.generation;
          backfilled = 0;
          checkedAt = -1;
        }
        const seen = wal.generation + '/' + wal.frames;
        if (seen !== lastSeen) {
          lastSeen = seen;
          changedAt = now;
          settled = false;
        }
        const pending = wal.frames - backfilled;
        // Nothing written since this worker's last checkpoint of this generation: nothing more to copy.
        const grown = wal.frames !== checkedAt;
        if (wal.frames >= restartFrames && now - assistedAt < 4 * pollMs) {
          // The writer's thread was asked to finish: stay out of its way (a checkpoint here would make it busy).
        } else if (grown && (pending >= thresholdFrames || (pending > 0 && wal.frames >= thresholdFrames))) {
          // Past the threshold, and while the WAL stays long: copy what is there, and come back soon, so
          // that once a writer finds everything copied it starts the WAL again from its beginning.
          const before = backfilled;
          const row = checkpoint('PASSIVE');
          checkedAt = wal.frames;
          if (!row.busy && row.checkpointed > before) next = Math.min(pollMs, 2);
          if (!row.busy && wal.frames >= restartFrames) {
            assistedAt = now;
            next = pollMs;
            report('assist');
          }
          report('stats');
        } else if (!settled && now - changedAt >= idleMs) {
          settled = true;
          if (wal.bytes > 0) {
            const row = checkpoint('PASSIVE');
            if (!row.busy && row.log === row.checkpointed) checkpoint('TRUNCATE');
            report('stats');
          }
        }
      }
    } catch (error) {
      // A full disk, an I/O error: the writer is not concerned (its commits are in the WAL); try again later.
      failure(error);
      report('stats');
      next = Math.max(pollMs, 500);
    }
    // An idle log, all checkpointed: look less often (a commit needs no checkpoint before thousands of frames).
    if (settled) next = Math.max(next, 10 * pollMs);
    if (!state.stopped) state.timer = setTimeout(tick, next);
  };

  state.checkpointNow = (request, mode) => {
    try {
      const result = checkpoint(mode === 'TRUNCATE' ? 'TRUNCATE' : 'PASSIVE');
      report('checkpointed', { request, result });
    } catch (error) {
      failure(error);
      report('checkpointed', { request, error: stats.lastError });
    }
  };
  state.close = () => {
    state.stopped = true;
    if (state.timer) clearTimeout(state.timer);
    try {
      if (state.db && state.db.open) state.db.close();
    } catch (error) {
      failure(error);
    }
    report('removed');
  };

  try {
    state.db = new Database(file, { fileMustExist: true });
    // Never wait for a lock: a busy checkpoint is tried again later, a writer never waits for this one.
    state.db.pragma('busy_timeout = 0');
    // The checkpoint fsyncs the WAL before copying and the database file after (as any synchronous above OFF does).
    state.db.pragma('synchronous = FULL');
    state.db.pragma('wal_autocheckpoint = 0');
  } catch (error) {
    failure(error);
    state.stopped = true;
    report('failed', { error: stats.lastError });
    files.set(id, state);
    return;
  }
  files.set(id, state);
  report('ready');
  state.timer = setTimeout(tick, pollMs);
}

parentPort.on('message', (message) => {
  const state = files.get(message.id);
  if (message.type === 'add') {
    track(message.id, message.config);
  } else if (message.type === 'remove') {
    files.delete(message.id);
    if (state) state.close();
    else parentPort.postMessage({ type: 'removed', id: message.id });
  } else if (message.type === 'checkpoint') {
    if (state && !state.stopped) state.checkpointNow(message.request, message.mode);
    else parentPort.postMessage({ type: 'checkpointed', id: message.id, request: message.request, error: 'the file is not checkpointed here' });
  } else if (message.type === 'stop') {
    for (const open of files.values()) open.close();
    files.clear();
    parentPort.close();
  }
});
`;

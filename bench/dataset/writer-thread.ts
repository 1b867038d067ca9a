import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import type { LogSink } from './log-writer.js';

interface Append {
  streamId: string;
  revision: number;
  events: NewEvent[];
}
export type ToWriter = { kind: 'batch'; appends: Append[] } | { kind: 'finish' };
type FromWriter = { ready: true } | { written: number } | { head: number } | { error: string };

/** The worker's compiled script: beside this one once built (`tsc`); absent when run from the TypeScript sources (jest). */
const SCRIPT = new URL('./log-worker.js', import.meta.url);
/** Events per message: one transaction each in the worker. */
const BATCH = 5000;
/** Batches sent and not yet written: how far the simulation may run ahead of the log. */
const IN_FLIGHT = 3;

/**
 * A `LogSink` in a worker thread (`log-worker.ts`): the sealed events go there in batches, to be
 * chained and stored on the machine's second core. The simulation waits only when it is
 * `IN_FLIGHT` batches ahead.
 */
export class WriterThread implements LogSink {
  private batch: Append[] = [];
  private batchEvents = 0;
  private inFlight = 0;
  private failure?: Error;
  private wake?: () => void;
  private head?: (position: number) => void;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWriter) => {
      if ('written' in message) this.inFlight -= 1;
      else if ('head' in message) this.head?.(message.head);
      else if ('error' in message) this.failure = new Error(`The log writer failed: ${message.error}`);
      this.wake?.();
    });
    worker.on('error', (error) => {
      this.failure = error;
      this.wake?.();
    });
  }

  /** Whether the worker can run here: only from the compiled code. */
  static available(): boolean {
    return existsSync(fileURLToPath(SCRIPT));
  }

  /** Starts the worker on the data directory, once its log is open. */
  static async start(dir: string): Promise<WriterThread> {
    const worker = new Worker(SCRIPT, { workerData: { dir } });
    await new Promise<void>((ready, failed) => {
      worker.once('message', () => ready());
      worker.once('error', failed);
    });
    return new WriterThread(worker);
  }

  append(streamId: string, revision: number, events: NewEvent[]): void {
    this.batch.push({ streamId, revision, events });
    this.batchEvents += events.length;
    if (this.batchEvents >= BATCH) this.send();
  }


  async keepUp(): Promise<void> {
    while (this.inFlight >= IN_FLIGHT && !this.failure) await new Promise<void>((wake) => (this.wake = wake));
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<number> {
    try {
      this.send();
      this.worker.postMessage({ kind: 'finish' } satisfies ToWriter);
      return await new Promise<number>((resolve, failed) => {
        this.head = resolve;
        this.wake = () => this.failure && failed(this.failure);
        this.wake();
      });
    } finally {
      await this.worker.terminate();
    }
  }

  private send(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage({ kind: 'batch', appends: this.batch } satisfies ToWriter);
    this.inFlight += 1;
    this.batch = [];
    this.batchEvents = 0;
  }
}

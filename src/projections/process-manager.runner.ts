import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port.js';
import type { ReadStore } from '../read-store/read-store.port.js';
import type { ProjectionStatus } from './projection-runner.js';

/**
 * A process that reacts to events with commands (a saga). Its `handle` must be idempotent: the
 * commands it sends carry ids derived from the event, so a re-delivered event changes nothing.
 */
export interface ProcessManager {
  name: string;
  handles: readonly string[];
  handle(event: RecordedEvent): Promise<void>;
}

/**
 * Feeds a process manager from the log, checkpointing after each event's effects are recorded:
 * a crash re-delivers the event (harmless), never skips it. An event it cannot handle halts it,
 * visible in /health, like a projector.
 */
export class ProcessManagerRunner {
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private position = 0;
  private error?: ProjectionStatus['error'];

  constructor(
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    readonly manager: ProcessManager,
  ) {}

  async start(): Promise<void> {
    this.position = await this.reads.checkpoint(this.manager.name);
    this.subscription = this.events.subscribeToAll({ after: this.position, filter: { eventTypes: [...this.manager.handles] } });
    this.loop = this.consume(this.subscription);
  }

  private async consume(subscription: Subscription): Promise<void> {
    for await (const event of subscription) {
      try {
        await this.manager.handle(event);
        await this.reads.commit({ projection: this.manager.name, checkpoint: event.position, upserts: [], deletes: [] });
      } catch (error) {
        // Halted, never skipped: a restart delivers this event again (its effects are idempotent).
        this.error = { position: event.position, eventId: event.eventId, type: event.type, message: (error as Error).message };
        await subscription.close();
        return;
      }
      this.position = event.position;
    }
  }

  status(): ProjectionStatus {
    return { name: this.manager.name, position: this.position, status: this.error ? 'halted' : 'running', ...(this.error ? { error: this.error } : {}) };
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.loop;
  }
}

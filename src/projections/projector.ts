import type { RecordedEvent } from '../event-store/event-store.port.js';

/**
 * A read model as a pure function: which documents an event touches, and how one document
 * evolves with it (null: the document is removed). The runner owns subscription, batching,
 * checkpoints and rebuilds. Renaming `name` (e.g. `contracts.v2`) makes the runner rebuild it.
 */
export interface Projector<D extends { _id: string } = { _id: string }> {
  name: string;
  collection: string;
  /** The event types it reads, or '*' for every event of the log. */
  handles: readonly string[] | '*';
  documentIds(event: RecordedEvent): string[];
  evolve(doc: D | null, event: RecordedEvent): D | null;
}

/** What the runner stores besides the projector's fields: the position of the last event applied. */
export interface Positioned {
  _position?: number;
}

import type { RecordedEvent } from '../event-store/event-store.port.js';

/**
 * A read model as a pure function: which documents an event touches, and how one document
 * evolves with it (null: the document is removed). The runner owns subscription, batching,
 * checkpoints and rebuilds. Renaming `name` (e.g. `contracts.v2`) makes the runner rebuild it.
 *
 * `evolve` must not change `doc`: it returns a new document (or `doc` itself when nothing
 * changes). The runner hands it the store's own objects and keeps what it returns.
 */
export interface Projector<D extends { _id: string } = { _id: string }> {
  name: string;
  collection: string;
  /** The event types it reads, or '*' for every event of the log. */
  handles: readonly string[] | '*';
  documentIds(event: RecordedEvent): string[];
  evolve(doc: D | null, event: RecordedEvent): D | null;
  /**
   * What its documents hold, when that changes but `name` must stay (other processes, clients or
   * dashboards know the name): a different version is rebuilt from the log on the next start, as
   * a new name would be. Default 1.
   */
  version?: number;
  /** Running totals over the documents, kept by the runner with them (below). */
  totals?: Totals<D>;
}

/**
 * A pre-aggregated read model: a few documents (in `collection`) summing something over every
 * document of the projector, so that a query reads the sums instead of every document. The runner
 * keeps them with the documents: when a document changes it takes the old version out of its
 * totals and counts the new one in, in the same batch and under the same checkpoint. Totals carry
 * the `_position` of the last event counted in them, so a batch replayed over them (after a crash
 * between a store's writes) counts nothing twice.
 */
export interface Totals<D> {
  collection: string;
  /** The totals a document counts in (their ids): a handful over the whole projector. */
  keysOf(doc: D): string[];
  /**
   * `total` (null: none yet) with `before` taken out and `after` counted in (either null: not in
   * this total); `total` itself (unchanged) when they count the same, else a new object.
   */
  move(total: { _id: string } | null, key: string, before: D | null, after: D | null): { _id: string } | null;
}

/** What the runner stores besides the projector's fields: the position of the last event applied. */
export interface Positioned {
  _position?: number;
}

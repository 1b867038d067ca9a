/**
 * The ReadStore port: documents queried with MongoDB filter semantics. Adapters: MongoDB
 * (production) and embedded (SQLite file in the data directory, filters evaluated by mingo), so
 * a filter means the same on both. `test/read-store/` holds the contract suite both must pass.
 */

/** A read-model document; `_id` is its key inside its collection. */
export interface Doc {
  _id: string;
  [field: string]: unknown;
}

export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: Sort;
  skip?: number;
  limit?: number;
}

/** What one projection writes for one batch of events, stored together with its checkpoint. */
export interface ProjectionBatch {
  projection: string;
  /** Position of the last event the batch accounts for. */
  checkpoint: number;
  upserts: { collection: string; doc: Doc }[];
  deletes: { collection: string; id: string }[];
}

export interface ReadStore {
  /** A copy of the document: the caller may change it. */
  get(collection: string, id: string): Promise<Doc | null>;
  /**
   * The documents with these ids (absent ones left out), read at once: what the projection runner
   * evolves. They may be the store's own objects (embedded): the caller must not change them.
   * Optional: without it the runner reads the documents one by one with `get`.
   */
  getMany?(collection: string, ids: string[]): Promise<Map<string, Doc>>;
  find(collection: string, filter?: Filter, options?: FindOptions): Promise<Doc[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  /**
   * Writes the batch's documents and its checkpoint so that a crash leaves either all or none of
   * them (embedded: one transaction; MongoDB: one transaction when the server is a replica set,
   * otherwise documents first and the per-document `_position` guard of the runner). The store
   * may keep the very objects given (embedded): the caller must not change them afterwards.
   */
  commit(batch: ProjectionBatch): Promise<void>;
  /** Several projections' batches at once, each with the same guarantee as `commit` (embedded: all in one transaction). */
  commitAll(batches: ProjectionBatch[]): Promise<void>;
  /** The position a projection has processed up to; 0 when it never ran. */
  checkpoint(projection: string): Promise<number>;
  /** Drops a projection's collections and checkpoint, for a rebuild. */
  reset(projection: string, collections: string[]): Promise<void>;
  dispose(): Promise<void>;
}

export const READ_STORE = Symbol('ReadStore');

/** Thrown when the read store cannot be reached now (server down): a 503, retry later. */
export class ReadStoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'ReadStoreUnavailableError';
  }
}

import {
  type AnyBulkWriteOperation,
  type ClientSession,
  type Collection,
  type Db,
  type Filter as MongoFilter,
  MongoClient,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  type Sort as MongoSort,
} from 'mongodb';
import type { Doc, Filter, FindOptions, ProjectionBatch, ReadStore } from './read-store.port.js';
import { ReadStoreUnavailableError } from './read-store.port.js';

interface Checkpoint {
  _id: string;
  position: number;
}

const CHECKPOINTS = '_checkpoints';
const DEFAULT_DB_NAME = 'qualirec';
const NAMESPACE_NOT_FOUND = 26;
const GET_MANY_CHUNK = 1000;

/** The ReadStore on MongoDB: the port's filters are MongoDB filters, passed through unchanged. */
export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly transactions: boolean,
  ) {}

  static async connect(uri: string, dbName?: string): Promise<MongoReadStore> {
    // Omitting undefined fields (instead of storing null) keeps documents equal to what the
    // embedded adapter stores as JSON.
    const client = new MongoClient(uri, { ignoreUndefined: true });
    try {
      await client.connect();
      const db = client.db(dbName ?? dbNameFromUri(uri) ?? DEFAULT_DB_NAME);
      // Transactions need a replica set or a sharded cluster (mongos answers 'isdbgrid').
      const hello = await client.db('admin').command({ hello: 1 });
      const transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      return new MongoReadStore(client, db, transactions);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw unavailable(error, 'connect');
    }
  }

  get(collection: string, id: string): Promise<Doc | null> {
    return this.guard('get', () => this.collection(collection).findOne({ _id: id }) as Promise<Doc | null>);
  }

  /** One query per thousand ids: what the runner reads for a batch, instead of one round trip per document. */
  getMany(collection: string, ids: string[]): Promise<Map<string, Doc>> {
    return this.guard('getMany', async () => {
      const found = new Map<string, Doc>();
      for (let i = 0; i < ids.length; i += GET_MANY_CHUNK) {
        const docs = (await this.collection(collection)
          .find({ _id: { $in: ids.slice(i, i + GET_MANY_CHUNK) } })
          .toArray()) as Doc[];
        for (const doc of docs) found.set(doc._id, doc);
      }
      return found;
    });
  }

  find(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Doc[]> {
    return this.guard('find', async () => {
      let cursor = this.collection(collection).find(filter as MongoFilter<Doc>);
      if (options.sort) cursor = cursor.sort(totalOrder(options.sort));
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return (await cursor.toArray()) as Doc[];
    });
  }

  count(collection: string, filter: Filter = {}): Promise<number> {
    return this.guard('count', () => this.collection(collection).countDocuments(filter as MongoFilter<Doc>));
  }

  /** One after the other: each batch keeps its own atomicity (transaction, or the `_position` guard). */
  async commitAll(batches: ProjectionBatch[]): Promise<void> {
    for (const batch of batches) await this.commit(batch);
  }

  commit(batch: ProjectionBatch): Promise<void> {
    return this.guard('commit', async () => {
      if (this.transactions) {
        await this.client.withSession((session) => session.withTransaction(() => this.write(batch, session)));
      } else {
        // Without transactions a crash can land between the documents and the checkpoint: the
        // documents go first so the batch is replayed, and the runner's per-document `_position`
        // guard makes the replay apply nothing twice.
        await this.write(batch);
      }
    });
  }

  async checkpoint(projection: string): Promise<number> {
    const found = await this.guard('checkpoint', () => this.checkpoints().findOne({ _id: projection }));
    return found?.position ?? 0;
  }

  reset(projection: string, collections: string[]): Promise<void> {
    // Not atomic (drop cannot run inside a transaction): a rebuild interrupted here is rerun.
    return this.guard('reset', async () => {
      for (const name of collections) {
        try {
          await this.db.dropCollection(name);
        } catch (error) {
          // The driver already swallows "ns not found"; kept in case a server or version reports it.
          if (!(error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND)) throw error;
        }
      }
      await this.checkpoints().deleteOne({ _id: projection });
    });
  }

  async dispose(): Promise<void> {
    await this.client.close();
  }

  /**
   * Every write must carry the session, or it runs outside the transaction. Without one, the
   * collections are written in the order the batch names them first (the runner names its totals
   * before the documents they sum: see `ProjectionRunner.writeOf`).
   */
  private async write(batch: ProjectionBatch, session?: ClientSession): Promise<void> {
    for (const [name, operations] of groupByCollection(batch)) {
      // Ordered so that an upsert and a delete of the same id in one batch end the same way on
      // every run: upserts first, then deletes.
      await this.collection(name).bulkWrite(operations, { session, ordered: true });
    }
    // Written even for an empty batch: the projection has still moved past those events.
    await this.checkpoints().replaceOne(
      { _id: batch.projection },
      { position: batch.checkpoint },
      { session, upsert: true },
    );
  }

  private collection(name: string): Collection<Doc> {
    return this.db.collection<Doc>(name);
  }

  private checkpoints(): Collection<Checkpoint> {
    return this.db.collection<Checkpoint>(CHECKPOINTS);
  }

  private async guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw unavailable(error, operation);
    }
  }
}

function groupByCollection(batch: ProjectionBatch): Map<string, AnyBulkWriteOperation<Doc>[]> {
  const groups = new Map<string, AnyBulkWriteOperation<Doc>[]>();
  const add = (name: string, operation: AnyBulkWriteOperation<Doc>) => {
    const group = groups.get(name);
    if (group) group.push(operation);
    else groups.set(name, [operation]);
  };
  for (const { collection, doc } of batch.upserts) {
    add(collection, { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });
  }
  for (const { collection, id } of batch.deletes) {
    add(collection, { deleteOne: { filter: { _id: id } } });
  }
  return groups;
}

/** MongoDB does not keep ties in a stable order, so pages could overlap: `_id` breaks ties. */
function totalOrder(sort: Record<string, 1 | -1>): MongoSort {
  return '_id' in sort ? sort : { ...sort, _id: 1 };
}

/** The database named in the URI's path (`mongodb://host/name?...`), if any. */
function dbNameFromUri(uri: string): string | undefined {
  // Hosts and credentials cannot contain a raw '/', so the first one after '://' starts the path.
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

/** Server unavailability becomes ReadStoreUnavailableError; any other error is passed on as is. */
function unavailable(error: unknown, operation: string): unknown {
  if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError) {
    return new ReadStoreUnavailableError(`MongoDB is unavailable (${operation}): ${error.message}`, error);
  }
  return error;
}

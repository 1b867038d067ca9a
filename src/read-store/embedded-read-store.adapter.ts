import Database from 'better-sqlite3';
import { Query } from 'mingo';
import type { Doc, Filter, FindOptions, ProjectionBatch, ReadStore } from './read-store.port.js';

/**
 * The embedded read store: documents persisted in an SQLite file of the data directory and held
 * in memory per collection, where mingo evaluates MongoDB filters so a query means the same as on
 * MongoDB. A batch and its checkpoint are one SQLite transaction: a crash keeps both or neither.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly collections = new Map<string, Map<string, Doc>>();
  private readonly stmt;

  constructor(file: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A lost read-model write is replayed from the event log, so it need not wait for fsync.
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        collection TEXT NOT NULL,
        id         TEXT NOT NULL,
        body       TEXT NOT NULL,
        PRIMARY KEY (collection, id)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
    `);
    this.stmt = {
      load: this.db.prepare<[string], { body: string }>('SELECT body FROM documents WHERE collection = ?'),
      upsert: this.db.prepare('INSERT OR REPLACE INTO documents (collection, id, body) VALUES (?, ?, ?)'),
      delete: this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
      dropCollection: this.db.prepare('DELETE FROM documents WHERE collection = ?'),
      checkpoint: this.db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE projection = ?'),
      setCheckpoint: this.db.prepare('INSERT OR REPLACE INTO checkpoints (projection, position) VALUES (?, ?)'),
      dropCheckpoint: this.db.prepare('DELETE FROM checkpoints WHERE projection = ?'),
    };
  }

  /** A collection's documents, loaded from disk on first use. */
  private docs(collection: string): Map<string, Doc> {
    let docs = this.collections.get(collection);
    if (!docs) {
      docs = new Map();
      for (const row of this.stmt.load.iterate(collection)) {
        const doc = JSON.parse(row.body) as Doc;
        docs.set(doc._id, doc);
      }
      this.collections.set(collection, docs);
    }
    return docs;
  }

  async get(collection: string, id: string): Promise<Doc | null> {
    const doc = this.docs(collection).get(id);
    return doc ? structuredClone(doc) : null;
  }

  async find(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Doc[]> {
    let cursor = new Query(filter).find<Doc>(this.docs(collection).values());
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return cursor.all().map((doc) => structuredClone(doc));
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    const docs = this.docs(collection);
    if (Object.keys(filter).length === 0) return docs.size;
    const query = new Query(filter);
    let n = 0;
    for (const doc of docs.values()) if (query.test(doc)) n += 1;
    return n;
  }

  async commit(batch: ProjectionBatch): Promise<void> {
    return this.commitAll([batch]);
  }

  async commitAll(batches: ProjectionBatch[]): Promise<void> {
    this.db.transaction(() => {
      for (const batch of batches) {
        for (const { collection, doc } of batch.upserts) this.stmt.upsert.run(collection, doc._id, JSON.stringify(doc));
        for (const { collection, id } of batch.deletes) this.stmt.delete.run(collection, id);
        this.stmt.setCheckpoint.run(batch.projection, batch.checkpoint);
      }
    })();
    // Memory follows only once the transaction is on disk.
    for (const batch of batches) {
      for (const { collection, doc } of batch.upserts) this.docs(collection).set(doc._id, structuredClone(doc));
      for (const { collection, id } of batch.deletes) this.docs(collection).delete(id);
    }
  }

  async checkpoint(projection: string): Promise<number> {
    return this.stmt.checkpoint.get(projection)?.position ?? 0;
  }

  async reset(projection: string, collections: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const collection of collections) this.stmt.dropCollection.run(collection);
      this.stmt.dropCheckpoint.run(projection);
    })();
    for (const collection of collections) this.collections.delete(collection);
  }

  async dispose(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

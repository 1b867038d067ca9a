import Database from 'better-sqlite3';
import { Query } from 'mingo';
import { SqliteCheckpointer } from '../shared/sqlite-checkpointer.js';
import type { Doc, Filter, FindOptions, ProjectionBatch, ReadStore, Sort } from './read-store.port.js';

/**
 * The embedded read store: documents persisted in an SQLite file of the data directory and held
 * in memory per collection, where mingo evaluates MongoDB filters so a query means the same as on
 * MongoDB. A batch and its checkpoint are one SQLite transaction: a crash keeps both or neither.
 *
 * Queries do not scan whole collections when they need not: a filter's equality conditions
 * (`{ status: 'signed' }`, `$in`, `$or` of such) are answered from in-memory indexes, built per
 * field on first use and kept up to date by every commit; mingo then checks the candidates
 * (skipped when the index alone answers the filter). A page (`limit`) of a sorted list keeps only
 * the best `skip + limit` documents instead of sorting them all. Whatever the path, the result is
 * the one mingo gives over the whole collection.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly collections = new Map<string, Collection>();
  private readonly stmt;
  private readonly checkpoints?: SqliteCheckpointer;

  /** `backgroundCheckpoints` (default on): WAL checkpoints run in a worker thread, not inside a batch's COMMIT. */
  constructor(file: string, options: { synchronous?: 'FULL' | 'NORMAL'; backgroundCheckpoints?: boolean } = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A lost read-model write is replayed from the event log, so it need not wait for fsync.
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    if (options.backgroundCheckpoints !== false) this.checkpoints = SqliteCheckpointer.start(this.db);
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
  private collection(name: string): Collection {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new Collection();
      for (const row of this.stmt.load.iterate(name)) {
        const doc = JSON.parse(row.body) as Doc;
        collection.docs.set(doc._id, doc);
      }
      this.collections.set(name, collection);
    }
    return collection;
  }

  async get(collection: string, id: string): Promise<Doc | null> {
    const doc = this.collection(collection).docs.get(id);
    return doc ? structuredClone(doc) : null;
  }

  async getMany(collection: string, ids: string[]): Promise<Map<string, Doc>> {
    const { docs } = this.collection(collection);
    const found = new Map<string, Doc>();
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc) found.set(id, doc);
    }
    return found;
  }

  async find(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<Doc[]> {
    return this.select(this.collection(collection), filter, options).map((doc) => structuredClone(doc));
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    const c = this.collection(collection);
    if (Object.keys(filter).length === 0) return c.docs.size;
    const plan = c.plan(filter);
    if (plan?.exact) return plan.size;
    const query = new Query(filter);
    let n = 0;
    for (const doc of plan ? plan.docs() : c.docs.values()) if (query.test(doc)) n += 1;
    return n;
  }

  /** The matching documents, sorted and paged, as the store holds them (callers copy). */
  private select(c: Collection, filter: Filter, { sort, skip = 0, limit }: FindOptions): Doc[] {
    const plan = Object.keys(filter).length ? c.plan(filter) : { docs: () => c.docs.values(), size: c.docs.size, exact: true };
    let matches: Doc[];
    if (plan?.exact) matches = [...plan.docs()];
    else {
      const query = new Query(filter);
      matches = plan ? [...plan.docs()].filter((doc) => query.test(doc)) : query.find<Doc>(c.docs.values()).all();
    }
    if (sort && Object.keys(sort).length) {
      const page = limit === undefined || limit > 0 ? bestFirst(matches, sort, limit === undefined ? undefined : skip + limit) : undefined;
      if (page) return page.slice(skip);
      // Values the fast path does not order as mingo does (missing, mixed, arrays) or ties: mingo decides.
      let cursor = new Query({}).find<Doc>(matches).sort(sort);
      if (skip) cursor = cursor.skip(skip);
      if (limit !== undefined) cursor = cursor.limit(limit);
      return cursor.all();
    }
    if (limit === 0) return new Query({}).find<Doc>(matches).skip(skip).limit(0).all();
    return matches.slice(skip, limit === undefined ? undefined : skip + limit);
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
    // Memory follows only once the transaction is on disk. The documents are kept as given: the
    // runner hands over new objects and never changes them, and every read but getMany copies.
    for (const batch of batches) {
      for (const { collection, doc } of batch.upserts) this.collection(collection).put(doc);
      for (const { collection, id } of batch.deletes) this.collection(collection).remove(id);
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
    await this.checkpoints?.dispose();
  }
}

type Scalar = string | number | boolean;
/** The index key of documents where the field is missing or null. */
const MISSING = null;

/** What a filter's indexed conditions narrow a collection down to. */
interface Plan {
  docs: () => Iterable<Doc>;
  size: number;
  /** The candidates are exactly the matches: mingo need not check them. */
  exact: boolean;
}

/** One collection in memory: its documents, and the indexes its queries asked for so far. */
class Collection {
  readonly docs = new Map<string, Doc>();
  private readonly indexes = new Map<string, FieldIndex>();
  /**
   * The documents in the order of the `_position` they were stored with: the runner stores them
   * with growing positions, so "changed after position p" is the end of this list (built on the
   * first such query, then appended to; built again when a position goes back or it grows long).
   */
  private changes?: { position: number; id: string }[];

  put(doc: Doc): void {
    const old = this.docs.get(doc._id);
    for (const index of this.indexes.values()) {
      if (old) index.remove(old);
      index.add(doc);
    }
    this.docs.set(doc._id, doc);
    const position = doc._position;
    if (this.changes && typeof position === 'number') {
      const last = this.changes.at(-1);
      if ((last && last.position > position) || this.changes.length > 2 * this.docs.size + 1000) this.changes = undefined;
      else this.changes.push({ position, id: doc._id });
    }
  }

  /** The documents stored with a `_position` above `after`. */
  private changedAfter(after: number): Plan {
    if (!this.changes) {
      this.changes = [];
      for (const doc of this.docs.values()) if (typeof doc._position === 'number') this.changes.push({ position: doc._position, id: doc._id });
      this.changes.sort((a, b) => a.position - b.position);
    }
    const changes = this.changes;
    let low = 0;
    let high = changes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (changes[middle].position > after) high = middle;
      else low = middle + 1;
    }
    const found = new Map<string, Doc>();
    for (let i = low; i < changes.length; i += 1) {
      const doc = this.docs.get(changes[i].id);
      if (doc && typeof doc._position === 'number' && doc._position > after) found.set(doc._id, doc);
    }
    return { docs: () => found.values(), size: found.size, exact: true };
  }

  remove(id: string): void {
    const old = this.docs.get(id);
    if (!old) return;
    for (const index of this.indexes.values()) index.remove(old);
    this.docs.delete(id);
    // Its entries in `changes` are skipped: the document is gone.
  }

  /** The candidates of a filter from its equality conditions, or undefined when none narrows it. */
  plan(filter: Filter): Plan | undefined {
    const conditions = Object.entries(filter);
    let best: Plan | undefined;
    for (const [key, value] of conditions) {
      const plan = key === '$or' ? this.planOr(value) : key === '$and' ? this.planAnd(value) : key.startsWith('$') ? undefined : this.planField(key, value);
      if (plan && (!best || plan.size < best.size)) best = plan;
    }
    if (!best) return undefined;
    // Exact only when that one condition is the whole filter.
    return conditions.length === 1 ? best : { ...best, exact: false };
  }

  private planAnd(value: unknown): Plan | undefined {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    let best: Plan | undefined;
    for (const branch of value) {
      const plan = isPlainObject(branch) ? this.plan(branch) : undefined;
      if (plan && (!best || plan.size < best.size)) best = plan;
    }
    return best && value.length === 1 ? best : best && { ...best, exact: false };
  }

  private planOr(value: unknown): Plan | undefined {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    const plans: Plan[] = [];
    for (const branch of value) {
      const plan = isPlainObject(branch) ? this.plan(branch) : undefined;
      // One branch that cannot be narrowed means any document may match.
      if (!plan) return undefined;
      plans.push(plan);
    }
    const union = new Map<string, Doc>();
    for (const plan of plans) for (const doc of plan.docs()) union.set(doc._id, doc);
    return { docs: () => union.values(), size: union.size, exact: plans.every((p) => p.exact) };
  }

  private planField(path: string, condition: unknown): Plan | undefined {
    let values: unknown[];
    if (isPlainObject(condition)) {
      const operators = Object.keys(condition);
      if (operators.length !== 1) return undefined;
      if (path === '_position' && operators[0] === '$gt' && typeof condition.$gt === 'number' && !Number.isNaN(condition.$gt)) return this.changedAfter(condition.$gt);
      if (operators[0] === '$eq') values = [condition.$eq];
      else if (operators[0] === '$in' && Array.isArray(condition.$in)) values = condition.$in;
      else return undefined;
    } else values = [condition];
    if (!values.every((v) => v === null || isScalar(v))) return undefined;
    if (path === '_id') {
      const found = new Map<string, Doc>();
      for (const id of values) {
        const doc = typeof id === 'string' ? this.docs.get(id) : undefined;
        if (doc) found.set(id as string, doc);
      }
      return { docs: () => found.values(), size: found.size, exact: true };
    }
    return this.index(path).lookup(values as (Scalar | null)[]);
  }

  private index(path: string): FieldIndex {
    let index = this.indexes.get(path);
    if (!index) {
      index = new FieldIndex(path);
      for (const doc of this.docs.values()) index.add(doc);
      this.indexes.set(path, index);
    }
    return index;
  }
}

const OTHER = Symbol('other');

/**
 * The documents of a collection by the value of one field (a path through objects): scalar values
 * and missing/null get a bucket each; documents where the path meets an array or an object go
 * apart, always checked by mingo (MongoDB matches inside arrays).
 */
class FieldIndex {
  private readonly parts: string[];
  private readonly buckets = new Map<Scalar | null, Map<string, Doc>>();
  private readonly other = new Map<string, Doc>();

  constructor(path: string) {
    this.parts = path.split('.');
  }

  private keyOf(doc: Doc): Scalar | null | typeof OTHER {
    let value: unknown = doc;
    for (const part of this.parts) {
      if (value === undefined || value === null) return MISSING;
      if (!isPlainObject(value)) return Array.isArray(value) ? OTHER : MISSING;
      value = value[part];
    }
    if (value === undefined || value === null) return MISSING;
    return isScalar(value) ? value : OTHER;
  }

  add(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key === OTHER) {
      this.other.set(doc._id, doc);
      return;
    }
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new Map()));
    bucket.set(doc._id, doc);
  }

  remove(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key === OTHER) {
      this.other.delete(doc._id);
      return;
    }
    const bucket = this.buckets.get(key);
    bucket?.delete(doc._id);
    if (bucket?.size === 0) this.buckets.delete(key);
  }

  /** The documents whose value is one of `values`; exact unless null is asked or some values are arrays or objects. */
  lookup(values: (Scalar | null)[]): Plan {
    const buckets = [...new Set(values)].flatMap((v) => this.buckets.get(v) ?? []);
    if (this.other.size) buckets.push(this.other);
    const size = buckets.reduce((n, b) => n + b.size, 0);
    const exact = !values.includes(MISSING) && this.other.size === 0;
    return { docs: () => (buckets.length === 1 ? buckets[0].values() : chain(buckets)), size, exact };
  }
}

function* chain(buckets: Map<string, Doc>[]): Iterable<Doc> {
  for (const bucket of buckets) yield* bucket.values();
}

/**
 * The first `keep` documents in the sort's order (all when undefined), without sorting the rest;
 * undefined when the values are not all strings or all numbers per key, or two documents tie:
 * mingo then sorts (its order for mixed types, and its stable order for ties).
 */
function bestFirst(docs: Doc[], sort: Sort, keep: number | undefined): Doc[] | undefined {
  const keys = Object.entries(sort).map(([path, direction]) => ({ parts: path.split('.'), direction, type: '' as 'string' | 'number' | '' }));
  const rows: { doc: Doc; values: (string | number)[] }[] = [];
  for (const doc of docs) {
    const values: (string | number)[] = [];
    for (const key of keys) {
      const value = at(doc, key.parts);
      const type = typeof value;
      if (type !== 'string' && !(type === 'number' && !Number.isNaN(value))) return undefined;
      if (key.type === '') key.type = type as 'string' | 'number';
      else if (key.type !== type) return undefined;
      values.push(value as string | number);
    }
    rows.push({ doc, values });
  }
  let tie = false;
  const compare = (a: { values: (string | number)[] }, b: { values: (string | number)[] }): number => {
    for (let i = 0; i < keys.length; i += 1) {
      const x = a.values[i];
      const y = b.values[i];
      if (x !== y) return (x < y ? -1 : 1) * keys[i].direction;
    }
    tie = true;
    return 0;
  };
  let best: typeof rows;
  if (keep === undefined || keep >= rows.length) best = rows.sort(compare);
  else {
    // A max-heap of the `keep` best rows seen so far: its root is the worst of them.
    const heap: typeof rows = [];
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let top = i;
        if (l < heap.length && compare(heap[l], heap[top]) > 0) top = l;
        if (r < heap.length && compare(heap[r], heap[top]) > 0) top = r;
        if (top === i) return;
        [heap[i], heap[top]] = [heap[top], heap[i]];
        i = top;
      }
    };
    for (const row of rows) {
      if (heap.length < keep) {
        heap.push(row);
        for (let i = heap.length - 1; i > 0; ) {
          const parent = (i - 1) >> 1;
          if (compare(heap[i], heap[parent]) <= 0) break;
          [heap[i], heap[parent]] = [heap[parent], heap[i]];
          i = parent;
        }
      } else if (keep > 0 && compare(row, heap[0]) < 0) {
        heap[0] = row;
        down(0);
      }
    }
    best = heap.sort(compare);
  }
  return tie ? undefined : best.map((row) => row.doc);
}

function at(doc: Doc, parts: string[]): unknown {
  let value: unknown = doc;
  for (const part of parts) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

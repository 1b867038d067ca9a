import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { SqliteCheckpointer } from '../shared/sqlite-checkpointer.js';
import { type KeyStore, SubjectErasedError } from './key-store.port.js';

/**
 * The embedded key store: its own SQLite file beside the log, so the log alone holds no key.
 * New keys are created like events are appended: queued and committed together once per turn of
 * the event loop, durable before anything sealed with them is stored. WAL checkpoints run in a
 * worker thread (`SqliteCheckpointer`), not inside those commits.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly checkpoints: SqliteCheckpointer;
  private pending = new Map<string, { resolve: (key: Buffer) => void; reject: (error: unknown) => void }[]>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // A checkpoint that holds the write lock for a moment (the worker's idle TRUNCATE) is waited for, not an error.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS subject_keys (subject TEXT PRIMARY KEY, key BLOB, erased_at TEXT)');
    this.stmt = {
      find: this.db.prepare<[string], { key: Buffer | null; erased_at: string | null }>('SELECT key, erased_at FROM subject_keys WHERE subject = ?'),
      create: this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject, key) VALUES (?, ?)'),
      destroy: this.db.prepare(
        `INSERT INTO subject_keys (subject, key, erased_at) VALUES (?, NULL, ?)
         ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = coalesce(erased_at, excluded.erased_at)`,
      ),
    };
    this.checkpoints = SqliteCheckpointer.start(this.db);
  }

  async keyFor(subject: string): Promise<Buffer> {
    const row = this.stmt.find.get(subject);
    if (row?.key) return row.key;
    if (row) throw new SubjectErasedError(subject);
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(subject);
      if (waiting) return waiting.push({ resolve, reject });
      if (this.pending.size === 0) setImmediate(() => this.createPending());
      this.pending.set(subject, [{ resolve, reject }]);
    });
  }

  private createPending(): void {
    const batch = this.pending;
    this.pending = new Map();
    try {
      this.db.transaction(() => {
        for (const subject of batch.keys()) this.stmt.create.run(subject, randomBytes(32));
      })();
    } catch (error) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
      return;
    }
    for (const [subject, waiting] of batch) {
      const row = this.stmt.find.get(subject)!;
      for (const w of waiting) (row.key ? w.resolve(row.key) : w.reject(new SubjectErasedError(subject)));
    }
  }

  async find(subject: string): Promise<Buffer | null> {
    return this.stmt.find.get(subject)?.key ?? null;
  }

  async destroy(subject: string): Promise<void> {
    this.stmt.destroy.run(subject, new Date().toISOString());
    // The key's bytes must not linger in the database's free pages or WAL: the WAL is emptied into
    // the file, the file rewritten without them (VACUUM, itself written to the WAL), and the WAL
    // emptied again, so that the rewritten pages replace the old ones at once.
    await this.emptyWal();
    this.db.exec('VACUUM');
    await this.emptyWal();
  }

  /**
   * `wal_checkpoint(TRUNCATE)` until it is not busy (for about a second at most): the checkpoint
   * worker may be in the middle of a checkpoint of its own. Each attempt runs without a busy timeout,
   * so the event loop never waits on a lock here; keys created between attempts keep theirs.
   */
  private async emptyWal(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      this.db.pragma('busy_timeout = 0');
      let busy: number;
      try {
        [{ busy }] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      } finally {
        this.db.pragma('busy_timeout = 5000');
      }
      if (!busy) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async dispose(): Promise<void> {
    if (this.db.open) this.db.close();
    await this.checkpoints.dispose();
  }
}

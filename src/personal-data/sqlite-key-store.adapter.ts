import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { type KeyStore, SubjectErasedError } from './key-store.port.js';

/**
 * The embedded key store: its own SQLite file beside the log, so the log alone holds no key.
 * New keys are created like events are appended: queued and committed together once per turn of
 * the event loop, durable before anything sealed with them is stored.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly stmt;
  private pending = new Map<string, { resolve: (key: Buffer) => void; reject: (error: unknown) => void }[]>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec('CREATE TABLE IF NOT EXISTS subject_keys (subject TEXT PRIMARY KEY, key BLOB, erased_at TEXT)');
    this.stmt = {
      find: this.db.prepare<[string], { key: Buffer | null; erased_at: string | null }>('SELECT key, erased_at FROM subject_keys WHERE subject = ?'),
      create: this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject, key) VALUES (?, ?)'),
      destroy: this.db.prepare(
        `INSERT INTO subject_keys (subject, key, erased_at) VALUES (?, NULL, ?)
         ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = coalesce(erased_at, excluded.erased_at)`,
      ),
    };
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
    // The key's bytes must not linger in the database's free pages or WAL.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
  }

  async dispose(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

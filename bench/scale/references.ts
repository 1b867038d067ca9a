/**
 * The references the data-size figures are set against, each on the same dataset in the same run:
 *   - the floor of any replay: reading every event of the log in pages through the store's own
 *     `readAll` and parsing its JSON (what `toRecorded` does), nothing else;
 *   - raw SHA-256 over the bytes the events are stored as (their data and metadata JSON text),
 *     already in memory: the floor of re-hashing the log, as `/audit/verify` does.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';

/** The page size of the store's subscription, which a rebuild reads the log through. */
const PAGE = 1000;
/** Rows loaded into memory at a time for the hashing reference (not timed). */
const HASH_CHUNK = 5000;

export const eventsFile = (dir: string) => join(dir, 'events.db');

/** Every event of the log read and parsed, page after page: how many. */
export async function readAllEvents(store: SqliteEventStore): Promise<number> {
  let events = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) return events;
    events += page.length;
    after = page[page.length - 1].position;
  }
}

/**
 * SHA-256 of each event's stored JSON text (data, then metadata), one digest per event as the
 * verification makes: the rows are loaded a chunk at a time, only the hashing is timed.
 */
export function hashStoredEvents(dir: string): { events: number; bytes: number; hashMs: number } {
  const db = new Database(eventsFile(dir), { readonly: true, fileMustExist: true });
  try {
    const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
      'SELECT position, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    let events = 0;
    let bytes = 0;
    let hashMs = 0;
    let sink = 0;
    for (let after = 0; ; ) {
      const rows = page.all(after, HASH_CHUNK);
      if (rows.length === 0) break;
      const start = performance.now();
      for (const row of rows) sink ^= createHash('sha256').update(row.data).update(row.metadata).digest().readUInt8(0);
      hashMs += performance.now() - start;
      for (const row of rows) bytes += Buffer.byteLength(row.data) + Buffer.byteLength(row.metadata);
      events += rows.length;
      after = rows[rows.length - 1].position;
    }
    if (sink < 0) throw new Error('unreachable');
    return { events, bytes, hashMs };
  } finally {
    db.close();
  }
}

import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RawSqliteResult {
  rows: number;
  seconds: number;
  rowsPerS: number;
  /** Mean time of one durable single-row transaction, in ms. */
  meanMs: number;
}

/**
 * The raw durable insert rate of this disk: better-sqlite3, WAL, synchronous=FULL, one ~500-byte
 * JSON row per transaction (autocommit: each insert is its own transaction and its own fsync).
 */
export function rawSqliteInsertRate(seconds: number, synchronous: 'FULL' | 'NORMAL' = 'FULL'): RawSqliteResult {
  const dir = mkdtempSync(join(tmpdir(), 'qualirec-bench-sqlite-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, data TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO events (stream_id, data) VALUES (?, ?)');
    const row = (n: number) =>
      JSON.stringify({
        clientId: `client-${n}`,
        fullName: `Jeanne Martin ${n}`,
        birthDate: '1941-05-02',
        address: '3 rue des Lilas, 69003 Lyon',
        agency: 'lyon',
        dependent: true,
        wantsSecondVisit: false,
        actor: { id: 'integration', role: 'integration', name: 'integration' },
        commandId: `00000000-0000-5000-8000-${String(n).padStart(12, '0')}`,
        correlationId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        occurredAt: '2026-02-01T09:00:00.000Z',
        recordedAt: '2026-02-01T09:00:00.123Z',
        note: 'x'.repeat(80),
      });
    // Warm the statement and the file for a moment, uncounted.
    for (let n = 0; n < 200; n += 1) insert.run(`warm-${n}`, row(n));
    let rows = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(seconds * 1e9));
    let now = start;
    while (now < end) {
      insert.run(`stream-${rows}`, row(rows));
      rows += 1;
      now = process.hrtime.bigint();
    }
    const elapsed = Number(now - start) / 1e9;
    return { rows, seconds: elapsed, rowsPerS: rows / elapsed, meanMs: (elapsed * 1000) / rows };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

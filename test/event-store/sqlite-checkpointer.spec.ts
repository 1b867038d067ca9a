import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { SqliteCheckpointer } from '../../src/shared/sqlite-checkpointer.js';

/**
 * WAL checkpoints from a worker thread: the writer's auto-checkpoint is off, the worker moves the
 * WAL's pages into the database file while appends go on, truncates the WAL when the log is idle,
 * never makes an append fail, and ends with `dispose()`.
 */
const event = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Load',
  schemaVersion: 1,
  data: { n, text: 'x'.repeat(700) },
  metadata: { actor: { id: 'checkpointer-spec', role: 'integration' }, occurredAt: '2026-11-26', recordedAt: new Date().toISOString() },
});

const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (what: () => boolean, timeoutMs = 5000) => {
  for (const deadline = Date.now() + timeoutMs; !what() && Date.now() < deadline; ) await sleep(10);
  return what();
};
/** The writer's own connection, for what only it can tell (its pragmas). */
const writerOf = (store: SqliteEventStore) => (store as unknown as { db: Database.Database }).db;

/** `writers` concurrent appenders on their own streams for `ms`; every append must succeed. */
async function load(store: SqliteEventStore, ms: number, writers = 32, during?: () => Promise<unknown>): Promise<number> {
  let appended = 0;
  const end = Date.now() + ms;
  const failures: unknown[] = [];
  await Promise.all([
    ...Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; Date.now() < end; n += 1) {
        try {
          await store.appendToStream(`load-${w}`, [event(n)], n === 0 ? 'no_stream' : n - 1);
          appended += 1;
        } catch (error) {
          failures.push(error);
          return;
        }
      }
    }),
    (async () => {
      while (during && Date.now() < end) await during();
    })(),
  ]);
  expect(failures).toEqual([]);
  return appended;
}

describe('Background WAL checkpoints (SqliteCheckpointer)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qualirec-ckpt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fileFor = (name: string) => join(dir, `${name}-${randomUUID()}.db`);

  it('moves the WAL into the database file from the worker while appends go on, and keeps the WAL short', async () => {
    const file = fileFor('moves');
    const store = new SqliteEventStore(file, { backgroundCheckpoints: { thresholdFrames: 64, pollMs: 5, idleMs: 60_000 } });
    try {
      expect(writerOf(store).pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      expect(await until(() => store.checkpoints!.stats.running)).toBe(true);
      const before = sizeOf(file);
      let walMax = 0;
      const appended = await load(store, 1500, 32, async () => {
        walMax = Math.max(walMax, sizeOf(`${file}-wal`));
        await sleep(5);
      });
      expect(await until(() => store.checkpoints!.stats.framesCopied > 0)).toBe(true);
      const stats = store.checkpoints!.stats;
      expect(stats).toMatchObject({ running: true, errors: 0 });
      process.stderr.write(
        `checkpointer figures: ${appended} appends in 1.5 s, ${stats.checkpoints} checkpoints, ${stats.framesCopied} frames copied, ` +
          `${stats.restarts} WAL restarts, ${stats.assists} assists, ` +
          `WAL at most ${Math.round(walMax / 1024)} KiB, events.db ${Math.round(sizeOf(file) / 1024)} KiB\n`,
      );
      expect(stats.checkpoints).toBeGreaterThan(1);
      // The pages went to the database file, and the WAL started again from its beginning, again and
      // again, rather than grow with the log: a few times `restartFrames` (4 × 64 frames of 4 KiB) at most.
      expect(sizeOf(file)).toBeGreaterThan(before + 64 * 4096);
      expect(stats.restarts).toBeGreaterThan(1);
      expect(walMax).toBeLessThan(4 * 256 * (4096 + 24));
      expect(await store.headPosition()).toBe(appended);
    } finally {
      await store.dispose();
    }
  }, 20_000);

  it('never makes an append fail, whatever checkpoint runs at the same time, and the log stays whole', async () => {
    const file = fileFor('concurrent');
    const store = new SqliteEventStore(file, { backgroundCheckpoints: { thresholdFrames: 16, pollMs: 1, idleMs: 60_000 } });
    try {
      expect(await until(() => store.checkpoints!.stats.running)).toBe(true);
      let truncates = 0;
      let passives = 0;
      const appended = await load(store, 1500, 32, async () => {
        // Forced from the worker in turn with the automatic ones: TRUNCATE takes the write lock for a moment.
        const mode = (truncates + passives) % 2 ? 'TRUNCATE' : 'PASSIVE';
        await store.checkpoints!.checkpointNow(mode);
        if (mode === 'TRUNCATE') truncates += 1;
        else passives += 1;
      });
      expect(truncates).toBeGreaterThan(5);
      expect(await store.headPosition()).toBe(appended);
      const rows = await store.readAll({ maxCount: appended + 1 });
      expect(rows.map((r) => r.position)).toEqual(Array.from({ length: appended }, (_, i) => i + 1));
      expect(store.checkpoints!.stats.errors).toBe(0);
    } finally {
      await store.dispose();
    }
    const check = new Database(file, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  }, 20_000);

  it('checkpoints the rest and truncates the WAL once the log is idle', async () => {
    const file = fileFor('idle');
    const store = new SqliteEventStore(file, { backgroundCheckpoints: { thresholdFrames: 100_000, pollMs: 5, idleMs: 150 } });
    try {
      await load(store, 300, 8);
      expect(sizeOf(`${file}-wal`)).toBeGreaterThan(0);
      expect(await until(() => store.checkpoints!.stats.truncations > 0 && sizeOf(`${file}-wal`) === 0)).toBe(true);
      // Everything is in events.db: a copy of it alone (no WAL) holds the whole log.
      const copy = new Database(file, { readonly: true });
      expect((copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(await store.headPosition());
      copy.close();
    } finally {
      await store.dispose();
    }
  }, 20_000);

  it('stops with dispose: its connection, the last, checkpoints and removes the WAL; the worker ends with its last file', async () => {
    const threadOf = (c: SqliteCheckpointer) => (c as unknown as { shared: { worker: { worker: { threadId: number } } } }).shared.worker.worker;
    const first = new SqliteEventStore(fileFor('dispose-1'), { backgroundCheckpoints: { thresholdFrames: 100_000, idleMs: 60_000 } });
    const second = new SqliteEventStore(fileFor('dispose-2'), { backgroundCheckpoints: { thresholdFrames: 100_000, idleMs: 60_000 } });
    const [a, b] = [first.checkpoints!, second.checkpoints!];
    expect(await until(() => a.stats.running && b.stats.running)).toBe(true);
    // One worker thread for the process, whatever the number of files.
    expect(threadOf(a)).toBe(threadOf(b));
    const thread = threadOf(a);
    expect(thread.threadId).toBeGreaterThan(0);
    await load(first, 200, 4);
    await load(second, 200, 4);
    const file = (first as unknown as { file: string }).file;
    expect(existsSync(`${file}-wal`)).toBe(true);
    await first.dispose();
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(a.stats.running).toBe(false);
    await expect(a.checkpointNow()).rejects.toThrow(/no checkpoint worker/);
    // The other file is still served by the same thread.
    expect(thread.threadId).toBeGreaterThan(0);
    expect((await b.checkpointNow('TRUNCATE')).busy).toBe(0);
    expect(b.stats.truncations).toBe(1);
    await second.dispose();
    expect(thread.threadId).toBe(-1);
    await a.dispose(); // twice is harmless
    // A next file gets a new worker.
    const third = new SqliteEventStore(fileFor('dispose-3'));
    expect(await until(() => third.checkpoints!.stats.running)).toBe(true);
    expect(threadOf(third.checkpoints!)).not.toBe(thread);
    await third.dispose();
  });

  it('starts only after the start-up check when the log is opened checked', async () => {
    const file = fileFor('checked');
    const store = SqliteEventStore.openChecked(file);
    try {
      expect(store.checkpoints).toBeDefined();
      expect(await until(() => store.checkpoints!.stats.running)).toBe(true);
    } finally {
      await store.dispose();
    }
    const off = new SqliteEventStore(fileFor('off'), { backgroundCheckpoints: false });
    expect(off.checkpoints).toBeUndefined();
    expect(writerOf(off).pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await off.dispose();
  });

  it('leaves SQLite as it is where it cannot help, and gives the auto-checkpoint back when its worker fails', async () => {
    const memory = new Database(':memory:');
    const none = SqliteCheckpointer.start(memory);
    expect(none.stats.running).toBe(false);
    await none.dispose();
    memory.close();

    // A file removed under the open connection: the worker cannot open it and ends; the writer checkpoints as before.
    const file = fileFor('gone');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    unlinkSync(file);
    const checkpointer = SqliteCheckpointer.start(db);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(await until(() => checkpointer.stats.errors > 0 && !checkpointer.stats.running)).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.exec('INSERT INTO t VALUES (1)');
    await checkpointer.dispose();
    db.close();
  });

  it('leaves the process\'s SQLite locks alone: another process still finds the write lock taken while a transaction is open', async () => {
    const file = fileFor('locks');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    for (let i = 0; i < 50; i += 1) db.exec(`INSERT INTO t VALUES (${i})`);
    const checkpointer = SqliteCheckpointer.start(db, { pollMs: 1, idleMs: 1 });
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const otherProcess = () =>
      execFileSync(process.execPath, [
        '-e',
        `const D = require(${JSON.stringify(driver)}); const d = new D(${JSON.stringify(file)}); d.pragma('busy_timeout = 0');
         try { d.exec('BEGIN IMMEDIATE'); d.exec('ROLLBACK'); console.log('free'); } catch (e) { console.log(e.code); } d.close();`,
      ])
        .toString()
        .trim();
    try {
      expect(await until(() => checkpointer.stats.running)).toBe(true);
      db.exec('BEGIN IMMEDIATE');
      db.exec('INSERT INTO t VALUES (-1)');
      await sleep(100); // the worker looks at the WAL a hundred times meanwhile
      expect(otherProcess()).toBe('SQLITE_BUSY');
      await sleep(50);
      expect(otherProcess()).toBe('SQLITE_BUSY');
      db.exec('COMMIT');
      expect(otherProcess()).toBe('free');
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
      await checkpointer.dispose();
    }
  }, 20_000);

  it('survives the writer closing first, and its dispose still ends it', async () => {
    const file = fileFor('closed');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    const checkpointer = SqliteCheckpointer.start(db, { pollMs: 5, idleMs: 50 });
    expect(await until(() => checkpointer.stats.running)).toBe(true);
    for (let i = 0; i < 50; i += 1) db.exec(`INSERT INTO t VALUES (${i})`);
    db.close();
    await sleep(150);
    expect(checkpointer.stats).toMatchObject({ running: true, errors: 0 });
    expect((await checkpointer.checkpointNow('TRUNCATE')).busy).toBe(0);
    await checkpointer.dispose();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});

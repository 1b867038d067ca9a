import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EventLogDamagedError, SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { startTestApp } from '../support/test-app.js';
import { copyData, describeBuilt, freshDir, type Server, startRefused, startServer } from './support.js';

/**
 * A torn or corrupt last write in the embedded log. SQLite ends the WAL at the first frame whose
 * checksum fails, so a write torn by a crash (never acknowledged: 201 waits for the fsync) is
 * dropped and nothing acknowledged is lost. Damage SQLite would serve (a lost acknowledged tail,
 * a corrupt page or row of events.db) stops the start with a clear message; nothing is served.
 */

/** The WAL's current frames (their salts match the header's), and where its last commit frame starts. */
function walEnd(file: string): { pageSize: number; frame: number; lastCommit: number } {
  const wal = readFileSync(file);
  const pageSize = wal.readUInt32BE(8);
  const frame = 24 + pageSize;
  let lastCommit = -1;
  for (let at = 32; at + frame <= wal.length; at += frame) {
    if (wal.readUInt32BE(at + 8) !== wal.readUInt32BE(16) || wal.readUInt32BE(at + 12) !== wal.readUInt32BE(20)) break;
    if (wal.readUInt32BE(at + 4) !== 0) lastCommit = at;
  }
  if (lastCommit < 0) throw new Error(`${file} holds no commit`);
  return { pageSize, frame, lastCommit };
}

function writeAt(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Where the last event's hash sits in the file: bytes of the last write, whose content the chain covers. */
function lastEventHashOffset(file: string): number {
  const db = new Database(file, { readonly: true });
  const { hash } = db.prepare("SELECT json_extract(metadata, '$.hash') AS hash FROM events ORDER BY position DESC LIMIT 1").get() as { hash: string };
  db.close();
  const bytes = readFileSync(file);
  const at = bytes.indexOf(`"hash":"${hash}"`);
  expect(at).toBeGreaterThan(0);
  expect(bytes.lastIndexOf(`"hash":"${hash}"`)).toBe(at);
  return at + '"hash":"'.length;
}

describeBuilt('A torn or corrupt last write in the embedded log', () => {
  const dirs: string[] = [];
  const keep = (dir: string) => (dirs.push(dir), dir);
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('drops a torn WAL frame and keeps every acknowledged command; refuses to start on a lost tail or a corrupt row', async () => {
    const dataDir = keep(freshDir('torn'));
    const acknowledged = new Set<string>();
    let server: Server = await startServer(dataDir);
    let alive = true;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let n = 0; alive; n += 1) {
        const res = await server.post('/clients', { commandId: `w${w}-n${n}`, fullName: `Client ${w} ${n}`, address: '2 quai Perrache, Lyon', agency: 'lyon', dependent: false, wantsSecondVisit: false });
        if (res.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
      }
    });
    await new Promise((r) => setTimeout(r, 800));
    alive = false;
    await Promise.all(writers);
    // Read models at the head, then the crash: the WAL keeps the last commits.
    for (;;) {
      const health = (await (await server.get('/health')).json()) as { eventStore: { head: number }; projections: { position: number }[] };
      if (health.projections.every((p) => p.position >= health.eventStore.head)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.stop('SIGKILL');
    expect(acknowledged.size).toBeGreaterThan(20);
    const lostTail = keep(copyData(dataDir, 'torn-tail', ['events.db', 'keys.db', 'read-models.db']));

    // 1. The crash tore the frame of a next commit half-way: SQLite drops it on open, by its checksum.
    const wal = join(dataDir, 'events.db-wal');
    const { pageSize, frame, lastCommit } = walEnd(wal);
    const torn = Buffer.from(readFileSync(wal).subarray(lastCommit, lastCommit + frame));
    torn.fill(0xa5, 24 + 64);
    writeAt(wal, lastCommit + frame, torn.subarray(0, 24 + pageSize / 2));
    server = await startServer(dataDir);
    const verified = (await (await server.get('/audit/verify', 'auditor')).json()) as { ok: boolean; eventsChecked: number };
    expect(verified.ok).toBe(true);
    expect(verified.eventsChecked).toBeGreaterThanOrEqual(acknowledged.size);
    await server.stop();
    // A clean stop moved every commit into events.db: what follows damages events.db itself.
    expect(existsSync(wal)).toBe(false);
    const db = new Database(join(dataDir, 'events.db'), { readonly: true });
    const streams = new Set((db.prepare('SELECT stream_id AS s FROM events').all() as { s: string }[]).map((r) => r.s));
    db.close();
    expect([...acknowledged].filter((id) => !streams.has(`client-${id}`))).toEqual([]);

    // 2. The last acknowledged commit is cut from the WAL (a lost write, not a torn one): the read
    // models beside the log have processed it, so the start stops instead of serving without it.
    truncateSync(join(lostTail, 'events.db-wal'), walEnd(join(lostTail, 'events.db-wal')).lastCommit + 24 + pageSize / 2);
    await expect(startTestApp({}, lostTail)).rejects.toThrow(/read models are ahead of the event log/);

    // 3. A torn sector in the row of the last event of events.db: the real server refuses, exit 1.
    const sector = keep(copyData(dataDir, 'torn-sector'));
    const at = lastEventHashOffset(join(sector, 'events.db'));
    writeAt(join(sector, 'events.db'), at - (at % 512), Buffer.alloc(512));
    const refused = await startRefused(sector);
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toMatch(/listening/);
    expect(refused.stderr).toMatch(/qualirec did not start: The event log .*events\.db is damaged: .*refuses to serve from it/);

    // 4. One character of the last event changed: SQLite sees nothing wrong, the hash chain does.
    const flipped = keep(copyData(dataDir, 'torn-flip'));
    const digit = lastEventHashOffset(join(flipped, 'events.db'));
    const original = readFileSync(join(flipped, 'events.db')).subarray(digit, digit + 1).toString();
    writeAt(join(flipped, 'events.db'), digit, Buffer.from(original === '0' ? '1' : '0'));
    expect(() => SqliteEventStore.openChecked(join(flipped, 'events.db'))).toThrow(/position \d+ does not match its hash/);

    // 5. events.db cut short in its last page.
    const cut = keep(copyData(dataDir, 'torn-cut'));
    truncateSync(join(cut, 'events.db'), statSync(join(cut, 'events.db')).size - pageSize / 2);
    expect(() => SqliteEventStore.openChecked(join(cut, 'events.db'))).toThrow(EventLogDamagedError);
    process.stderr.write(
      `torn-write figures: ${acknowledged.size} commands acknowledged before the crash, a torn frame of ${24 + pageSize / 2} bytes dropped, ` +
        `${verified.eventsChecked} events verified after restart, 0 lost; start refused on a lost tail, a torn sector, a changed character and a cut file\n`,
    );
  }, 90_000);
});

import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/config.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.adapter.js';

/**
 * `npm run backup -- <dir>`: an online backup of the embedded data directory while the service
 * runs. Each SQLite file is copied with SQLite's backup API in one step, i.e. one consistent
 * snapshot (WAL mode: the service keeps writing meanwhile). The order makes the copies fit
 * together: read-models.db first, so its checkpoints never pass the copied log; then events.db;
 * then keys.db, since a key is stored before the first event that needs it is appended.
 * The copy of the log is checked as a start-up checks it. manifest.json is written last: a
 * directory without it is not a backup. Restore: docs/operations.md, "Backups".
 */
interface FileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  createdAt: string;
  dataDir: string;
  /** The last position of the copied log; positions have no gaps, so it is also its number of events. */
  head: number;
  events: number;
  /** The furthest checkpoint of the copied read models (never past `head`); null without read models. */
  readModelsUpTo: number | null;
  files: FileEntry[];
  seconds: number;
}

const [target] = process.argv.slice(2);
if (!target) {
  console.error('usage: npm run backup -- <directory>   (a new or empty directory)');
  process.exit(2);
}
const config = loadConfig();
if (config.eventStoreConnectionString || config.mongoUri) {
  console.error('npm run backup copies the embedded data directory; EventStoreDB and MongoDB are backed up with their own tools (docs/operations.md, "Backups").');
  process.exit(2);
}
const dir = resolve(target);
if (existsSync(dir) && readdirSync(dir).length > 0) {
  console.error(`${dir} is not empty: a backup goes to a new or empty directory.`);
  process.exit(2);
}
if (!existsSync(join(config.dataDir, 'events.db'))) {
  console.error(`There is no events.db in ${config.dataDir} (QUALIREC_DATA_DIR).`);
  process.exit(1);
}

/** One consistent copy of an SQLite file: every page in a single step, so concurrent commits cannot restart it. */
async function copyDatabase(name: string): Promise<boolean> {
  const source = join(config.dataDir, name);
  if (!existsSync(source)) return false;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(join(dir, name), { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  return true;
}

function entry(name: string): FileEntry {
  const bytes = readFileSync(join(dir, name));
  return { name, bytes: statSync(join(dir, name)).size, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const started = Date.now();
mkdirSync(dir, { recursive: true });
const copied: string[] = [];
for (const name of ['read-models.db', 'events.db', 'keys.db']) if (await copyDatabase(name)) copied.push(name);
if (existsSync(join(config.dataDir, 'api-keys.json'))) {
  copyFileSync(join(config.dataDir, 'api-keys.json'), join(dir, 'api-keys.json'));
  copied.push('api-keys.json');
}

// The copied log is checked as the service checks it at start-up (SQLite's check, the last events' hashes).
const log = SqliteEventStore.openChecked(join(dir, 'events.db'));
const head = await log.headPosition();
await log.dispose();
// Read-write connections to the copies: closing them leaves no -wal or -shm beside the files.
const events = new Database(join(dir, 'events.db'));
const { count } = events.prepare('SELECT count(*) AS count FROM events').get() as { count: number };
events.close();
let readModelsUpTo: number | null = null;
if (copied.includes('read-models.db')) {
  const reads = new Database(join(dir, 'read-models.db'));
  readModelsUpTo = (reads.prepare('SELECT max(position) AS upTo FROM checkpoints').get() as { upTo: number | null }).upTo ?? 0;
  reads.close();
}

const manifest: BackupManifest = {
  createdAt: new Date().toISOString(),
  dataDir: config.dataDir,
  head,
  events: count,
  readModelsUpTo,
  files: copied.map(entry),
  seconds: (Date.now() - started) / 1000,
};
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(JSON.stringify(manifest, null, 2));

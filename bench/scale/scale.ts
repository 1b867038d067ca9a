/**
 * The data-size figures of `npm run bench`: what replaying, verifying, booting on and querying a
 * log of 10k, 100k and 1M events costs, each figure set against a reference measured on the same
 * dataset in the same run:
 *   - rebuild of every read model (`rebuildProjections`)  vs  reading and parsing the same events
 *     through the store's `readAll` (the floor of any replay);
 *   - `GET /audit/verify`  vs  SHA-256 over the same events' stored JSON text, already in memory;
 *   - boot of the service on the dataset (read models built)  vs  boot on an empty data directory;
 *   - the auditor's reads (a heavy client's history, the state of a client at an instant or on a
 *     date) and the quality manager's queries (`/indicators`, `/alerts`, `/contracts?status=`)  vs
 *     `GET /health` of the same server: the floor of one request on this stack;
 *   - the service's RSS  vs  its RSS on the empty data directory; the data directory's files, and
 *     events.db's bytes per event.
 * Datasets come from the seeded generator (`bench/dataset/generate.ts`, in a child process), cached
 * in `.bench-data/` and copied for each run; each size is measured, then its copy removed. Offline
 * jobs run in `worker.js`, the service in `service.js`, each a child process of its own; HTTP
 * requests are sequential on one keep-alive connection.
 */
import Database from 'better-sqlite3';
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, log, ms, pct, table } from '../harness.js';
import { AUDITOR_KEY, QUALITY_KEY } from '../keys.js';
import type { FloorResult, Memory, RebuildResult, ServiceStarted, ShaResult, WorkerJob, WorkerResult } from './common.js';
import { machineCpu, ownCpuMs } from './common.js';
import type { Dataset } from '../dataset/generate.js';
import { HttpClient, type Series, type SeriesOptions } from './requests.js';

/** Events per dataset: `--quick` stops at 100k. */
export const DATA_SIZES = { quick: [10_000, 100_000], full: [10_000, 100_000, 1_000_000] };
const SEED = 1;
/** The issue's targets (set for 1M events and 100k clients). */
export const TARGETS = { rebuildPerS: 100_000, historyP99: 100, stateP99: 50, queryP99: 10, rssBytes: 400e6, bootMs: 5_000 };

interface Pace {
  /**
   * How long the first boot after the rebuild, its process managers without checkpoints, may take to
   * listen and handle the log again before it is stopped; 0: not measured (--quick).
   */
  catchUpS: number;
  query: Omit<SeriesOptions, 'paths' | 'headers'>;
  auditor: Omit<SeriesOptions, 'paths' | 'headers'>;
}
/** How many requests each HTTP figure takes: `--quick` keeps the section short, at the cost of fewer requests on slow routes. */
const PACE: Record<'quick' | 'full', Pace> = {
  quick: {
    catchUpS: 0,
    query: { warm: 5, warmMaxS: 0.3, minCount: 200, minS: 0, maxS: 1.5, floor: 20, hardMaxS: 2 },
    auditor: { warm: 2, warmMaxS: 0.3, minCount: 20, minS: 0, maxS: 1.5, floor: 20, hardMaxS: 2 },
  },
  full: {
    catchUpS: 60,
    query: { warm: 10, warmMaxS: 2, minCount: 200, minS: 3, maxS: 15, floor: 20, hardMaxS: 30 },
    auditor: { warm: 3, warmMaxS: 2, minCount: 50, minS: 3, maxS: 20, floor: 20, hardMaxS: 30 },
  },
};

const quality = { authorization: `Bearer ${QUALITY_KEY}` };
const auditor = { authorization: `Bearer ${AUDITOR_KEY}` };

// ——— children and temporary directories ———

const children = new Set<ChildProcess>();
let root: string | undefined;
/** This section's temporary directory, removed (and every child killed) however the process ends. */
function scratch(): string {
  if (!root) {
    root = mkdtempSync(join(tmpdir(), 'qualirec-scale-'));
    process.once('exit', () => {
      for (const child of children) child.kill('SIGKILL');
      if (root) rmSync(root, { recursive: true, force: true });
    });
  }
  return root;
}

function inheritedEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(QUALIREC_|EVENTSTORE_|MONGODB_|BENCH_|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$)/.test(name)),
  );
}

/** Forks `worker.js` on jobs run in turn, and waits for their results. */
function runWorker<T extends WorkerResult[]>(...jobs: WorkerJob[]): Promise<T> {
  const child = fork(new URL('./worker.js', import.meta.url), [JSON.stringify(jobs)], { env: inheritedEnv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  return new Promise<T>((resolve, reject) => {
    let results: T | undefined;
    child.once('message', (message) => (results = message as T));
    child.once('error', reject);
    child.once('exit', (code) => {
      children.delete(child);
      if (results) resolve(results);
      else reject(new Error(`worker ${jobs.map((j) => j.job).join(', ')} exited with ${code} before answering`));
    });
  });
}

interface Boot {
  /** fork() → the service says it listens. */
  listeningMs: number;
  /** fork() → first `GET /health` answered 200. */
  healthMs: number;
  /** In the child, ms since its process began: application modules imported, createApp done, listening. */
  phases: ServiceStarted['phases'];
}

interface Service {
  url: string;
  boot: Boot;
  request(cmd: 'usage' | 'memory'): Promise<Record<string, any>>;
  close(): Promise<void>;
}

/** The service did not listen within the time given: it was stopped. */
class NotListening extends Error {}

/** The real service on `dataDir`, timed from fork() to its first healthy answer; stopped if not listening within `listenTimeoutMs`. */
async function startService(dataDir: string, listenTimeoutMs = 600_000): Promise<Service> {
  const forked = performance.now();
  const child = fork(new URL('./service.js', import.meta.url), [], {
    env: {
      ...inheritedEnv(),
      QUALIREC_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // Sequential requests outrun the default 6,000 a minute per key: the figures measure the server, not the limiter.
      QUALIREC_RATE_LIMIT_PER_MINUTE: '0',
      // /audit/verify over 1M events may take longer than the default 60 s answer timeout: it is timed, not cut.
      QUALIREC_RESPONSE_TIMEOUT_MS: '600000',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => children.delete(child));
  let timer: NodeJS.Timeout | undefined;
  const started = await new Promise<ServiceStarted>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the service exited with ${code} before listening`)));
    child.on('message', (message: Partial<ServiceStarted>) => {
      if (message.port) resolve(message as ServiceStarted);
    });
    timer = setTimeout(() => {
      reject(new NotListening(`not listening after ${listenTimeoutMs} ms`));
      child.kill('SIGKILL');
    }, listenTimeoutMs);
  }).finally(() => clearTimeout(timer));
  const listeningMs = performance.now() - forked;
  const url = `http://127.0.0.1:${started.port}`;
  const client = new HttpClient(url);
  for (;;) {
    const reply = await client.get('/health');
    if (reply.status === 200) break;
    if (performance.now() - forked > 120_000) throw new Error(`/health still ${reply.status} 120 s after the start: ${reply.body.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const healthMs = performance.now() - forked;
  client.close();
  let ids = 0;
  return {
    url,
    boot: { listeningMs, healthMs, phases: started.phases },
    request: (cmd) =>
      new Promise((resolve) => {
        const id = ++ids;
        const onMessage = (reply: { id?: number }) => {
          if (reply.id !== id) return;
          child.off('message', onMessage);
          resolve(reply);
        };
        child.on('message', onMessage);
        child.send({ cmd, id });
      }),
    close: async () => {
      if (child.exitCode !== null) return;
      child.send({ cmd: 'close', id: 0 });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `run()` against the service, with the CPU the rest of the machine used meanwhile (÷ wall time). */
async function withOthers<T>(service: Service, run: () => Promise<T>): Promise<{ result: T; othersCpu: number; serverCpu: number }> {
  const before = await service.request('usage');
  const machineBefore = machineCpu();
  const own = ownCpuMs();
  const start = performance.now();
  const result = await run();
  const wall = performance.now() - start;
  const ownMs = ownCpuMs() - own;
  const machineAfter = machineCpu();
  const after = await service.request('usage');
  const serverMs = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
  const machineMs = machineBefore && machineAfter ? machineAfter.busy - machineBefore.busy : NaN;
  return { result, othersCpu: Math.max(0, machineMs - serverMs - ownMs) / wall, serverCpu: serverMs / wall };
}

// ——— datasets, cached ———

/** The compiled tree this module runs from (dist/ or another --outDir), and the checkout above it. */
const distRoot = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = fileURLToPath(new URL('../../../.bench-data/', import.meta.url));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );
}

/**
 * What a dataset depends on: the generator, and the application code that decides what the log
 * holds (deciders, event types, sealing of personal data, hash chain, shared helpers), as compiled.
 * Changes elsewhere (the stores, the HTTP layer: the speed work) keep the cached datasets, since a
 * log written by earlier code must stay readable by later code. Delete `.bench-data/` for fresh ones.
 */
function codeKey(): string {
  const hash = createHash('sha256');
  const shapesTheLog = (path: string) =>
    path.startsWith('bench/dataset/') ||
    path.startsWith('src/personal-data/') ||
    path.startsWith('src/shared/') ||
    path === 'src/audit/chain.js' ||
    /\.(decider|events)\.js$/.test(path);
  const files = [...filesUnder(join(distRoot, 'bench', 'dataset')), ...filesUnder(join(distRoot, 'src'))]
    .map((file) => ({ file, path: relative(distRoot, file).split('\\').join('/') }))
    .filter(({ path }) => shapesTheLog(path))
    .sort((a, b) => a.path.localeCompare(b.path));
  for (const { file, path } of files) hash.update(path).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 12);
}

export interface CachedDataset extends Dataset {
  /** True when this run generated it; otherwise `generatedAt` says when an earlier run did. */
  generatedNow: boolean;
  generatedAt: string;
}

/**
 * The dataset of `events` events in `.bench-data/` (git-ignored), generated there (in a worker) when
 * missing or made by other code, then copied into `dir`: the measures add read models and
 * consultations to it. The same seed gives the same dataset but for its random keys and IVs.
 */
/** Where the dataset of `events` events made by the current code is (or would be) cached. */
export function cachedDatasetDir(events: number): string {
  return join(CACHE, `${sizeLabel(events)}-seed${SEED}-${codeKey()}`);
}

async function datasetIn(dir: string, events: number): Promise<CachedDataset> {
  const prefix = `${sizeLabel(events)}-seed${SEED}-`;
  const entry = cachedDatasetDir(events);
  let generatedNow = false;
  if (!existsSync(join(entry, 'dataset.json'))) {
    mkdirSync(CACHE, { recursive: true });
    removeStale(prefix);
    const tmp = join(CACHE, `tmp-${prefix}${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    const [dataset] = await runWorker<[Dataset]>({ job: 'generate', events, seed: SEED, dir: tmp });
    writeFileSync(join(tmp, 'dataset.json'), JSON.stringify({ ...dataset, generatedAt: new Date().toISOString() }));
    if (existsSync(entry)) rmSync(tmp, { recursive: true, force: true }); // another run made it meanwhile
    else renameSync(tmp, entry);
    generatedNow = true;
  }
  const now = new Date();
  utimesSync(entry, now, now); // in use: not stale
  const stored = JSON.parse(readFileSync(join(entry, 'dataset.json'), 'utf8')) as Dataset & { generatedAt: string };
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(entry).filter((name) => name !== 'dataset.json')) copyFileSync(join(entry, name), join(dir, name));
  return { ...stored, dir, generatedNow };
}

/**
 * Datasets of the same size made by other code, unused for 10 minutes (other runs, other checkouts'
 * builds may share `.bench-data/`), and unfinished ones whose run has ended.
 */
function removeStale(prefix: string): void {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (name.startsWith(`tmp-${prefix}`)) {
      const pid = Number(name.slice(`tmp-${prefix}`.length));
      if (!alive(pid)) rmSync(path, { recursive: true, force: true });
    } else if (name.startsWith(prefix) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Process managers (sagas) keep their checkpoints beside the read models; a rebuild leaves them as
 * they are, so on a generated log, which never ran through the service, they start from position 0
 * and the first boot handles every event of their kinds again. A service that has been running has
 * them at the head: so they are set here, for the boot the figures are taken on.
 */
function checkpointProcesses(dir: string, names: string[], head: number): void {
  const db = new Database(join(dir, 'read-models.db'), { fileMustExist: true });
  try {
    const set = db.prepare('INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = max(position, excluded.position)');
    db.transaction(() => names.forEach((name) => set.run(name, head)))();
  } finally {
    db.close();
  }
}

/**
 * Waits until the service is idle (under 5 % of a core over 500 ms, its process managers done with
 * the log), at most `capS`: how long it was busy, and whether it got idle.
 */
async function waitIdle(service: Service, capS: number): Promise<{ busyMs: number; idle: boolean }> {
  const start = performance.now();
  for (;;) {
    const before = await service.request('usage');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await service.request('usage');
    const cpu = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000 / (after.at - before.at);
    if (cpu < 0.05) return { busyMs: Math.max(0, performance.now() - start - 500), idle: true };
    if (performance.now() - start > capS * 1000) return { busyMs: performance.now() - start, idle: false };
  }
}

/** The first boot on a rebuilt dataset whose process managers have no checkpoint: until it is idle, or `capS`. */
async function firstBoot(dir: string, processes: string[], capS: number): Promise<NonNullable<SizeResult['firstBoot']>> {
  const forked = performance.now();
  let service: Service;
  try {
    service = await startService(dir, capS * 1000);
  } catch (error) {
    if (!(error instanceof NotListening)) throw error;
    const busyMs = performance.now() - forked;
    return { listeningMs: NaN, healthMs: NaN, phases: { imported: NaN, created: NaN, listening: NaN }, processes, busyMs, caughtUp: false };
  }
  try {
    const caught = await waitIdle(service, Math.max(0, capS - service.boot.healthMs / 1000));
    return { ...service.boot, processes, busyMs: service.boot.healthMs + caught.busyMs, caughtUp: caught.idle };
  } finally {
    await service.close();
  }
}

// ——— one dataset ———

export interface HttpFigure extends Series {
  label: string;
  othersCpu: number;
}

export interface SizeResult {
  events: number;
  label: string;
  dataset?: CachedDataset;
  floor?: FloorResult;
  sha?: ShaResult;
  rebuild?: RebuildResult;
  bootEmpty?: Boot;
  memoryEmpty?: Memory;
  /** The first boot after the rebuild, its process managers without checkpoints: how long they took to handle the log again. */
  firstBoot?: Boot & { processes: string[]; busyMs: number; caughtUp: boolean };
  boot?: Boot;
  memory?: { afterBoot: Memory; afterReads: Memory; afterVerify?: Memory };
  health?: HttpFigure;
  queries: HttpFigure[];
  /** The heavy client's history first (target 100 ms), then the states (target 50 ms). */
  auditor: HttpFigure[];
  contractsStatus?: { status: string; matches: number };
  verify?: { ms: number; eventsChecked: number; ok: boolean; othersCpu: number; serverCpu: number };
  files: { name: string; bytes: number }[];
  /** Wall time of each step, ms. */
  steps: [string, number][];
  /** What did not go as planned without stopping the measures. */
  notes: string[];
  error?: string;
}

export const sizeLabel = (events: number) => (events >= 1e6 ? `${fmt(events / 1e6)}M` : events >= 1e3 ? `${fmt(events / 1e3)}k` : String(events));

/** The contract status with the most documents in the rebuilt read models, and how many. */
function busiestStatus(dir: string): { status: string; matches: number } {
  const db = new Database(join(dir, 'read-models.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare<[], { status: string; n: number }>(
        "SELECT json_extract(body, '$.status') AS status, count(*) AS n FROM documents WHERE collection = 'contracts' GROUP BY 1 ORDER BY n DESC LIMIT 1",
      )
      .get();
    return { status: row?.status ?? 'signed', matches: row?.n ?? 0 };
  } finally {
    db.close();
  }
}

function filesOf(dir: string): { name: string; bytes: number }[] {
  return readdirSync(dir)
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function memoryOf(service: Service): Promise<Memory> {
  const { rss, heapUsed, external, arrayBuffers } = await service.request('memory');
  return { rss, heapUsed, external, arrayBuffers };
}

/** The boot reference, once a run: the same service on an empty data directory. */
export interface EmptyReference {
  boot: Boot;
  memory: Memory;
  /** The process managers the service runs (as /health names them). */
  processes: string[];
}

export async function emptyReference(): Promise<EmptyReference> {
  const dir = join(scratch(), 'empty');
  mkdirSync(dir, { recursive: true });
  const empty = await startService(dir);
  try {
    const memory = await memoryOf(empty);
    const client = new HttpClient(empty.url);
    const processes = (await client.json<{ processes: { name: string }[] }>('/health')).processes.map((p) => p.name);
    client.close();
    return { boot: empty.boot, memory, processes };
  } finally {
    await empty.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Takes the dataset of `events` events, measures every figure on it, removes its copy. */
export async function measureSize(events: number, { quick, empty }: { quick: boolean; empty: EmptyReference }): Promise<SizeResult> {
  const label = sizeLabel(events);
  const pace = PACE[quick ? 'quick' : 'full'];
  const result: SizeResult = { events, label, queries: [], auditor: [], files: [], steps: [], notes: [], bootEmpty: empty.boot, memoryEmpty: empty.memory };
  const dir = join(scratch(), `data-${label}`);
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    log(`  [${label}] ${name}…`);
    const start = performance.now();
    try {
      return await run();
    } finally {
      result.steps.push([name, performance.now() - start]);
    }
  };
  let service: Service | undefined;
  try {
    const dataset = await step('dataset: generate or take from .bench-data/, copy', () => datasetIn(dir, events));
    result.dataset = dataset;
    log(
      `    ${fmt(dataset.events)} events, ${fmt(dataset.clients)} clients, heavy client ${fmt(dataset.heavyClient.events)} events, ` +
        `generated in ${fmt(dataset.ms / 1000, 1)} s${dataset.generatedNow ? '' : ` (cached, ${dataset.generatedAt})`}`,
    );
    // One process for the references and the rebuild (one start-up less); the references' pages and
    // chunks are small beside the read models the rebuild holds, so the peak RSS is the rebuild's.
    [result.floor, result.sha, result.rebuild] = await step('references (read + parse, SHA-256), then the rebuild', () =>
      runWorker<[FloorResult, ShaResult, RebuildResult]>({ job: 'floor', dir }, { job: 'sha', dir }, { job: 'rebuild', dir }),
    );
    log(`    floor ${fmt(result.floor.events / (result.floor.ms / 1000))} events/s, rebuild ${fmt(result.rebuild.head / (result.rebuild.ms / 1000))} events/s`);
    try {
      result.contractsStatus = busiestStatus(dir);
    } catch (error) {
      result.notes.push(`the contract statuses could not be counted in read-models.db (${(error as Error).message}): signed is queried`);
      result.contractsStatus = { status: 'signed', matches: NaN };
    }

    if (pace.catchUpS > 0) {
      result.firstBoot = await step('first boot after the rebuild (process managers from 0)', () => firstBoot(dir, empty.processes, pace.catchUpS));
    }
    try {
      checkpointProcesses(dir, empty.processes, result.rebuild.head);
    } catch (error) {
      result.notes.push(`the process managers' checkpoints could not be set (${(error as Error).message}): the measured boot handles the log again`);
    }

    service = await step('boot on the dataset', () => startService(dir));
    result.boot = service.boot;
    log(`    listening after ${fmt(service.boot.listeningMs)} ms (empty directory: ${fmt(empty.boot.listeningMs)} ms)`);
    const afterBoot = await memoryOf(service);
    const client = new HttpClient(service.url);
    const s = service;
    const figure = async (label: string, paths: string[], headers: Record<string, string>, options: Pace['query']): Promise<HttpFigure> => {
      const { result: series, othersCpu } = await withOthers(s, () => client.series({ paths, headers, ...options }));
      return { label, othersCpu, ...series };
    };

    const year = Math.max(...dataset.years);
    const agency = dataset.agencies[0];
    const { status } = result.contractsStatus;
    await step('queries', async () => {
      result.health = await figure('GET /health', ['/health'], quality, pace.query);
      result.queries.push(await figure(`GET /indicators?year=${year}`, [`/indicators?year=${year}`], quality, pace.query));
      result.queries.push(await figure(`GET /indicators?year=${year}&agency=${agency}`, [`/indicators?year=${year}&agency=${encodeURIComponent(agency)}`], quality, pace.query));
      result.queries.push(await figure('GET /alerts', ['/alerts'], quality, pace.query));
      result.queries.push(await figure(`GET /contracts?status=${status}`, [`/contracts?status=${status}`], quality, pace.query));
    });

    const heavy = dataset.heavyClient;
    const now = new Date().toISOString();
    const date = now.slice(0, 10);
    await step('auditor reads', async () => {
      result.auditor.push(await figure(`GET /clients/{heavy}/history (${fmt(heavy.events)} events)`, [`/clients/${heavy.id}/history`], auditor, pace.auditor));
      const samples = dataset.sampleClientIds.map((id) => `/clients/${id}/state?at=${encodeURIComponent(now)}`);
      result.auditor.push(await figure(`GET /clients/{sample}/state?at=now (${dataset.sampleClientIds.length} clients in turn)`, samples, auditor, pace.auditor));
      result.auditor.push(await figure(`GET /clients/{heavy}/state?at=now`, [`/clients/${heavy.id}/state?at=${encodeURIComponent(now)}`], auditor, pace.auditor));
      result.auditor.push(await figure(`GET /clients/{heavy}/state?occurredAt=today`, [`/clients/${heavy.id}/state?occurredAt=${date}`], auditor, pace.auditor));
    });
    const afterReads = await memoryOf(service);
    result.memory = { afterBoot, afterReads };

    await step('GET /audit/verify', async () => {
      const { result: reply, othersCpu, serverCpu } = await withOthers(s, () => client.get('/audit/verify', auditor));
      if (reply.status !== 200) throw new Error(`/audit/verify answered ${reply.status}: ${reply.body.slice(0, 300)}`);
      const verification = JSON.parse(reply.body) as { ok: boolean; eventsChecked: number };
      result.verify = { ms: reply.ms, eventsChecked: verification.eventsChecked, ok: verification.ok, othersCpu, serverCpu };
    });
    result.memory.afterVerify = await memoryOf(service);
    result.files = filesOf(dir);
    client.close();
  } catch (error) {
    result.error = (error as Error).stack ?? String(error);
    log(`  [${label}] FAILED: ${result.error}`);
  } finally {
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** Every size in turn, smallest first. */
export async function measureDataSizes({ quick, sizes }: { quick: boolean; sizes?: number[] }): Promise<SizeResult[]> {
  log('data size: the service on an empty data directory (the boot reference)…');
  const empty = await emptyReference();
  const results: SizeResult[] = [];
  for (const events of sizes ?? DATA_SIZES[quick ? 'quick' : 'full']) {
    log(`data size ${sizeLabel(events)} events…`);
    results.push(await measureSize(events, { quick, empty }));
  }
  return results;
}

// ——— the report ———

const rate = (events: number, msTaken: number) => (events / msTaken) * 1000;
const perS = (n: number) => `${fmt(n)} events/s`;
const mb = (bytes: number) => `${fmt(bytes / 1e6, bytes < 10e6 ? 1 : 0)} MB`;
const secs = (msTaken: number) => `${fmt(msTaken / 1000, msTaken < 10_000 ? 2 : 1)} s`;
const met = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'yes' : 'NO');
const latency = (s: Series) => `${ms(s.p50)} / ${ms(s.p99)}`;
const others = (share: number) => (share > 0.1 ? `other processes ${pct(share)} of a core` : '');

/** The figures of one size that the growth table follows, by name. */
function figures(r: SizeResult): Record<string, number | undefined> {
  const floorRate = r.floor && rate(r.floor.events, r.floor.ms);
  const rebuildRate = r.rebuild && rate(r.rebuild.head, r.rebuild.ms);
  const verifyRate = r.verify && rate(r.verify.eventsChecked, r.verify.ms);
  const shaRate = r.sha && rate(r.sha.events, r.sha.ms);
  const eventsDb = r.files.find((f) => f.name === 'events.db')?.bytes;
  return {
    generation: r.dataset?.ms,
    floorRate,
    rebuildRate,
    rebuildVsFloor: rebuildRate && floorRate && rebuildRate / floorRate,
    verifyRate,
    shaRate,
    verifyVsSha: verifyRate && shaRate && verifyRate / shaRate,
    bootHealth: r.boot?.healthMs,
    bootVsEmpty: r.boot && r.bootEmpty && r.boot.healthMs / r.bootEmpty.healthMs,
    rss: r.memory && Math.max(r.memory.afterBoot.rss, r.memory.afterReads.rss),
    dataDir: r.files.length ? r.files.reduce((n, f) => n + f.bytes, 0) : undefined,
    bytesPerEvent: eventsDb && r.dataset && eventsDb / r.dataset.events,
  };
}

function sizeTable(r: SizeResult): string[] {
  const out: string[] = [];
  const d = r.dataset;
  out.push(
    d
      ? `${r.label} events: ${fmt(d.events)} events, ${fmt(d.clients)} clients, ${fmt(d.staff)} staff, ${d.agencies.length} agencies, years ${d.years.join(', ')}; ` +
          `heavy client ${fmt(d.heavyClient.events)} events; seed ${d.seed}; generated in ${secs(d.ms)}${d.generatedNow ? ' by this run' : ` (cached in .bench-data/, generated ${d.generatedAt})`}`
      : `${r.label} events`,
  );
  const f = figures(r);
  const rows: string[][] = [['figure', 'value', 'reference (same dataset, same run)', 'reference value', 'ratio', 'target', 'met', 'notes']];
  if (r.floor && r.rebuild && f.rebuildRate && f.floorRate) {
    const halted = r.rebuild.projections.filter((p) => p.status !== 'running');
    rows.push([
      `rebuild: rebuildProjections, ${r.rebuild.projections.length} read models`,
      `${perS(f.rebuildRate)} (${secs(r.rebuild.ms)})`,
      'floor: readAll, pages of 1,000, JSON.parse',
      `${perS(f.floorRate)} (${secs(r.floor.ms)})`,
      pct(f.rebuildRate / f.floorRate),
      `≥ ${fmt(TARGETS.rebuildPerS)} events/s`,
      met(f.rebuildRate >= TARGETS.rebuildPerS),
      [
        `peak RSS ${mb(r.rebuild.maxRss)}`,
        `CPU ${pct(r.rebuild.cpu)}`,
        `start-up check ${ms(r.floor.openCheckedMs)} (${r.floor.check}) included`,
        halted.length ? `HALTED: ${halted.map((p) => p.name).join(', ')}` : '',
        others(Math.max(r.rebuild.othersCpu, r.floor.othersCpu)),
      ]
        .filter(Boolean)
        .join(', '),
    ]);
  }
  if (r.verify && r.sha && f.verifyRate && f.shaRate) {
    rows.push([
      'GET /audit/verify (auditor)',
      `${perS(f.verifyRate)} (${secs(r.verify.ms)})`,
      `SHA-256 of each event's stored JSON (${mb(r.sha.bytes)}), in memory`,
      perS(f.shaRate),
      pct(f.verifyRate / f.shaRate),
      '',
      '',
      [`${fmt(r.verify.eventsChecked)} events checked, ok: ${r.verify.ok}`, r.verify.ms > 60_000 ? 'over the default 60 s answer timeout' : '', others(r.verify.othersCpu)]
        .filter(Boolean)
        .join(', '),
    ]);
  }
  if (r.firstBoot) {
    const b = r.firstBoot;
    rows.push([
      `first boot after the rebuild: process managers from position 0`,
      `busy ${secs(b.busyMs)} after fork`,
      'the same service on an empty data directory, to /health 200',
      r.bootEmpty ? ms(r.bootEmpty.healthMs) : '',
      r.bootEmpty ? `${fmt(b.busyMs / r.bootEmpty.healthMs, 1)} ×` : '',
      '',
      '',
      `${b.processes.join(', ')} handle every event of their kinds again; ` +
        (Number.isNaN(b.listeningMs)
          ? `NOT LISTENING after ${secs(b.busyMs)}: stopped there.`
          : `${b.caughtUp ? 'idle after' : `NOT DONE after ${secs(b.busyMs)}: stopped there;`} listening at ${ms(b.listeningMs)}, /health 200 at ${ms(b.healthMs)}.`) +
        ' The next lines are taken on the boot after it, their checkpoints set at the head',
    ]);
  }
  if (r.boot && r.bootEmpty) {
    const p = r.boot.phases;
    const pe = r.bootEmpty.phases;
    const phases = (x: Boot['phases']) => `modules ${fmt(x.imported)} ms, createApp ${fmt(x.created - x.imported)} ms, listen ${fmt(x.listening - x.created)} ms`;
    rows.push([
      'boot (checkpoints at the head): fork → listening',
      ms(r.boot.listeningMs),
      'the same service on an empty data directory (once a run)',
      ms(r.bootEmpty.listeningMs),
      `${fmt(r.boot.listeningMs / r.bootEmpty.listeningMs, 2)} ×`,
      '',
      '',
      `${phases(p)} (empty: ${phases(pe)})`,
    ]);
    rows.push([
      'boot (checkpoints at the head): fork → first GET /health 200',
      ms(r.boot.healthMs),
      'the same, empty data directory (once a run)',
      ms(r.bootEmpty.healthMs),
      `${fmt(r.boot.healthMs / r.bootEmpty.healthMs, 2)} ×`,
      `< ${secs(TARGETS.bootMs)}`,
      met(r.boot.healthMs < TARGETS.bootMs),
      '',
    ]);
  }
  const h = r.health;
  const httpRow = (x: HttpFigure, target?: number) => [
    x.label,
    `${latency(x)} (p50 / p99)`,
    `GET /health, same server (n = ${h!.n})`,
    latency(h!),
    `${fmt(x.p99 / h!.p99, 1)} × (p99)`,
    target === undefined ? '' : `p99 < ${ms(target)}`,
    target === undefined ? '' : met(x.p99 < target),
    [
      `n = ${x.n}`,
      `first ${ms(x.first)}`,
      `max ${ms(x.max)}`,
      `${mb(x.bytes)}/answer`,
      x.non2xx ? `${x.non2xx} NON-2XX: ${x.failures[0] ?? ''}` : '',
      others(x.othersCpu),
    ]
      .filter(Boolean)
      .join(', '),
  ];
  if (h) {
    r.auditor.forEach((x, i) => rows.push(httpRow(x, i === 0 ? TARGETS.historyP99 : TARGETS.stateP99)));
    for (const x of r.queries) rows.push(httpRow(x, TARGETS.queryP99));
    rows.push(['GET /health (the reference)', `${latency(h)} (p50 / p99)`, '', '', '', '', '', `n = ${h.n}, first ${ms(h.first)}${h.non2xx ? `, ${h.non2xx} NON-2XX` : ''}`]);
  }
  if (r.memory && r.memoryEmpty) {
    const m = r.memory;
    rows.push([
      'service RSS: after boot / after the reads / after /audit/verify',
      `${mb(m.afterBoot.rss)} / ${mb(m.afterReads.rss)} / ${m.afterVerify ? mb(m.afterVerify.rss) : 'n/a'}`,
      'the same service on an empty data directory, after boot',
      mb(r.memoryEmpty.rss),
      `${fmt(f.rss! / r.memoryEmpty.rss, 1)} ×`,
      `< ${mb(TARGETS.rssBytes)} (boot, reads)`,
      met(f.rss! < TARGETS.rssBytes),
      `heap used after the reads ${mb(m.afterReads.heapUsed)}`,
    ]);
  }
  if (r.files.length && f.bytesPerEvent && r.dataset) {
    rows.push([
      'data directory (service running)',
      mb(f.dataDir!),
      'events.db ÷ events',
      `${fmt(f.bytesPerEvent)} bytes/event`,
      '',
      '',
      '',
      r.files.map((file) => `${file.name} ${mb(file.bytes)}`).join(', '),
    ]);
  }
  if (rows.length > 1) out.push(table(rows));
  if (r.contractsStatus && !Number.isNaN(r.contractsStatus.matches)) {
    out.push(`  /contracts?status=${r.contractsStatus.status}: the status with the most contracts (${fmt(r.contractsStatus.matches)}); one page of the default 100 is answered`);
  }
  for (const note of r.notes) out.push(`  NOTE: ${note}`);
  if (r.error) out.push(`  FAILED: ${r.error.split('\n').slice(0, 3).join(' | ')}`);
  out.push(`  time taken: ${r.steps.map(([name, t]) => `${name} ${secs(t)}`).join(', ')}; in all ${secs(r.steps.reduce((n, [, t]) => n + t, 0))}`);
  return out;
}

/** One row per figure, one column per size: how each cost grows with the log. */
function growthTable(results: SizeResult[], quick: boolean): string {
  const largest = results[results.length - 1];
  const byLabel = results.map((r) => ({ r, f: figures(r) }));
  const rows: string[][] = [['figure', ...results.map((r) => r.label), '× per ×10 events', `target (for 1M)`, `met at ${largest.label}`]];
  const growth = (values: (number | undefined)[]) => {
    const steps: string[] = [];
    for (let i = 1; i < values.length; i += 1) {
      const a = values[i - 1];
      const b = values[i];
      const decades = Math.log10(results[i].events / results[i - 1].events);
      steps.push(a && b ? `× ${fmt((b / a) ** (1 / decades), 1)}` : '?');
    }
    return steps.join(', ');
  };
  const line = (name: string, values: (number | undefined)[], show: (v: number) => string, target = '', ok?: (v: number) => boolean) => {
    if (values.every((v) => v === undefined)) return;
    const last = values[values.length - 1];
    rows.push([name, ...values.map((v) => (v === undefined ? 'n/a' : show(v))), growth(values), target, ok && last !== undefined ? met(ok(last)) : '']);
  };
  const of = (key: string) => byLabel.map(({ f }) => f[key]);
  const httpOf = (pick: (r: SizeResult) => HttpFigure | undefined) => results.map((r) => pick(r)?.p99);
  line('dataset generation (informative)', of('generation'), secs);
  line('floor: read + parse, events/s', of('floorRate'), fmt);
  line('rebuild, events/s', of('rebuildRate'), fmt, `≥ ${fmt(TARGETS.rebuildPerS)}`, (v) => v >= TARGETS.rebuildPerS);
  line('rebuild ÷ floor', of('rebuildVsFloor'), pct);
  line('/audit/verify, events/s', of('verifyRate'), fmt);
  line('SHA-256 of the stored JSON, events/s', of('shaRate'), fmt);
  line('/audit/verify ÷ SHA-256', of('verifyVsSha'), pct);
  line('boot → first /health 200', of('bootHealth'), ms, `< ${secs(TARGETS.bootMs)}`, (v) => v < TARGETS.bootMs);
  line('boot ÷ boot on an empty directory', of('bootVsEmpty'), (v) => `${fmt(v, 2)} ×`);
  line('first boot after a rebuild: busy until (process managers from 0)', results.map((r) => r.firstBoot?.busyMs), (v) => secs(v));
  const auditorLines = ['history of the heavy client, p99', 'state at now, sample clients, p99', 'state at now, heavy client, p99', 'state on today, heavy client, p99'];
  auditorLines.forEach((name, i) => {
    const target = i === 0 ? TARGETS.historyP99 : TARGETS.stateP99;
    line(name, httpOf((r) => r.auditor[i]), ms, `< ${ms(target)}`, (v) => v < target);
  });
  rows.push(['  (events of the heavy client)', ...results.map((r) => (r.dataset ? fmt(r.dataset.heavyClient.events) : 'n/a')), '', '', '']);
  const queryNames = (largest.queries.length ? largest.queries : results.find((r) => r.queries.length)?.queries ?? []).map((q) => q.label.replace(/\?year=\d+/, '?year=…'));
  queryNames.forEach((name, i) => line(`${name}, p99`, httpOf((r) => r.queries[i]), ms, `< ${ms(TARGETS.queryP99)}`, (v) => v < TARGETS.queryP99));
  line('GET /health (reference), p99', httpOf((r) => r.health), ms);
  line('service RSS, max of after boot / after reads', of('rss'), mb, `< ${mb(TARGETS.rssBytes)}`, (v) => v < TARGETS.rssBytes);
  line('data directory', of('dataDir'), mb);
  line('events.db bytes per event', of('bytesPerEvent'), (v) => fmt(v));
  const out = [table(rows)];
  if (quick) out.push(`  --quick stops at ${largest.label} events: "met" is read at that size, against targets set for 1M events (100k clients).`);
  return out.join('\n');
}

/** The data-size section of the report. */
export function dataSizeReport(results: SizeResult[], { quick }: { quick: boolean }): string[] {
  const out: string[] = [];
  out.push(
    `Data size — ${results.map((r) => r.label).join(', ')} events from the seeded generator (seed ${SEED}); ${cpus().length} cores (${cpus()[0]?.model ?? '?'}). ` +
      'Offline jobs (floor, rebuild, hashing) each in a child process; the service (createApp, embedded stores, synchronous=FULL, rate limit off) in another; ' +
      'HTTP figures from sequential GETs on one keep-alive connection, after the first request (reported as "first") and a warm-up; ' +
      'a route far slower than its target gets fewer requests (n), down to 3. ' +
      'Every auditor read (history, state) also appends its consultation to the log, durably, before it answers. ' +
      "The measured boot has the process managers' checkpoints at the head, as a service that has been running has them" +
      (quick ? '.' : ' (the first boot after the rebuild, without them, is shown apart).'),
  );
  for (const r of results) {
    out.push('');
    out.push(...sizeTable(r));
  }
  if (results.length > 1) {
    out.push('');
    out.push('Growth with the size of the log:');
    out.push(growthTable(results, quick));
  }
  return out;
}

/**
 * The parts of the benchmark that `run.ts` (the report) and `compare.ts` (repeated diagnostics)
 * share: servers in child processes, the loads, the CPU accounting, the table format.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { load, type LoadResult, type NextRequest, quantile } from './load.js';
import { bodies, CommandMix, preparePools } from './mix.js';
import { type CpuProfile, summarise } from './profile.js';
import { INTEGRATION_KEY, QUALITY_KEY } from './keys.js';
import type { TraceReport } from './trace.js';

/** Durations, in seconds; `configure` sets them before the first load. */
export const settings = { loadS: 12, warmS: 2, probeS: 1.5, quietWaitS: 30, maxAttempts: 3 };
/** --quick keeps a whole run under two minutes, even on a busy machine. */
export function configure({ quick }: { quick: boolean }): void {
  Object.assign(settings, quick ? { loadS: 5, warmS: 1.5, quietWaitS: 5, maxAttempts: 2 } : { loadS: 12, warmS: 2, quietWaitS: 30, maxAttempts: 3 });
}

export const MAIN_CONNECTIONS = 32;
const JSON_HEADERS = { 'content-type': 'application/json' };
const COMMAND_HEADERS = { ...JSON_HEADERS, authorization: `Bearer ${INTEGRATION_KEY}` };
const scratch = mkdtempSync(join(tmpdir(), 'qualirec-bench-'));
const children = new Set<ChildProcess>();

export const log = (line: string) => process.stderr.write(`${line}\n`);

interface Server {
  url: string;
  request(message: { cmd: string; [key: string]: unknown }): Promise<Record<string, any>>;
  close(): Promise<void>;
}

/** Forks `server.js <kind>` with only the given configuration in its environment. */
async function startServer(kind: 'bare' | 'qualirec', env: Record<string, string> = {}): Promise<Server> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(QUALIREC_|EVENTSTORE_|MONGODB_|BENCH_|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$)/.test(name)),
  );
  const child = fork(new URL('./server.js', import.meta.url), [kind], {
    env: { ...inherited, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => children.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
    child.on('message', (message: { port?: number }) => {
      if (message.port) resolve(message.port);
    });
  });
  let ids = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    request: (message) =>
      new Promise((resolve) => {
        const id = ++ids;
        const onMessage = (reply: { id?: number }) => {
          if (reply.id !== id) return;
          child.off('message', onMessage);
          resolve(reply);
        };
        child.on('message', onMessage);
        child.send({ ...message, id });
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

/** Busy and total CPU time of the whole machine in ms, from /proc/stat (Linux); undefined elsewhere. */
function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = fields[3] + (fields[4] ?? 0);
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return { busy: (total - idle) * tick, total: total * tick };
  } catch {
    return undefined;
  }
}

export interface Usage {
  /** CPU time of the server process ÷ wall time (1 = one core busy). */
  serverCpu: number;
  /** Share of wall time the server's event loop was busy (blocking SQLite calls included). */
  serverElu: number;
  /** CPU time of this process (autocannon) ÷ wall time. */
  clientCpu: number;
  /** CPU time of every other process of the machine ÷ wall time (other work competing for the cores); NaN off Linux. */
  othersCpu: number;
}

/**
 * Before a measured load: waits (up to settings.quietWaitS) until other processes use less than a quarter
 * of a core over one second, since the machine may be shared (tests, builds). Never fails.
 */
async function quietMachine(server: Server): Promise<void> {
  const deadline = Date.now() + settings.quietWaitS * 1000;
  for (let waited = false; ; waited = true) {
    const usage = await withUsage(server, () => new Promise<void>((resolve) => setTimeout(resolve, 1000)));
    if (!(usage.othersCpu > 0.25)) {
      if (waited) log(`    the machine is quiet again (${pct(usage.othersCpu)} of a core used by other processes)`);
      return;
    }
    if (Date.now() > deadline) {
      log(`    other processes still use ${pct(usage.othersCpu)} of a core: measuring anyway`);
      return;
    }
    if (!waited) log(`    other processes use ${pct(usage.othersCpu)} of a core: waiting for them (up to ${settings.quietWaitS} s)…`);
  }
}

/** `run()` with the CPU use of the server and of autocannon over it. */
async function withUsage<T>(server: Server, run: () => Promise<T>): Promise<T & Usage> {
  const before = await server.request({ cmd: 'usage' });
  const machineBefore = machineCpu();
  const client = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const clientUsed = process.cpuUsage(client);
  const wall = performance.now() - start;
  const machineAfter = machineCpu();
  const after = await server.request({ cmd: 'usage' });
  const cpuMs = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1000;
  const active = after.elu.active - before.elu.active;
  const idle = after.elu.idle - before.elu.idle;
  const clientMs = (clientUsed.user + clientUsed.system) / 1000;
  const machineMs = machineBefore && machineAfter ? machineAfter.busy - machineBefore.busy : NaN;
  return {
    ...result,
    serverCpu: cpuMs / (after.at - before.at),
    serverElu: active / (active + idle),
    clientCpu: clientMs / wall,
    othersCpu: Math.max(0, machineMs - cpuMs - clientMs) / wall,
  };
}

/** `attempts` > 1: the first measures were discarded (pools outrun, or the machine was busy). */
export type Measured = LoadResult & Usage & { attempts: number };

/**
 * Other processes using more than this share of a core during a measured load make it run again
 * (up to settings.maxAttempts in all): on a shared machine their work takes cores from the server.
 */
const CONTENDED = 0.3;

export async function bareRoute(): Promise<Measured> {
  const server = await startServer('bare');
  try {
    let n = 0;
    const next: NextRequest = () => ({ kind: 'bare', method: 'POST', path: '/bare', body: JSON.stringify(bodies.client(n++)) });
    const options = { url: server.url, connections: MAIN_CONNECTIONS, headers: JSON_HEADERS, next };
    await load({ ...options, durationS: settings.warmS });
    for (let attempt = 1; ; attempt += 1) {
      await quietMachine(server);
      const result = await withUsage(server, () => load({ ...options, durationS: settings.loadS }));
      if (!(result.othersCpu > CONTENDED) || attempt >= settings.maxAttempts) return { ...result, attempts: attempt };
      log(`    other processes used ${pct(result.othersCpu)} of a core during the load: measuring again`);
    }
  } finally {
    await server.close();
  }
}

interface Health {
  status: string;
  eventStore: { head: number };
  projections: { name: string; position: number; status: string }[];
}

async function health(url: string): Promise<Health> {
  const response = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${QUALITY_KEY}` } });
  return (await response.json()) as Health;
}

/** Waits until every projection has processed the head of the log; the time it took, in ms. */
async function projectionsCaughtUp(url: string, timeoutMs = 60_000): Promise<{ ms: number; health: Health }> {
  const start = Date.now();
  for (;;) {
    const h = await health(url);
    if (h.projections.every((p) => p.position >= h.eventStore.head) || h.projections.some((p) => p.status === 'halted')) {
      return { ms: Date.now() - start, health: h };
    }
    if (Date.now() - start > timeoutMs) throw new Error(`projections still behind after ${timeoutMs} ms: ${JSON.stringify(h)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface CommandsResult extends Measured {
  label: string;
  trace?: TraceReport;
  substituted: number;
  catchUpMs: number;
  healthy: boolean;
  events: number;
  profile?: ReturnType<typeof summarise>;
  /** Read-your-writes lag (acknowledged append → every projection has processed it), ms; projections inline only. */
  lag?: { p50: number; p99: number; max: number; samples: number };
}

export interface CommandsOptions {
  label: string;
  connections: number;
  synchronous?: 'FULL' | 'NORMAL';
  projections?: 'inline' | 'off';
  /** A CPU profile of the server's main thread during the measured load. */
  profile?: boolean;
  /** SQLite and group-commit timings during the measured load. */
  trace?: boolean;
}

/** qualirec on a fresh data directory: prepare the pools, warm up, load, check the outcome. */
export async function commands(options: CommandsOptions): Promise<CommandsResult> {
  const { connections, synchronous = 'FULL', projections = 'inline' } = options;
  const dataDir = mkdtempSync(join(scratch, 'data-'));
  const server = await startServer('qualirec', {
    QUALIREC_DATA_DIR: dataDir,
    QUALIREC_SYNCHRONOUS: synchronous,
    QUALIREC_PROJECTIONS: projections,
    // The per-key rate limit stays on (its bookkeeping is part of every request) but so high
    // that the benchmark's single integration key never meets it.
    QUALIREC_RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
    ...(options.trace ? { BENCH_TRACE: '1' } : {}),
  });
  try {
    const tag = `b${connections}${synchronous[0]}${projections[0]}`;
    // A short probe of creations only, which need no pool, to size the pools for this load.
    let p = 0;
    const probe: NextRequest = () => {
      const n = p++;
      return n % 2
        ? { kind: 'registerStaff', method: 'POST', path: '/staff', body: JSON.stringify(bodies.staff(n, { commandId: `${tag}-probe-${n}` })) }
        : { kind: 'registerClient', method: 'POST', path: '/clients', body: JSON.stringify(bodies.client(n, { commandId: `${tag}-probe-${n}` })) };
    };
    const probed = await load({ url: server.url, connections, durationS: settings.probeS, headers: COMMAND_HEADERS, next: probe });
    if (probed.non2xx || probed.errors) throw new Error(`probe failed: ${JSON.stringify(probed.statuses)} ${probed.failures.join(' | ')}`);
    const poolSize = (rate: number, seconds: number, margin: number) => Math.ceil(((rate * seconds) / 5) * margin) + connections * 2 + 20;

    // Warm-up with the same mix, on pools sized from the (cold) probe.
    const warmSize = poolSize(probed.okPerS, settings.warmS, 3);
    const warmPools = await preparePools(server.url, COMMAND_HEADERS, `${tag}w`, { toValidate: warmSize, toSign: warmSize });
    const warmMix = new CommandMix(`${tag}w`, warmPools);
    const warm = await load({ url: server.url, connections, durationS: settings.warmS, headers: COMMAND_HEADERS, next: warmMix.next });
    if (warm.non2xx || warm.errors) throw new Error(`warm-up failed: ${JSON.stringify(warm.statuses)} ${warm.failures.join(' | ')}`);

    // The measured load's pools, sized from the faster of probe and warm-up: each contract is used once.
    // Should the load outrun them (a busy machine slowed the warm-up), it is run again on pools
    // sized from the rate it reached, so that the figures come from the intended mix; so is a load
    // during which other processes took a share of the cores.
    let expected = Math.max(probed.okPerS, warm.okPerS);
    for (let attempt = 1; ; attempt += 1) {
      const size = poolSize(expected, settings.loadS, 1.6);
      log(`    probe ${fmt(probed.okPerS)} cmd/s, warm-up ${fmt(warm.okPerS)} cmd/s: preparing ${size} contracts to validate and ${size} to sign`);
      const pools = await preparePools(server.url, COMMAND_HEADERS, `${tag}t${attempt}`, { toValidate: size, toSign: size });
      if (projections === 'inline') await projectionsCaughtUp(server.url);
      const mix = new CommandMix(`${tag}t${attempt}`, pools);
      const headBefore = (await health(server.url)).eventStore.head;
      await quietMachine(server);
      if (options.trace) await server.request({ cmd: 'trace-start' });
      if (options.profile) await server.request({ cmd: 'profile-start' });
      if (projections === 'inline') await server.request({ cmd: 'lag-start' });
      const result = await withUsage(server, () => load({ url: server.url, connections, durationS: settings.loadS, headers: COMMAND_HEADERS, next: mix.next }));
      let summary: ReturnType<typeof summarise> | undefined;
      let trace: TraceReport | undefined;
      if (options.profile) {
        const file = join(scratch, `qualirec-${tag}.cpuprofile`);
        await server.request({ cmd: 'profile-stop', file });
        summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
      }
      if (options.trace) trace = (await server.request({ cmd: 'trace-stop' })).trace as TraceReport;
      const lags = projections === 'inline' ? ((await server.request({ cmd: 'lag-stop' })).lags as number[]).sort((a, b) => a - b) : [];
      const caught = projections === 'inline' ? await projectionsCaughtUp(server.url) : { ms: 0, health: await health(server.url) };
      if (attempt < settings.maxAttempts && (mix.substituted > 0 || result.othersCpu > CONTENDED)) {
        if (mix.substituted > 0) {
          log(`    the pools ran out at ${fmt(result.okPerS)} cmd/s: loading again on bigger ones`);
          expected = result.okPerS * 1.5;
        } else {
          log(`    other processes used ${pct(result.othersCpu)} of a core during the load: loading again`);
        }
        continue;
      }
      return {
        ...result,
        attempts: attempt,
        label: options.label,
        substituted: mix.substituted,
        catchUpMs: caught.ms,
        healthy: caught.health.status === 'ok',
        events: caught.health.eventStore.head - headBefore,
        profile: summary,
        trace,
        ...(lags.length ? { lag: { p50: quantile(lags, 0.5), p99: quantile(lags, 0.99), max: lags[lags.length - 1], samples: lags.length } } : {}),
      };
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}


export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
export const ms = (n: number) => `${fmt(n, n < 10 ? 2 : 1)} ms`;
export const pct = (n: number) => `${fmt(n * 100, 0)} %`;

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** The code measured: commit, and whether the working tree had changes. */
export function codeVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `code ${commit}${dirty ? ' + uncommitted changes in src/' : ''}`;
  } catch {
    return 'code version unknown (no git)';
  }
}

/** Stops every server still running and removes the temporary directories. */
export function cleanUp(): void {
  for (const child of children) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}

/** Runs a benchmark entry point: temporary servers and directories are removed however it ends. */
export async function runEntry(main: () => Promise<number>): Promise<never> {
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  let code = 1;
  try {
    code = await main();
  } catch (error) {
    console.error(error);
  } finally {
    cleanUp();
  }
  process.exit(code);
}

/**
 * What the data-size benchmark's parent (`scale.ts`) and its children (`worker.ts`, `service.ts`)
 * share: the messages they exchange and the machine's CPU accounting.
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from '../dataset/generate.js';

/** An offline job of `worker.js`, on a dataset directory. */
export type WorkerJob =
  | { job: 'generate'; dir: string; events: number; seed: number }
  | { job: 'floor'; dir: string }
  | { job: 'sha'; dir: string }
  | { job: 'rebuild'; dir: string };

/** What every timed section of a child reports, besides its own figures. */
export interface Timed {
  ms: number;
  /** CPU time of the child over the timed section ÷ its wall time (1 = one core). */
  cpu: number;
  /** CPU time of every other process of the machine over the section ÷ its wall time; NaN off Linux. */
  othersCpu: number;
  /** Peak resident set size of the child so far, in bytes. */
  maxRss: number;
}

export interface FloorResult extends Timed {
  events: number;
  /** `SqliteEventStore.openChecked`: the start-up check (integrity or quick check, last events re-hashed) as boot and rebuild run it. */
  openCheckedMs: number;
  check: string;
}
export interface ShaResult extends Timed {
  events: number;
  /** UTF-8 bytes hashed (data + metadata as stored). */
  bytes: number;
}
export interface RebuildResult extends Timed {
  head: number;
  projections: { name: string; position: number; status: string }[];
}
export type WorkerResult = Dataset | FloorResult | ShaResult | RebuildResult;

/** Messages the parent sends to `service.js`; each answered with `{ id, ... }`. */
export type ServiceMessage = { id: number; cmd: 'usage' | 'memory' | 'close' };

/** What `service.js` sends once listening: when each start-up phase ended, ms since its process began. */
export interface ServiceStarted {
  port: number;
  phases: { imported: number; created: number; listening: number };
}

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Busy and total CPU time of the whole machine in ms, from /proc/stat (Linux); undefined elsewhere. */
export function machineCpu(): { busy: number; total: number } | undefined {
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

/** CPU time (user + system) of this process, in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `work` and says how much CPU this process and the rest of the machine used meanwhile. In a
 * child whose parent only waits for it, "the rest of the machine" is work that competes with it.
 */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ result: T } & Omit<Timed, 'maxRss'>> {
  const machineBefore = machineCpu();
  const cpuBefore = ownCpuMs();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  const cpuMs = ownCpuMs() - cpuBefore;
  const machineAfter = machineCpu();
  const machineMs = machineBefore && machineAfter ? machineAfter.busy - machineBefore.busy : NaN;
  // /proc/stat counts in 10 ms ticks: short sections round to noise, hence the floor at 0.
  return { result, ms, cpu: cpuMs / ms, othersCpu: Math.max(0, machineMs - cpuMs) / ms };
}

export const maxRss = () => process.resourceUsage().maxRSS * 1024;

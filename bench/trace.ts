/**
 * Diagnostic instrumentation of the server process, installed from outside `src/` (bench only):
 * wraps better-sqlite3's `exec` and statements' `run`/`get`/`all` to time each SQL text per
 * database file, and the event store's group commit to record its batch sizes. Used only by the
 * `--profile` run: the wrappers cost a little per call.
 */
import Database from 'better-sqlite3';
import { basename } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.adapter.js';

interface Acc {
  calls: number;
  ms: number;
}

const sql = new Map<string, Acc>();
const batches: number[] = [];
const flushMs: number[] = [];
let on = false;

function record(db: string, text: string, ms: number): void {
  if (!on) return;
  const key = `${basename(db)}: ${text.replace(/\s+/g, ' ').trim().slice(0, 70)}`;
  const acc = sql.get(key) ?? { calls: 0, ms: 0 };
  acc.calls += 1;
  acc.ms += ms;
  sql.set(key, acc);
}

function timed<A extends unknown[], R>(fn: (this: any, ...args: A) => R, label: (self: any, args: A) => [string, string]) {
  return function (this: any, ...args: A): R {
    const start = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      const [db, text] = label(this, args);
      record(db, text, performance.now() - start);
    }
  };
}

export function installTrace(): void {
  const proto = Database.prototype as any;
  proto.exec = timed(proto.exec, (self, [text]) => [self.name, String(text)]);
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();
  for (const method of ['run', 'get', 'all'] as const) {
    statementProto[method] = timed(statementProto[method], (self) => [self.database.name, `${method} ${self.source}`]);
  }
  const store = SqliteEventStore.prototype as any;
  const flush = store.flush;
  store.flush = function (this: { queue: unknown[] }) {
    const size = this.queue.length;
    const start = performance.now();
    try {
      return flush.call(this);
    } finally {
      if (on && size) {
        batches.push(size);
        flushMs.push(performance.now() - start);
      }
    }
  };
}

export function startTrace(): void {
  sql.clear();
  batches.length = 0;
  flushMs.length = 0;
  on = true;
}

export interface TraceReport {
  sql: { key: string; calls: number; ms: number }[];
  flushes: number;
  appends: number;
  meanBatch: number;
  maxBatch: number;
  flushMsTotal: number;
  flushMsMean: number;
  flushMsP50: number;
  flushMsP99: number;
  flushMsMax: number;
}

export function stopTrace(): TraceReport {
  on = false;
  const appends = batches.reduce((a, b) => a + b, 0);
  const flushMsTotal = flushMs.reduce((a, b) => a + b, 0);
  const sorted = [...flushMs].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
  return {
    sql: [...sql].map(([key, acc]) => ({ key, ...acc })).sort((a, b) => b.ms - a.ms),
    flushes: batches.length,
    appends,
    meanBatch: batches.length ? appends / batches.length : 0,
    maxBatch: batches.length ? Math.max(...batches) : 0,
    flushMsTotal,
    flushMsMean: batches.length ? flushMsTotal / batches.length : 0,
    flushMsP50: at(0.5),
    flushMsP99: at(0.99),
    flushMsMax: sorted.length ? sorted[sorted.length - 1] : 0,
  };
}

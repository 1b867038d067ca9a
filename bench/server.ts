/**
 * A server under load, in its own process so that it has an event loop (and a core) of its own
 * while autocannon runs in the parent. Started by `run.ts` through `fork`:
 *   server.js bare        the bare Nest + Fastify route
 *   server.js qualirec    the real application (createApp), configured from the environment
 * It listens on an ephemeral port of 127.0.0.1 and sends `{ port }` to the parent, then answers
 * `{ id, cmd }` messages with `{ id, ... }`: `usage` (CPU time, event-loop utilisation),
 * `profile-start`, `profile-stop` (a CPU profile of the main thread written to `file`),
 * `trace-start`, `trace-stop` (SQLite and group-commit timings, with BENCH_TRACE=1), `lag-start`,
 * `lag-stop` (read-your-writes lag: from each append's acknowledgement to every projection having
 * processed it), `close`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/config.js';
import { BareModule } from './bare.module.js';
import { BENCH_API_KEYS } from './keys.js';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port.js';
import { PROJECTION_RUNNER } from '../src/projections/projections.module.js';
import type { ProjectionRunner } from '../src/projections/projection-runner.js';

export type ServerMessage = { id: number } & ({ cmd: 'usage' | 'profile-start' | 'trace-start' | 'trace-stop' | 'lag-start' | 'lag-stop' | 'close' } | { cmd: 'profile-stop'; file: string });

async function start(kind: string | undefined): Promise<NestFastifyApplication> {
  if (kind === 'bare') {
    const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
    await app.init();
    return app;
  }
  if (kind === 'qualirec') {
    // No rate limit under load (docs/security.md): the benchmark measures the server, not the limiter.
    return createApp({ ...loadConfig({ QUALIREC_RATE_LIMIT_PER_MINUTE: '0', ...process.env, LOG_LEVEL: 'silent' }), apiKeys: BENCH_API_KEYS });
  }
  throw new Error(`unknown server kind ${kind}`);
}

const trace = process.env.BENCH_TRACE === '1' ? await import('./trace.js') : undefined;
trace?.installTrace();
const app = await start(process.argv[2]);
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address();
const port = typeof address === 'object' && address ? address.port : 0;
let session: Session | undefined;
let lags: number[] | undefined;

/**
 * Wraps the log's append (the command path's last step before the 201) to time, for each
 * acknowledged append, how long until every projection has processed it: what a client reading
 * its own write with `minPosition` waits for at most.
 */
function watchLag(): void {
  const store = app.get<symbol, EventStore>(EVENT_STORE);
  const runner = app.get<symbol, ProjectionRunner>(PROJECTION_RUNNER);
  const append = store.appendToStream.bind(store);
  store.appendToStream = async (...args) => {
    const result = await append(...args);
    const acknowledged = performance.now();
    void runner.waitFor(result.position, undefined, 10_000).then((reached) => {
      if (reached) lags?.push(performance.now() - acknowledged);
    });
    return result;
  };
}

process.on('message', (message: ServerMessage) => {
  handle(message).then(
    (answer) => process.send!({ id: message.id, ...answer }),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});

async function handle(message: ServerMessage): Promise<object> {
  switch (message.cmd) {
    case 'usage':
      return { cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), at: performance.now() };
    case 'profile-start':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      return {};
    case 'profile-stop': {
      const { profile } = await session!.post('Profiler.stop');
      session!.disconnect();
      writeFileSync(message.file, JSON.stringify(profile));
      return {};
    }
    case 'trace-start':
      trace!.startTrace();
      return {};
    case 'trace-stop':
      return { trace: trace!.stopTrace() };
    case 'lag-start':
      if (!lags) watchLag();
      lags = [];
      return {};
    case 'lag-stop': {
      // Appends acknowledged at the end of the load count once the projections have caught up with them.
      const store = app.get<symbol, EventStore>(EVENT_STORE);
      await app.get<symbol, ProjectionRunner>(PROJECTION_RUNNER).waitFor(await store.headPosition(), undefined, 30_000);
      await new Promise((resolve) => setImmediate(resolve));
      const measured = lags ?? [];
      lags = [];
      return { lags: measured };
    }
    case 'close':
      await app.close();
      process.exit(0);
  }
}

process.send!({ port });

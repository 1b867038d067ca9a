/**
 * A server under load, in its own process so that it has an event loop (and a core) of its own
 * while autocannon runs in the parent. Started by `run.ts` through `fork`:
 *   server.js bare        the bare Nest + Fastify route
 *   server.js qualirec    the real application (createApp), configured from the environment
 * It listens on an ephemeral port of 127.0.0.1 and sends `{ port }` to the parent, then answers
 * `{ id, cmd }` messages with `{ id, ... }`: `usage` (CPU time, event-loop utilisation),
 * `profile-start`, `profile-stop` (a CPU profile of the main thread written to `file`),
 * `trace-start`, `trace-stop` (SQLite and group-commit timings, with BENCH_TRACE=1), `close`.
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

export type ServerMessage = { id: number } & ({ cmd: 'usage' | 'profile-start' | 'trace-start' | 'trace-stop' | 'close' } | { cmd: 'profile-stop'; file: string });

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
    case 'close':
      await app.close();
      process.exit(0);
  }
}

process.send!({ port });

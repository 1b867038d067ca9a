/**
 * The real service on a dataset's directory, for the data-size figures: `createApp` configured from
 * the environment (QUALIREC_DATA_DIR…) with the benchmark's API keys, in a process of its own,
 * forked by `scale.ts`. The application is imported only once this module runs, so that each phase
 * of the start can be timed: it sends `{ port, phases }` once listening on an ephemeral port of
 * 127.0.0.1, then answers `{ id, cmd }` with `{ id, ... }`: `usage` (CPU time), `memory`
 * (process.memoryUsage), `close`.
 */
import 'reflect-metadata';
import type { ServiceMessage, ServiceStarted } from './common.js';

const [{ createApp }, { loadConfig }, { BENCH_API_KEYS }] = await Promise.all([
  import('../../src/app.factory.js'),
  import('../../src/config/config.js'),
  import('../keys.js'),
]);
const imported = performance.now();
const app = await createApp({ ...loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), apiKeys: BENCH_API_KEYS });
const created = performance.now();
await app.listen(0, '127.0.0.1');
const listening = performance.now();
const address = app.getHttpServer().address();

// The parent gone (killed without its clean-up), nothing is left to measure: stop too.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ServiceMessage) => {
  switch (message.cmd) {
    case 'usage':
      process.send!({ id: message.id, cpu: process.cpuUsage(), at: performance.now() });
      return;
    case 'memory': {
      const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
      process.send!({ id: message.id, rss, heapUsed, external, arrayBuffers });
      return;
    }
    case 'close':
      void app.close().then(() => process.exit(0));
  }
});

const started: ServiceStarted = { port: typeof address === 'object' && address ? address.port : 0, phases: { imported, created, listening } };
process.send!(started);

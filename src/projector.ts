import { loadConfig } from './config/config.js';
import { openEventStore } from './event-store/event-store.module.js';
import { ProjectionRunner } from './projections/projection-runner.js';
import { projectors } from './projectors.js';
import { openReadStore } from './read-store/read-store.module.js';

/**
 * The projectors as their own process, for deployments with MongoDB: run one per deployment and
 * start the API with QUALIREC_PROJECTIONS=off. The embedded read store lives in the API's memory,
 * so there the projectors must stay inline.
 */
const config = loadConfig();
if (!config.mongoUri) {
  console.error('npm run projector needs MONGODB_URI: with the embedded read store, projectors run inside the API (QUALIREC_PROJECTIONS=inline).');
  process.exit(2);
}
const events = await openEventStore(config);
const reads = await openReadStore(config);
const runner = new ProjectionRunner(events, reads, projectors);
await runner.start();
console.log(`qualirec projector running: ${projectors.map((p) => p.name).join(', ')}`);
const report = setInterval(() => {
  for (const p of runner.status()) if (p.status === 'halted') console.error(`${p.name} halted on ${p.error?.type} at ${p.error?.position}: ${p.error?.message}`);
}, 30_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    clearInterval(report);
    await runner.stop();
    await reads.dispose();
    await events.dispose();
    process.exit(0);
  });
}

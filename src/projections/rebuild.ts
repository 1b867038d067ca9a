import type { AppConfig } from '../config/config.js';
import { openEventStore } from '../event-store/event-store.module.js';
import { projectors } from '../projectors.js';
import { openReadStore } from '../read-store/read-store.module.js';
import { ProjectionRunner, type ProjectionStatus } from './projection-runner.js';

/**
 * Drops every read model and replays the whole log into it. With the embedded stores the service
 * must be stopped meanwhile (it holds the read models in memory); with MongoDB, stop the projector.
 */
export async function rebuildProjections(config: AppConfig): Promise<{ head: number; projections: ProjectionStatus[] }> {
  const events = await openEventStore(config);
  const reads = await openReadStore(config);
  try {
    const runner = new ProjectionRunner(events, reads, projectors);
    await runner.reset();
    await runner.runToHead();
    return { head: await events.headPosition(), projections: runner.status() };
  } finally {
    await reads.dispose();
    await events.dispose();
  }
}

/**
 * Offline jobs of the data-size benchmark, in a process of their own so that their time, CPU and
 * peak memory are theirs alone. Forked by `scale.ts` with the jobs as a JSON array in argv[2]; runs
 * them in turn, sends their results to the parent and exits:
 *   generate  the seeded dataset (`bench/dataset/generate.ts`) written into an empty directory
 *   floor     the log opened as the service opens it (start-up check), then every event read
 *             and parsed in pages: the floor of a replay
 *   sha       SHA-256 over every event's stored JSON text, already in memory: the floor of `/audit/verify`
 *   rebuild   `rebuildProjections` on the data directory: every read model dropped and rebuilt from the log
 */
import 'reflect-metadata';
import { loadConfig } from '../../src/config/config.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { rebuildProjections } from '../../src/projections/rebuild.js';
import { generateDataset } from '../dataset/generate.js';
import { machineCpu, maxRss, ownCpuMs, timed, type FloorResult, type RebuildResult, type ShaResult, type WorkerJob, type WorkerResult } from './common.js';
import { eventsFile, hashStoredEvents, readAllEvents } from './references.js';

async function run(job: WorkerJob): Promise<WorkerResult> {
  switch (job.job) {
    case 'generate':
      return generateDataset({ events: job.events, seed: job.seed, dir: job.dir }, ({ phase, events }) =>
        process.stderr.write(`    generator: ${phase}, ${events.toLocaleString('en-US')} events\n`),
      );
    case 'floor': {
      // What `SqliteEventStore.openChecked` does at every start (service, rebuild), timed on its own.
      const opened = performance.now();
      const store = new SqliteEventStore(eventsFile(job.dir));
      const { check } = store.checkIntegrity();
      const openCheckedMs = performance.now() - opened;
      try {
        const { result: events, ...t } = await timed(() => readAllEvents(store));
        return { events, openCheckedMs, check, ...t, maxRss: maxRss() } satisfies FloorResult;
      } finally {
        await store.dispose();
      }
    }
    case 'sha': {
      const machineBefore = machineCpu();
      const cpuBefore = ownCpuMs();
      const start = performance.now();
      const { events, bytes, hashMs } = hashStoredEvents(job.dir);
      const wall = performance.now() - start;
      const cpuMs = ownCpuMs() - cpuBefore;
      const machineAfter = machineCpu();
      const others = machineBefore && machineAfter ? Math.max(0, machineAfter.busy - machineBefore.busy - cpuMs) / wall : NaN;
      return { events, bytes, ms: hashMs, cpu: cpuMs / wall, othersCpu: others, maxRss: maxRss() } satisfies ShaResult;
    }
    case 'rebuild': {
      const config = loadConfig({ QUALIREC_DATA_DIR: job.dir, LOG_LEVEL: 'silent' });
      const { result, ...t } = await timed(() => rebuildProjections(config));
      const projections = result.projections.map(({ name, position, status }) => ({ name, position, status }));
      return { head: result.head, projections, ...t, maxRss: maxRss() } satisfies RebuildResult;
    }
  }
}

// The parent gone (killed without its clean-up), the results have nowhere to go: stop too.
process.on('disconnect', () => process.exit(0));
const results: WorkerResult[] = [];
for (const job of JSON.parse(process.argv[2]) as WorkerJob[]) results.push(await run(job));
process.send!(results, () => process.exit(0));

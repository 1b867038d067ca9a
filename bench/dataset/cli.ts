/**
 * `node dist/bench/dataset/cli.js --events 100000 --seed 42 --dir /tmp/x [--heavy-client-events 10000]`
 * Writes the dataset into the (empty or missing) directory and prints the `Dataset` as JSON;
 * progress goes to stderr.
 */
import { parseArgs } from 'node:util';
import { generateDataset } from './generate.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    seed: { type: 'string', default: '42' },
    dir: { type: 'string' },
    'heavy-client-events': { type: 'string' },
  },
});
if (!values.events || !values.dir) {
  console.error('usage: cli.js --events <n> --dir <empty directory> [--seed <n>] [--heavy-client-events <n>]');
  process.exit(2);
}
const heavy = values['heavy-client-events'];
const started = performance.now();
const dataset = await generateDataset(
  { events: Number(values.events), seed: Number(values.seed), dir: values.dir, ...(heavy ? { heavyClientEvents: Number(heavy) } : {}) },
  ({ phase, events }) => {
    const seconds = (performance.now() - started) / 1000;
    const { rss, heapUsed } = process.memoryUsage();
    console.error(`${seconds.toFixed(1)} s  ${phase}: ${events.toLocaleString('en')} events, ${Math.round(rss / 2 ** 20)} MiB RSS (this thread's heap ${Math.round(heapUsed / 2 ** 20)} MiB)`);
  },
);
console.log(JSON.stringify(dataset, null, 2));

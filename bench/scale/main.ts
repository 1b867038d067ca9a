/**
 * The data-size section of `npm run bench` on its own:
 *   node dist/bench/scale/main.js [--quick] [--sizes=10000,100000]
 * --quick: 10k and 100k events, fewer requests per figure; default: 10k, 100k and 1M events.
 */
import { cpus } from 'node:os';
import { codeVersion, fmt, log, runEntry } from '../harness.js';
import { dataSizeReport, measureDataSizes } from './scale.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizes = args
  .find((arg) => arg.startsWith('--sizes='))
  ?.slice('--sizes='.length)
  .split(',')
  .map(Number);

await runEntry(async () => {
  const started = Date.now();
  log(`qualirec bench, data size only (${quick ? '--quick' : 'full'}), ${cpus().length} cores, Node ${process.version}`);
  const results = await measureDataSizes({ quick, sizes });
  const out = ['', `qualirec bench (data size) — ${new Date().toISOString()} — ${quick ? '--quick' : 'full'} — ${cpus().length} cores, Node ${process.version} — ${codeVersion()}`, ''];
  out.push(...dataSizeReport(results, { quick }));
  out.push('', `done in ${fmt((Date.now() - started) / 1000, 0)} s`);
  process.stdout.write(out.join('\n') + '\n');
  return results.some((r) => r.error) ? 1 : 0;
});

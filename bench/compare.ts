/**
 * `npm run build && node dist/bench/compare.js [--rounds N] [--quick]`: where the command path's
 * time goes, by difference. The same 32-connection command mix is run on several configurations,
 * interleaved round after round (so that a slow minute of a shared machine hits them all), and
 * the medians are compared with the default (synchronous=FULL, projections inline):
 *   synchronous=NORMAL   no fsync at commit: the share of the event log's fsync
 *   projections off      no inline projectors: the share of the read models
 *   both                 what is left: HTTP, Nest, validation, stream reads, deciding, appending
 */
import { cpus } from 'node:os';
import { codeVersion, commands, type CommandsOptions, type CommandsResult, configure, fmt, log, MAIN_CONNECTIONS, ms, pct, settings, table, runEntry } from './harness.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const roundsAt = argv.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Math.max(1, Number(argv[roundsAt + 1]) || 3) : 3;
configure({ quick });

const configurations: (Omit<CommandsOptions, 'connections'> & { key: string })[] = [
  { key: 'default', label: 'synchronous=FULL, projections inline (default)' },
  { key: 'normal', label: 'synchronous=NORMAL', synchronous: 'NORMAL' },
  { key: 'off', label: 'projections off', projections: 'off' },
  { key: 'both', label: 'synchronous=NORMAL, projections off', synchronous: 'NORMAL', projections: 'off' },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<number> {
  const started = Date.now();
  log(`qualirec compare: ${rounds} round(s) of ${configurations.length} configurations, ${settings.loadS} s per load, ${MAIN_CONNECTIONS} connections`);
  const results = new Map<string, CommandsResult[]>(configurations.map((c) => [c.key, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const configuration of configurations) {
      log(`round ${round}: ${configuration.label}…`);
      results.get(configuration.key)!.push(await commands({ ...configuration, connections: MAIN_CONNECTIONS }));
    }
  }
  const base = median(results.get('default')!.map((r) => r.okPerS));
  const rows = [['configuration (32 connections)', 'cmd/s per round', 'median cmd/s', 'vs default', 'median p50', 'median p99', 'median server CPU', 'max other CPU', 'non-2xx']];
  for (const configuration of configurations) {
    const runs = results.get(configuration.key)!;
    const rate = median(runs.map((r) => r.okPerS));
    rows.push([
      configuration.label,
      runs.map((r) => fmt(r.okPerS)).join(' / '),
      fmt(rate),
      configuration.key === 'default' ? '' : `${rate >= base ? '+' : ''}${pct(rate / base - 1)}`,
      ms(median(runs.map((r) => r.p50))),
      ms(median(runs.map((r) => r.p99))),
      pct(median(runs.map((r) => r.serverCpu))),
      pct(Math.max(...runs.map((r) => r.othersCpu))),
      String(runs.reduce((n, r) => n + r.non2xx + r.errors, 0)),
    ]);
  }
  const out = [
    '',
    `qualirec compare — ${new Date().toISOString()} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version} — ${codeVersion()}`,
    `${rounds} interleaved round(s), ${settings.loadS} s per load after a ${settings.warmS} s warm-up; same command mix as npm run bench`,
    '',
    table(rows),
    '',
    `done in ${fmt((Date.now() - started) / 1000)} s`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

await runEntry(main);

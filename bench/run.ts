/**
 * `npm run bench [-- --quick] [-- --profile]`: qualirec's HTTP commands on the embedded default,
 * side by side with the two references they are bounded by, in one run on one machine:
 *   (a) a bare POST route on the same NestJS + Fastify stack,
 *   (b) the raw durable SQLite insert rate (WAL, synchronous=FULL, one row per transaction),
 *   (c) qualirec's commands (createApp, fresh data directory, synchronous=FULL) under a mix of
 *       client registrations, contract drafts, validations, signatures and staff registrations.
 * Each server runs in a child process (its own event loop and core); autocannon runs here. (a) and
 * (b) are measured before and after the main 32-connection load, and the ratios use their mean.
 * --quick: 32 connections only, 5 s per load (whole run < 2 min). Default: 12 s per load, commands
 * at 1, 8, 32 and 128 connections plus two diagnostic lines at 32 (synchronous=NORMAL, projections off).
 * --profile: two more 32-connection loads, one with SQLite calls and group commits timed inside the
 *   server (bench/trace.ts), one with a CPU profile of its main thread; both summarised.
 * Then the data-size section (bench/scale/): seeded datasets of 10k and 100k events (--quick) or 10k,
 * 100k and 1M, each measured against references on the same data: rebuild vs reading and parsing the
 * log, /audit/verify vs raw SHA-256, boot vs boot on an empty directory, the auditor's reads and the
 * quality queries vs GET /health, RSS and the data directory's size; a growth table follows.
 * --no-data-size: the commands only.
 */

import { cpus, loadavg } from 'node:os';
import {
  bareRoute,
  runEntry,
  codeVersion,
  commands,
  type CommandsResult,
  configure,
  fmt,
  log,
  MAIN_CONNECTIONS,
  ms,
  pct,
  settings,
  table,
  type Usage,
} from './harness.js';
import { DATA_SIZES, dataSizeReport, measureDataSizes, sizeLabel, type SizeResult } from './scale/scale.js';
import { rawSqliteInsertRate, type RawSqliteResult } from './sqlite-raw.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const profile = args.has('--profile');
const dataSize = !args.has('--no-data-size');
const SQLITE_S = quick ? 3 : 5;
const TARGET_RATIO_BARE = 0.5;
const TARGET_P99_MS = 25;
const TARGET_LAG_P99_MS = 20;
configure({ quick });
const LOAD_S = settings.loadS;
const WARM_S = settings.warmS;

async function main(): Promise<number> {
  const started = Date.now();
  const mode = quick ? '--quick' : 'full';
  const loadBefore = loadavg()[0];
  log(`qualirec bench (${mode}): ${LOAD_S} s per load after ${WARM_S} s warm-up, ${cpus().length} cores, Node ${process.version}`);

  // The references are measured right before and right after the main load, and the ratios use
  // their mean: on a shared machine the speed of a core drifts from one minute to the next.
  log('(a) bare Nest + Fastify route, 32 connections…');
  const bareBefore = await bareRoute();
  log('(b) raw durable SQLite inserts…');
  const rawBefore: RawSqliteResult = rawSqliteInsertRate(SQLITE_S);
  log(`(c) qualirec commands, ${MAIN_CONNECTIONS} connections…`);
  const main32 = await commands({ label: `qualirec commands, ${MAIN_CONNECTIONS} conn`, connections: MAIN_CONNECTIONS });
  log('(a) and (b) again…');
  const bareAfter = await bareRoute();
  const rawAfter: RawSqliteResult = rawSqliteInsertRate(SQLITE_S);
  const bareRate = (bareBefore.okPerS + bareAfter.okPerS) / 2;
  const rawRate = (rawBefore.rowsPerS + rawAfter.rowsPerS) / 2;
  const others: CommandsResult[] = [];
  if (!quick) {
    for (const connections of [1, 8, 128]) {
      log(`(c) qualirec commands, ${connections} connection(s)…`);
      others.push(await commands({ label: `qualirec commands, ${connections} conn`, connections }));
    }
    log('(c) diagnostics at 32 connections: synchronous=NORMAL, projections off…');
    others.push(await commands({ label: 'diag: 32 conn, SYNCHRONOUS=NORMAL', connections: 32, synchronous: 'NORMAL' }));
    others.push(await commands({ label: 'diag: 32 conn, PROJECTIONS=off', connections: 32, projections: 'off' }));
  }
  let traced: CommandsResult | undefined;
  let profiled: CommandsResult | undefined;
  if (profile) {
    log('diagnostics: qualirec commands, 32 connections, with the SQLite trace, then with a CPU profile…');
    traced = await commands({ label: 'diag: 32 conn, SQLite traced', connections: 32, trace: true });
    profiled = await commands({ label: 'diag: 32 conn, CPU-profiled', connections: 32, profile: true });
  }
  const loadAfter = loadavg()[0];
  let sizes: SizeResult[] = [];
  if (dataSize) {
    log(`data size: ${DATA_SIZES[quick ? 'quick' : 'full'].map(sizeLabel).join(', ')} events…`);
    sizes = await measureDataSizes({ quick });
  }

  const all = [main32, ...others, ...(traced ? [traced] : []), ...(profiled ? [profiled] : [])];
  const usage = (u: Usage) => [pct(u.serverCpu), pct(u.serverElu), pct(u.clientCpu), pct(u.othersCpu)];
  const rows: string[][] = [['measure', 'conn', 'rate', 'p50', 'p99', 'non-2xx', 'server CPU', 'server loop busy', 'autocannon CPU', 'other processes CPU', 'notes']];
  for (const [when, bare] of [['before', bareBefore], ['after', bareAfter]] as const) {
    rows.push([
      `(a) bare Nest+Fastify POST /bare, ${when} (c)`,
      '32',
      `${fmt(bare.okPerS)} req/s`,
      ms(bare.p50),
      ms(bare.p99),
      String(bare.non2xx + bare.errors),
      ...usage(bare),
      bare.attempts > 1 ? `attempt ${bare.attempts}` : '',
    ]);
  }
  for (const [when, raw] of [['before', rawBefore], ['after', rawAfter]] as const) {
    rows.push([`(b) raw SQLite WAL, sync=FULL, 1 row/tx, ${when} (c)`, '1', `${fmt(raw.rowsPerS)} tx/s`, `${ms(raw.meanMs)} mean`, '', '', '', '', '', '', `${fmt(raw.rows)} rows`]);
  }
  for (const r of all) {
    const notes = [
      `${fmt(r.events / r.durationS)} events/s`,
      r.attempts > 1 ? `attempt ${r.attempts}` : '',
      r.lag ? `read-your-writes lag p50 ${ms(r.lag.p50)} p99 ${ms(r.lag.p99)}` : '',
      r.catchUpMs ? `projections +${r.catchUpMs} ms` : '',
      r.substituted ? `${r.substituted} SUBSTITUTED` : '',
      r.healthy ? '' : 'HEALTH NOT OK',
    ].filter(Boolean);
    rows.push([`(c) ${r.label}`, String(r.connections), `${fmt(r.okPerS)} cmd/s`, ms(r.p50), ms(r.p99), String(r.non2xx + r.errors), ...usage(r), notes.join(', ')]);
  }

  const vsBare = main32.okPerS / bareRate;
  const vsRaw = main32.okPerS / rawRate;
  const ratios: string[][] = [
    ['ratio (32 connections, synchronous=FULL)', 'value', 'target', 'met'],
    [`commands/s ÷ bare route req/s (mean of before/after: ${fmt(bareRate)})`, pct(vsBare), `≥ ${pct(TARGET_RATIO_BARE)}`, vsBare >= TARGET_RATIO_BARE ? 'yes' : 'NO'],
    [`commands/s ÷ raw durable SQLite tx/s (mean: ${fmt(rawRate)})`, `${fmt(vsRaw, 2)} ×`, '> 1 (group commit)', vsRaw > 1 ? 'yes' : 'NO'],
    ['p99 latency of commands', ms(main32.p99), `< ${TARGET_P99_MS} ms`, main32.p99 < TARGET_P99_MS ? 'yes' : 'NO'],
    [
      `read-your-writes lag p99 (201 → every projection has the event; p50 ${main32.lag ? ms(main32.lag.p50) : 'n/a'})`,
      main32.lag ? ms(main32.lag.p99) : 'n/a',
      `< ${TARGET_LAG_P99_MS} ms`,
      main32.lag && main32.lag.p99 < TARGET_LAG_P99_MS ? 'yes' : 'NO',
    ],
    ['non-2xx responses, all command loads', String(all.reduce((n, r) => n + r.non2xx + r.errors, 0)), '0', all.every((r) => r.non2xx + r.errors === 0) ? 'yes' : 'NO'],
  ];

  const out: string[] = [];
  out.push('');
  out.push(`qualirec bench — ${new Date().toISOString()} — ${mode} — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${process.platform}/${process.arch} — ${codeVersion()}`);
  out.push(`${LOAD_S} s per load after a ${WARM_S} s warm-up; servers in a child process, autocannon in this one; 1-min load average ${fmt(loadBefore, 2)} before, ${fmt(loadAfter, 2)} after`);
  out.push(
    `CPU columns: share of one core (100 % = one core busy). "other processes": the rest of the machine; above 30 % a load is run again (${settings.maxAttempts} attempts at most, "attempt n" in the notes), and above ~10 % its figures are low.`,
  );
  out.push('command mix: 1/5 each of POST /clients, POST /contracts, POST /contracts/{id}/validate, POST /contracts/{id}/sign, POST /staff');
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push(table(ratios));
  out.push('');
  for (const r of all) {
    const failures = r.failures.length ? ` first failures: ${r.failures.join(' | ')}` : '';
    out.push(`  ${r.label}: statuses ${JSON.stringify(r.statuses)}, requests built ${JSON.stringify(r.byKind)}${failures}`);
  }
  for (const bare of [bareBefore, bareAfter]) if (bare.failures.length) out.push(`  bare route failures: ${bare.failures.join(' | ')}`);
  if (traced?.trace) {
    const t = traced.trace;
    const wallMs = traced.durationS * 1000;
    out.push('');
    out.push(
      `Group commit during the traced load: ${fmt(t.flushes)} commits for ${fmt(t.appends)} appends (mean ${fmt(t.meanBatch, 1)}, max ${t.maxBatch} per commit); ` +
        `flush() ${ms(t.flushMsMean)} mean, p50 ${ms(t.flushMsP50)}, p99 ${ms(t.flushMsP99)}, max ${ms(t.flushMsMax)}; ` +
        `the event loop was blocked in it ${pct(t.flushMsTotal / wallMs)} of the wall time.`,
    );
    out.push(
      table([
        ['SQLite call (traced, on the event loop)', 'calls', 'total ms', 'µs/call', '% of wall'],
        ...t.sql.slice(0, 14).map((q) => [q.key, fmt(q.calls), fmt(q.ms), fmt((q.ms * 1000) / q.calls), pct(q.ms / wallMs)]),
        ['all SQLite calls', fmt(t.sql.reduce((n, q) => n + q.calls, 0)), fmt(t.sql.reduce((n, q) => n + q.ms, 0)), '', pct(t.sql.reduce((n, q) => n + q.ms, 0) / wallMs)],
      ]),
    );
  }
  if (profiled?.profile) {
    const s = profiled.profile;
    out.push('');
    out.push(`CPU profile of the server's main thread during the profiled load (${fmt(s.totalMs)} ms sampled; native better-sqlite3 calls show as native all/get/run/exec):`);
    out.push(table([['area (self time)', 'ms', 'share'], ...s.byArea.slice(0, 16).map((a) => [a.area, fmt(a.ms), pct(a.share)])]));
    out.push('');
    out.push(table([['qualirec file (self time)', 'ms', 'share'], ...s.bySourceFile.slice(0, 12).map((f) => [f.file, fmt(f.ms), pct(f.share)])]));
    out.push('');
    out.push(table([['function (self time)', 'where', 'ms', 'share'], ...s.top.map((f) => [f.fn, f.where, fmt(f.ms), pct(f.share)])]));
  }
  if (dataSize) {
    out.push('');
    out.push(...dataSizeReport(sizes, { quick }));
  }
  out.push('');
  out.push(`done in ${fmt((Date.now() - started) / 1000, 0)} s`);
  process.stdout.write(out.join('\n') + '\n');
  return sizes.some((r) => r.error) ? 1 : 0;
}

await runEntry(main);

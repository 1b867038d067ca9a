import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { chained } from '../../src/event-store/command-executor.service.js';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { rebuildProjections } from '../../src/projections/rebuild.js';
import { projectors } from '../../src/projectors.js';
import { samples, startTestApp, type TestApp } from '../support/test-app.js';
import { copyData, describeBuilt, exited, type Exit, readModelsOf, runNode } from './support.js';
import { spawn } from 'node:child_process';

/**
 * The projector process dies at random moments, in the middle of a batch, then runs to the end:
 * the read models must equal a full rebuild of the same log byte for byte. Then the same with a
 * read store that writes a batch's documents before its checkpoint (MongoDB without a
 * transaction), the process dying between the two: the per-document `_position` guard makes the
 * replayed batch apply nothing twice.
 */
const FIXTURE = resolve('test/faults/fixtures/project.mjs');
/** Marks the ids of the template lives; each copy replaces it. Neither hex nor base64 holds a dot. */
const TOKEN = '.tpl.';
const COPIES = 50;

/** A few lives touching every read model, recorded through the API with ids that carry TOKEN. */
async function templateLives(t: TestApp): Promise<void> {
  const ok = async (url: string, body: Record<string, unknown>) => {
    const res = await t.as('integration').post(url, body);
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  for (let i = 0; i < 6; i += 1) {
    const [client, contract] = [`c${TOKEN}${i}`, `k${TOKEN}${i}`];
    await ok('/clients', samples.client({ clientId: client, fullName: `Client ${i}`, agency: i % 2 ? 'lyon' : 'vienne' }));
    await ok('/contracts', samples.contract(client, { contractId: contract }));
    if (i % 3 === 0) continue;
    await ok(`/contracts/${contract}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
    await ok(`/contracts/${contract}/sign`, { signedAt: '2026-01-21', signedBy: `Client ${i}` });
    if (i % 4 === 1) await ok(`/contracts/${contract}/terminate`, { effectiveAt: '2026-09-30', reason: 'moved' });
  }
  for (let i = 0; i < 3; i += 1) {
    const [complaint, action] = [`r${TOKEN}${i}`, `a${TOKEN}${i}`];
    await ok('/complaints', { complaintId: complaint, clientId: `c${TOKEN}${i}`, receivedAt: '2026-03-06', channel: 'phone', source: 'family', category: i ? 'punctuality' : 'billing', description: 'Late three times' });
    await ok(`/complaints/${complaint}/acknowledge`, { at: '2026-03-09', by: 'rq' });
    await ok(`/complaints/${complaint}/respond`, { at: '2026-03-20', by: 'rq', response: 'The rounds were changed' });
    await ok(`/complaints/${complaint}/actions`, { actionId: action, kind: 'corrective', description: 'Review the rounds', owner: 'rs', dueDate: '2026-04-30', openedAt: '2026-03-12' });
    await ok(`/complaints/${complaint}/actions/${action}/complete`, { at: '2026-04-02', effective: i !== 1 });
    await ok(`/complaints/${complaint}/close`, { at: '2026-04-03' });
  }
  await ok('/staff', samples.staff({ staffId: `s${TOKEN}0` }));
  await ok('/quality-meetings', { meetingId: `m${TOKEN}0`, heldAt: '2026-04-10', kind: 'other', participants: ['rq'], complaintIds: [`r${TOKEN}0`] });
  await ok('/newsletters', { newsletterId: `n${TOKEN}0`, publishedAt: '2026-04-15', title: 'Spring news' });
  const survey = `v${TOKEN}0`;
  await ok('/surveys', { surveyId: survey, year: 2026, agency: 'lyon', invited: 40, questions: [{ questionId: 'q-recep', theme: 'reception', text: 'Was the reception friendly?' }] });
  // Tallies count responses: a response applied twice would show.
  for (let j = 0; j < 12; j += 1) await ok(`/surveys/${survey}/responses`, { responseId: `${survey}-${j}`, answers: [{ questionId: 'q-recep', score: 1 + (j % 5) }] });
  await ok(`/surveys/${survey}/close`, { at: '2026-05-01' });
  expect((await t.as('auditor').get(`/clients/c${TOKEN}0/history`)).status).toBe(200);
}

/** Appends COPIES copies of the template's events, ids renamed, each stream chained as the executor chains it. */
async function copyLives(file: string): Promise<number> {
  const store = new SqliteEventStore(file);
  try {
    const template: RecordedEvent[] = await store.readAll({ maxCount: 100_000 });
    const heads = new Map<string, RecordedEvent>();
    for (const event of template) heads.set(event.streamId, event);
    const appends: Promise<unknown>[] = [];
    for (let copy = 1; copy <= COPIES; copy += 1) {
      for (const event of template) {
        const rename = (text: string) => text.replaceAll(TOKEN, `.c${copy}.`);
        const streamId = rename(event.streamId);
        const head = heads.get(streamId);
        const revision = head ? head.revision : -1;
        const { hash: _hash, prevHash: _prev, ...metadata } = JSON.parse(rename(JSON.stringify(event.metadata))) as Record<string, unknown>;
        const [next] = chained(streamId, revision, head, [{ eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: JSON.parse(rename(JSON.stringify(event.data))), metadata: metadata as NewEvent['metadata'] }]);
        heads.set(streamId, { ...next, streamId, revision: revision + 1, position: 0 });
        appends.push(store.appendToStream(streamId, [next], revision === -1 ? 'no_stream' : revision));
      }
    }
    await Promise.all(appends);
    return await store.headPosition();
  } finally {
    await store.dispose();
  }
}

/**
 * The fixture, SIGKILLed `afterMs` after it stored its `commits`-th batch of documents: while it
 * works on the next batches. Says whether it finished first.
 */
async function killedAfter(dataDir: string, commits: number, afterMs: number): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, [FIXTURE, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise<void>((enough) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('committed').length > commits || output.includes('done')) enough();
    });
    child.once('exit', () => enough());
  });
  await Promise.race([new Promise((r) => setTimeout(r, afterMs)), exited(child)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  await exited(child);
  return output.includes('done') ? 'finished' : 'killed';
}

/** Where each projection's checkpoint stands, and how many documents are ahead of it. */
function progress(dataDir: string): { checkpoints: number[]; ahead: number } {
  const { documents, checkpoints } = readModelsOf(dataDir);
  let ahead = 0;
  for (const { collection, body } of JSON.parse(documents) as { collection: string; body: string }[]) {
    const projector = projectors.find((p) => p.collection === collection);
    if (projector && (JSON.parse(body) as { _position: number })._position > (checkpoints[projector.name] ?? 0)) ahead += 1;
  }
  return { checkpoints: projectors.map((p) => checkpoints[p.name] ?? 0), ahead };
}

const expectDone = (exit: Exit) => expect({ code: exit.code, end: exit.stdout.slice(-5), stderr: exit.stderr }).toEqual({ code: 0, end: 'done\n', stderr: '' });

describeBuilt('A projector process that dies mid-way', () => {
  const dirs: string[] = [];
  let log: string;
  let head: number;
  let rebuilt: ReturnType<typeof readModelsOf>;

  beforeAll(async () => {
    const t = await startTestApp();
    await templateLives(t);
    await t.close({ keepData: true });
    log = copyData(t.dataDir, 'proj-log');
    rmSync(t.dataDir, { recursive: true, force: true });
    head = await copyLives(join(log, 'events.db'));
    const reference = copyData(log, 'proj-rebuilt');
    dirs.push(log, reference);
    await rebuildProjections(loadConfig({ QUALIREC_DATA_DIR: reference }));
    rebuilt = readModelsOf(reference);
    expect(Object.values(rebuilt.checkpoints).filter((p) => p === head)).toHaveLength(projectors.length);
  }, 60_000);
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('killed mid-batch again and again, then run to the end: the read models equal a rebuild, byte for byte', async () => {
    const dataDir = copyData(log, 'proj-kill');
    dirs.push(dataDir);
    // The furthest checkpoint after each kill that left the projectors part-way.
    const midway: number[] = [];
    for (let kill = 0; kill < 8 && midway.length < 3; kill += 1) {
      if ((await killedAfter(dataDir, 1 + Math.floor(Math.random() * 6), Math.random() * 30)) === 'finished') break;
      const furthest = Math.max(...progress(dataDir).checkpoints);
      if (furthest > 0 && furthest < head) midway.push(furthest);
    }
    expectDone(await runNode([FIXTURE, dataDir]));
    expect(readModelsOf(dataDir)).toEqual(rebuilt);
    process.stderr.write(`projector kill -9 figures: ${head} events, killed ${midway.length} times part-way (furthest checkpoint ${midway.join(', ')})\n`);
    expect(midway.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('dying between the documents of a batch and its checkpoint, then run to the end: equal to a rebuild', async () => {
    const dataDir = copyData(log, 'proj-torn');
    dirs.push(dataDir);
    const ahead: number[] = [];
    for (const dieAt of [1 + Math.floor(Math.random() * 8), 1 + Math.floor(Math.random() * 20), 1 + Math.floor(Math.random() * 30)]) {
      const exit = await runNode([FIXTURE, dataDir, `--documents-first=${dieAt}`]);
      if (exit.code === 0) break;
      expect(exit.signal).toBe('SIGKILL');
      // Documents newer than their checkpoint: the batch will be replayed over them.
      ahead.push(progress(dataDir).ahead);
    }
    expectDone(await runNode([FIXTURE, dataDir, '--documents-first']));
    expect(readModelsOf(dataDir)).toEqual(rebuilt);
    process.stderr.write(`projector documents-then-crash figures: ${head} events, died ${ahead.length} times between documents and checkpoint, leaving ${ahead.join(', ')} documents ahead of their checkpoint\n`);
    expect(ahead.length).toBeGreaterThanOrEqual(2);
    expect(ahead.every((n) => n > 0)).toBe(true);
  }, 60_000);
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import type { Projector } from '../../src/projections/projector.js';
import { EmbeddedReadStore } from '../../src/read-store/embedded-read-store.adapter.js';

/** Counts the events of each stream: applying one twice, or skipping one, shows in the count. */
const counter: Projector<{ _id: string; count: number; types: string[] }> = {
  name: 'counter.v1',
  collection: 'counts',
  handles: ['Tick', 'Poison'],
  documentIds: (e) => [e.streamId],
  evolve: (doc, e) => {
    if (e.type === 'Poison') throw new Error('cannot digest poison');
    return { _id: e.streamId, count: (doc?.count ?? 0) + 1, types: [...(doc?.types ?? []), e.type] };
  },
};
/** A second projector that never fails, to show one halted projector does not stop the others. */
const lister: Projector<{ _id: string; n: number }> = {
  name: 'lister.v1',
  collection: 'lists',
  handles: ['Tick', 'Poison'],
  documentIds: () => ['all'],
  evolve: (doc) => ({ _id: 'all', n: (doc?.n ?? 0) + 1 }),
};

const tick = (type = 'Tick'): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: {},
  metadata: { actor: { id: 't', role: 'integration' }, occurredAt: '2026-01-01', recordedAt: new Date().toISOString() },
});

describe('Projection runner', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: EmbeddedReadStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qualirec-proj-'));
    events = new SqliteEventStore(join(dir, 'events.db'));
    reads = new EmbeddedReadStore(join(dir, 'read.db'));
  });
  afterEach(async () => {
    await events.dispose();
    await reads.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up with the log, then follows it live', async () => {
    await events.appendToStream('s-1', [tick(), tick()]);
    const runner = new ProjectionRunner(events, reads, [counter]);
    await runner.start();
    expect(await runner.waitFor(await events.headPosition())).toBe(true);
    expect(await reads.get('counts', 's-1')).toMatchObject({ count: 2 });
    const live = await events.appendToStream('s-1', [tick()]);
    expect(await runner.waitFor(live.position)).toBe(true);
    expect(await reads.get('counts', 's-1')).toMatchObject({ count: 3 });
    await runner.stop();
    expect(await reads.checkpoint('counter.v1')).toBe(live.position);
  });

  it('resumes from its checkpoint after a restart, applying nothing twice', async () => {
    await events.appendToStream('s-1', [tick(), tick()]);
    const first = new ProjectionRunner(events, reads, [counter]);
    await first.start();
    await first.waitFor(await events.headPosition());
    await first.stop();
    const more = await events.appendToStream('s-1', [tick()]);
    const second = new ProjectionRunner(events, reads, [counter]);
    await second.start();
    await second.waitFor(more.position);
    await second.stop();
    expect(await reads.get('counts', 's-1')).toMatchObject({ count: 3 });
  });

  it('after a crash between the documents and the checkpoint, replays without applying twice', async () => {
    const appended = await events.appendToStream('s-1', [tick(), tick(), tick()]);
    const runner = new ProjectionRunner(events, reads, [counter]);
    await runner.start();
    await runner.waitFor(appended.position);
    await runner.stop();
    // The documents hold all three events, but the checkpoint is as if the process died before storing it.
    await reads.commit({ projection: 'counter.v1', checkpoint: 0, upserts: [], deletes: [] });
    const restarted = new ProjectionRunner(events, reads, [counter]);
    await restarted.start();
    await restarted.waitFor(appended.position);
    await restarted.stop();
    expect(await reads.get('counts', 's-1')).toMatchObject({ count: 3, types: ['Tick', 'Tick', 'Tick'] });
  });

  it('halts a projector on the event it cannot apply, shows why, never skips it; the others go on', async () => {
    await events.appendToStream('s-1', [tick()]);
    const poison = await events.appendToStream('s-1', [tick('Poison')]);
    const after = await events.appendToStream('s-1', [tick()]);
    const runner = new ProjectionRunner(events, reads, [counter, lister]);
    await runner.start();
    expect(await runner.waitFor(after.position, ['lister.v1'])).toBe(true);
    expect(await runner.waitFor(after.position, ['counter.v1'], 200)).toBe(false);
    await runner.stop();
    const status = runner.status().find((s) => s.name === 'counter.v1')!;
    expect(status).toMatchObject({ status: 'halted', position: poison.position - 1, error: { position: poison.position, type: 'Poison', message: 'cannot digest poison' } });
    expect(await reads.get('counts', 's-1')).toMatchObject({ count: 1 });
    expect(await reads.get('lists', 'all')).toMatchObject({ n: 3 });
    expect(await reads.checkpoint('counter.v1')).toBe(poison.position - 1);

    const restarted = new ProjectionRunner(events, reads, [counter, lister]);
    await restarted.start();
    await restarted.waitFor(after.position, ['counter.v1'], 200);
    await restarted.stop();
    expect(restarted.status().find((s) => s.name === 'counter.v1')).toMatchObject({ status: 'halted', error: { position: poison.position } });
  });

  it('rebuilds to the same documents from the log', async () => {
    for (let i = 0; i < 50; i += 1) await events.appendToStream(`s-${i % 7}`, [tick(), tick()]);
    const runner = new ProjectionRunner(events, reads, [counter]);
    await runner.start();
    await runner.waitFor(await events.headPosition());
    await runner.stop();
    const before = await reads.find('counts', {}, { sort: { _id: 1 } });
    const rebuild = new ProjectionRunner(events, reads, [counter]);
    await rebuild.reset();
    expect(await reads.count('counts')).toBe(0);
    await rebuild.runToHead();
    expect(await reads.find('counts', {}, { sort: { _id: 1 } })).toEqual(before);
  });

  it('starts a renamed projector (a changed rule) from an empty collection', async () => {
    const appended = await events.appendToStream('s-1', [tick(), tick()]);
    const v1 = new ProjectionRunner(events, reads, [counter]);
    await v1.start();
    await v1.waitFor(appended.position);
    await v1.stop();
    const v2 = new ProjectionRunner(events, reads, [{ ...counter, name: 'counter.v2' }]);
    await v2.start();
    await v2.waitFor(appended.position);
    await v2.stop();
    expect(await reads.get('counts', 's-1')).toMatchObject({ count: 2 });
  });

  it('lets an instance that does not run the projectors follow their progress and halts', async () => {
    const worker = new ProjectionRunner(events, reads, [counter]);
    const api = new ProjectionRunner(events, reads, [counter]);
    api.follow(5);
    await worker.start();
    const ok = await events.appendToStream('s-1', [tick()]);
    expect(await api.waitFor(ok.position, undefined, 1000)).toBe(true);
    const poison = await events.appendToStream('s-1', [tick('Poison')]);
    await worker.waitFor(poison.position, undefined, 200);
    await new Promise((r) => setTimeout(r, 30));
    expect(api.status()[0]).toMatchObject({ status: 'halted', error: { position: poison.position } });
    await worker.stop();
    await api.stop();
  });

  it('keeps a batch the read store refused and stores it once the store takes writes again', async () => {
    let refusals = 3;
    const flaky = Object.create(reads) as EmbeddedReadStore;
    flaky.commitAll = async (batches) => {
      if (batches.some((b) => b.upserts.length) && refusals > 0) {
        refusals -= 1;
        throw new Error('disk full');
      }
      return reads.commitAll(batches);
    };
    const runner = new ProjectionRunner(events, flaky, [counter]);
    await runner.start();
    const appended = await events.appendToStream('s-1', [tick(), tick()]);
    await new Promise((r) => setTimeout(r, 20));
    expect(runner.status()[0]).toMatchObject({ status: 'retrying', storeError: 'disk full' });
    expect(await runner.waitFor(appended.position, undefined, 3000)).toBe(true);
    expect(runner.status()[0].status).toBe('running');
    await runner.stop();
    expect(await reads.get('counts', 's-1')).toMatchObject({ count: 2 });
  });
});

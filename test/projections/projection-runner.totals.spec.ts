import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import type { Projector } from '../../src/projections/projector.js';
import { EmbeddedReadStore } from '../../src/read-store/embedded-read-store.adapter.js';
import type { Doc } from '../../src/read-store/read-store.port.js';

/**
 * What the runner adds to a projector: running totals kept with its documents (counted once per
 * commit, or event by event where a crash left them ahead of the checkpoint), versions that
 * rebuild a read model without renaming it, and catching up a long log in windows.
 */
type Counted = { _id: string; parity: 'odd' | 'even'; count: number };
type Total = { _id: string; docs: number; events: number };

/** Counts the events of each stream; its totals: per parity of the stream number, how many streams and events. */
const counter: Projector<Counted> = {
  name: 'counted.v1',
  collection: 'counted',
  handles: ['Tick'],
  documentIds: (e) => [e.streamId],
  evolve: (doc, e) => ({ _id: e.streamId, parity: Number(e.streamId.split('-')[1]) % 2 ? 'odd' : 'even', count: (doc?.count ?? 0) + 1 }),
  totals: {
    collection: 'counted-totals',
    keysOf: (doc) => [doc.parity],
    move: (total, key, before, after) => {
      const t = (total ?? { _id: key, docs: 0, events: 0 }) as Total;
      return { _id: key, docs: t.docs - (before ? 1 : 0) + (after ? 1 : 0), events: t.events - (before?.count ?? 0) + (after?.count ?? 0) };
    },
  },
};

const tick = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'Tick',
  schemaVersion: 1,
  data: {},
  metadata: { actor: { id: 't', role: 'integration' }, occurredAt: '2026-01-01', recordedAt: new Date().toISOString() },
});

describe('Projection runner: totals, versions, long catch-ups', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: EmbeddedReadStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qualirec-proj-totals-'));
    events = new SqliteEventStore(join(dir, 'events.db'));
    reads = new EmbeddedReadStore(join(dir, 'read.db'));
  });
  afterEach(async () => {
    await events.dispose();
    await reads.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `n` ticks over `streams` streams, appended together. */
  const append = (n: number, streams: number) => Promise.all(Array.from({ length: n }, (_, i) => events.appendToStream(`s-${i % streams}`, [tick()])));
  const totals = async () => Object.fromEntries((await reads.find('counted-totals')).map((t) => [t._id, { docs: t.docs, events: t.events }]));
  const expected = (events: number, streams: number) => {
    const odd = Array.from({ length: streams }, (_, i) => i).filter((i) => i % 2);
    const perStream = (i: number) => Math.floor(events / streams) + (i < events % streams ? 1 : 0);
    const sum = (ids: number[]) => ids.reduce((n, i) => n + perStream(i), 0);
    const even = Array.from({ length: streams }, (_, i) => i).filter((i) => i % 2 === 0);
    return { even: { docs: even.length, events: sum(even) }, odd: { docs: odd.length, events: sum(odd) } };
  };

  it('keeps the totals of the documents, live and after a restart', async () => {
    await append(2500, 7);
    const runner = new ProjectionRunner(events, reads, [counter]);
    await runner.start();
    expect(await runner.waitFor(await events.headPosition(), undefined, 5000)).toBe(true);
    expect(await totals()).toEqual(expected(2500, 7));
    await append(30, 9);
    expect(await runner.waitFor(await events.headPosition(), undefined, 5000)).toBe(true);
    await runner.stop();
    // 2500 over s-0..6, then 30 over s-0..8.
    const docs = await reads.find('counted');
    const sum = (parity: string) => docs.filter((d) => d.parity === parity).reduce((n, d) => n + (d.count as number), 0);
    expect(await totals()).toEqual({ even: { docs: 5, events: sum('even') }, odd: { docs: 4, events: sum('odd') } });
    const restarted = new ProjectionRunner(events, reads, [counter]);
    await append(11, 3);
    await restarted.runToHead();
    const after = await reads.find('counted');
    const sumAfter = (parity: string) => after.filter((d) => d.parity === parity).reduce((n, d) => n + (d.count as number), 0);
    expect(await totals()).toEqual({ even: { docs: 5, events: sumAfter('even') }, odd: { docs: 4, events: sumAfter('odd') } });
  });

  it('replaying events the documents and totals already hold (a crash before the checkpoint) counts nothing twice', async () => {
    await append(3000, 11);
    await new ProjectionRunner(events, reads, [counter]).runToHead();
    const before = await totals();
    // Documents and totals hold every event, the checkpoint none: a store that wrote them first, then died.
    await reads.commit({ projection: counter.name, checkpoint: 0, upserts: [], deletes: [] });
    // And one totals document as if its write had not happened either: it must get its counts back.
    const odd = (await reads.get('counted-totals', 'odd'))!;
    await reads.commit({ projection: 'x', checkpoint: 0, upserts: [{ collection: 'counted-totals', doc: { ...odd, docs: 0, events: 0, _position: 0 } as Doc }], deletes: [] });
    // The documents of the odd streams too: they are replayed, their counts go to the totals again.
    for (const doc of (await reads.find('counted')).filter((d) => d.parity === 'odd')) await reads.commit({ projection: 'x', checkpoint: 0, upserts: [], deletes: [{ collection: 'counted', id: doc._id }] });
    const replay = new ProjectionRunner(events, reads, [counter]);
    // Position 0 would start the projector afresh: the replay starts from a checkpoint inside the log.
    await reads.commit({ projection: counter.name, checkpoint: 1, upserts: [], deletes: [] });
    await replay.runToHead();
    expect(await totals()).toEqual(before);
    expect(before).toEqual(expected(3000, 11));
  });

  it('rebuilds a projector whose version changed, and only then', async () => {
    await append(50, 5);
    await new ProjectionRunner(events, reads, [counter]).runToHead();
    // Documents left by version 1 that version 2 would not make: a rebuild drops them.
    await reads.commit({ projection: 'x', checkpoint: 0, upserts: [{ collection: 'counted', doc: { _id: 'stale', parity: 'odd', count: 99 } }], deletes: [] });
    const v2 = { ...counter, version: 2 };
    await new ProjectionRunner(events, reads, [v2]).runToHead();
    expect(await reads.get('counted', 'stale')).toBeNull();
    expect(await totals()).toEqual(expected(50, 5));
    await reads.commit({ projection: 'x', checkpoint: 0, upserts: [{ collection: 'counted', doc: { _id: 'kept', parity: 'odd', count: 1 } }], deletes: [] });
    await new ProjectionRunner(events, reads, [v2]).runToHead();
    expect(await reads.get('counted', 'kept')).not.toBeNull();
    // Back to version 1: rebuilt again.
    await new ProjectionRunner(events, reads, [counter]).runToHead();
    expect(await reads.get('counted', 'kept')).toBeNull();
  });

  it('catches up a long log in growing windows, each stored with its checkpoint', async () => {
    await append(30_000, 400);
    const commits: number[] = [];
    const watched = Object.create(reads) as EmbeddedReadStore;
    watched.commitAll = async (batches) => {
      for (const b of batches) if (b.projection === counter.name) commits.push(b.checkpoint);
      return reads.commitAll(batches);
    };
    await new ProjectionRunner(events, watched, [counter]).runToHead();
    // Eight windows of a thousand events, then the rest at once.
    expect(commits).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 30_000]);
    expect(await totals()).toEqual(expected(30_000, 400));
    expect((await reads.get('counted', 's-7'))!.count).toBe(75);
  }, 60_000);
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, RecordedEvent, Subscription } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';

/**
 * The embedded log hands the events a group commit wrote to this process's subscriptions instead
 * of each reading them back from SQLite. Whatever the mix (this process, another store on the same
 * file, a subscriber that falls behind), a subscription delivers every position once, in order.
 */
const event = (type: string, n: number): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { n, nested: { list: [n, 'x'.repeat(100)] }, dropped: undefined },
  metadata: { actor: { id: 'handover-spec', role: 'integration' }, occurredAt: '2026-11-26', recordedAt: new Date().toISOString() },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects a subscription until it delivered `upTo` (or `timeoutMs` passed). */
function collect(subscription: Subscription, done: (events: RecordedEvent[]) => boolean, timeoutMs = 15_000): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void subscription.close();
      reject(new Error(`timed out after ${events.length} events, last position ${events[events.length - 1]?.position}`));
    }, timeoutMs);
    void (async () => {
      for await (const e of subscription) {
        events.push(e);
        if (done(events)) break;
      }
      clearTimeout(timer);
      await subscription.close();
      resolve(events);
    })().catch(reject);
  });
}

/** Rows the store read back from SQLite for its subscriptions (the hand-over avoids them). */
function countSubscriptionReads(store: SqliteEventStore): { rows: number } {
  const counter = { rows: 0 };
  const stmt = (store as unknown as { stmt: { range: { all: (...args: unknown[]) => unknown[] } } }).stmt.range;
  const all = stmt.all.bind(stmt);
  stmt.all = (...args: unknown[]) => {
    const rows = all(...args);
    counter.rows += rows.length;
    return rows;
  };
  return counter;
}

/** Appends from `writers` concurrent writers, each on its own stream, `types` in turn. */
async function appendConcurrently(store: SqliteEventStore, tag: string, writers: number, each: number, types: string[]): Promise<void> {
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; n < each; n += 1) {
        // Several events now and then: one commit holds appends of one and of several events.
        const events = n % 7 === 3 ? [event(types[n % types.length], n), event(types[(n + 1) % types.length], n)] : [event(types[n % types.length], n)];
        await store.appendToStream(`${tag}-${w}`, events);
        if (n % 10 === 0) await sleep(0);
      }
    }),
  );
}

describe('Subscriptions fed by the group commit (embedded log)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qualirec-handover-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers every position once and in order, under concurrent appends from this process and from another store on the file', async () => {
    const file = join(dir, 'mixed.db');
    const local = new SqliteEventStore(file, { pollIntervalMs: 20 });
    const other = new SqliteEventStore(file, { pollIntervalMs: 20 });
    try {
      await appendConcurrently(local, 'before', 4, 25, ['A']); // some history to catch up with first
      const reads = countSubscriptionReads(local);
      // Each collector stops at the last event, a B appended once every other append is done.
      const last = event('B', -1);
      const untilLast = (events: RecordedEvent[]) => events[events.length - 1].eventId === last.eventId;
      const all = collect(local.subscribeToAll({ after: 10 }), untilLast);
      const filtered = collect(local.subscribeToAll({ after: 0, filter: { eventTypes: ['B'] } }), untilLast);
      const onOther = collect(other.subscribeToAll({ after: 0 }), untilLast);
      await Promise.all([appendConcurrently(local, 'local', 32, 40, ['A', 'B', 'C']), appendConcurrently(other, 'other', 4, 40, ['B', 'C'])]);
      await appendConcurrently(local, 'last', 32, 5, ['A', 'B']); // only local commits at the end
      await local.appendToStream('the-last', [last]);
      const stored = await local.readAll({ maxCount: 100_000 });

      const [everything, onlyB, fromOther] = await Promise.all([all, filtered, onOther]);
      expect(everything.map((e) => e.position)).toEqual(stored.filter((e) => e.position > 10).map((e) => e.position));
      expect(fromOther.map((e) => e.position)).toEqual(stored.map((e) => e.position));
      expect(onlyB.map((e) => e.position)).toEqual(stored.filter((e) => e.type === 'B').map((e) => e.position));
      // What was handed over is what SQLite holds, field by field.
      const byPosition = new Map(stored.map((e) => [e.position, e]));
      for (const e of [...everything, ...onlyB]) expect(e).toEqual(byPosition.get(e.position));
      // Another writer's commits leave gaps, read from SQLite (with whatever this process committed meanwhile).
      expect(reads.rows).toBeGreaterThan(0);
    } finally {
      await other.dispose();
      await local.dispose();
    }
  }, 30_000);

  it('reads nothing back from SQLite once caught up, when the appends are this process\'s own', async () => {
    const store = new SqliteEventStore(join(dir, 'local.db'), { pollIntervalMs: 5 });
    try {
      await appendConcurrently(store, 'history', 8, 50, ['A']);
      const last = event('B', -1);
      const untilLast = (events: RecordedEvent[]) => events[events.length - 1].eventId === last.eventId;
      const all = collect(store.subscribeToAll(), untilLast);
      const onlyB = collect(store.subscribeToAll({ filter: { eventTypes: ['B'] } }), untilLast);
      await sleep(50); // the history read, both wait at the head
      const reads = countSubscriptionReads(store);
      const before = await store.headPosition();
      await appendConcurrently(store, 'live', 32, 40, ['A', 'B', 'C']);
      await store.appendToStream('the-last', [last]);
      const stored = await store.readAll({ maxCount: 100_000 });
      const [everything, filtered] = await Promise.all([all, onlyB]);
      expect(everything.map((e) => e.position)).toEqual(stored.map((e) => e.position));
      expect(filtered.map((e) => e.position)).toEqual(stored.filter((e) => e.type === 'B').map((e) => e.position));
      process.stderr.write(`handover figures: ${[...everything, ...filtered].filter((e) => e.position > before).length} live events delivered to two subscriptions, ${reads.rows} rows read back from SQLite\n`);
      expect(reads.rows).toBe(0);
    } finally {
      await store.dispose();
    }
  }, 30_000);

  it('hands each subscription its own objects, equal to what a read from SQLite gives, never the appended ones', async () => {
    const store = new SqliteEventStore(join(dir, 'objects.db'));
    try {
      const first = store.subscribeToAll();
      const second = store.subscribeToAll();
      const [a, b] = [collect(first, (events) => events.length >= 1), collect(second, (events) => events.length >= 1)];
      await sleep(20); // both subscriptions caught up and waiting: the commit below is handed over
      const appended = event('A', 1);
      await store.appendToStream('objects-1', [appended]);
      const [[fromFirst], [fromSecond]] = await Promise.all([a, b]);
      const [read] = await store.readStream('objects-1');
      expect(fromFirst).toEqual(read);
      expect('dropped' in fromFirst.data).toBe(false); // JSON, as stored: no undefined
      expect(fromFirst.data).not.toBe(appended.data);
      expect(fromFirst.metadata).not.toBe(appended.metadata);
      expect(fromFirst.data).not.toBe(fromSecond.data);
      // A projector that changes what it got changes nothing for the others, nor for the log.
      (fromFirst.data.nested as { list: unknown[] }).list.push('changed');
      fromFirst.metadata.actor.id = 'changed';
      expect(fromSecond).toEqual(read);
      expect((await store.readStream('objects-1'))[0]).toEqual(read);
      // Nor does the caller changing its objects after the append.
      (appended.data.nested as { list: unknown[] }).list.push('changed too');
      expect(fromSecond).toEqual(read);
    } finally {
      await store.dispose();
    }
  });

  it('reads back from SQLite what a subscriber that fell far behind could not keep in memory, with no gap or duplicate', async () => {
    const store = new SqliteEventStore(join(dir, 'behind.db'));
    try {
      const subscription = store.subscribeToAll();
      const reads = countSubscriptionReads(store);
      // Nothing consumes while 12,000 events are committed: more than a subscription keeps waiting in memory.
      for (let batch = 0; batch < 24; batch += 1) {
        await Promise.all(Array.from({ length: 500 }, (_, i) => store.appendToStream(`behind-${batch}-${i}`, [event('A', i)])));
      }
      const head = await store.headPosition();
      expect(head).toBe(12_000);
      const events = await collect(subscription, (got) => got[got.length - 1].position >= head);
      expect(events.map((e) => e.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      expect(reads.rows).toBeGreaterThan(0);
      expect(reads.rows).toBeLessThan(head);
    } finally {
      await store.dispose();
    }
  }, 30_000);

  it('ends its subscriptions on close and on dispose, leaving nothing waiting', async () => {
    const store = new SqliteEventStore(join(dir, 'close.db'));
    const open = () => (store as unknown as { inboxes: Set<unknown> }).inboxes.size;
    const closed = store.subscribeToAll();
    const running = collect(closed, () => false);
    await store.appendToStream('close-1', [event('A', 1)]);
    await sleep(10);
    await closed.close();
    await expect(running).resolves.toHaveLength(1);
    const left = store.subscribeToAll();
    const ending = collect(left, () => false);
    expect(open()).toBe(1);
    await store.dispose();
    await expect(ending).resolves.toHaveLength(1);
    expect(open()).toBe(0);
  });
});

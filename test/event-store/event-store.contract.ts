import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { WrongExpectedRevisionError } from '../../src/event-store/event-store.port.js';

/**
 * The contract every EventStore adapter must honour. Each adapter's spec calls it with a factory
 * giving a store over an empty (or at least fresh-namespaced) log. Stream ids are unique per test
 * so the suite also runs against a shared server.
 */
export function eventStoreContract(open: () => Promise<EventStore>, close: (store: EventStore) => Promise<void>): void {
  let store: EventStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await close(store);
  });

  const stream = (prefix = 'test') => `${prefix}-${randomUUID()}`;
  const event = (type: string, data: Record<string, unknown> = {}, clientId?: string): NewEvent => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      clientId,
      actor: { id: 'contract-suite', role: 'integration' },
      occurredAt: '2026-01-15',
      recordedAt: new Date().toISOString(),
    },
  });
  const types = (events: RecordedEvent[]) => events.map((e) => e.type);

  describe('append and read a stream', () => {
    it('reads back what was appended, in order, with revisions from 0', async () => {
      const id = stream();
      const result = await store.appendToStream(id, [event('A', { n: 1 }), event('B', { n: 2 })], 'no_stream');
      expect(result.nextRevision).toBe(1);
      const read = await store.readStream(id);
      expect(types(read)).toEqual(['A', 'B']);
      expect(read.map((e) => e.revision)).toEqual([0, 1]);
      expect(read[1].data).toEqual({ n: 2 });
      expect(read[0].streamId).toBe(id);
      expect(read[1].position).toBe(result.position);
      expect(read[0].position).toBeLessThan(read[1].position);
    });

    it('keeps metadata and schema version', async () => {
      const id = stream();
      const e = event('WithMeta', { x: 'é' }, 'client-42');
      e.metadata.commandId = 'cmd-1';
      e.schemaVersion = 3;
      await store.appendToStream(id, [e]);
      const [read] = await store.readStream(id);
      expect(read.eventId).toBe(e.eventId);
      expect(read.schemaVersion).toBe(3);
      expect(read.metadata).toMatchObject({ clientId: 'client-42', commandId: 'cmd-1', actor: { id: 'contract-suite' } });
      expect(read.data).toEqual({ x: 'é' });
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('reads backwards, from a revision, and a bounded count', async () => {
      const id = stream();
      await store.appendToStream(id, ['A', 'B', 'C', 'D'].map((t) => event(t)));
      expect(types(await store.readStream(id, { direction: 'backwards' }))).toEqual(['D', 'C', 'B', 'A']);
      expect(types(await store.readStream(id, { fromRevision: 2 }))).toEqual(['C', 'D']);
      expect(types(await store.readStream(id, { direction: 'backwards', fromRevision: 2, maxCount: 2 }))).toEqual(['C', 'B']);
      expect(types(await store.readStream(id, { maxCount: 1 }))).toEqual(['A']);
    });
  });

  describe('expected revision', () => {
    it('no_stream refuses an existing stream', async () => {
      const id = stream();
      await store.appendToStream(id, [event('A')], 'no_stream');
      await expect(store.appendToStream(id, [event('B')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('stream_exists refuses a missing stream', async () => {
      await expect(store.appendToStream(stream(), [event('A')], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('an exact revision must be the last one', async () => {
      const id = stream();
      await store.appendToStream(id, [event('A'), event('B')]);
      await expect(store.appendToStream(id, [event('C')], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const ok = await store.appendToStream(id, [event('C')], 1);
      expect(ok.nextRevision).toBe(2);
      expect(types(await store.readStream(id))).toEqual(['A', 'B', 'C']);
    });

    it('a refused append writes nothing', async () => {
      const id = stream();
      await store.appendToStream(id, [event('A')]);
      await expect(store.appendToStream(id, [event('B'), event('C')], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(types(await store.readStream(id))).toEqual(['A']);
    });

    it('of concurrent appends at one revision exactly one wins', async () => {
      const id = stream();
      await store.appendToStream(id, [event('Start')]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => store.appendToStream(id, [event(`Try${i}`)], 0)),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(id)).toHaveLength(2);
    });
  });

  describe('idempotency by event id', () => {
    it('appending the same events again at the same revision appends nothing and answers as before', async () => {
      const id = stream();
      const batch = [event('A'), event('B')];
      const first = await store.appendToStream(id, batch, 'no_stream');
      const again = await store.appendToStream(id, batch, 'no_stream');
      expect({ nextRevision: again.nextRevision, position: again.position }).toEqual(first);
      expect(first.replayed).toBeFalsy();
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('appending the same events again with any revision appends nothing', async () => {
      const id = stream();
      const batch = [event('A')];
      await store.appendToStream(id, batch, 'any');
      await store.appendToStream(id, batch, 'any');
      expect(await store.readStream(id)).toHaveLength(1);
    });
  });

  describe('the whole log', () => {
    it('reads all in commit order after a position, in pages', async () => {
      const before = await store.headPosition();
      const a = stream();
      const b = stream();
      await store.appendToStream(a, [event('A1')]);
      await store.appendToStream(b, [event('B1')]);
      await store.appendToStream(a, [event('A2')]);
      const page = (await store.readAll({ after: before, maxCount: 1000 })).filter((e) => e.streamId === a || e.streamId === b);
      expect(types(page)).toEqual(['A1', 'B1', 'A2']);
      const positions = page.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      const firstOnly = await store.readAll({ after: before, maxCount: 1 });
      expect(firstOnly).toHaveLength(1);
      const next = await store.readAll({ after: firstOnly[0].position, maxCount: 1 });
      expect(next[0].position).toBeGreaterThan(firstOnly[0].position);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(page[2].position);
    });

    it('subscribes from a checkpoint: past events first, then live ones', async () => {
      const id = stream('sub');
      await store.appendToStream(id, [event('Past1'), event('Past2')]);
      const [first] = await store.readStream(id);
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: first.position });
      const done = (async () => {
        for await (const e of subscription) {
          if (e.streamId !== id) continue;
          seen.push(e);
          if (seen.length === 3) break;
        }
      })();
      await new Promise((r) => setTimeout(r, 50));
      await store.appendToStream(id, [event('Live1')]);
      await new Promise((r) => setTimeout(r, 20));
      await store.appendToStream(id, [event('Live2')]);
      await done;
      await subscription.close();
      expect(types(seen)).toEqual(['Past2', 'Live1', 'Live2']);
    });

    it('filters a subscription by event type', async () => {
      const id = stream('filter');
      const before = await store.headPosition();
      const wanted = `Wanted${randomUUID().slice(0, 8)}`;
      await store.appendToStream(id, [event('Other'), event(wanted), event('Other'), event(wanted)]);
      const subscription = store.subscribeToAll({ after: before, filter: { eventTypes: [wanted] } });
      const seen: RecordedEvent[] = [];
      for await (const e of subscription) {
        seen.push(e);
        if (seen.length === 2) break;
      }
      await subscription.close();
      expect(types(seen)).toEqual([wanted, wanted]);
      expect(seen.every((e) => e.streamId === id)).toBe(true);
    });
  });

  describe("a client's history", () => {
    it('gathers every event naming the client across streams, in commit order', async () => {
      const clientId = `client-${randomUUID()}`;
      const other = `client-${randomUUID()}`;
      await store.appendToStream(`client-${clientId}`, [event('ClientRegistered', {}, clientId)]);
      await store.appendToStream(stream('contract'), [event('ContractDrafted', {}, clientId)]);
      await store.appendToStream(stream('contract'), [event('ContractDrafted', {}, other)]);
      await store.appendToStream(stream('complaint'), [event('ComplaintLogged', {}, clientId), event('ComplaintAcknowledged', {}, clientId)]);
      const history = await waitFor(() => store.readClientHistory(clientId), (h) => h.length >= 4);
      expect(types(history)).toEqual(['ClientRegistered', 'ContractDrafted', 'ComplaintLogged', 'ComplaintAcknowledged']);
      expect(history.every((e) => e.metadata.clientId === clientId)).toBe(true);
      const positions = history.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    });
  });
}

/** History may be built asynchronously (EventStoreDB's linker): poll briefly. */
async function waitFor<T>(read: () => Promise<T>, ready: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ready(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

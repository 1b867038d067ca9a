import { randomUUID } from 'node:crypto';
import type { ReadStore } from '../../src/read-store/read-store.port.js';

/**
 * The contract every ReadStore adapter must honour: MongoDB filter semantics, sorting, paging,
 * counting, batches stored with their checkpoint, and reset for rebuilds. Collection and
 * projection names are unique per test so the suite runs against a shared server too.
 */
export function readStoreContract(open: () => Promise<ReadStore>, close: (store: ReadStore) => Promise<void>): void {
  let store: ReadStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await close(store);
  });

  const names = () => {
    const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
    return { projection: `p_${suffix}`, collection: `c_${suffix}` };
  };

  const contracts = [
    { _id: 'k1', status: 'signed', agency: 'north', endDate: '2026-03-01', hours: 4, tags: ['day'] },
    { _id: 'k2', status: 'draft', agency: 'north', endDate: '2026-06-01', hours: 2, tags: [] },
    { _id: 'k3', status: 'signed', agency: 'south', endDate: '2027-01-01', hours: 8, tags: ['night', 'day'] },
    { _id: 'k4', status: 'terminated', agency: 'south', hours: 1, tags: ['day'] },
  ];

  async function seeded() {
    const n = names();
    await store.commit({
      projection: n.projection,
      checkpoint: 10,
      upserts: contracts.map((doc) => ({ collection: n.collection, doc })),
      deletes: [],
    });
    return n;
  }

  it('gets a document by id, and null for an unknown one', async () => {
    const { collection } = await seeded();
    expect(await store.get(collection, 'k3')).toEqual(contracts[2]);
    expect(await store.get(collection, 'nope')).toBeNull();
  });

  it('filters with MongoDB operators', async () => {
    const { collection } = await seeded();
    const ids = async (filter: Record<string, unknown>) => (await store.find(collection, filter, { sort: { _id: 1 } })).map((d) => d._id);
    expect(await ids({ status: 'signed' })).toEqual(['k1', 'k3']);
    expect(await ids({ status: { $in: ['draft', 'terminated'] } })).toEqual(['k2', 'k4']);
    expect(await ids({ endDate: { $lt: '2026-07-01' } })).toEqual(['k1', 'k2']);
    expect(await ids({ hours: { $gte: 2, $lte: 4 } })).toEqual(['k1', 'k2']);
    expect(await ids({ tags: 'night' })).toEqual(['k3']);
    expect(await ids({ endDate: { $exists: false } })).toEqual(['k4']);
    expect(await ids({ $or: [{ agency: 'north', status: 'draft' }, { hours: { $gt: 5 } }] })).toEqual(['k2', 'k3']);
    expect(await ids({ status: { $ne: 'signed' }, agency: 'south' })).toEqual(['k4']);
  });

  it('sorts, skips and limits', async () => {
    const { collection } = await seeded();
    const byHoursDesc = await store.find(collection, {}, { sort: { hours: -1 } });
    expect(byHoursDesc.map((d) => d._id)).toEqual(['k3', 'k1', 'k2', 'k4']);
    const page = await store.find(collection, {}, { sort: { agency: 1, hours: 1 }, skip: 1, limit: 2 });
    expect(page.map((d) => d._id)).toEqual(['k1', 'k4']);
  });

  it('counts with a filter', async () => {
    const { collection } = await seeded();
    expect(await store.count(collection)).toBe(4);
    expect(await store.count(collection, { agency: 'south' })).toBe(2);
    expect(await store.count(`${collection}_empty`)).toBe(0);
  });

  it('stores the checkpoint with the batch, upserts replace and deletes remove', async () => {
    const { projection, collection } = await seeded();
    expect(await store.checkpoint(projection)).toBe(10);
    await store.commit({
      projection,
      checkpoint: 12,
      upserts: [{ collection, doc: { _id: 'k2', status: 'validated', agency: 'north' } }],
      deletes: [{ collection, id: 'k4' }],
    });
    expect(await store.checkpoint(projection)).toBe(12);
    expect(await store.get(collection, 'k2')).toEqual({ _id: 'k2', status: 'validated', agency: 'north' });
    expect(await store.get(collection, 'k4')).toBeNull();
    expect(await store.count(collection)).toBe(3);
  });

  it('stores several projections\' batches at once, each with its checkpoint', async () => {
    const a = names();
    const b = names();
    await store.commitAll([
      { projection: a.projection, checkpoint: 5, upserts: [{ collection: a.collection, doc: { _id: 'x', v: 1 } }], deletes: [] },
      { projection: b.projection, checkpoint: 7, upserts: [{ collection: b.collection, doc: { _id: 'y', v: 2 } }], deletes: [] },
    ]);
    expect([await store.checkpoint(a.projection), await store.checkpoint(b.projection)]).toEqual([5, 7]);
    expect(await store.get(a.collection, 'x')).toEqual({ _id: 'x', v: 1 });
    expect(await store.get(b.collection, 'y')).toEqual({ _id: 'y', v: 2 });
  });

  it('gives 0 as the checkpoint of a projection that never ran', async () => {
    expect(await store.checkpoint(names().projection)).toBe(0);
  });

  it('keeps nested documents and values intact', async () => {
    const { projection, collection } = names();
    const doc = { _id: 'x', nested: { a: [1, { b: 'ü' }], c: null }, flag: false, n: 1.5 };
    await store.commit({ projection, checkpoint: 1, upserts: [{ collection, doc }], deletes: [] });
    expect(await store.get(collection, 'x')).toEqual(doc);
    expect(await store.find(collection, { 'nested.a.1.b': 'ü' })).toHaveLength(1);
  });

  it('returns copies: changing a result does not change the store', async () => {
    const { collection } = await seeded();
    const doc = (await store.get(collection, 'k1'))!;
    doc.status = 'changed';
    expect((await store.get(collection, 'k1'))!.status).toBe('signed');
  });

  it('resets a projection: its collections and checkpoint are gone', async () => {
    const { projection, collection } = await seeded();
    await store.reset(projection, [collection]);
    expect(await store.count(collection)).toBe(0);
    expect(await store.checkpoint(projection)).toBe(0);
  });
}

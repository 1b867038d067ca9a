import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Query } from 'mingo';
import { EmbeddedReadStore } from '../../src/read-store/embedded-read-store.adapter.js';
import type { Doc, Filter, Sort } from '../../src/read-store/read-store.port.js';

/**
 * The embedded store answers filters from its indexes and pages sorted lists without sorting
 * everything: whatever path it takes, the answer must be mingo's over the whole collection (what
 * the store did before it had indexes). Random documents, with the awkward values too (missing,
 * null, arrays, nested objects, numbers beside strings), and random filters and pages.
 */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('Embedded read store: indexed queries give what mingo gives over the whole collection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qualirec-plans-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rnd = random(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const statuses = ['draft', 'signed', 'terminated', 'suspended'];
  const agencies = ['lyon', 'vienne', 'nice'];

  let round = 0;
  function randomDoc(i: number): Doc {
    const doc: Doc = { _id: `d${String(i).padStart(4, '0')}`, n: i };
    // What the runner stores documents with: growing positions (now and then none, or one going back).
    if (rnd() < 0.9) doc._position = round * 1000 + i - (rnd() < 0.05 ? 900 : 0);
    const r = rnd();
    // Mostly strings, sometimes missing, null, a number, or an array holding the value.
    if (r < 0.7) doc.status = pick(statuses);
    else if (r < 0.8) doc.status = null;
    else if (r < 0.85) doc.status = [pick(statuses), pick(statuses)];
    else if (r < 0.9) doc.status = 3;
    if (rnd() < 0.9) doc.agency = pick(agencies);
    doc.startDate = `2026-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
    if (rnd() < 0.8) doc.origin = { type: pick(['complaint', 'survey']), id: `o${Math.floor(rnd() * 5)}` };
    else if (rnd() < 0.5) doc.origin = [{ type: 'survey', id: 'o1' }];
    doc.hours = Math.floor(rnd() * 10);
    if (rnd() < 0.5) doc.flag = rnd() < 0.5;
    return doc;
  }

  const filters: Filter[] = [
    {},
    { status: 'signed' },
    { status: 3 },
    { status: null },
    { status: { $eq: 'draft' } },
    { status: { $in: ['draft', 'suspended'] } },
    { status: { $in: ['draft', null] } },
    { status: 'signed', agency: 'lyon' },
    { status: { $ne: 'terminated' }, agency: 'nice' },
    { agency: { $in: ['lyon', null] } },
    { 'origin.type': 'survey', 'origin.id': 'o1' },
    { 'origin.type': 'complaint' },
    { flag: true },
    { flag: false, hours: { $gte: 5 } },
    { $or: [{ status: 'draft' }, { agency: 'vienne', status: 'signed' }] },
    { $or: [{ status: { $in: ['draft'] } }, { hours: { $gt: 7 } }] },
    { $and: [{ status: 'signed' }] },
    { $and: [{ status: 'signed' }, { agency: 'lyon' }] },
    { _id: 'd0007' },
    { _id: { $in: ['d0001', 'd0002', 'nope'] }, agency: 'lyon' },
    { hours: { $lt: 3 } },
    { _position: { $gt: 0 } },
    { _position: { $gt: 1150 } },
    { _position: { $gt: 2500 } },
    { _position: { $gt: 2500 }, agency: 'lyon' },
  ];
  const sorts: (Sort | undefined)[] = [undefined, { startDate: 1, _id: 1 }, { hours: -1, _id: 1 }, { hours: 1 }, { status: 1, _id: 1 }, { 'origin.id': 1, _id: -1 }, { n: -1 }];

  it('finds and counts the same documents, in the same order when sorted, through every change', async () => {
    const store = new EmbeddedReadStore(join(dir, 'plans.db'));
    const docs = new Map<string, Doc>();
    let position = 0;
    const check = async () => {
      const all = [...docs.values()];
      for (const filter of filters) {
        const expected = new Query(filter).find<Doc>(all).all();
        expect(await store.count('c', filter)).toBe(expected.length);
        for (const sort of sorts) {
          for (const [skip, limit] of [[0, undefined], [0, 5], [3, 4], [0, 1000], [50, 10]] as [number, number | undefined][]) {
            const got = await store.find('c', filter, { sort, skip, limit });
            if (sort) {
              let cursor = new Query(filter).find<Doc>(all).sort(sort);
              if (skip) cursor = cursor.skip(skip);
              if (limit !== undefined) cursor = cursor.limit(limit);
              const want = cursor.all();
              // Ties (no `_id` in the sort) are in an order neither store promises: compare as sets there.
              const unique = '_id' in sort || sort.n !== undefined;
              if (unique) expect(got.map((d) => d._id)).toEqual(want.map((d) => d._id));
              else if (limit === undefined && !skip) expect(got.map((d) => d._id).sort()).toEqual(want.map((d) => d._id).sort());
            } else if (limit === undefined && !skip) {
              expect(got.map((d) => d._id).sort()).toEqual(expected.map((d) => d._id).sort());
            } else expect(got.length).toBe(Math.max(0, Math.min(expected.length - skip, limit ?? Infinity)));
          }
        }
      }
    };
    // Before any index exists, then with indexes kept up to date by upserts and deletes.
    for (round = 0; round < 4; round += 1) {
      const upserts: Doc[] = [];
      const deletes: string[] = [];
      for (let i = 0; i < 120; i += 1) {
        const id = Math.floor(rnd() * 200);
        if (rnd() < 0.15 && docs.size) deletes.push(`d${String(id).padStart(4, '0')}`);
        else upserts.push(randomDoc(id));
      }
      position += 1;
      // Deletes are applied after upserts by the stores: a document both upserted and deleted is gone.
      for (const doc of upserts) docs.set(doc._id, doc);
      for (const id of deletes) docs.delete(id);
      await store.commit({ projection: 'p', checkpoint: position, upserts: upserts.map((doc) => ({ collection: 'c', doc })), deletes: deletes.map((id) => ({ collection: 'c', id })) });
      await check();
    }
    await store.dispose();
    // Reloaded from disk: the same answers.
    const reopened = new EmbeddedReadStore(join(dir, 'plans.db'));
    const all = [...docs.values()];
    for (const filter of filters) {
      expect((await reopened.find('c', filter, { sort: { startDate: 1, _id: 1 }, limit: 7 })).map((d) => d._id)).toEqual(
        new Query(filter).find<Doc>(all).sort({ startDate: 1, _id: 1 }).limit(7).all().map((d) => d._id),
      );
    }
    await reopened.dispose();
  });

  it('gives the runner the stored documents at once, and copies to everyone else', async () => {
    const store = new EmbeddedReadStore(join(dir, 'many.db'));
    await store.commit({ projection: 'p', checkpoint: 1, upserts: [{ collection: 'c', doc: { _id: 'a', v: 1 } }, { collection: 'c', doc: { _id: 'b', v: 2 } }], deletes: [] });
    const many = await store.getMany!('c', ['a', 'b', 'nope']);
    expect([...many.keys()]).toEqual(['a', 'b']);
    const [found] = await store.find('c', { _id: 'a' });
    found.v = 99;
    expect((await store.get('c', 'a'))!.v).toBe(1);
    await store.dispose();
  });
});

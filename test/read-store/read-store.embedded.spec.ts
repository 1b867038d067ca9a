import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadStore } from '../../src/read-store/embedded-read-store.adapter.js';
import { readStoreContract } from './read-store.contract.js';

describe('ReadStore contract: embedded (SQLite + mingo)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qualirec-rs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  readStoreContract(
    async () => new EmbeddedReadStore(join(dir, 'read-models.db')),
    (store) => store.dispose(),
  );

  it('keeps documents and checkpoints across a reopen', async () => {
    const file = join(dir, 'reopen.db');
    const first = new EmbeddedReadStore(file);
    await first.commit({ projection: 'p', checkpoint: 7, upserts: [{ collection: 'c', doc: { _id: 'a', v: 1 } }], deletes: [] });
    await first.dispose();
    const second = new EmbeddedReadStore(file);
    expect(await second.get('c', 'a')).toEqual({ _id: 'a', v: 1 });
    expect(await second.checkpoint('p')).toBe(7);
    await second.dispose();
  });
});

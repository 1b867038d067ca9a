import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteKeyStore } from '../../src/personal-data/sqlite-key-store.adapter.js';
import type { SqliteCheckpointer } from '../../src/shared/sqlite-checkpointer.js';

/** keys.db with its WAL checkpointed by a worker: keys are created as before, and an erased key leaves no bytes behind. */
describe('keys.db with background checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qualirec-keys-ckpt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const checkpointsOf = (keys: SqliteKeyStore) => (keys as unknown as { checkpoints: SqliteCheckpointer }).checkpoints;
  // Read by another process: closing a descriptor of an open SQLite file here would drop this process's locks on it.
  const contains = (file: string, bytes: Buffer) => existsSync(file) && execFileSync('cat', [file], { maxBuffer: 1 << 28 }).includes(bytes);

  it('creates keys while the worker checkpoints, and an erasure leaves the key in neither keys.db nor its WAL', async () => {
    const file = join(dir, 'keys.db');
    const keys = new SqliteKeyStore(file);
    try {
      const created = await Promise.all(Array.from({ length: 2000 }, (_, i) => keys.keyFor(`subject-${i}`)));
      expect(new Set(created.map((k) => k.toString('hex'))).size).toBe(2000);
      for (let i = 0; i < 2000; i += 1) expect((await keys.find(`subject-${i}`))?.equals(created[i])).toBe(true);
      const checkpoints = checkpointsOf(keys);
      for (let i = 0; i < 300 && !checkpoints.stats.running; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(checkpoints.stats).toMatchObject({ running: true, errors: 0 });

      const erased = created[1234];
      expect(contains(file, erased) || contains(`${file}-wal`, erased)).toBe(true);
      // Erasures while keys are still being created (and the worker checkpoints them).
      const more = Promise.all(Array.from({ length: 500 }, (_, i) => keys.keyFor(`later-${i}`)));
      await keys.destroy('subject-1234');
      await more;
      expect(await keys.find('subject-1234')).toBeNull();
      await expect(keys.keyFor('subject-1234')).rejects.toThrow();
      expect(contains(file, erased)).toBe(false);
      expect(contains(`${file}-wal`, erased)).toBe(false);
    } finally {
      await keys.dispose();
    }
    expect(existsSync(`${file}-wal`)).toBe(false);
  }, 30_000);
});

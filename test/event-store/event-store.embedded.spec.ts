import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { eventStoreContract } from './event-store.contract.js';

describe('EventStore contract: embedded SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qualirec-es-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  eventStoreContract(
    async () => new SqliteEventStore(join(dir, 'events.db')),
    (store) => store.dispose(),
  );
});

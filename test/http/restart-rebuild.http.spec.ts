import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { rebuildProjections } from '../../src/projections/rebuild.js';
import { samples, startTestApp, type TestApp } from '../support/test-app.js';

/** Every read-model document as stored on disk, in a stable order. */
function dumpReadModels(dataDir: string): string {
  const db = new Database(join(dataDir, 'read-models.db'), { readonly: true });
  try {
    return JSON.stringify(db.prepare('SELECT collection, id, body FROM documents ORDER BY collection, id').all());
  } finally {
    db.close();
  }
}

async function workload(t: TestApp): Promise<number> {
  const integration = t.as('integration');
  let position = 0;
  for (let i = 0; i < 12; i += 1) {
    const client = await integration.post('/clients', samples.client({ fullName: `Client ${i}`, agency: i % 2 ? 'lyon' : 'vienne' }));
    const draft = await integration.post('/contracts', samples.contract(client.body.id, { endDate: `2026-${String((i % 9) + 3).padStart(2, '0')}-28` }));
    position = draft.body.position;
    if (i % 3 === 0) continue;
    await integration.post(`/contracts/${draft.body.id}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
    const signed = await integration.post(`/contracts/${draft.body.id}/sign`, { signedAt: '2026-01-21', signedBy: `Client ${i}` });
    position = signed.body.position;
    if (i % 4 === 0) position = (await integration.post(`/contracts/${draft.body.id}/terminate`, { effectiveAt: '2026-09-30', reason: 'moved' })).body.position;
  }
  return position;
}

describe('Restart and rebuild (embedded default)', () => {
  it('keeps everything across a restart, and a rebuild gives identical read models', async () => {
    const first = await startTestApp();
    const dataDir = first.dataDir;
    const head = await workload(first);
    const read = async (t: TestApp) => ({
      contracts: (await t.as('quality').get(`/contracts?limit=1000&minPosition=${head}`)).body,
      clients: (await t.as('quality').get(`/clients?limit=1000&minPosition=${head}`)).body,
      signed: (await t.as('quality').get(`/contracts?status=signed&minPosition=${head}`)).body.total,
    });
    const before = await read(first);
    expect(before.contracts.total).toBe(12);
    expect(before.signed).toBe(6);
    await first.close({ keepData: true });

    const restarted = await startTestApp({}, dataDir);
    expect(await read(restarted)).toEqual(before);
    await restarted.close({ keepData: true });
    const stored = dumpReadModels(dataDir);

    const { projections } = await rebuildProjections(loadConfig({ QUALIREC_DATA_DIR: dataDir }));
    expect(projections.every((p) => p.status === 'running' && p.position >= head)).toBe(true);
    expect(dumpReadModels(dataDir)).toBe(stored);

    const rebuilt = await startTestApp({}, dataDir);
    expect(await read(rebuilt)).toEqual(before);
    await rebuilt.close();
  });

  it('shows a projector halted on an event in /health, and keeps serving the others', async () => {
    const t = await startTestApp();
    try {
      const store = t.app.get<EventStore>(EVENT_STORE);
      // A validation for a contract that was never drafted: the contracts projector cannot apply it.
      const bad = await store.appendToStream('contract-ghost', [
        {
          eventId: randomUUID(),
          type: 'ContractValidated',
          schemaVersion: 1,
          data: { contractId: 'ghost', validatedAt: '2026-01-01', validatedBy: 'x' },
          metadata: { actor: { id: 'test', role: 'admin' }, occurredAt: '2026-01-01', recordedAt: new Date().toISOString() },
        },
      ]);
      const client = await t.as('integration').post('/clients', samples.client());
      expect((await t.as('quality').get(`/clients/${client.body.id}?minPosition=${client.body.position}`)).status).toBe(200);
      const health = await t.as(null).get('/health');
      expect(health.status).toBe(503);
      expect(health.body.status).toBe('degraded');
      expect(health.body.projections.find((p: { name: string }) => p.name === 'contracts.v1')).toMatchObject({
        status: 'halted',
        error: { position: bad.position, type: 'ContractValidated' },
      });
    } finally {
      await t.close();
    }
  });
});

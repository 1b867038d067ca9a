import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { samples, startTestApp, type TestApp } from '../support/test-app.js';

/** Personal values that must never be found in clear in the data directory. */
const person = {
  fullName: 'Eulalie Vandermonde-Quist',
  address: '17 impasse des Glycines, 38200 Vienne',
  birthDate: '1937-11-23',
  details: 'Eulalie fell on the stairs and broke her wrist',
  newAddress: '5 allée Zéphyrin Crozet, 38200 Vienne',
  staffName: 'Gontran Belamy-Ferrier',
  complaint: 'Eulalie says the carer arrived two hours late',
};

function clearValuesIn(dataDir: string): string[] {
  const found: string[] = [];
  for (const file of readdirSync(dataDir)) {
    const bytes = readFileSync(join(dataDir, file));
    for (const [field, value] of Object.entries(person)) {
      if (bytes.includes(Buffer.from(value, 'utf8'))) found.push(`${field} in ${file}`);
    }
  }
  return found;
}

describe('Tamper evidence, verification and erasure (embedded)', () => {
  let t: TestApp;
  let clientId: string;
  let contractId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const integration = t.as('integration');
    const staff = await integration.post('/staff', samples.staff({ fullName: person.staffName }));
    clientId = (
      await integration.post('/clients', samples.client({ fullName: person.fullName, address: person.address, birthDate: person.birthDate, referentStaffId: staff.body.id, agency: 'vienne' }))
    ).body.id;
    contractId = (await integration.post('/contracts', samples.contract(clientId))).body.id;
    await integration.post(`/contracts/${contractId}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
    await integration.post(`/contracts/${contractId}/sign`, { signedAt: '2026-01-21', signedBy: person.fullName });
    await integration.post(`/clients/${clientId}/changes-of-situation`, {
      kind: 'address_change', channel: 'phone', reportedAt: '2026-02-02', effectiveFrom: '2026-03-01', urgent: false, details: person.details, newAddress: person.newAddress,
    });
    await integration.post('/complaints', { clientId, receivedAt: '2026-02-03', channel: 'phone', source: 'family', category: 'punctuality', description: person.complaint });
  });
  afterAll(() => t.close());

  const verify = async () => (await t.as('auditor').get('/audit/verify')).body;
  const sealNow = () => t.as('admin').post('/audit/seals', {});
  const file = async () => (await t.as('quality').get(`/clients/${clientId}?minPosition=${(await t.as(null).get('/health')).body.eventStore.head}`)).body;

  it('chains every event to the one before it in its stream', async () => {
    const history = (await t.as('auditor').get(`/clients/${clientId}/history`)).body.events;
    expect(history.length).toBeGreaterThan(5);
    const raw = new Database(join(t.dataDir, 'events.db'), { readonly: true });
    const rows = raw.prepare("SELECT metadata FROM events WHERE stream_id = ? ORDER BY revision").all(`contract-${contractId}`) as { metadata: string }[];
    raw.close();
    const metadata = rows.map((r) => JSON.parse(r.metadata));
    expect(metadata[0].prevHash).toMatch(/^0{64}$/);
    for (let i = 1; i < metadata.length; i += 1) expect(metadata[i].prevHash).toBe(metadata[i - 1].hash);
  });

  it('verifies the log, with seals recorded on demand', async () => {
    const seal = await sealNow();
    expect(seal.status).toBe(201);
    expect((await sealNow()).status).toBe(409);
    const result = await verify();
    expect(result).toEqual({ ok: true, eventsChecked: expect.any(Number) });
    expect(result.eventsChecked).toBeGreaterThan(8);
  });

  it('stores no personal value in clear anywhere in the data directory, yet shows them to key holders', async () => {
    expect(clearValuesIn(t.dataDir)).toEqual([]);
    const shown = await file();
    expect(shown).toMatchObject({ fullName: person.fullName, birthDate: person.birthDate });
    await new Promise((r) => setTimeout(r, 200));
    expect((await file()).address).toBe(person.newAddress);
    const contract = (await t.as('quality').get(`/contracts/${contractId}`)).body;
    expect(contract.signature.by).toBe(person.fullName);
  });

  it('erases a client (admin only): the person is gone everywhere, the facts and the chain stay', async () => {
    const facts = async () => {
      const head = (await t.as(null).get('/health')).body.eventStore.head;
      return {
        contracts: (await t.as('quality').get(`/contracts?agency=vienne&minPosition=${head}`)).body,
        complaints: (await t.as('quality').get(`/complaints?year=2026&minPosition=${head}`)).body.total,
        indicators: (await t.as('quality').get(`/indicators?year=2026&minPosition=${head}`)).body,
        agencyIndicators: (await t.as('quality').get(`/indicators?year=2026&agency=vienne&minPosition=${head}`)).body,
      };
    };
    const before = await facts();
    expect(before.complaints).toBe(1);
    expect(before.agencyIndicators.indicators.find((i: { key: string }) => i.key === 'second_visit_done')).toBeDefined();
    expect((await t.as('integration').post(`/clients/${clientId}/erase`, { requestedAt: '2026-05-01', by: 'dpo' })).status).toBe(403);
    expect((await t.as('admin').post('/clients/nobody/erase', { requestedAt: '2026-05-01', by: 'dpo' })).status).toBe(404);
    const erased = await t.as('admin').post(`/clients/${clientId}/erase`, { requestedAt: '2026-05-01', by: 'dpo' });
    expect(erased.status).toBe(201);
    expect((await t.as('admin').post(`/clients/${clientId}/erase`, { requestedAt: '2026-05-02', by: 'dpo' })).body.rule).toBe('personal-data-erased-once');

    const shown = await file();
    expect(shown).toMatchObject({ fullName: '[erased]', address: '[erased]', birthDate: '[erased]', agency: 'vienne', dependent: true });
    expect(shown.contracts).toHaveLength(1);
    const history = (await t.as('auditor').get(`/clients/${clientId}/history`)).body.events as { type: string; data: Record<string, unknown> }[];
    expect(history.find((e) => e.type === 'ClientRegistered')!.data).toMatchObject({ fullName: '[erased]', agency: 'vienne' });
    expect(history.find((e) => e.type === 'ChangeOfSituationReported')!.data).toMatchObject({ details: '[erased]', kind: 'address_change' });
    expect(history.at(-1)!.type).toBe('ClientPersonalDataErased');
    expect((await t.as('quality').get(`/contracts/${contractId}`)).body.signature.by).toBe('[erased]');

    // The same facts, only the signer's name now shows as erased.
    expect(await facts()).toEqual(JSON.parse(JSON.stringify(before).replaceAll(person.fullName, '[erased]')));
    expect((await verify()).ok).toBe(true);
    expect(clearValuesIn(t.dataDir)).toEqual([]);
    // Nothing personal can be recorded for the erased client any more.
    const signed = await t.as('integration').post('/contracts', samples.contract(clientId));
    await t.as('integration').post(`/contracts/${signed.body.id}/validate`, { validatedAt: '2026-05-02', validatedBy: 'rq' });
    expect((await t.as('integration').post(`/contracts/${signed.body.id}/sign`, { signedAt: '2026-05-03', signedBy: 'someone' })).body.rule).toBe('personal-data-erased');
  });

  it('fails verification at the position of an event altered directly in the database', async () => {
    const other = await startTestApp();
    try {
      const integration = other.as('integration');
      const client = (await integration.post('/clients', samples.client())).body.id;
      const draft = await integration.post('/contracts', samples.contract(client));
      await integration.post(`/contracts/${draft.body.id}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
      expect((await other.as('auditor').get('/audit/verify')).body.ok).toBe(true);
      const db = new Database(join(other.dataDir, 'events.db'));
      db.prepare("UPDATE events SET data = json_set(data, '$.service', 'forged') WHERE position = ?").run(draft.body.position);
      db.close();
      expect((await other.as('auditor').get('/audit/verify')).body).toMatchObject({ ok: false, firstBadPosition: draft.body.position });
    } finally {
      await other.close();
    }
  });

  it('catches a stream deleted whole once a seal covers it', async () => {
    const other = await startTestApp();
    try {
      const integration = other.as('integration');
      await integration.post('/clients', samples.client());
      const victim = (await integration.post('/staff', samples.staff())).body;
      expect((await other.as('admin').post('/audit/seals', {})).status).toBe(201);
      const db = new Database(join(other.dataDir, 'events.db'));
      db.prepare('DELETE FROM events WHERE stream_id = ?').run(victim.streamId);
      db.close();
      const result = (await other.as('auditor').get('/audit/verify')).body;
      expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('seal') });
    } finally {
      await other.close();
    }
  });

  const cli = resolve('dist/src/cli/audit-verify.js');
  (existsSync(cli) ? it : it.skip)('npm run audit:verify checks the same from the command line', async () => {
    const other = await startTestApp();
    await other.as('integration').post('/clients', samples.client());
    await other.close({ keepData: true });
    const { stdout } = await promisify(execFile)(process.execPath, [cli], { env: { ...process.env, QUALIREC_DATA_DIR: other.dataDir } });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, eventsChecked: 1 });
  });
});

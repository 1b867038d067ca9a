import { samples, startTestApp, type TestApp } from '../support/test-app.js';

describe('Contracts over HTTP (embedded default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const integration = () => t.as('integration');
  const quality = () => t.as('quality');

  async function registeredClient(overrides: Record<string, unknown> = {}) {
    const res = await integration().post('/clients', samples.client(overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('takes a contract through its whole life, each step visible in the read model and the history', async () => {
    const clientId = await registeredClient();
    const draft = await integration().post('/contracts', samples.contract(clientId, { contractId: 'k-life' }));
    expect(draft.status).toBe(201);
    expect(draft.body).toEqual({ id: 'k-life', streamId: 'contract-k-life', revision: 0, position: expect.any(Number) });

    const steps: [string, Record<string, unknown>, string][] = [
      ['validate', { validatedAt: '2026-01-20', validatedBy: 'rs-anne', notes: 'checked against quote Q-2026-001' }, 'validated'],
      ['sign', { signedAt: '2026-01-25', signedBy: 'Jeanne Martin' }, 'signed'],
      ['amend', { signedAt: '2026-03-01', effectiveFrom: '2026-03-02', changes: { schedule: 'monday and thursday' } }, 'signed'],
      ['suspend', { from: '2026-04-01', until: '2026-04-20', reason: 'hospitalisation' }, 'suspended'],
      ['resume', { at: '2026-04-21' }, 'signed'],
      ['terminate', { effectiveAt: '2026-06-30', reason: 'client_request' }, 'terminated'],
    ];
    let last = draft.body;
    for (const [action, body, status] of steps) {
      const res = await integration().post(`/contracts/k-life/${action}`, body);
      expect({ action, status: res.status }).toEqual({ action, status: 201 });
      expect(res.body.revision).toBe(last.revision + 1);
      expect(res.body.position).toBeGreaterThan(last.position);
      last = res.body;
      const view = await quality().get(`/contracts/k-life?minPosition=${res.body.position}`);
      expect(view.status).toBe(200);
      expect(view.body.status).toBe(status);
    }
    const contract = (await quality().get('/contracts/k-life')).body;
    expect(contract).toMatchObject({
      clientId,
      agency: 'lyon',
      validation: { at: '2026-01-20', by: 'rs-anne' },
      signature: { at: '2026-01-25', by: 'Jeanne Martin' },
      amendments: [{ effectiveFrom: '2026-03-02', changes: { schedule: 'monday and thursday' } }],
      termination: { effectiveAt: '2026-06-30', reason: 'client_request' },
      revision: 6,
    });
    expect(contract._id).toBeUndefined();
    expect(contract._position).toBeUndefined();

    const history = await t.as('auditor').get(`/clients/${clientId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ClientRegistered',
      'ContractDrafted',
      'ContractValidated',
      'ContractSigned',
      'ContractAmended',
      'ContractSuspended',
      'ContractResumed',
      'ContractTerminated',
    ]);
    const signed = history.body.events[3];
    expect(signed).toMatchObject({
      occurredAt: '2026-01-25',
      actor: { role: 'integration', name: 'integration-test' },
      streamId: 'contract-k-life',
      data: { signedBy: 'Jeanne Martin' },
    });
    expect(Date.parse(signed.recordedAt)).not.toBeNaN();
  });

  it('refuses to sign a contract that was not validated, naming the rule, and appends nothing', async () => {
    const clientId = await registeredClient();
    const draft = await integration().post('/contracts', samples.contract(clientId));
    const res = await integration().post(`/contracts/${draft.body.id}/sign`, { signedAt: '2026-01-25', signedBy: 'client' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, type: 'urn:qualirec:rule:contract-signed-only-after-validation', rule: 'contract-signed-only-after-validation' });
    const history = await t.as('auditor').get(`/clients/${clientId}/history`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted']);
  });

  it('answers 404 for a contract of an unknown client, and for an unknown contract', async () => {
    const draft = await integration().post('/contracts', samples.contract('nobody'));
    expect(draft.status).toBe(404);
    expect(draft.body.detail).toContain('client nobody');
    expect((await integration().post('/contracts/none/validate', { validatedAt: '2026-01-20', validatedBy: 'x' })).status).toBe(404);
    expect((await quality().get('/contracts/none')).status).toBe(404);
  });

  it('lists contracts by status, client, agency and end date', async () => {
    const north = await registeredClient({ agency: 'north' });
    const south = await registeredClient({ agency: 'south' });
    const a = await integration().post('/contracts', samples.contract(north, { endDate: '2026-05-31' }));
    const b = await integration().post('/contracts', samples.contract(south, { endDate: '2027-05-31' }));
    await integration().post(`/contracts/${b.body.id}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
    const c = await integration().post('/contracts', samples.contract(south, { endDate: '2026-03-31' }));
    const ended = await integration().post(`/contracts/${c.body.id}/terminate`, { effectiveAt: '2026-02-15', reason: 'withdrawn' });
    const wait = `minPosition=${ended.body.position}`;

    const ids = async (query: string) => ((await quality().get(`/contracts?${query}&${wait}`)).body.items as { contractId: string }[]).map((x) => x.contractId).sort();
    expect(await ids(`agency=south&status=validated`)).toEqual([b.body.id]);
    expect(await ids(`clientId=${north}`)).toEqual([a.body.id]);
    expect(await ids(`agency=south`)).toEqual([b.body.id, c.body.id].sort());
    expect(await ids(`clientId=${south}&endingBefore=2026-06-30`)).toEqual([]);
    expect(await ids(`clientId=${north}&endingBefore=2026-06-30`)).toEqual([a.body.id]);
    const page = await quality().get(`/contracts?agency=south&limit=1&${wait}`);
    expect(page.body).toMatchObject({ total: 2, limit: 1, skip: 0 });
    expect(page.body.items).toHaveLength(1);
  });

  it('shows the client file with its contracts and a status that follows them', async () => {
    const clientId = await registeredClient({ fullName: 'Paul Durand' });
    const draft = await integration().post('/contracts', samples.contract(clientId));
    await integration().post(`/contracts/${draft.body.id}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
    const signed = await integration().post(`/contracts/${draft.body.id}/sign`, { signedAt: '2026-01-21', signedBy: 'Paul Durand' });
    const file = await quality().get(`/clients/${clientId}?minPosition=${signed.body.position}`);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ clientId, fullName: 'Paul Durand', status: 'active', contracts: [{ contractId: draft.body.id, status: 'signed' }] });
    const listed = await quality().get(`/clients?status=active&agency=lyon&minPosition=${signed.body.position}`);
    expect(listed.body.items.map((c: { clientId: string }) => c.clientId)).toContain(clientId);
  });

  it('registers staff, and refuses a client whose referent is unknown', async () => {
    const staff = await integration().post('/staff', samples.staff({ staffId: 's-ref' }));
    expect(staff.status).toBe(201);
    expect((await integration().post('/clients', samples.client({ referentStaffId: 's-ref' }))).status).toBe(201);
    const unknown = await integration().post('/clients', samples.client({ referentStaffId: 's-missing' }));
    expect(unknown.status).toBe(404);
    expect((await integration().post('/staff', samples.staff({ staffId: 's-ref' }))).status).toBe(409);
  });
});

import { samples, startTestApp, type TestApp } from '../support/test-app.js';

describe('HTTP pipeline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ bodyLimit: 64 * 1024 });
  });
  afterAll(() => t.close());

  const integration = () => t.as('integration');
  const head = async () => (await t.as('admin').get('/health')).body.eventStore.head as number;

  describe('bad input', () => {
    it('answers 400 problem+json naming every bad field, and appends nothing', async () => {
      const before = await head();
      const res = await integration().post('/clients', { fullName: '', birthDate: '1941-13-45', agency: 12, dependent: 'yes', extra: 1 });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:qualirec:problem:bad-input', status: 400, instance: '/clients' });
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['fullName', 'birthDate', 'address', 'agency', 'dependent', 'wantsSecondVisit']));
      expect(res.body.errors.find((e: { path: string }) => e.path === 'birthDate').message).toMatch(/YYYY-MM-DD/);
      expect(JSON.stringify(res.body.errors)).toMatch(/extra/);
      expect(await head()).toBe(before);
    });

    it('refuses dates out of order with the field named', async () => {
      const client = await integration().post('/clients', samples.client());
      const res = await integration().post('/contracts', samples.contract(client.body.id, { startDate: '2026-05-01', endDate: '2026-04-01' }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'endDate', message: 'must not be before startDate' }]);
    });

    it('refuses malformed JSON and a non-object body', async () => {
      const malformed = await integration().post('/clients', '{"fullName": ');
      expect(malformed.status).toBe(400);
      expect(malformed.headers['content-type']).toMatch(/problem\+json/);
      const array = await integration().post('/clients', [1, 2]);
      expect(array.status).toBe(400);
    });

    it('refuses a body over the size limit with 413', async () => {
      const before = await head();
      const res = await integration().post('/clients', samples.client({ address: 'x'.repeat(100 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(await head()).toBe(before);
    });

    it('refuses unknown query parameters and a bad minPosition', async () => {
      expect((await t.as('quality').get('/contracts?colour=blue')).status).toBe(400);
      const res = await t.as('quality').get('/contracts?minPosition=soon');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('minPosition');
    });
  });

  describe('idempotency', () => {
    it('a command retried with the same commandId answers as before with 200 and appends nothing', async () => {
      const body = { ...samples.client(), commandId: 'register-jeanne-1' };
      const first = await integration().post('/clients', body);
      expect(first.status).toBe(201);
      const afterFirst = await head();
      const again = await integration().post('/clients', body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await head()).toBe(afterFirst);
    });

    it('the Idempotency-Key header works the same, on later commands too', async () => {
      const client = await integration().post('/clients', samples.client());
      const draft = await integration().post('/contracts', samples.contract(client.body.id));
      const key = { 'idempotency-key': `validate-${draft.body.id}` };
      const body = { validatedAt: '2026-01-20', validatedBy: 'rq' };
      const first = await integration().post(`/contracts/${draft.body.id}/validate`, body, key);
      const again = await integration().post(`/contracts/${draft.body.id}/validate`, body, key);
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
      const other = await integration().post(`/contracts/${draft.body.id}/validate`, body);
      expect(other.status).toBe(409);
    });

    it('a commandId reused for another command on another aggregate is refused with 409', async () => {
      await integration().post('/staff', { ...samples.staff(), commandId: 'reused-id' });
      const before = await head();
      const other = await integration().post('/clients', { ...samples.client(), clientId: 'other-client', commandId: 'reused-id' });
      expect(other.status).toBe(409);
      expect(other.body.rule).toBe('command-id-used-once');
      expect(await head()).toBe(before);
    });

    it('concurrent retries of one command append it once', async () => {
      const body = { ...samples.client(), commandId: 'register-concurrent' };
      const before = await head();
      const replies = await Promise.all(Array.from({ length: 10 }, () => integration().post('/clients', body)));
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      expect(replies.filter((r) => r.status === 200)).toHaveLength(9);
      expect(new Set(replies.map((r) => r.body.position)).size).toBe(1);
      expect(await head()).toBe(before + 1);
    });
  });

  describe('optimistic concurrency', () => {
    it('If-Match on the current revision succeeds; on a stale one answers 412 and appends nothing', async () => {
      const client = await integration().post('/clients', samples.client());
      const draft = await integration().post('/contracts', samples.contract(client.body.id));
      expect(draft.headers.etag).toBe('"0"');
      const ok = await integration().post(`/contracts/${draft.body.id}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' }, { 'if-match': '"0"' });
      expect(ok.status).toBe(201);
      const before = await head();
      const stale = await integration().post(`/contracts/${draft.body.id}/sign`, { signedAt: '2026-01-21', signedBy: 'c' }, { 'if-match': '"0"' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ status: 412, currentRevision: 1 });
      expect(await head()).toBe(before);
      expect((await integration().post(`/contracts/${draft.body.id}/sign`, { signedAt: '2026-01-21', signedBy: 'c' }, { 'if-match': 'nonsense' })).status).toBe(400);
    });

    it('of 100 concurrent signatures of one contract exactly one succeeds, the others get 409', async () => {
      const client = await integration().post('/clients', samples.client());
      const draft = await integration().post('/contracts', samples.contract(client.body.id));
      await integration().post(`/contracts/${draft.body.id}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
      const replies = await Promise.all(
        Array.from({ length: 100 }, (_, i) => integration().post(`/contracts/${draft.body.id}/sign`, { signedAt: '2026-01-21', signedBy: `signer-${i}` })),
      );
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      expect(replies.filter((r) => r.status === 409)).toHaveLength(99);
      const history = await t.as('auditor').get(`/clients/${client.body.id}/history`);
      expect(history.body.events.filter((e: { type: string }) => e.type === 'ContractSigned')).toHaveLength(1);
    });
  });

  describe('read your writes', () => {
    it('a query given a future position waits, then answers 503 when it is not reached', async () => {
      const fast = await startTestApp({ readWaitMs: 100 });
      try {
        const res = await fast.as('quality').get('/contracts?minPosition=999999');
        expect(res.status).toBe(503);
        expect(res.body.type).toBe('urn:qualirec:problem:read-model-behind');
      } finally {
        await fast.close();
      }
    });
  });

  describe('operations', () => {
    it('serves OpenAPI at /docs, documenting the command bodies from their schemas', async () => {
      const doc = await t.as('quality').get('/docs/openapi.json');
      expect(doc.status).toBe(200);
      const draft = doc.body.paths['/contracts'].post;
      const schema = draft.requestBody.content['application/json'].schema;
      expect(schema.required).toEqual(expect.arrayContaining(['clientId', 'service', 'schedule', 'startDate', 'tacitRenewal', 'paymentMode']));
      expect((await t.as('integration').get('/docs')).status).toBe(200);
      expect((await t.as(null).get('/docs')).status).toBe(401);
      expect((await t.as(null).get('/docs/openapi.json')).status).toBe(401);
    });

    it('reports health without a key, with the log head and each projection', async () => {
      const res = await t.as(null).get('/health');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.projections.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['contracts.v1', 'client-files.v1']));
    });
  });
});

import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import type { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { type Reply, samples, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A full disk, on demand: the embedded log is capped at the pages it holds when it opens
 * (`QUALIREC_MAX_LOG_PAGES`, SQLite's `max_page_count`). Commands then answer 503 with a problem,
 * nothing of theirs is in the log or the read models, and service resumes once space returns.
 */
describe('A full event log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ maxLogPages: 1 });
  });
  afterAll(() => t.close());

  const register = (commandId: string) => t.as('integration').post('/clients', samples.client({ commandId, fullName: `Client ${commandId}` }));
  const expectUnavailable = (res: Reply) => {
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ type: 'urn:qualirec:problem:unavailable', status: 503 });
  };
  const logged = async (store: EventStore) => (await store.readAll({ maxCount: 10_000 })).map((e) => e.metadata.commandId as string);

  it('answers 503 and records nothing while full, then resumes without a restart', async () => {
    const store = t.app.get<SqliteEventStore>(EVENT_STORE);
    const accepted: string[] = [];
    const refused: string[] = [];
    // One at a time until the log needs a page it may not take.
    for (let n = 0; refused.length === 0 && n < 200; n += 1) {
      const res = await register(`one-${n}`);
      if (res.status === 201) accepted.push(`one-${n}`);
      else {
        expectUnavailable(res);
        refused.push(`one-${n}`);
      }
    }
    expect(refused).toHaveLength(1);
    expect(accepted.length).toBeGreaterThan(0);
    // Concurrent commands share one commit (group commit): it fails as a whole, none is half in.
    const wave = Array.from({ length: 8 }, (_, i) => `wave-${i}`);
    for (const res of await Promise.all(wave.map(register))) expectUnavailable(res);
    refused.push(...wave);

    const head = await store.headPosition();
    expect(head).toBe(accepted.length);
    expect(await logged(store)).toEqual(accepted);
    // The read models hold what the log holds, and no projector stumbled.
    const clients = await t.as('quality').get(`/clients?limit=1000&minPosition=${head}`);
    expect(clients.body.total).toBe(accepted.length);
    expect((await t.as(null).get('/health')).body).toMatchObject({ status: 'ok', eventStore: { head } });

    // Space returns: the same commands are recorded now (201, not 200: nothing of theirs was kept).
    store.limitPages(undefined);
    for (const commandId of refused) expect((await register(commandId)).status).toBe(201);
    const after = await store.headPosition();
    expect(await logged(store)).toEqual([...accepted, ...refused]);
    expect((await t.as('quality').get(`/clients?limit=1000&minPosition=${after}`)).body.total).toBe(accepted.length + refused.length);
    expect((await t.as('auditor').get('/audit/verify')).body).toEqual({ ok: true, eventsChecked: after });
    process.stderr.write(`disk-full figures: ${accepted.length} commands recorded before the log was full, ${refused.length} answered 503 and absent from the log, all ${refused.length} recorded once space returned\n`);
  });
});

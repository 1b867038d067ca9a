import { ChainVerifier, type VerifiableEvent } from '../../src/audit/chain.js';
import { chained } from '../../src/event-store/command-executor.service.js';
import { EVENT_STORE, type EventStore, EventStoreUnavailableError, type NewEvent } from '../../src/event-store/event-store.port.js';
import type { Role } from '../../src/config/config.js';
import { addDays, today } from '../../src/shared/dates.js';
import { KEYS, samples, startTestApp, type TestApp } from '../support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** An instant `ms` milliseconds after (or before) another. */
const shifted = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();
/** A line of an ndjson export: a stored event. */
type Line = VerifiableEvent & { data: Record<string, unknown> };

describe('Audit: state at an instant, exports and the access log (embedded)', () => {
  let t: TestApp;
  let store: EventStore;
  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
  });
  afterAll(() => t.close());

  const integration = () => t.as('integration');
  const auditor = () => t.as('auditor');

  /** The answer as text, for ndjson (the test client would parse a one-line answer as JSON). */
  async function raw(url: string, role: Role = 'auditor') {
    const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${KEYS[role]}` } });
    return { status: response.statusCode, headers: response.headers, text: response.body };
  }
  const parseLines = (text: string) =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);

  async function registeredClient(overrides: Record<string, unknown> = {}) {
    const res = await integration().post('/clients', samples.client(overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** The access log once it holds every event appended so far. */
  async function accessLog(query: string) {
    const res = await t.as('admin').get(`/audit/access-log?${query}${query ? '&' : ''}minPosition=${await store.headPosition()}`);
    expect(res.status).toBe(200);
    return res.body as { items: { route: string; clientId?: string; query: Record<string, string>; actor: { id: string; role: string } }[]; total: number };
  }

  it('rebuilds the client file and the contract as recorded at instants across the contract’s life', async () => {
    const clientId = await registeredClient({ clientId: 'c-life' });
    const steps: [string, string, Record<string, unknown>][] = [
      ['draft', '/contracts', samples.contract(clientId, { contractId: 'k-state' })],
      ['validated', '/contracts/k-state/validate', { validatedAt: '2026-01-20', validatedBy: 'rq' }],
      ['signed', '/contracts/k-state/sign', { signedAt: '2026-01-25', signedBy: 'Jeanne Martin' }],
      ['suspended', '/contracts/k-state/suspend', { from: '2026-04-01', until: '2026-04-20', reason: 'hospitalisation' }],
      ['terminated', '/contracts/k-state/terminate', { effectiveAt: '2026-06-30', reason: 'client_request' }],
    ];
    for (const [, url, body] of steps) {
      await sleep(5); // distinct recording instants
      expect((await integration().post(url, body)).status).toBe(201);
    }
    const events = (await auditor().get(`/clients/${clientId}/history`)).body.events as { type: string; recordedAt: string; position: number }[];
    expect(events.map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted', 'ContractValidated', 'ContractSigned', 'ContractSuspended', 'ContractTerminated']);

    const expected: [contract: string | undefined, client: string][] = [
      [undefined, 'prospect'],
      ['draft', 'prospect'],
      ['validated', 'prospect'],
      ['signed', 'active'],
      ['suspended', 'active'],
      ['terminated', 'former'],
    ];
    for (const [i, event] of events.entries()) {
      const next = events[i + 1]?.recordedAt;
      const between = next ? new Date((Date.parse(event.recordedAt) + Date.parse(next)) / 2).toISOString() : shifted(event.recordedAt, 60_000);
      for (const at of [event.recordedAt, between]) {
        const res = await auditor().get(`/clients/${clientId}/state?at=${encodeURIComponent(at)}`);
        expect({ at, status: res.status }).toEqual({ at, status: 200 });
        const [contract, client] = expected[i];
        expect(res.body).toMatchObject({ clientId, at, asOfPosition: event.position, client: { clientId, status: client } });
        expect(res.body.contracts.map((c: { status: string }) => c.status)).toEqual(contract ? [contract] : []);
        expect(res.body.client.contracts.map((c: { status: string }) => c.status)).toEqual(contract ? [contract] : []);
        expect(res.body).not.toHaveProperty('occurredAt');
        expect(res.body.client).not.toHaveProperty('_id');
        expect(res.body.client).not.toHaveProperty('_position');
      }
    }
    const atSigning = (await auditor().get(`/clients/${clientId}/state?at=${events[3].recordedAt}`)).body;
    expect(atSigning.contracts[0]).toMatchObject({ contractId: 'k-state', signature: { at: '2026-01-25', by: 'Jeanne Martin' }, revision: 2 });
    expect(atSigning.contracts[0]).not.toHaveProperty('suspension');
    // The personal data is shown as the client file shows it, opened for the holder of the key.
    expect(atSigning.client.fullName).toBe('Jeanne Martin');
    // An offset names the same instant.
    const offset = (await auditor().get(`/clients/${clientId}/state?at=${encodeURIComponent(events[2].recordedAt.replace('Z', '+00:00'))}`)).body;
    expect(offset.contracts[0].status).toBe('validated');

    const before = await auditor().get(`/clients/${clientId}/state?at=${shifted(events[0].recordedAt, -1)}`);
    expect(before.status).toBe(404);
    expect(before.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(before.body.detail).toBe(`Client ${clientId} was not yet recorded at ${shifted(events[0].recordedAt, -1)}: its first event was recorded at ${events[0].recordedAt}`);
  });

  it('gives the business-time view: what was true on a date, as known now', async () => {
    const clientId = await registeredClient({ clientId: 'c-business' });
    const day = today();
    const later = addDays(day, 30);
    await integration().post('/contracts', samples.contract(clientId, { contractId: 'k-business', startDate: '2026-02-01' }));
    await integration().post('/contracts/k-business/validate', { validatedAt: '2026-01-20', validatedBy: 'rq' });
    await integration().post('/contracts/k-business/sign', { signedAt: '2026-01-25', signedBy: 'client' });
    // Recorded today, effective in a month.
    expect((await integration().post('/contracts/k-business/terminate', { effectiveAt: later, reason: 'moving_away' })).status).toBe(201);

    const on = async (date: string) => auditor().get(`/clients/${clientId}/state?occurredAt=${date}`);
    const now = await on(day);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ clientId, occurredAt: day, client: { status: 'active' }, contracts: [{ contractId: 'k-business', status: 'signed' }] });
    expect(now.body.contracts[0]).not.toHaveProperty('termination');
    expect(now.body).not.toHaveProperty('at');

    const afterTermination = await on(later);
    expect(afterTermination.body).toMatchObject({ client: { status: 'former' }, contracts: [{ status: 'terminated', termination: { effectiveAt: later } }] });
    expect(afterTermination.body.asOfPosition).toBeGreaterThan(now.body.asOfPosition);

    // As recorded now, the termination is already on file.
    const recorded = await auditor().get(`/clients/${clientId}/state?at=${encodeURIComponent(new Date().toISOString())}`);
    expect(recorded.body.contracts[0]).toMatchObject({ status: 'terminated', termination: { effectiveAt: later } });

    // The draft is dated on its start (02-01), the validation on 01-20: the contract exists from 01-20.
    const validated = await on('2026-01-22');
    expect(validated.body).toMatchObject({ client: { status: 'prospect' }, contracts: [{ status: 'validated' }] });

    const tooEarly = await on('2026-01-19');
    expect(tooEarly.status).toBe(404);
    expect(tooEarly.body.detail).toBe(`Client ${clientId} has no fact dated on or before 2026-01-19: its earliest is dated 2026-01-20`);
  });

  it('shows open changes and complaints as they stood', async () => {
    const clientId = await registeredClient({ clientId: 'c-changes' });
    const change = await integration().post(`/clients/${clientId}/changes-of-situation`, {
      changeId: 'ch-open', kind: 'needs_change', channel: 'phone', reportedAt: '2026-03-02', effectiveFrom: '2026-03-05', urgent: false,
    });
    expect(change.status).toBe(201);
    const complaint = await integration().post('/complaints', {
      complaintId: 'cp-state', clientId, receivedAt: '2026-03-03', channel: 'phone', source: 'client', category: 'punctuality', description: 'late twice',
    });
    expect(complaint.status).toBe(201);
    await sleep(5);
    const pause = new Date().toISOString();
    await sleep(5);
    await integration().post(`/clients/${clientId}/changes-of-situation/ch-open/acknowledge`, { acknowledgedAt: '2026-03-03', by: 'rs' });

    const then = (await auditor().get(`/clients/${clientId}/state?at=${pause}`)).body;
    expect(then.openChanges).toEqual([expect.objectContaining({ changeId: 'ch-open', kind: 'needs_change' })]);
    expect(then.complaints).toEqual([expect.objectContaining({ complaintId: 'cp-state', status: 'received' })]);
    expect(then.complaints[0]).not.toHaveProperty('_id');
    const now = (await auditor().get(`/clients/${clientId}/state?at=${encodeURIComponent(new Date().toISOString())}`)).body;
    expect(now.openChanges).toEqual([]);
  });

  it('refuses a bad query with 400 and an unknown client with 404', async () => {
    const clientId = await registeredClient();
    for (const query of ['', '?at=2026-01-01', '?occurredAt=2026-01-01T10:00:00Z', '?at=2026-01-01T10:00:00Z&occurredAt=2026-01-01', '?at=yesterday', '?when=2026-01-01']) {
      const res = await auditor().get(`/clients/${clientId}/state${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.type).toBe('urn:qualirec:problem:bad-input');
    }
    expect((await auditor().get(`/clients/${clientId}/history?format=xml`)).status).toBe(400);
    expect((await auditor().get(`/clients/${clientId}/history?limit=3`)).status).toBe(400);
    expect((await auditor().get('/audit/export?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await auditor().get('/audit/export?from=yesterday')).status).toBe(400);
    const unknown = await auditor().get('/clients/nobody-at-all/state?at=2026-01-01T00:00:00Z');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('nobody-at-all');
    expect((await auditor().get('/clients/nobody-at-all/history?format=ndjson')).status).toBe(404);
  });

  it('exports a client’s history as ndjson, one stored event per line, which re-verifies offline', async () => {
    const clientId = await registeredClient({ clientId: 'c-ndjson' });
    await integration().post('/contracts', samples.contract(clientId, { contractId: 'k-ndjson' }));
    await integration().post('/contracts/k-ndjson/validate', { validatedAt: '2026-01-20', validatedBy: 'rq' });

    const json = await auditor().get(`/clients/${clientId}/history`);
    expect(Object.keys(json.body)).toEqual(['clientId', 'events']);
    const res = await raw(`/clients/${clientId}/history?format=ndjson`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.text.endsWith('\n')).toBe(true);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="client-${clientId}-history.ndjson"`);
    const lines = parseLines(res.text);
    expect(lines.map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted', 'ContractValidated']);
    expect(lines.map((e) => e.position)).toEqual(json.body.events.map((e: { position: number }) => e.position));
    expect(Object.keys(lines[0])).toEqual(['streamId', 'revision', 'position', 'eventId', 'type', 'schemaVersion', 'data', 'metadata']);
    expect(lines[0].metadata).toMatchObject({ clientId, actor: { role: 'integration' } });
    for (const line of lines) {
      expect(line.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(line.metadata.prevHash).toMatch(/^[0-9a-f]{64}$/);
    }

    // Offline: each stream's events, in order, chain from the genesis hash.
    const byStream = new Map<string, Line[]>();
    for (const line of lines) byStream.set(line.streamId, [...(byStream.get(line.streamId) ?? []), line]);
    expect([...byStream.keys()].sort()).toEqual([`client-${clientId}`, 'contract-k-ndjson']);
    for (const [streamId, events] of byStream) {
      const verifier = new ChainVerifier([]);
      for (const event of events) verifier.add(event);
      expect({ streamId, ...verifier.result() }).toEqual({ streamId, ok: true, eventsChecked: events.length });
    }
    // An edited line no longer verifies.
    const verifier = new ChainVerifier([]);
    for (const event of byStream.get('contract-k-ndjson')!) verifier.add(event.revision === 1 ? { ...event, data: { ...event.data, validatedBy: 'someone else' } } : event);
    expect(verifier.result()).toMatchObject({ ok: false, reason: 'content does not match its hash' });
  });

  it('exports the whole log of a period, by recording date, page by page', async () => {
    // Three facts recorded on earlier days, chained as the executor chains them.
    const days = ['2025-01-10', '2025-01-11', '2025-01-12'];
    const past: NewEvent[] = days.map((d, i) => ({
      eventId: `00000000-0000-4000-8000-00000000000${i}`,
      type: 'ArchiveNoteRecorded',
      schemaVersion: 1,
      data: { note: d },
      metadata: { actor: { id: 'test', role: 'admin' }, occurredAt: d, recordedAt: `${d}T12:00:00.000Z` },
    }));
    await store.appendToStream('archive-notes', chained('archive-notes', -1, undefined, past), 'no_stream');
    await integration().post('/clients', samples.client());

    const exported = async (query: string) => {
      const res = await raw(`/audit/export${query}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      return parseLines(res.text);
    };
    expect((await exported('?from=2025-01-11&to=2025-01-11')).map((e) => e.data.note)).toEqual(['2025-01-11']);
    expect((await exported('?to=2025-01-11')).map((e) => e.data.note)).toEqual(['2025-01-10', '2025-01-11']);
    const fromEleventh = await exported('?from=2025-01-11');
    expect(fromEleventh.filter((e) => e.streamId === 'archive-notes').map((e) => e.data.note)).toEqual(['2025-01-11', '2025-01-12']);
    expect(fromEleventh.some((e) => e.type === 'ClientRegistered')).toBe(true);
    expect(await exported(`?from=${addDays(today(), 1)}`)).toEqual([]);

    // Everything, in commit order: every stream re-verifies from its first event.
    const all = await exported('');
    const positions = all.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const verifier = new ChainVerifier([]);
    for (const event of all) verifier.add(event);
    expect(verifier.result()).toMatchObject({ ok: true, eventsChecked: all.length });
  });

  it('reads more than one page of the log', async () => {
    const before = await store.headPosition();
    const many: NewEvent[] = Array.from({ length: 1200 }, (_, i) => ({
      eventId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: 'BulkNoteRecorded',
      schemaVersion: 1,
      data: { i },
      metadata: { actor: { id: 'test', role: 'admin' }, occurredAt: '2024-06-01', recordedAt: '2024-06-01T00:00:00.000Z' },
    }));
    await store.appendToStream('bulk-notes', chained('bulk-notes', -1, undefined, many), 'no_stream');
    expect(await store.headPosition()).toBeGreaterThan(before);
    const lines = parseLines((await raw('/audit/export?from=2024-06-01&to=2024-06-01')).text);
    expect(lines).toHaveLength(1200);
    expect(lines.map((e) => e.data.i)).toEqual(many.map((e) => e.data.i));
  });

  it('records every successful consultation in the access log, without touching the client’s history, listable by admin only', async () => {
    const clientId = await registeredClient({ clientId: 'c-watched' });
    const historyBefore = (await auditor().get(`/clients/${clientId}/history`)).body.events;
    await raw(`/clients/${clientId}/history?format=ndjson`);
    await auditor().get(`/clients/${clientId}/state?at=${encodeURIComponent(new Date().toISOString())}`, { 'x-correlation-id': 'corr-state' });
    await t.as('admin').get(`/clients/${clientId}/state?occurredAt=${today()}`);
    await raw('/audit/export?from=2030-01-01');
    // Refused or failed reads record nothing.
    await auditor().get(`/clients/${clientId}/state`);
    await t.as('quality').get(`/clients/${clientId}/history`);
    await t.as(null).get(`/clients/${clientId}/history`);
    await auditor().get(`/clients/${clientId}/state?at=2000-01-01T00:00:00Z`);
    await auditor().get('/clients/never-registered/history');
    await auditor().get('/audit/export?from=2030-13-01');

    // Reading the history did not add to it.
    expect((await auditor().get(`/clients/${clientId}/history`)).body.events).toEqual(historyBefore);

    const log = await accessLog(`clientId=${clientId}`);
    expect(log.items.map((e) => [e.route, e.query, e.actor.role])).toEqual([
      ['GET /clients/{id}/history', {}, 'auditor'],
      ['GET /clients/{id}/history', { format: 'ndjson' }, 'auditor'],
      ['GET /clients/{id}/state', { at: expect.any(String) }, 'auditor'],
      ['GET /clients/{id}/state', { occurredAt: today() }, 'admin'],
      ['GET /clients/{id}/history', {}, 'auditor'],
    ]);
    expect(log.items[2]).toMatchObject({ clientId, correlationId: 'corr-state', actor: { id: 'auditor-test', role: 'auditor', name: 'auditor-test' }, day: today() });
    expect((await accessLog('clientId=never-registered')).total).toBe(0);
    const exports = await accessLog(`actor=auditor-test&from=${today()}&to=${today()}`);
    const exportQueries = exports.items.filter((e) => e.route === 'GET /audit/export').map((e) => e.query);
    expect(exportQueries).toContainEqual({ from: '2030-01-01' });
    expect(exportQueries).not.toContainEqual({ from: '2030-13-01' });
    expect((await accessLog('from=2000-01-01&to=2000-01-02')).total).toBe(0);

    // Each consultation is an event of the day's access stream, chained like any other, naming no client.
    const [event] = await store.readStream(`audit-access-${today()}`, { direction: 'backwards', maxCount: 1 });
    expect(event).toMatchObject({ type: 'AuditTrailConsulted', metadata: { actor: { role: 'auditor' }, hash: expect.any(String), prevHash: expect.any(String) } });
    expect(event.metadata.clientId).toBeUndefined();

    expect((await t.as('auditor').get('/audit/access-log')).status).toBe(403);
    expect((await t.as('quality').get('/audit/access-log')).status).toBe(403);
  });

  it('gives no answer when the consultation cannot be recorded', async () => {
    const clientId = await registeredClient({ clientId: 'c-unrecorded' });
    const append = store.appendToStream.bind(store);
    store.appendToStream = async (streamId, events, expected) => {
      if (streamId.startsWith('audit-access-')) throw new EventStoreUnavailableError('disk full');
      return append(streamId, events, expected);
    };
    try {
      const res = await auditor().get(`/clients/${clientId}/history`);
      expect(res.status).toBe(503);
      expect(res.body.events).toBeUndefined();
      expect((await raw('/audit/export')).status).toBe(503);
    } finally {
      store.appendToStream = append;
    }
    expect((await auditor().get(`/clients/${clientId}/history`)).status).toBe(200);
  });

  it('records concurrent consultations all, each once', async () => {
    const clientId = await registeredClient({ clientId: 'c-busy' });
    const answers = await Promise.all(Array.from({ length: 25 }, () => auditor().get(`/clients/${clientId}/history`)));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect((await accessLog(`clientId=${clientId}`)).total).toBe(25);
  });
});

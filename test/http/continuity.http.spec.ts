import { ContinuitySaga } from '../../src/continuity/continuity.saga.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { samples, startTestApp, type TestApp } from '../support/test-app.js';

describe('Continuity of service over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const integration = () => t.as('integration');
  const quality = () => t.as('quality');
  const head = async () => (await t.as(null).get('/health')).body.eventStore.head as number;
  const history = async (clientId: string) => (await t.as('auditor').get(`/clients/${clientId}/history`)).body.events as { type: string; data: any; causationId?: string; eventId: string; position: number }[];
  /** Waits until the saga has handled every change recorded, and the read models have caught up with its effects. */
  async function settled(): Promise<number> {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const saga = () => t.app.get(ContinuitySaga).status().position;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const log = await store.readAll({ maxCount: 1_000_000 });
      const lastChange = log.filter((e) => e.type === 'ChangeOfSituationReported').at(-1)?.position ?? 0;
      const position = log.at(-1)?.position ?? 0;
      if (saga() >= lastChange && (await quality().get(`/contracts?minPosition=${position}&limit=1`)).status === 200 && (await store.headPosition()) === position) {
        return position;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the saga and read models did not settle');
  }

  async function clientWithSignedContract(overrides: Record<string, unknown> = {}) {
    const client = (await integration().post('/clients', samples.client(overrides))).body.id as string;
    const contract = (await integration().post('/contracts', samples.contract(client))).body.id as string;
    await integration().post(`/contracts/${contract}/validate`, { validatedAt: '2026-01-20', validatedBy: 'rq' });
    await integration().post(`/contracts/${contract}/sign`, { signedAt: '2026-01-21', signedBy: 'client' });
    return { client, contract };
  }

  const report = (clientId: string, body: Record<string, unknown>) =>
    integration().post(`/clients/${clientId}/changes-of-situation`, { channel: 'phone', reportedAt: '2026-03-02', effectiveFrom: '2026-03-03', urgent: false, ...body });

  describe('changes of situation', () => {
    it('records, acknowledges once with the standard receipt, and shows it in the file and the history', async () => {
      const { client } = await clientWithSignedContract();
      const reported = await report(client, { changeId: 'ch-needs', kind: 'needs_change', details: 'needs help for meals too' });
      expect(reported.status).toBe(201);
      const file = (await quality().get(`/clients/${client}?minPosition=${reported.body.position}`)).body;
      expect(file.openChanges).toEqual(['ch-needs']);
      const ack = await integration().post(`/clients/${client}/changes-of-situation/ch-needs/acknowledge`, { acknowledgedAt: '2026-03-02', by: 'rs-anne' });
      expect(ack.status).toBe(201);
      const again = await integration().post(`/clients/${client}/changes-of-situation/ch-needs/acknowledge`, { acknowledgedAt: '2026-03-03', by: 'rs-anne' });
      expect(again.status).toBe(409);
      expect(again.body.rule).toBe('change-acknowledged-once');
      const after = (await quality().get(`/clients/${client}?minPosition=${ack.body.position}`)).body;
      expect(after.openChanges).toEqual([]);
      expect(after.changes[0]).toMatchObject({ changeId: 'ch-needs', acknowledgedAt: '2026-03-02', acknowledgedBy: 'rs-anne' });
      const acknowledged = (await history(client)).find((e) => e.type === 'ChangeOfSituationAcknowledged')!;
      expect(acknowledged.data.receiptText).toContain('l’évolution de vos besoins');
    });

    it('answers 400 naming the field, and appends nothing, for bad input', async () => {
      const { client } = await clientWithSignedContract();
      const before = await head();
      const cases: [Record<string, unknown>, string][] = [
        [{ kind: 'holiday' }, 'kind'],
        [{ kind: 'address_change' }, 'newAddress'],
        [{ kind: 'absence', effectiveFrom: '2026-03-10', effectiveUntil: '2026-03-01' }, 'effectiveUntil'],
        [{ kind: 'other', reportedAt: 'yesterday' }, 'reportedAt'],
        [{ kind: 'death', suspendService: true }, 'suspendService'],
      ];
      for (const [body, field] of cases) {
        const res = await report(client, body);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      }
      expect(await head()).toBe(before);
    });

    it('answers 404 for an unknown client or change', async () => {
      expect((await report('nobody', { kind: 'other' })).status).toBe(404);
      const { client } = await clientWithSignedContract();
      expect((await integration().post(`/clients/${client}/changes-of-situation/none/acknowledge`, { acknowledgedAt: '2026-03-02', by: 'x' })).status).toBe(404);
    });
  });

  describe('effects on contracts (saga)', () => {
    it('a hospitalisation suspends the running contracts for the period, caused by the change, and resumes them at its end', async () => {
      const { client, contract } = await clientWithSignedContract();
      const reported = await report(client, { changeId: 'ch-hosp', kind: 'hospitalisation', effectiveFrom: '2026-03-03', effectiveUntil: '2026-03-20', urgent: true });
      await settled();
      const view = (await quality().get(`/contracts/${contract}`)).body;
      expect(view).toMatchObject({ status: 'suspended', suspension: { from: '2026-03-03', until: '2026-03-20', reason: 'hospitalisation', changeId: 'ch-hosp' } });
      const events = await history(client);
      const changeEvent = events.find((e) => e.type === 'ChangeOfSituationReported')!;
      const suspended = events.find((e) => e.type === 'ContractSuspended')!;
      expect(suspended.causationId).toBe(changeEvent.eventId);
      expect(suspended.position).toBeGreaterThan(reported.body.position);

      const saga = t.app.get(ContinuitySaga);
      expect(await saga.resumeDue('2026-03-19')).toBe(0);
      expect(await saga.resumeDue('2026-03-20')).toBe(1);
      await settled();
      expect((await quality().get(`/contracts/${contract}`)).body).toMatchObject({ status: 'signed', resumedAt: '2026-03-20' });
      const resumed = (await history(client)).find((e) => e.type === 'ContractResumed')!;
      expect(resumed.causationId).toBe(changeEvent.eventId);
      // Asked again (another tick, another instance): nothing more.
      await saga.resumeDue('2026-03-21');
      await settled();
      expect((await history(client)).filter((e) => e.type === 'ContractResumed')).toHaveLength(1);
    });

    it('a death terminates the client\'s contracts; re-delivering the change produces nothing twice', async () => {
      const { client, contract } = await clientWithSignedContract();
      const draft = (await integration().post('/contracts', samples.contract(client))).body.id;
      await report(client, { changeId: 'ch-death', kind: 'death', effectiveFrom: '2026-04-01', urgent: true });
      await settled();
      expect((await quality().get(`/contracts/${contract}`)).body).toMatchObject({ status: 'terminated', termination: { reason: 'death', effectiveAt: '2026-04-01' } });
      expect((await quality().get(`/contracts/${draft}`)).body.status).toBe('terminated');
      expect((await quality().get(`/clients/${client}`)).body).toMatchObject({ status: 'deceased', deceasedOn: '2026-04-01' });

      const before = await history(client);
      const store = t.app.get<EventStore>(EVENT_STORE);
      const [changeEvent] = (await store.readClientHistory(client)).filter((e) => e.type === 'ChangeOfSituationReported');
      await t.app.get(ContinuitySaga).handle(changeEvent);
      await settled();
      expect(await history(client)).toEqual(before);
      expect(before.filter((e) => e.type === 'ContractTerminated')).toHaveLength(2);
      expect((await report(client, { kind: 'other' })).status).toBe(409);
    });

    it('a move updates the client file; an absence suspends only when asked to', async () => {
      const { client, contract } = await clientWithSignedContract();
      await report(client, { kind: 'address_change', newAddress: '1 quai Perrache, 69002 Lyon', effectiveFrom: '2026-06-01' });
      await report(client, { kind: 'absence', effectiveFrom: '2026-07-01', effectiveUntil: '2026-07-31' });
      await settled();
      const file = (await quality().get(`/clients/${client}`)).body;
      expect(file.address).toBe('1 quai Perrache, 69002 Lyon');
      expect(file.absences).toMatchObject([{ kind: 'absence', from: '2026-07-01', until: '2026-07-31' }]);
      expect((await quality().get(`/contracts/${contract}`)).body.status).toBe('signed');
      await report(client, { kind: 'absence', effectiveFrom: '2026-08-01', effectiveUntil: '2026-08-15', suspendService: true });
      await settled();
      expect((await quality().get(`/contracts/${contract}`)).body).toMatchObject({ status: 'suspended', suspension: { reason: 'absence' } });
      const types = (await history(client)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['ClientAddressChanged', 'ContractSuspended']));
    });
  });

  describe('staff leave and replacements', () => {
    it('records a leave, a replacement request and its proposal; refuses bad dates, unknown staff and a second proposal', async () => {
      const usual = (await integration().post('/staff', samples.staff())).body.id;
      const stand = (await integration().post('/staff', samples.staff({ fullName: 'Marc Roux' }))).body.id;
      expect((await integration().post(`/staff/${usual}/leaves`, { from: '2026-07-01', until: '2026-07-21', kind: 'holidays' })).status).toBe(201);
      expect((await integration().post(`/staff/${usual}/leaves`, { from: '2026-07-10', until: '2026-07-12', kind: 'holidays' })).body.rule).toBe('leave-periods-do-not-overlap');
      const bad = await integration().post(`/staff/${usual}/leaves`, { from: '2026-07-21', until: '2026-07-01', kind: 'holidays' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('until');
      expect((await integration().post('/staff/nobody/leaves', { from: '2026-07-01', until: '2026-07-02', kind: 'holidays' })).status).toBe(404);

      const { client } = await clientWithSignedContract();
      const request = await integration().post(`/clients/${client}/replacement-requests`, { requestId: 'rr-1', requestedAt: '2026-06-20', absentStaffId: usual });
      expect(request.status).toBe(201);
      expect((await integration().post(`/clients/${client}/replacement-requests`, { requestedAt: '2026-06-20', absentStaffId: 'nobody' })).status).toBe(404);
      expect((await integration().post(`/clients/${client}/replacement-requests/rr-1/propose`, { proposedAt: '2026-06-21', replacementStaffId: 'nobody' })).status).toBe(404);
      expect((await integration().post(`/clients/${client}/replacement-requests/none/propose`, { proposedAt: '2026-06-21', replacementStaffId: stand })).status).toBe(404);
      const proposed = await integration().post(`/clients/${client}/replacement-requests/rr-1/propose`, { proposedAt: '2026-06-21', replacementStaffId: stand });
      expect(proposed.status).toBe(201);
      expect((await integration().post(`/clients/${client}/replacement-requests/rr-1/propose`, { proposedAt: '2026-06-22', replacementStaffId: stand })).body.rule).toBe('replacement-proposed-once');
      const file = (await quality().get(`/clients/${client}?minPosition=${proposed.body.position}`)).body;
      expect(file.replacementRequests).toEqual([{ requestId: 'rr-1', requestedAt: '2026-06-20', absentStaffId: usual, proposedAt: '2026-06-21', replacementStaffId: stand }]);
    });
  });

  describe('visits, birthday cards and alerts', () => {
    it('raises alerts for what is due and drops each once resolved', async () => {
      const { client, contract } = await clientWithSignedContract({ agency: 'alerts-agency', dependent: true, birthDate: '1941-05-02', wantsSecondVisit: true });
      await report(client, { changeId: 'ch-a', kind: 'needs_change', reportedAt: '2026-04-24' });
      await integration().post(`/clients/${client}/replacement-requests`, { requestId: 'rr-a', requestedAt: '2026-04-24' });
      const staff = (await integration().post('/staff', samples.staff())).body.id;
      const draft = (await integration().post('/contracts', samples.contract(client))).body.id;
      await settled();
      const alerts = async () => {
        const position = await settled();
        const res = await quality().get(`/alerts?agency=alerts-agency&today=2026-04-27&minPosition=${position}`);
        expect(res.status).toBe(200);
        return (res.body.alerts as { kind: string; ids: Record<string, string>; due: string; overdue: boolean }[]).map((a) => `${a.kind}:${a.due}:${a.overdue}`).sort();
      };
      const drafted = (await quality().get(`/contracts/${draft}`)).body.draftedAt.slice(0, 10);
      const validationDue = new Date(Date.parse(`${drafted}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      expect(await alerts()).toEqual(
        [
          'birthday_card_due:2026-05-02:false',
          'change_not_acknowledged:2026-04-27:false',
          `contract_not_validated:${validationDue}:${'2026-04-27' > validationDue}`,
          'replacement_without_proposal:2026-04-28:false',
          'second_visit_due:2026-12-31:false',
        ].sort(),
      );
      expect((await integration().post(`/clients/${client}/birthday-cards`, { sentAt: '2026-04-27' })).status).toBe(201);
      expect((await integration().post(`/clients/${client}/birthday-cards`, { sentAt: '2026-04-29' })).body.rule).toBe('birthday-card-once-a-year');
      await integration().post(`/clients/${client}/changes-of-situation/ch-a/acknowledge`, { acknowledgedAt: '2026-04-27', by: 'rs' });
      await integration().post(`/clients/${client}/replacement-requests/rr-a/propose`, { proposedAt: '2026-04-27', replacementStaffId: staff });
      await integration().post(`/contracts/${draft}/terminate`, { effectiveAt: '2026-04-27', reason: 'withdrawn' });
      expect((await integration().post(`/clients/${client}/follow-up-visits`, { visitedAt: '2026-02-01', by: 'rs' })).status).toBe(201);
      expect(await alerts()).toEqual(['second_visit_due:2026-12-31:false']);
      const visit = await integration().post(`/clients/${client}/follow-up-visits`, { visitId: 'v-2', visitedAt: '2026-04-20', by: 'rs' });
      expect((await integration().post(`/clients/${client}/follow-up-visits`, { visitId: 'v-2', visitedAt: '2026-04-20', by: 'rs' })).body.rule).toBe('visit-recorded-once');
      expect(await alerts()).toEqual([]);
      const file = (await quality().get(`/clients/${client}?minPosition=${visit.body.position}`)).body;
      expect(file).toMatchObject({ lastBirthdayCard: { sentAt: '2026-04-27', year: 2026 }, visits: [{ visitedAt: '2026-02-01' }, { visitId: 'v-2' }] });
      void contract;
    });

    it('refuses a visit with a bad date (400) and for an unknown client (404)', async () => {
      const before = await head();
      expect((await integration().post('/clients/nobody/follow-up-visits', { visitedAt: '2026-02-01', by: 'rs' })).status).toBe(404);
      expect((await integration().post('/clients/nobody/follow-up-visits', { visitedAt: '2026-02-31', by: 'rs' })).status).toBe(400);
      expect((await integration().post('/clients/nobody/birthday-cards', {})).status).toBe(400);
      expect(await head()).toBe(before);
    });
  });

  it("shows every fact of the client's continuity in the history, in commit order", async () => {
    const { client } = await clientWithSignedContract();
    await report(client, { changeId: 'ch-h', kind: 'hospitalisation', effectiveUntil: '2026-03-10' });
    await integration().post(`/clients/${client}/changes-of-situation/ch-h/acknowledge`, { acknowledgedAt: '2026-03-02', by: 'rs' });
    await integration().post(`/clients/${client}/follow-up-visits`, { visitedAt: '2026-03-15', by: 'rs' });
    await integration().post(`/clients/${client}/birthday-cards`, { sentAt: '2026-04-28' });
    await integration().post(`/clients/${client}/replacement-requests`, { requestedAt: '2026-05-02' });
    await settled();
    const events = await history(client);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'ClientRegistered',
        'ContractSigned',
        'ChangeOfSituationReported',
        'ContractSuspended',
        'ChangeOfSituationAcknowledged',
        'FollowUpVisitRecorded',
        'BirthdayCardSent',
        'ReplacementRequested',
      ]),
    );
    const positions = events.map((e) => e.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

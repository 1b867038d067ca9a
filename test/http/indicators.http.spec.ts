import { loadConfig } from '../../src/config/config.js';
import { rebuildProjections } from '../../src/projections/rebuild.js';
import { samples, startTestApp, type TestApp } from '../support/test-app.js';

describe('Staff competence, payroll, objectives and indicators over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const integration = () => t.as('integration');
  const head = async () => (await t.as(null).get('/health')).body.eventStore.head as number;
  /** Each body must be refused with 400 naming the field, and nothing appended. */
  async function refusesBadInput(send: (body: Record<string, unknown>) => Promise<{ status: number; body: any }>, cases: [Record<string, unknown>, string][]) {
    const before = await head();
    for (const [body, field] of cases) {
      const res = await send(body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await head()).toBe(before);
  }
  const rule = async (res: Promise<{ status: number; body: any }>) => {
    const { status, body } = await res;
    return `${status} ${body.rule ?? body.type}`;
  };
  const staffMember = async (overrides: Record<string, unknown> = {}) => (await integration().post('/staff', samples.staff({ hiredAt: '2020-01-01', ...overrides }))).body.id as string;

  describe('training requests', () => {
    const body = { topic: 'Bientraitance', requestedAt: '2025-11-20', origin: 'annual_interview' };

    it('records a request (201), once (409), replays the same command id (200)', async () => {
      const staff = await staffMember();
      const first = await integration().post(`/staff/${staff}/training-requests`, { ...body, requestId: 'tr-1', commandId: 'cmd-tr-1' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ id: staff, streamId: `staff-${staff}`, revision: 1 });
      const replay = await integration().post(`/staff/${staff}/training-requests`, { ...body, requestId: 'tr-1', commandId: 'cmd-tr-1' });
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(await rule(integration().post(`/staff/${staff}/training-requests`, { ...body, requestId: 'tr-1' }))).toBe('409 training-requested-once');
      expect(await rule(integration().post(`/staff/${staff}/training-requests`, { ...body, requestedAt: '2019-12-31' }))).toBe('409 not-before-hiring');
    });

    it('answers 400 for bad input and 404 for an unknown staff member', async () => {
      const staff = await staffMember();
      await refusesBadInput((b) => integration().post(`/staff/${staff}/training-requests`, b), [
        [{ ...body, origin: 'manager' }, 'origin'],
        [{ ...body, topic: '' }, 'topic'],
        [{ ...body, requestedAt: '20/11/2025' }, 'requestedAt'],
        [{ ...body, staffId: staff }, ''],
      ]);
      expect((await integration().post('/staff/nobody/training-requests', body)).status).toBe(404);
    });
  });

  describe('trainings', () => {
    const training = { title: 'Bientraitance (2 jours)', date: '2026-02-10', hours: 14, cost: 420 };

    it('records a training fulfilling a request of the year before, once; refuses what the rules forbid', async () => {
      const staff = await staffMember();
      await integration().post(`/staff/${staff}/training-requests`, { requestId: 'tr-1', topic: 'Bientraitance', requestedAt: '2025-11-20', origin: 'annual_interview' });
      await integration().post(`/staff/${staff}/training-requests`, { requestId: 'tr-2', topic: 'Gestes et postures', requestedAt: '2026-03-01', origin: 'other' });
      const done = await integration().post(`/staff/${staff}/trainings`, { ...training, trainingId: 't-1', requestId: 'tr-1' });
      expect(done.status).toBe(201);
      expect(await rule(integration().post(`/staff/${staff}/trainings`, { ...training, trainingId: 't-1' }))).toBe('409 training-recorded-once');
      expect(await rule(integration().post(`/staff/${staff}/trainings`, { ...training, requestId: 'tr-1' }))).toBe('409 training-request-fulfilled-once');
      expect(await rule(integration().post(`/staff/${staff}/trainings`, { ...training, date: '2026-02-28', requestId: 'tr-2' }))).toBe('409 training-not-before-request');
      expect(await rule(integration().post(`/staff/${staff}/trainings`, { ...training, date: '2019-06-01' }))).toBe('409 not-before-hiring');
      expect((await integration().post(`/staff/${staff}/trainings`, { ...training, requestId: 'no-such-request' })).status).toBe(404);
      expect((await integration().post(`/staff/${staff}/trainings`, { ...training, cost: 0, title: 'Sensibilisation interne' })).status).toBe(201);
    });

    it('answers 400 for bad hours and amounts, and 404 for an unknown staff member', async () => {
      const staff = await staffMember();
      await refusesBadInput((b) => integration().post(`/staff/${staff}/trainings`, b), [
        [{ ...training, hours: 0 }, 'hours'],
        [{ ...training, hours: -3 }, 'hours'],
        [{ ...training, cost: -1 }, 'cost'],
        [{ ...training, cost: 10.005 }, 'cost'],
        [{ ...training, cost: '420' }, 'cost'],
        [{ ...training, date: undefined }, 'date'],
        [{ ...training, requestId: 'bad id!' }, 'requestId'],
      ]);
      expect((await integration().post('/staff/nobody/trainings', training)).status).toBe(404);
    });
  });

  describe('annual interviews', () => {
    const interview = { heldAt: '2026-01-15', by: 'RS Lyon', notes: 'Souhaite une formation' };

    it('records one interview a year; refuses the same id and a second one in the year', async () => {
      const staff = await staffMember();
      expect((await integration().post(`/staff/${staff}/annual-interviews`, { ...interview, interviewId: 'i-1' })).status).toBe(201);
      expect(await rule(integration().post(`/staff/${staff}/annual-interviews`, { ...interview, interviewId: 'i-1' }))).toBe('409 annual-interview-recorded-once');
      expect(await rule(integration().post(`/staff/${staff}/annual-interviews`, { ...interview, heldAt: '2026-10-01' }))).toBe('409 annual-interview-once-a-year');
      expect((await integration().post(`/staff/${staff}/annual-interviews`, { ...interview, heldAt: '2027-01-10' })).status).toBe(201);
    });

    it('answers 400 for bad input and 404 for an unknown staff member', async () => {
      const staff = await staffMember();
      await refusesBadInput((b) => integration().post(`/staff/${staff}/annual-interviews`, b), [
        [{ heldAt: '2026-01-15' }, 'by'],
        [{ ...interview, heldAt: '2026-13-01' }, 'heldAt'],
        [{ ...interview, score: 4 }, ''],
      ]);
      expect((await integration().post('/staff/nobody/annual-interviews', interview)).status).toBe(404);
    });
  });

  describe('payroll', () => {
    it('declares per agency and for the organisation; a new amount replaces the previous one; the same amount is refused', async () => {
      const agency = await integration().post('/payroll', { year: 2040, agency: 'payroll-agency', amount: 250_000 });
      expect(agency.status).toBe(201);
      expect(agency.body).toMatchObject({ id: '2040-payroll-agency', streamId: 'payroll-2040-payroll-agency', revision: 0 });
      const organisation = await integration().post('/payroll', { year: 2040, amount: 900_000.5 });
      expect(organisation.body).toMatchObject({ id: '2040', streamId: 'payroll-2040', revision: 0 });
      expect((await integration().post('/payroll', { year: 2040, agency: 'payroll-agency', amount: 260_000 })).body.revision).toBe(1);
      expect(await rule(integration().post('/payroll', { year: 2040, agency: 'payroll-agency', amount: 260_000 }))).toBe('409 payroll-unchanged');
    });

    it('answers 400 for bad input', () =>
      refusesBadInput((b) => integration().post('/payroll', b), [
        [{ year: 2040, amount: 0 }, 'amount'],
        [{ year: 2040, amount: -100 }, 'amount'],
        [{ year: 2040, amount: 100.001 }, 'amount'],
        [{ year: 1999, amount: 100 }, 'year'],
        [{ year: 2040.5, amount: 100 }, 'year'],
        [{ amount: 100 }, 'year'],
        [{ year: 2040, amount: 100, agency: '' }, 'agency'],
        [{ year: 2040, amount: 100, currency: 'EUR' }, ''],
      ]));
  });

  describe('client preferences', () => {
    it('records that a client stops wanting a second visit, in the file; refuses no change, an earlier date, bad input and an unknown client', async () => {
      const client = (await integration().post('/clients', samples.client({ wantsSecondVisit: true, dependent: true }))).body.id;
      const changed = await integration().post(`/clients/${client}/preferences`, { wantsSecondVisit: false, effectiveFrom: '2026-06-01' });
      expect(changed.status).toBe(201);
      const file = (await t.as('quality').get(`/clients/${client}?minPosition=${changed.body.position}`)).body;
      expect(file).toMatchObject({ wantsSecondVisit: false, dependent: true });
      expect(await rule(integration().post(`/clients/${client}/preferences`, { wantsSecondVisit: false, effectiveFrom: '2026-07-01' }))).toBe('409 preferences-unchanged');
      expect(await rule(integration().post(`/clients/${client}/preferences`, { dependent: false, effectiveFrom: '2026-05-01' }))).toBe('409 preferences-change-not-before-previous');
      await refusesBadInput((b) => integration().post(`/clients/${client}/preferences`, b), [
        [{ effectiveFrom: '2026-07-01' }, 'wantsSecondVisit'],
        [{ dependent: 'yes', effectiveFrom: '2026-07-01' }, 'dependent'],
        [{ dependent: false }, 'effectiveFrom'],
      ]);
      expect((await integration().post('/clients/nobody/preferences', { dependent: false, effectiveFrom: '2026-07-01' })).status).toBe(404);
    });
  });

  describe('quality objectives', () => {
    it('sets an objective (quality role), refuses an unchanged one, and lists the year with the defaults', async () => {
      const quality = t.as('quality');
      const set = await quality.put('/quality-objectives/2041/training_payroll_share', { target: 2, owner: 'RQ', dueBy: '2041-12-31', actions: ['Budget 2 %'] });
      expect(set.status).toBe(201);
      expect(set.body).toMatchObject({ id: '2041-training_payroll_share', streamId: 'objective-2041-training_payroll_share' });
      expect(await rule(quality.put('/quality-objectives/2041/training_payroll_share', { target: 2, owner: 'RQ', dueBy: '2041-12-31', actions: ['Budget 2 %'] }))).toBe(
        '409 objective-unchanged',
      );
      expect((await quality.put('/quality-objectives/2041/training_payroll_share', { target: 2.2, owner: 'RQ' })).status).toBe(201);
      expect((await integration().put('/quality-objectives/2041/training_payroll_share', { target: 3, owner: 'RQ' })).status).toBe(403);

      const list = await quality.get(`/quality-objectives?year=2041&minPosition=${await head()}`);
      expect(list.status).toBe(200);
      expect(list.body.objectives).toHaveLength(8);
      expect(list.body.objectives[0]).toMatchObject({ indicator: 'training_payroll_share', year: 2041, target: 2.2, owner: 'RQ', dueBy: null, actions: [], source: 'set', setBy: 'quality-test' });
      expect(list.body.objectives[6]).toMatchObject({ indicator: 'newsletters_published', target: 2, owner: 'RQ, RS, Direction', source: 'default' });
    });

    it('answers 400 for a target out of its indicator\'s range, an unknown indicator or year, and bad fields', async () => {
      const put = (path: string) => (b: Record<string, unknown>) => t.as('quality').put(path, b);
      await refusesBadInput(put('/quality-objectives/2041/second_visit_done'), [
        [{ target: 101, owner: 'RS' }, 'target'],
        [{ target: -1, owner: 'RS' }, 'target'],
        [{ target: 90 }, 'owner'],
        [{ target: 90, owner: 'RS', dueBy: '2040-12-31' }, 'dueBy'],
        [{ target: 90, owner: 'RS', actions: 'call them' }, 'actions'],
      ]);
      await refusesBadInput(put('/quality-objectives/2041/field_staff_meetings'), [
        [{ target: 1.5, owner: 'RQ' }, 'target'],
        [{ target: -1, owner: 'RQ' }, 'target'],
      ]);
      await refusesBadInput(put('/quality-objectives/2041/client_smiles'), [[{ target: 1, owner: 'RQ' }, 'indicator']]);
      await refusesBadInput(put('/quality-objectives/1999/field_staff_meetings'), [[{ target: 1, owner: 'RQ' }, 'year']]);
    });
  });

  describe('GET /indicators query', () => {
    it('answers 400 for a bad year, key or parameter', async () => {
      const quality = t.as('quality');
      expect((await quality.get('/indicators?year=abc')).status).toBe(400);
      expect((await quality.get('/indicators?year=2026&colour=red')).status).toBe(400);
      expect((await quality.get('/indicators/series?key=client_smiles')).status).toBe(400);
      expect((await quality.get('/indicators/series')).status).toBe(400);
    });

    it('defaults to this year', async () => {
      const res = await t.as('auditor').get('/indicators');
      expect(res.status).toBe(200);
      expect(res.body.year).toBe(new Date().getUTCFullYear());
      expect(res.body.agency).toBeUndefined();
    });
  });
});

describe('Indicators over HTTP, and after a rebuild', () => {
  /**
   * Two agencies, north and south, in 2026 (and a little of 2025 in north). The arithmetic is
   * in the comments; the rules are those of docs/indicators.md.
   */
  async function record(t: TestApp): Promise<number> {
    const integration = t.as('integration');
    const post = async (url: string, body: Record<string, unknown>) => {
      const res = await integration.post(url, body);
      if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; position: number };
    };
    const n1 = (await post('/staff', samples.staff({ agency: 'north', hiredAt: '2020-01-01' }))).id;
    const s1 = (await post('/staff', samples.staff({ agency: 'south', hiredAt: '2020-01-01' }))).id;
    await post(`/staff/${n1}/training-requests`, { requestId: 'q0', topic: 'Premiers secours', requestedAt: '2025-10-01', origin: 'other' });
    await post(`/staff/${n1}/trainings`, { title: 'Premiers secours', date: '2025-11-01', hours: 7, cost: 100, requestId: 'q0' });
    await post(`/staff/${n1}/training-requests`, { requestId: 'q1', topic: 'Bientraitance', requestedAt: '2026-01-10', origin: 'annual_interview' });
    await post(`/staff/${n1}/trainings`, { title: 'Bientraitance', date: '2026-03-01', hours: 14, cost: 1000, requestId: 'q1' });
    await post(`/staff/${n1}/training-requests`, { requestId: 'q2', topic: 'Alzheimer', requestedAt: '2026-06-01', origin: 'annual_interview' });
    await post(`/staff/${s1}/trainings`, { title: 'Gestes et postures', date: '2026-04-01', hours: 7, cost: 500 });
    await post('/payroll', { year: 2026, agency: 'north', amount: 50_000 });
    await post('/payroll', { year: 2026, agency: 'south', amount: 25_000 });
    await post('/payroll', { year: 2026, amount: 100_000 });

    const cn1 = (await post('/clients', samples.client({ agency: 'north', wantsSecondVisit: true, dependent: true }))).id;
    const cn2 = (await post('/clients', samples.client({ agency: 'north', wantsSecondVisit: true, dependent: false }))).id;
    const cs1 = (await post('/clients', samples.client({ agency: 'south', wantsSecondVisit: true, dependent: true }))).id;
    await post(`/clients/${cn1}/follow-up-visits`, { visitedAt: '2026-02-01', by: 'RS' });
    await post(`/clients/${cn1}/follow-up-visits`, { visitedAt: '2026-08-01', by: 'RS' });
    await post(`/clients/${cn1}/birthday-cards`, { sentAt: '2026-05-01' });
    await post(`/clients/${cn1}/changes-of-situation`, { kind: 'absence', channel: 'phone', reportedAt: '2026-05-01', effectiveFrom: '2026-07-01', effectiveUntil: '2026-07-21', urgent: false });
    await post(`/clients/${cn1}/replacement-requests`, { requestId: 'rn1', requestedAt: '2026-06-01' });
    await post(`/clients/${cn1}/replacement-requests/rn1/propose`, { proposedAt: '2026-06-02', replacementStaffId: n1 });
    await post(`/clients/${cn2}/follow-up-visits`, { visitedAt: '2026-03-01', by: 'RS' });
    await post(`/clients/${cn2}/preferences`, { wantsSecondVisit: false, effectiveFrom: '2026-09-01' });
    await post(`/clients/${cs1}/follow-up-visits`, { visitedAt: '2026-03-01', by: 'RS' });
    await post(`/clients/${cs1}/changes-of-situation`, { kind: 'absence', channel: 'phone', reportedAt: '2026-07-20', effectiveFrom: '2026-08-01', urgent: false });
    await post(`/clients/${cs1}/replacement-requests`, { requestId: 'rs1', requestedAt: '2026-07-01' });

    await post('/quality-meetings', { heldAt: '2025-05-01', kind: 'field_staff', agency: 'north', participants: ['RQ'] });
    await post('/quality-meetings', { heldAt: '2026-03-10', kind: 'field_staff', agency: 'north', participants: ['RQ', 'RS'] });
    await post('/newsletters', { publishedAt: '2026-02-01', title: 'Entre nous n°1' });
    await post('/newsletters', { publishedAt: '2026-09-01', title: 'Entre nous nord', agency: 'north' });
    const objective = await t.as('quality').put('/quality-objectives/2026/newsletters_published', { target: 1, owner: 'Direction' });
    return objective.body.position as number;
  }

  const summary = (body: { indicators: { key: string; numerator: number; denominator: number | null; value: number | null; status: string }[] }) =>
    Object.fromEntries(body.indicators.map((i) => [i.key, `${i.numerator}/${i.denominator} = ${i.value} ${i.status}`]));

  it('computes each indicator per agency and for the organisation, gives the series, and a rebuild gives the same', async () => {
    const t = await startTestApp();
    const position = await record(t);
    const read = async (app: TestApp) => {
      const get = async (url: string) => {
        const res = await app.as('quality').get(`${url}${url.includes('?') ? '&' : '?'}minPosition=${position}`);
        expect(res.status).toBe(200);
        return res.body;
      };
      return {
        north: await get('/indicators?year=2026&agency=north'),
        south: await get('/indicators?year=2026&agency=south'),
        organisation: await get('/indicators?year=2026'),
        series: await get('/indicators/series?key=training_requests_satisfied&agency=north'),
      };
    };
    const before = await read(t);

    expect(before.north).toMatchObject({ year: 2026, agency: 'north' });
    expect(before.north.indicators[0]).toMatchObject({ key: 'training_payroll_share', target: 1.8, owner: 'RS, RQ', label: expect.any(String) });
    expect(before.north.indicators[6]).toMatchObject({ key: 'newsletters_published', target: 1, owner: 'Direction' });
    expect(summary(before.north)).toEqual({
      training_payroll_share: '1000/50000 = 2 met', // 1 000 € ÷ 50 000 €
      training_requests_satisfied: '1/2 = 50 not_met', // q1 fulfilled, q2 not
      second_visit_done: '1/1 = 100 met', // cn1 (2 visits); cn2 stopped wanting one in September
      absences_known_one_month_ahead: '1/1 = 100 met', // cn1: 61 days ahead
      replacement_proposed: '1/1 = 100 met',
      field_staff_meetings: '1/null = 1 met',
      newsletters_published: '2/null = 2 met', // organisation-wide + north's own
      birthday_cards_sent: '1/1 = 100 met', // cn1; cn2 is not dependent
    });
    expect(summary(before.south)).toEqual({
      training_payroll_share: '500/25000 = 2 met',
      training_requests_satisfied: '0/0 = null no_data',
      second_visit_done: '0/1 = 0 not_met', // cs1: 1 visit
      absences_known_one_month_ahead: '0/1 = 0 not_met', // 12 days ahead
      replacement_proposed: '0/1 = 0 not_met',
      field_staff_meetings: '0/null = 0 not_met',
      newsletters_published: '1/null = 1 met', // the organisation-wide one, target 1 for 2026
      birthday_cards_sent: '0/1 = 0 not_met',
    });
    expect(before.organisation.agency).toBeUndefined();
    expect(summary(before.organisation)).toEqual({
      training_payroll_share: '1500/100000 = 1.5 not_met', // (1 000 + 500) ÷ the organisation's 100 000 €
      training_requests_satisfied: '1/2 = 50 not_met',
      second_visit_done: '1/2 = 50 not_met',
      absences_known_one_month_ahead: '1/2 = 50 not_met',
      replacement_proposed: '1/2 = 50 not_met',
      field_staff_meetings: '1/null = 1 met',
      newsletters_published: '2/null = 2 met',
      birthday_cards_sent: '1/2 = 50 not_met',
    });
    expect(before.series).toEqual({
      key: 'training_requests_satisfied',
      agency: 'north',
      points: [
        { year: 2025, numerator: 1, denominator: 1, value: 100, status: 'met' }, // q0
        { year: 2026, numerator: 1, denominator: 2, value: 50, status: 'not_met' },
      ],
    });

    await t.close({ keepData: true });
    const { projections } = await rebuildProjections(loadConfig({ QUALIREC_DATA_DIR: t.dataDir }));
    expect(projections.find((p) => p.name === 'indicators.v1')).toMatchObject({ status: 'running' });
    const rebuilt = await startTestApp({}, t.dataDir);
    try {
      expect(await read(rebuilt)).toEqual(before);
    } finally {
      await rebuilt.close();
    }
  });
});

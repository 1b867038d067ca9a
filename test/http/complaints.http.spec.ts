import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { samples, startTestApp, type TestApp } from '../support/test-app.js';

/** Complaints (réclamations), improvement actions, quality meetings and newsletters over HTTP. */
describe('Complaints and improvement over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const integration = () => t.as('integration');
  const quality = () => t.as('quality');
  const head = async () => (await t.as('admin').get('/health')).body.eventStore.head as number;

  const complaint = (overrides: Record<string, unknown> = {}) => ({
    receivedAt: '2026-03-06T16:30:00+01:00',
    channel: 'phone',
    source: 'family',
    category: 'punctuality',
    description: 'The care worker came an hour late three times',
    ...overrides,
  });
  const action = (overrides: Record<string, unknown> = {}) => ({
    kind: 'corrective',
    description: 'Review the rounds of sector 3',
    owner: 'rs-paul',
    dueDate: '2026-04-30',
    openedAt: '2026-03-12',
    ...overrides,
  });

  async function post(url: string, body: Record<string, unknown>, status = 201) {
    const res = await integration().post(url, body);
    expect({ url, status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ url, status, body: undefined });
    return res.body as { id: string; streamId: string; revision: number; position: number };
  }
  async function registeredClient(agency = 'lyon') {
    return (await post('/clients', samples.client({ agency }))).id;
  }
  const types = async (clientId: string) =>
    ((await t.as('auditor').get(`/clients/${clientId}/history`)).body.events as { type: string }[]).map((e) => e.type);

  it('takes a complaint about a client through acknowledgement, answer, an action, closing and reopening', async () => {
    const clientId = await registeredClient('north');
    const logged = await post('/complaints', complaint({ complaintId: 'r-life', clientId }));
    expect(logged).toEqual({ id: 'r-life', streamId: 'complaint-r-life', revision: 0, position: expect.any(Number) });

    const received = await quality().get(`/complaints/r-life?minPosition=${logged.position}`);
    expect(received.status).toBe(200);
    // Received Friday 03-06: acknowledgement due Tuesday 03-10 (2 working days), answer due 03-21 (15 days).
    expect(received.body).toMatchObject({
      complaintId: 'r-life',
      clientId,
      agency: 'north',
      year: 2026,
      status: 'received',
      timings: { acknowledgement: { dueBy: '2026-03-10' }, answer: { dueBy: '2026-03-21' } },
      actions: [],
    });

    await post('/complaints/r-life/acknowledge', { at: '2026-03-09', by: 'rq-anne' });
    await post('/complaints/r-life/respond', { at: '2026-03-25', by: 'rq-anne', response: 'We changed the schedule of the rounds' });
    const opened = await post('/complaints/r-life/actions', action({ actionId: 'a-life' }));
    expect(opened).toMatchObject({ id: 'a-life', streamId: 'action-a-life' });

    const refused = await integration().post('/complaints/r-life/close', { at: '2026-03-26' });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: 'urn:qualirec:rule:complaint-closes-only-without-open-action', rule: 'complaint-closes-only-without-open-action' });
    expect(refused.body.detail).toContain('a-life');

    await post('/complaints/r-life/actions/a-life/complete', { at: '2026-04-02', effective: true });
    await post('/complaints/r-life/close', { at: '2026-04-03' });
    const reopened = await post('/complaints/r-life/reopen', { at: '2026-04-10', reason: 'Late again on Monday' });

    const doc = (await quality().get(`/complaints/r-life?minPosition=${reopened.position}`)).body;
    expect(doc).toMatchObject({
      status: 'reopened',
      acknowledgement: { at: '2026-03-09', by: 'rq-anne' },
      responses: [{ at: '2026-03-25', by: 'rq-anne', response: 'We changed the schedule of the rounds' }],
      closedAt: '2026-04-03',
      reopenings: [{ at: '2026-04-10', reason: 'Late again on Monday' }],
      answerDueBy: '2026-04-25',
      openActions: 0,
      actions: [{ actionId: 'a-life', kind: 'corrective', owner: 'rs-paul', dueDate: '2026-04-30', status: 'completed', completedAt: '2026-04-02', effective: true }],
      // 03-06 → 03-09: 3 days, by the 03-10 due date; 03-06 → 03-25: 19 days, after the 03-21 due date.
      timings: {
        acknowledgement: { dueBy: '2026-03-10', doneOn: '2026-03-09', days: 3, met: true },
        answer: { dueBy: '2026-03-21', doneOn: '2026-03-25', days: 19, met: false },
      },
    });
    expect(doc._id).toBeUndefined();
    const actionDoc = (await quality().get(`/actions/a-life?minPosition=${reopened.position}`)).body;
    expect(actionDoc).toMatchObject({ actionId: 'a-life', origin: { type: 'complaint', id: 'r-life' }, agency: 'north', status: 'completed', effective: true });

    // The complaint and its action are in the client's history, read from the log.
    expect(await types(clientId)).toEqual([
      'ClientRegistered',
      'ComplaintLogged',
      'ComplaintAcknowledged',
      'ComplaintResponded',
      'ComplaintActionLinked',
      'ActionOpened',
      'ActionCompleted',
      'ComplaintActionCompleted',
      'ComplaintClosed',
      'ComplaintReopened',
    ]);
    const history = (await t.as('auditor').get(`/clients/${clientId}/history`)).body.events;
    expect(history[1]).toMatchObject({ streamId: 'complaint-r-life', occurredAt: '2026-03-06T16:30:00+01:00', actor: { role: 'integration' } });
  });

  it('answers 400 for bad input on every command route, and appends nothing', async () => {
    await post('/complaints', complaint({ complaintId: 'r-400' }));
    await post('/complaints/r-400/actions', action({ actionId: 'a-400' }));
    const before = await head();
    const bad: [string, Record<string, unknown>, string[]][] = [
      ['/complaints', { ...complaint(), channel: 'pigeon', source: 'neighbour', receivedAt: '06/03/2026', extra: 1 }, ['channel', 'source', 'receivedAt', '']],
      ['/complaints', { receivedAt: '2026-03-06' }, ['channel', 'source', 'category', 'description']],
      ['/complaints/r-400/acknowledge', { at: 'yesterday' }, ['at', 'by']],
      ['/complaints/r-400/respond', { at: '2026-03-10', by: 'rq' }, ['response']],
      ['/complaints/r-400/close', {}, ['at']],
      ['/complaints/r-400/reopen', { at: '2026-03-10', reason: '' }, ['reason']],
      ['/complaints/r-400/actions', action({ kind: 'curative', dueDate: '2026-02-30', origin: { type: 'complaint', id: 'r-400' } }), ['kind', 'dueDate', '']],
      ['/complaints/r-400/actions/a-400/complete', { at: '2026-04-01', effective: 'yes' }, ['effective']],
      ['/actions', action({ origin: { type: 'rumour', id: 'x' } }), ['origin.type']],
      ['/actions', action(), ['origin']],
      ['/actions/a-400/complete', { at: '2026-04-01' }, ['effective']],
      ['/quality-meetings', { heldAt: '2026-03-24', kind: 'party', participants: [] }, ['kind', 'participants']],
      ['/quality-meetings', { heldAt: '2026-03-24', kind: 'other', participants: ['rq'], complaintIds: ['r-400', 'r-400'] }, ['complaintIds']],
      ['/newsletters', { publishedAt: '2026-06-01' }, ['title']],
    ];
    for (const [url, body, paths] of bad) {
      const res = await integration().post(url, body);
      expect({ url, status: res.status, type: res.body.type }).toEqual({ url, status: 400, type: 'urn:qualirec:problem:bad-input' });
      expect({ url, paths: res.body.errors.map((e: { path: string }) => e.path) }).toEqual({ url, paths: expect.arrayContaining(paths) });
    }
    expect((await quality().get('/complaints?status=lost')).status).toBe(400);
    expect((await quality().get('/complaints/figures')).status).toBe(400);
    expect((await quality().get('/actions?origin=rumour')).status).toBe(400);
    expect((await quality().get('/quality-meetings?kind=party')).status).toBe(400);
    expect((await quality().get('/newsletters?year=soon')).status).toBe(400);
    expect(await head()).toBe(before);
  });

  it('answers 404 for unknown clients, complaints, actions and meetings, and appends nothing', async () => {
    await post('/complaints', complaint({ complaintId: 'r-404' }));
    await post('/complaints', complaint({ complaintId: 'r-404-other' }));
    await post('/complaints/r-404/actions', action({ actionId: 'a-404' }));
    const before = await head();
    const unknown: [string, Record<string, unknown>, string][] = [
      ['/complaints', complaint({ clientId: 'nobody' }), 'client nobody'],
      ['/complaints/none/acknowledge', { at: '2026-03-09', by: 'rq' }, 'complaint none'],
      ['/complaints/none/respond', { at: '2026-03-09', by: 'rq', response: 'x' }, 'complaint none'],
      ['/complaints/none/close', { at: '2026-03-09' }, 'complaint none'],
      ['/complaints/none/reopen', { at: '2026-03-09', reason: 'x' }, 'complaint none'],
      ['/complaints/none/actions', action(), 'complaint none'],
      ['/complaints/none/actions/a-404/complete', { at: '2026-04-01', effective: true }, 'action of complaint none a-404'],
      ['/complaints/r-404-other/actions/a-404/complete', { at: '2026-04-01', effective: true }, 'action of complaint r-404-other a-404'],
      ['/complaints/r-404/actions/none/complete', { at: '2026-04-01', effective: true }, 'action of complaint r-404 none'],
      ['/actions', action({ origin: { type: 'complaint', id: 'none' } }), 'complaint none'],
      ['/actions', action({ origin: { type: 'meeting', id: 'none' } }), 'quality meeting none'],
      ['/actions', action({ origin: { type: 'survey', id: 'none' } }), 'survey none'],
      ['/actions/none/complete', { at: '2026-04-01', effective: true }, 'action none'],
      ['/quality-meetings', { heldAt: '2026-03-24', kind: 'field_staff', participants: ['rq'], complaintIds: ['r-404', 'none'] }, 'complaint none'],
      ['/quality-meetings', { heldAt: '2026-03-24', kind: 'field_staff', participants: ['rq'], actionIds: ['none'] }, 'action none'],
    ];
    for (const [url, body, detail] of unknown) {
      const res = await integration().post(url, body);
      expect({ url, status: res.status, type: res.body.type }).toEqual({ url, status: 404, type: 'urn:qualirec:problem:not-found' });
      expect(res.body.detail).toContain(detail);
    }
    expect(await head()).toBe(before);
    for (const url of ['/complaints/none', '/actions/none', '/quality-meetings/none']) expect((await quality().get(url)).status).toBe(404);
  });

  it('answers 409 naming the rule, and appends nothing', async () => {
    await post('/complaints', complaint({ complaintId: 'r-409' }));
    await post('/complaints/r-409/acknowledge', { at: '2026-03-09', by: 'rq' });
    await post('/complaints/r-409/actions', action({ actionId: 'a-409' }));
    await post('/complaints/r-409/actions/a-409/complete', { at: '2026-03-20', effective: false });
    await post('/quality-meetings', { meetingId: 'm-409', heldAt: '2026-03-24', kind: 'other', participants: ['rq'] });
    await post('/newsletters', { newsletterId: 'n-409', publishedAt: '2026-06-01', title: 'Entre nous' });
    const before = await head();
    const refused: [string, Record<string, unknown>, string][] = [
      ['/complaints', complaint({ complaintId: 'r-409' }), 'complaint-logged-once'],
      ['/complaints/r-409/acknowledge', { at: '2026-03-10', by: 'rq' }, 'complaint-acknowledged-once'],
      ['/complaints/r-409/close', { at: '2026-03-20' }, 'complaint-closes-only-once-answered'],
      ['/complaints/r-409/reopen', { at: '2026-03-20', reason: 'x' }, 'complaint-reopened-only-when-closed'],
      ['/complaints/r-409/respond', { at: '2026-03-01', by: 'rq', response: 'x' }, 'answer-not-before-receipt'],
      ['/complaints/r-409/actions/a-409/complete', { at: '2026-03-21', effective: true }, 'action-completed-once'],
      ['/actions/a-409/complete', { at: '2026-03-21', effective: true }, 'action-completed-once'],
      ['/complaints/r-409/actions', action({ actionId: 'a-409' }), 'action-opened-once'],
      ['/complaints/r-409/actions', action({ actionId: 'a-409-early', dueDate: '2026-03-11' }), 'action-due-not-before-opening'],
      ['/complaints/r-409/actions', action({ actionId: 'a-409-before', openedAt: '2026-03-01', dueDate: '2026-03-11' }), 'action-not-before-complaint'],
      ['/quality-meetings', { meetingId: 'm-409', heldAt: '2026-03-24', kind: 'other', participants: ['rq'] }, 'meeting-recorded-once'],
      ['/newsletters', { newsletterId: 'n-409', publishedAt: '2026-06-01', title: 'Entre nous' }, 'newsletter-published-once'],
    ];
    for (const [url, body, rule] of refused) {
      const res = await integration().post(url, body);
      expect({ url, status: res.status, rule: res.body.rule, type: res.body.type }).toEqual({ url, status: 409, rule, type: `urn:qualirec:rule:${rule}` });
    }
    expect(await head()).toBe(before);

    // A closed complaint takes no new action: it must be reopened first.
    await post('/complaints/r-409/respond', { at: '2026-03-21', by: 'rq', response: 'Done' });
    await post('/complaints/r-409/close', { at: '2026-03-22' });
    const closedHead = await head();
    const late = await integration().post('/complaints/r-409/actions', action({ actionId: 'a-409-late' }));
    expect(late.body.rule).toBe('action-not-on-closed-complaint');
    expect((await integration().post('/actions/a-409-late/complete', { at: '2026-04-01', effective: true })).status).toBe(404);
    expect(await head()).toBe(closedHead);
  });

  it('answers a retried command with 200 and the same body, appending nothing', async () => {
    await post('/complaints', complaint({ complaintId: 'r-retry' }));
    const first = await post('/complaints/r-retry/actions', { ...action(), commandId: 'open-retry-1' });
    const before = await head();
    const again = await integration().post('/complaints/r-retry/actions', { ...action(), commandId: 'open-retry-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
    expect(await head()).toBe(before);
    const done = await post(`/actions/${first.id}/complete`, { at: '2026-03-20', effective: true, commandId: 'complete-retry-1' });
    const doneAgain = await integration().post(`/actions/${first.id}/complete`, { at: '2026-03-20', effective: true, commandId: 'complete-retry-1' });
    expect(doneAgain.status).toBe(200);
    expect(doneAgain.body).toEqual(done);
    const doc = (await quality().get(`/complaints/r-retry?minPosition=${done.position}`)).body;
    expect(doc.actions).toEqual([expect.objectContaining({ actionId: first.id, status: 'completed' })]);
  });

  it('keeps "closes only with no open action" when a closing and a new action race', async () => {
    for (let i = 0; i < 8; i += 1) {
      const id = `r-race-${i}`;
      await post('/complaints', complaint({ complaintId: id }));
      await post(`/complaints/${id}/respond`, { at: '2026-03-10', by: 'rq', response: 'ok' });
      const [closing, opening] = await Promise.all([
        integration().post(`/complaints/${id}/close`, { at: '2026-03-11' }),
        integration().post(`/complaints/${id}/actions`, action({ actionId: `a-race-${i}` })),
      ]);
      expect([closing.status, opening.status].sort()).toEqual([201, 409]);
      const doc = (await quality().get(`/complaints/${id}?minPosition=${await head()}`)).body;
      if (closing.status === 201) {
        expect(opening.body.rule).toBe('action-not-on-closed-complaint');
        expect(doc).toMatchObject({ status: 'closed', actions: [] });
        expect((await quality().get(`/actions/a-race-${i}`)).status).toBe(404);
      } else {
        expect(closing.body.rule).toBe('complaint-closes-only-without-open-action');
        expect(doc).toMatchObject({ status: 'answered', openActions: 1 });
      }
    }
  });

  it('completes a half-done action command when it is retried (a crash between the two appends)', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const metadata = { actor: { id: 'test', role: 'integration' }, occurredAt: '2026-03-12', recordedAt: new Date().toISOString() };
    await post('/complaints', complaint({ complaintId: 'r-half' }));
    await post('/complaints/r-half/respond', { at: '2026-03-10', by: 'rq', response: 'ok' });
    // Opening: the link reached the complaint, the action's own stream was never written.
    const link = { complaintId: 'r-half', actionId: 'a-half', kind: 'corrective', description: 'x', owner: 'rs', dueDate: '2026-04-30', openedAt: '2026-03-12' };
    await store.appendToStream('complaint-r-half', [{ eventId: randomUUID(), type: 'ComplaintActionLinked', schemaVersion: 1, data: link, metadata }]);
    expect((await integration().post('/complaints/r-half/close', { at: '2026-03-13' })).body.rule).toBe('complaint-closes-only-without-open-action');
    const opened = await post('/complaints/r-half/actions', action({ actionId: 'a-half' }));
    expect((await quality().get(`/actions/a-half?minPosition=${opened.position}`)).body.status).toBe('open');
    // Completing: the action recorded it, the complaint did not hear of it.
    await store.appendToStream('action-a-half', [{ eventId: randomUUID(), type: 'ActionCompleted', schemaVersion: 1, data: { actionId: 'a-half', at: '2026-03-20', effective: true }, metadata }]);
    expect((await integration().post('/complaints/r-half/close', { at: '2026-03-21' })).body.rule).toBe('complaint-closes-only-without-open-action');
    const retried = await integration().post('/actions/a-half/complete', { at: '2026-03-22', effective: false });
    expect(retried.body.rule).toBe('action-completed-once');
    const closed = await post('/complaints/r-half/close', { at: '2026-03-21' });
    const doc = (await quality().get(`/complaints/r-half?minPosition=${closed.position}`)).body;
    // The complaint records the completion as the action recorded it (03-20, effective), not the retry's values.
    expect(doc).toMatchObject({ status: 'closed', actions: [{ actionId: 'a-half', status: 'completed', completedAt: '2026-03-20', effective: true }] });
  });

  it('lists the register by status, year, category, client and agency', async () => {
    const clientId = await registeredClient('register');
    await post('/complaints', complaint({ complaintId: 'reg-1', clientId, category: 'billing', receivedAt: '2025-12-30' }));
    await post('/complaints', complaint({ complaintId: 'reg-2', clientId, category: 'billing' }));
    await post('/complaints', complaint({ complaintId: 'reg-3', agency: 'register', category: 'behaviour', source: 'staff', channel: 'visit' }));
    const last = await post('/complaints/reg-2/respond', { at: '2026-03-10', by: 'rq', response: 'Refunded' });
    const ids = async (query: string) =>
      ((await quality().get(`/complaints?${query}&minPosition=${last.position}`)).body.items as { complaintId: string }[]).map((c) => c.complaintId);
    expect(await ids('agency=register')).toEqual(['reg-1', 'reg-2', 'reg-3']);
    expect(await ids('agency=register&year=2026')).toEqual(['reg-2', 'reg-3']);
    expect(await ids(`clientId=${clientId}&status=answered`)).toEqual(['reg-2']);
    expect(await ids('agency=register&category=behaviour')).toEqual(['reg-3']);
    const page = (await quality().get(`/complaints?agency=register&limit=2&skip=2`)).body;
    expect(page).toMatchObject({ total: 3, skip: 2, limit: 2, items: [{ complaintId: 'reg-3' }] });
  });

  it('opens actions of any origin and lists them by status, owner and origin', async () => {
    const meeting = await post('/quality-meetings', { meetingId: 'm-plan', heldAt: '2026-01-15', kind: 'management_review', agency: 'plan', participants: ['direction', 'rq'] });
    await post('/surveys', { surveyId: 's-2025', year: 2025, agency: 'plan', invited: 40, questions: [{ questionId: 'q1', theme: 'reception', text: 'Were you well received?' }] });
    await post('/actions', action({ actionId: 'p-survey', owner: 'plan-rq', origin: { type: 'survey', id: 's-2025', theme: 'reception' }, dueDate: '2026-06-30' }));
    await post('/actions', action({ actionId: 'p-meeting', owner: 'plan-rs', kind: 'preventive', origin: { type: 'meeting', id: 'm-plan' } }));
    const audit = await post('/actions', action({ actionId: 'p-audit', owner: 'plan-rq', origin: { type: 'audit', id: 'audit-2026-02' }, agency: 'plan' }));
    const done = await post('/actions/p-audit/complete', { at: '2026-03-13', effective: true });
    expect(done.position).toBeGreaterThan(audit.position);
    const wait = `minPosition=${done.position}`;
    const ids = async (query: string) => ((await quality().get(`/actions?${query}&${wait}`)).body.items as { actionId: string }[]).map((a) => a.actionId);
    expect(await ids('agency=plan')).toEqual(['p-audit', 'p-meeting', 'p-survey']); // by due date (04-30, 04-30, 06-30), then id
    expect(await ids('owner=plan-rq&status=open')).toEqual(['p-survey']);
    expect(await ids('origin=survey:s-2025')).toEqual(['p-survey']);
    expect(await ids('origin=meeting&agency=plan')).toEqual(['p-meeting']);
    expect(await ids('status=completed&agency=plan')).toEqual(['p-audit']);
    // The meeting's and the survey's agency is inherited; the survey theme is kept.
    expect((await quality().get(`/actions/p-meeting?${wait}`)).body).toMatchObject({ agency: 'plan', origin: { type: 'meeting', id: 'm-plan' }, status: 'open' });
    expect((await quality().get(`/actions/p-survey?${wait}`)).body).toMatchObject({ agency: 'plan', origin: { type: 'survey', id: 's-2025', theme: 'reception' } });
    expect(meeting.streamId).toBe('meeting-m-plan');
  });

  it('shows overdue complaints and actions in /alerts until they are dealt with', async () => {
    const clientId = await registeredClient('alerts');
    await post('/complaints', complaint({ complaintId: 'r-alert', clientId, receivedAt: '2026-03-06' }));
    // Only the complaints' and actions' alerts: the client's own (birthday, visits) are the continuity tests' business.
    const alerts = async (today: string, position: number) =>
      ((await quality().get(`/alerts?agency=alerts&today=${today}&minPosition=${position}`)).body.alerts as { kind: string; overdue: boolean; due: string; ids: Record<string, string> }[])
        .filter((a) => a.kind.startsWith('complaint_') || a.kind.startsWith('action_'))
        .map(
        (a) => `${a.kind} ${a.ids.actionId ?? a.ids.complaintId} due ${a.due}${a.overdue ? ' overdue' : ''}`,
      );
    let at = await head();
    expect(await alerts('2026-03-09', at)).toEqual(['complaint_not_acknowledged r-alert due 2026-03-10', 'complaint_not_answered r-alert due 2026-03-21']);
    expect(await alerts('2026-03-11', at)).toEqual(['complaint_not_acknowledged r-alert due 2026-03-10 overdue', 'complaint_not_answered r-alert due 2026-03-21']);

    at = (await post('/complaints/r-alert/acknowledge', { at: '2026-03-11', by: 'rq' })).position;
    expect(await alerts('2026-03-22', at)).toEqual(['complaint_not_answered r-alert due 2026-03-21 overdue']);

    await post('/complaints/r-alert/respond', { at: '2026-03-23', by: 'rq', response: 'Sorry' });
    at = (await post('/complaints/r-alert/actions', action({ actionId: 'a-alert', dueDate: '2026-04-30' }))).position;
    expect(await alerts('2026-04-30', at)).toEqual([]);
    expect(await alerts('2026-05-01', at)).toEqual(['action_overdue a-alert due 2026-04-30 overdue']);

    at = (await post('/actions/a-alert/complete', { at: '2026-05-02', effective: true })).position;
    expect(await alerts('2026-05-03', at)).toEqual([]);
    const kinds = (await quality().get(`/alerts?agency=alerts&kind=action_overdue&today=2026-05-01&minPosition=${at}`)).body.alerts;
    expect(kinds).toEqual([]);
  });

  it('computes the yearly figures of the register (worked out by hand)', async () => {
    // Agency "figures", judged on 2026-04-20. Default deadlines: 2 working days, 15 days.
    //  F1 Mon 03-02 punctuality: ack due 03-04, acked 03-03 (in time); answer due 03-17, answered 03-10 (in time); closed, reopened.
    //  F2 Fri 03-06 punctuality: ack due 03-10, acked 03-11 (late); answer due 03-21, answered 03-25 (late); closed.
    //     Actions: one completed effective, one completed not effective.
    //  F3 Thu 04-02 billing: ack due 04-06, none (late on 04-20); answer due 04-17, none (late). One open action.
    //  F4 Fri 04-17 behaviour: ack due 04-21, answer due 05-02: both pending on 04-20, left out.
    //  F0 received 2025-12-15: another year, not counted.
    await post('/complaints', complaint({ complaintId: 'F0', agency: 'figures', receivedAt: '2025-12-15' }));
    await post('/complaints', complaint({ complaintId: 'F1', agency: 'figures', receivedAt: '2026-03-02' }));
    await post('/complaints/F1/acknowledge', { at: '2026-03-03', by: 'rq' });
    await post('/complaints/F1/respond', { at: '2026-03-10', by: 'rq', response: 'ok' });
    await post('/complaints/F1/close', { at: '2026-03-11' });
    await post('/complaints/F1/reopen', { at: '2026-03-20', reason: 'not ok' });
    await post('/complaints', complaint({ complaintId: 'F2', agency: 'figures', receivedAt: '2026-03-06' }));
    await post('/complaints/F2/acknowledge', { at: '2026-03-11', by: 'rq' });
    await post('/complaints/F2/actions', action({ actionId: 'F2-a', openedAt: '2026-03-12' }));
    await post('/complaints/F2/actions', action({ actionId: 'F2-b', openedAt: '2026-03-12' }));
    await post('/complaints/F2/actions/F2-a/complete', { at: '2026-03-20', effective: true });
    await post('/complaints/F2/actions/F2-b/complete', { at: '2026-03-20', effective: false });
    await post('/complaints/F2/respond', { at: '2026-03-25', by: 'rq', response: 'ok' });
    await post('/complaints/F2/close', { at: '2026-03-26' });
    await post('/complaints', complaint({ complaintId: 'F3', agency: 'figures', receivedAt: '2026-04-02', category: 'billing' }));
    await post('/complaints/F3/actions', action({ actionId: 'F3-a', openedAt: '2026-04-03' }));
    const last = await post('/complaints', complaint({ complaintId: 'F4', agency: 'figures', receivedAt: '2026-04-17', category: 'behaviour' }));

    const res = await quality().get(`/complaints/figures?year=2026&agency=figures&today=2026-04-20&minPosition=${last.position}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      year: 2026,
      agency: 'figures',
      today: '2026-04-20',
      count: 4, // F1 F2 F3 F4 (F0 is 2025)
      byCategory: [
        { category: 'punctuality', count: 2 }, // F1 F2
        { category: 'behaviour', count: 1 }, // F4
        { category: 'billing', count: 1 }, // F3
      ],
      acknowledgedInTime: { numerator: 1, denominator: 3, percent: 33.3 }, // settled F1 (met) F2 (late) F3 (late): 1 / 3
      answeredInTime: { numerator: 1, denominator: 3, percent: 33.3 }, // settled F1 (met) F2 (late) F3 (late): 1 / 3
      reopened: { numerator: 1, denominator: 2, percent: 50 }, // closed F1 F2, reopened F1: 1 / 2
      actions: { opened: 3, completed: 2, effective: { numerator: 1, denominator: 2, percent: 50 } }, // F2-a F2-b F3-a; effective F2-a: 1 / 2
    });
    const lastYear = (await quality().get(`/complaints/figures?year=2025&agency=figures&today=2026-04-20`)).body;
    expect(lastYear).toMatchObject({ count: 1, acknowledgedInTime: { numerator: 0, denominator: 1, percent: 0 } });
  });

  it('records quality meetings and newsletters, lists them by year and kind, and shows a meeting on what it discussed', async () => {
    await post('/complaints', complaint({ complaintId: 'r-meet', agency: 'meet' }));
    await post('/complaints/r-meet/actions', action({ actionId: 'a-meet' }));
    const meeting = await post('/quality-meetings', {
      meetingId: 'm-meet',
      heldAt: '2026-03-24',
      kind: 'field_staff',
      agency: 'meet',
      participants: ['rq-anne', 'team north'],
      decisions: ['Call the client when a visit will be late'],
      complaintIds: ['r-meet'],
      actionIds: ['a-meet'],
    });
    await post('/quality-meetings', { heldAt: '2025-11-02', kind: 'field_staff', agency: 'meet', participants: ['rq-anne'] });
    await post('/quality-meetings', { heldAt: '2026-12-01', kind: 'management_review', agency: 'meet', participants: ['direction'] });
    await post('/newsletters', { newsletterId: 'n-meet-1', publishedAt: '2026-02-01', title: 'Entre nous n°11', agency: 'meet' });
    const last = await post('/newsletters', { publishedAt: '2026-09-01', title: 'Entre nous n°12', agency: 'meet' });
    const wait = `minPosition=${last.position}`;

    const fieldStaff = (await quality().get(`/quality-meetings?year=2026&kind=field_staff&agency=meet&${wait}`)).body;
    expect(fieldStaff).toMatchObject({ total: 1, items: [{ meetingId: 'm-meet', year: 2026, participants: ['rq-anne', 'team north'], complaintIds: ['r-meet'] }] });
    expect((await quality().get(`/quality-meetings?agency=meet&${wait}`)).body.total).toBe(3);
    expect((await quality().get(`/quality-meetings/m-meet?${wait}`)).body).toMatchObject({ kind: 'field_staff', decisions: ['Call the client when a visit will be late'] });
    const newsletters = (await quality().get(`/newsletters?year=2026&agency=meet&${wait}`)).body;
    expect(newsletters.items.map((n: { title: string }) => n.title)).toEqual(['Entre nous n°11', 'Entre nous n°12']);

    const discussed = { meetingId: 'm-meet', heldAt: '2026-03-24', kind: 'field_staff' };
    expect((await quality().get(`/complaints/r-meet?minPosition=${meeting.position}`)).body.meetings).toEqual([discussed]);
    expect((await quality().get(`/actions/a-meet?minPosition=${meeting.position}`)).body.meetings).toEqual([discussed]);
  });
});

describe('Complaint deadlines as configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ complaintAckWorkingDays: 5, complaintAnswerDays: 30 });
  });
  afterAll(() => t.close());

  it('applies the configured deadlines to the complaints it logs', async () => {
    const logged = await t.as('integration').post('/complaints', {
      complaintId: 'r-conf',
      receivedAt: '2026-03-06',
      channel: 'mail',
      source: 'funder',
      category: 'billing',
      description: 'Invoice sent twice',
    });
    expect(logged.status).toBe(201);
    // Friday 03-06 + 5 working days = Friday 03-13; + 30 days = 04-05.
    const doc = (await t.as('quality').get(`/complaints/r-conf?minPosition=${logged.body.position}`)).body;
    expect(doc.timings).toEqual({ acknowledgement: { dueBy: '2026-03-13' }, answer: { dueBy: '2026-04-05' } });
  });
});

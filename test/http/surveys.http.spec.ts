import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const questionsV1 = [
  { questionId: 'q-recep', theme: 'reception', text: 'Was the reception staff friendly?' },
  { questionId: 'q-hand', theme: 'handling', text: 'Was your request handled quickly?' },
];
/** Version 2 keeps the reception question, drops handling, adds follow-up. */
const questionsV2 = [questionsV1[0], { questionId: 'q-follow', theme: 'follow_up', text: 'Are you kept informed of new services?' }];
const launchBody = (overrides: Record<string, unknown> = {}) => ({ year: 2026, agency: 'lyon', invited: 10, questions: questionsV1, ...overrides });

describe('Satisfaction surveys over HTTP (embedded default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const integration = () => t.as('integration');
  const quality = () => t.as('quality');
  const head = async () => (await t.as(null).get('/health')).body.eventStore.head as number;

  it('runs a campaign: launch, responses on two questionnaire versions, reminder, close, results', async () => {
    const launched = await integration().post('/surveys', launchBody({ surveyId: 'sv-life' }));
    expect(launched.status).toBe(201);
    expect(launched.body).toEqual({ id: 'sv-life', streamId: 'survey-sv-life', revision: 0, position: expect.any(Number) });

    const respond = (body: Record<string, unknown>) => integration().post('/surveys/sv-life/responses', body);
    expect((await respond({ answers: [{ questionId: 'q-recep', score: 5 }, { questionId: 'q-hand', score: 4 }] })).status).toBe(201);
    expect((await respond({ answers: [{ questionId: 'q-recep', score: 4 }, { questionId: 'q-hand', score: 2 }], comment: 'Slow to call back' })).status).toBe(201);

    const revised = await integration().post('/surveys/sv-life/questionnaire', { questions: questionsV2 });
    expect(revised.status).toBe(201);
    expect(revised.body.revision).toBe(3);
    // The current version (2) by default; a late paper answer names version 1 and keeps it.
    expect((await respond({ answers: [{ questionId: 'q-recep', score: 3 }, { questionId: 'q-follow', score: 5 }] })).status).toBe(201);
    expect((await respond({ questionnaireVersion: 1, answers: [{ questionId: 'q-recep', score: 2 }, { questionId: 'q-hand', score: 5 }] })).status).toBe(201);

    const reminded = await integration().post('/surveys/sv-life/reminders', { sentAt: '2026-03-15', count: 10 });
    expect(reminded.status).toBe(201);
    const closed = await integration().post('/surveys/sv-life/close', { at: '2026-03-31' });
    expect(closed.status).toBe(201);

    const results = await quality().get(`/surveys/sv-life/results?minPosition=${closed.body.position}`);
    expect(results.status).toBe(200);
    // 4 responses of 10 invited: 40 %, but fewer than 30 responses.
    expect(results.body).toMatchObject({ surveyId: 'sv-life', status: 'closed', invited: 10, responses: 4, responseRate: 0.4, representative: false, currentVersion: 2 });
    expect(results.body.warnings.map((w: { code: string }) => w.code)).toEqual(['fewer-than-30-responses']);
    expect(results.body.responsesByVersion).toEqual([
      { questionnaireVersion: 1, responses: 3 },
      { questionnaireVersion: 2, responses: 1 },
    ]);
    // reception 5, 4, 3, 2 → 14 / 4 = 3.5, satisfied 2 / 4; handling 4, 2, 5 → 11 / 3 = 3.67, satisfied 2 / 3; follow-up 5.
    expect(results.body.byTheme).toMatchObject([
      { theme: 'reception', count: 4, average: 3.5, satisfiedShare: 0.5, distribution: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 }, representative: false },
      { theme: 'handling', count: 3, average: 3.67, satisfiedShare: 0.6667, distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 } },
      { theme: 'follow_up', count: 1, average: 5, satisfiedShare: 1 },
    ]);
    expect(results.body.byQuestion.map((q: { questionId: string; questionnaireVersions: number[]; count: number }) => [q.questionId, q.questionnaireVersions, q.count])).toEqual([
      ['q-recep', [1, 2], 4],
      ['q-hand', [1], 3],
      ['q-follow', [2], 1],
    ]);
    expect(results.body.comments).toEqual([{ questionnaireVersion: 1, comment: 'Slow to call back' }]);
    expect(results.body.actions).toEqual([]);

    const survey = await quality().get('/surveys/sv-life');
    expect(survey.status).toBe(200);
    expect(survey.body).toMatchObject({ surveyId: 'sv-life', status: 'closed', closedAt: '2026-03-31', responses: 4, responseRate: 0.4, reminders: [{ sentAt: '2026-03-15', count: 10 }] });
    expect(survey.body.questionnaires.map((q: { questionnaireVersion: number }) => q.questionnaireVersion)).toEqual([1, 2]);
    expect(survey.body.tallies).toBeUndefined();
  });

  it('stores no client id with a response, in its data or its metadata, and refuses a body that names one', async () => {
    await integration().post('/surveys', launchBody({ surveyId: 'sv-anon' }));
    const refused = await integration().post('/surveys/sv-anon/responses', { clientId: 'c-1', answers: [{ questionId: 'q-recep', score: 4 }] });
    expect(refused.status).toBe(400);
    expect((await integration().post('/surveys/sv-anon/responses', { answers: [{ questionId: 'q-recep', score: 4 }] })).status).toBe(201);
    const events = await t.app.get<symbol, EventStore>(EVENT_STORE).readStream('survey-sv-anon');
    const response = events.find((e) => e.type === 'SurveyResponseRecorded')!;
    expect(response.metadata.clientId).toBeUndefined();
    expect(JSON.stringify(response)).not.toContain('clientId');
    expect(response.data).toMatchObject({ surveyId: 'sv-anon', questionnaireVersion: 1, answers: [{ questionId: 'q-recep', score: 4 }] });
  });

  it('refuses a score out of range with 400 naming the field, and appends nothing', async () => {
    await integration().post('/surveys', launchBody({ surveyId: 'sv-400' }));
    const before = await head();
    for (const score of [6, 0, 3.5]) {
      const res = await integration().post('/surveys/sv-400/responses', { answers: [{ questionId: 'q-recep', score: 4 }, { questionId: 'q-hand', score }] });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.type).toBe('urn:qualirec:problem:bad-input');
      expect(res.body.errors).toEqual([{ path: 'answers.1.score', message: expect.stringMatching(/score from 1 to 5/) }]);
    }
    const twice = await integration().post('/surveys/sv-400/responses', { answers: [{ questionId: 'q-recep', score: 4 }, { questionId: 'q-recep', score: 5 }] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].path).toBe('answers.1.questionId');
    const badTheme = await integration().post('/surveys', launchBody({ questions: [{ questionId: 'q', theme: 'price', text: 'Fair price?' }] }));
    expect(badTheme.status).toBe(400);
    expect(badTheme.body.errors[0].path).toBe('questions.0.theme');
    expect(await head()).toBe(before);
  });

  it('answers 404 for an unknown survey', async () => {
    const res = await integration().post('/surveys/nope/responses', { answers: [{ questionId: 'q-recep', score: 4 }] });
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('urn:qualirec:problem:not-found');
    expect((await integration().post('/surveys/nope/close', { at: '2026-03-31' })).status).toBe(404);
    expect((await quality().get('/surveys/nope')).status).toBe(404);
    expect((await quality().get('/surveys/nope/results')).status).toBe(404);
  });

  it('refuses answers to a question the version does not have, and anything after closing, with 409 and nothing appended', async () => {
    await integration().post('/surveys', launchBody({ surveyId: 'sv-409' }));
    const unknown = await integration().post('/surveys/sv-409/responses', { answers: [{ questionId: 'q-follow', score: 4 }] });
    expect(unknown.status).toBe(409);
    expect(unknown.body).toMatchObject({ type: 'urn:qualirec:rule:answer-to-unknown-question', rule: 'answer-to-unknown-question' });
    const noVersion = await integration().post('/surveys/sv-409/responses', { questionnaireVersion: 2, answers: [{ questionId: 'q-recep', score: 4 }] });
    expect(noVersion.body.rule).toBe('questionnaire-version-unknown');
    const same = await integration().post('/surveys/sv-409/questionnaire', { questions: [...questionsV1].reverse() });
    expect(same.body.rule).toBe('questionnaire-unchanged');

    expect((await integration().post('/surveys/sv-409/close', { at: '2026-03-31' })).status).toBe(201);
    const before = await head();
    const late = await integration().post('/surveys/sv-409/responses', { answers: [{ questionId: 'q-recep', score: 4 }] });
    expect(late.status).toBe(409);
    expect(late.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(late.body).toMatchObject({ status: 409, type: 'urn:qualirec:rule:survey-closed', rule: 'survey-closed' });
    expect((await integration().post('/surveys/sv-409/close', { at: '2026-04-01' })).body.rule).toBe('survey-closed');
    expect((await integration().post('/surveys/sv-409/reminders', { sentAt: '2026-04-01' })).body.rule).toBe('survey-closed');
    expect(await head()).toBe(before);
  });

  it('replays a response sent twice with the same commandId without recording it twice', async () => {
    await integration().post('/surveys', launchBody({ surveyId: 'sv-idem' }));
    const body = { commandId: 'paper-form-17', answers: [{ questionId: 'q-recep', score: 4 }] };
    const first = await integration().post('/surveys/sv-idem/responses', body);
    const again = await integration().post('/surveys/sv-idem/responses', body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const view = await quality().get(`/surveys/sv-idem?minPosition=${first.body.position}`);
    expect(view.body.responses).toBe(1);
  });

  it('lists surveys by year and agency, and benchmarks agencies and years (benchmark is not a survey id)', async () => {
    await integration().post('/surveys', launchBody({ surveyId: 'bm-lyon-2025', year: 2025, invited: 4, questions: [questionsV1[0]] }));
    await integration().post('/surveys', launchBody({ surveyId: 'bm-nice-2025', agency: 'nice', year: 2025, invited: 4, questions: [questionsV1[0]] }));
    await integration().post('/surveys/bm-lyon-2025/responses', { answers: [{ questionId: 'q-recep', score: 2 }] });
    await integration().post('/surveys/bm-nice-2025/responses', { answers: [{ questionId: 'q-recep', score: 5 }] });
    const last = await integration().post('/surveys/bm-nice-2025/responses', { answers: [{ questionId: 'q-recep', score: 4 }] });
    const wait = `minPosition=${last.body.position}`;

    const listed = await quality().get(`/surveys?year=2025&agency=lyon&${wait}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { surveyId: string }) => s.surveyId)).toEqual(['bm-lyon-2025']);

    const benchmark = await quality().get(`/surveys/benchmark?year=2025&theme=reception&${wait}`);
    expect(benchmark.status).toBe(200);
    // lyon: one 2 of 4 invited (25 %); nice: 5 and 4 of 4 invited → 4.5, 50 %; both under 30 responses.
    expect(benchmark.body.byTheme).toHaveLength(1);
    expect(benchmark.body.byTheme[0].surveys.map((s: Record<string, unknown>) => [s.agency, s.average, s.responseRate, s.representative])).toEqual([
      ['lyon', 2, 0.25, false],
      ['nice', 4.5, 0.5, false],
    ]);
    const lyon = await quality().get(`/surveys/benchmark?agency=lyon&theme=reception&${wait}`);
    expect(lyon.body.byAgency).toHaveLength(1);
    expect(lyon.body.byAgency[0].themes[0].years.map((y: { year: number }) => y.year)).toEqual(expect.arrayContaining([2025, 2026]));
    expect((await quality().get('/surveys/benchmark?theme=price')).status).toBe(400);
  });

  it('lists in the results the improvement actions opened with the survey as their origin (POST /actions)', async () => {
    await integration().post('/surveys', launchBody({ surveyId: 'sv-plan' }));
    const action = (actionId: string, origin: Record<string, string>, dueDate: string) =>
      integration().post('/actions', { actionId, kind: 'corrective', description: 'Call back within a day', owner: 'rs-lyon', openedAt: '2026-04-01', dueDate, origin });
    expect((await action('act-plan-1', { type: 'survey', id: 'sv-plan', theme: 'handling' }, '2026-09-30')).status).toBe(201);
    expect((await action('act-plan-2', { type: 'survey', id: 'sv-plan' }, '2026-06-30')).status).toBe(201);
    const elsewhere = await action('act-plan-3', { type: 'survey', id: 'sv-life', theme: 'handling' }, '2026-06-30');
    expect(elsewhere.status).toBe(201);

    const results = await quality().get(`/surveys/sv-plan/results?minPosition=${elsewhere.body.position}`);
    expect(results.status).toBe(200);
    expect(results.body.actions).toMatchObject([
      { actionId: 'act-plan-2', kind: 'corrective', owner: 'rs-lyon', dueDate: '2026-06-30', status: 'open', theme: null },
      { actionId: 'act-plan-1', dueDate: '2026-09-30', status: 'open', theme: 'handling' },
    ]);
    expect(results.body.byTheme.map((t: { theme: string; actionIds: string[] }) => [t.theme, t.actionIds])).toEqual([
      ['reception', []],
      ['handling', ['act-plan-1']],
    ]);
  });

  it('lets quality and auditor read, but not send responses', async () => {
    expect((await t.as('auditor').get('/surveys/benchmark')).status).toBe(200);
    expect((await quality().post('/surveys', launchBody())).status).toBe(403);
    expect((await integration().get('/surveys/benchmark')).status).toBe(403);
  });
});

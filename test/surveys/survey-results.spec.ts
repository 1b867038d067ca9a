import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { SurveyEvent, SurveyQuestion } from '../../src/surveys/survey.events.js';
import { surveyProjector, type SurveyDocument } from '../../src/surveys/survey.projector.js';
import { representativeness, summarise, surveyBenchmark, surveyResults, type SurveyAction } from '../../src/surveys/survey-results.js';

/** Folds events through the projector as the runner would, one document per survey. */
function project(events: SurveyEvent[]): SurveyDocument {
  return events.reduce<SurveyDocument | null>((doc, event, revision) => surveyProjector.evolve(doc, recorded(event, revision)), null)!;
}
function recorded(event: SurveyEvent, revision: number): RecordedEvent {
  const at = event.type === 'SurveyClosed' ? event.data.at : '2026-03-01T10:00:00.000Z';
  return {
    eventId: `e-${revision}`,
    type: event.type,
    schemaVersion: 1,
    data: event.data as unknown as Record<string, unknown>,
    metadata: { actor: { id: 'integration-test', role: 'integration' }, occurredAt: at, recordedAt: '2026-03-01T10:00:00.000Z' },
    streamId: `survey-${event.data.surveyId}`,
    revision,
    position: revision + 1,
  };
}
const launch = (surveyId: string, agency: string, year: number, invited: number, questions: SurveyQuestion[]): SurveyEvent => ({
  type: 'SurveyLaunched',
  data: { surveyId, year, agency, invited, questionnaireVersion: 1, questions },
});
let responseNo = 0;
const respond = (surveyId: string, questionnaireVersion: number, scores: Record<string, number>, comment?: string): SurveyEvent => ({
  type: 'SurveyResponseRecorded',
  data: {
    surveyId,
    responseId: `r-${(responseNo += 1)}`,
    questionnaireVersion,
    answers: Object.entries(scores).map(([questionId, score]) => ({ questionId, score })),
    ...(comment ? { comment } : {}),
  },
});
/** `n` responses giving question `questionId` the same score. */
const many = (surveyId: string, n: number, questionId: string, score: number) => Array.from({ length: n }, () => respond(surveyId, 1, { [questionId]: score }));

const recep: SurveyQuestion = { questionId: 'q-recep', theme: 'reception', text: 'Was the reception staff friendly?' };
const hand1: SurveyQuestion = { questionId: 'q-hand', theme: 'handling', text: 'Was your request handled quickly?' };
const hand2: SurveyQuestion = { ...hand1, text: 'Was your request handled within the promised time?' };
const follow: SurveyQuestion = { questionId: 'q-follow', theme: 'follow_up', text: 'Are you kept informed?' };
const orient: SurveyQuestion = { questionId: 'q-orient', theme: 'orientation', text: 'Was it easy to find where to ask?' };

/**
 * Lyon 2026: 40 invited, 10 responses. Version 1 asks reception, handling and follow-up; version 2
 * keeps reception as it was, rewords handling, drops follow-up and adds orientation.
 */
const lyon2026: SurveyEvent[] = [
  launch('lyon-2026', 'lyon', 2026, 40, [recep, hand1, follow]),
  respond('lyon-2026', 1, { 'q-recep': 5, 'q-hand': 4, 'q-follow': 3 }),
  respond('lyon-2026', 1, { 'q-recep': 4, 'q-hand': 2, 'q-follow': 4 }),
  respond('lyon-2026', 1, { 'q-recep': 3, 'q-hand': 5 }),
  respond('lyon-2026', 1, { 'q-recep': 5, 'q-hand': 1, 'q-follow': 5 }, 'Friendly reception'),
  { type: 'SurveyQuestionnaireRevised', data: { surveyId: 'lyon-2026', questionnaireVersion: 2, questions: [recep, hand2, orient] } },
  // Paper questionnaires of version 1 that arrive after the change keep their version.
  respond('lyon-2026', 1, { 'q-recep': 2, 'q-hand': 4, 'q-follow': 4 }),
  respond('lyon-2026', 1, { 'q-recep': 4 }),
  respond('lyon-2026', 2, { 'q-recep': 5, 'q-hand': 3, 'q-orient': 4 }),
  respond('lyon-2026', 2, { 'q-recep': 4, 'q-hand': 4, 'q-orient': 5 }, 'Long wait on the phone'),
  respond('lyon-2026', 2, { 'q-recep': 1, 'q-hand': 5 }),
  respond('lyon-2026', 2, { 'q-orient': 3 }),
  { type: 'SurveyReminderSent', data: { surveyId: 'lyon-2026', sentAt: '2026-03-15', count: 40 } },
  { type: 'SurveyClosed', data: { surveyId: 'lyon-2026', at: '2026-03-31' } },
];

describe('Survey read model (surveys.v1)', () => {
  it('keeps each questionnaire version and tallies every answer under the version it answered', () => {
    const doc = project(lyon2026);
    expect(doc).toMatchObject({ surveyId: 'lyon-2026', status: 'closed', closedAt: '2026-03-31', currentVersion: 2, responses: 10, invited: 40 });
    expect(doc.questionnaires.map((q) => [q.questionnaireVersion, q.questions.map((x) => x.questionId)])).toEqual([
      [1, ['q-recep', 'q-hand', 'q-follow']],
      [2, ['q-recep', 'q-hand', 'q-orient']],
    ]);
    expect(doc.responsesByVersion).toEqual([
      { questionnaireVersion: 1, responses: 6 },
      { questionnaireVersion: 2, responses: 4 },
    ]);
    // q-hand, version 1: scores 4, 2, 5, 1, 4 → one 1, one 2, two 4, one 5.
    expect(doc.tallies.find((t) => t.questionnaireVersion === 1 && t.questionId === 'q-hand')!.counts).toEqual([1, 1, 0, 2, 1]);
    // q-hand, version 2: scores 3, 4, 5.
    expect(doc.tallies.find((t) => t.questionnaireVersion === 2 && t.questionId === 'q-hand')!.counts).toEqual([0, 0, 1, 1, 1]);
    expect(doc.reminders).toEqual([{ sentAt: '2026-03-15', count: 40 }]);
    expect(doc.comments).toEqual([
      { questionnaireVersion: 1, comment: 'Friendly reception' },
      { questionnaireVersion: 2, comment: 'Long wait on the phone' },
    ]);
  });

  it('stops on a response that was never launched rather than inventing a survey', () => {
    expect(() => surveyProjector.evolve(null, recorded(respond('ghost', 1, { 'q-recep': 3 }), 0))).toThrow(/never launched/);
  });
});

describe('Survey results, worked by hand', () => {
  const results = surveyResults(project(lyon2026));

  it('gives the response rate and flags both reasons it is not representative', () => {
    // 10 responses / 40 invited = 0.25: under 30 responses and under 30 %.
    expect(results).toMatchObject({ invited: 40, responses: 10, responseRate: 0.25, representative: false, currentVersion: 2 });
    expect(results.warnings.map((w) => w.code)).toEqual(['fewer-than-30-responses', 'response-rate-below-30-percent']);
    expect(results.warnings[1].message).toContain('25 %');
  });

  it('computes each theme over every version, in the order of the client journey', () => {
    expect(results.byTheme.map((t) => t.theme)).toEqual(['orientation', 'reception', 'handling', 'follow_up']);
    const [orientation, reception, handling, followUp] = results.byTheme;
    // orientation (version 2 only): 4, 5, 3 → 12 / 3 = 4; satisfied 2 / 3.
    expect(orientation).toMatchObject({ respondents: 3, count: 3, average: 4, satisfiedShare: 0.6667, distribution: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 1 } });
    // reception: 5, 4, 3, 5, 2, 4 (v1) and 5, 4, 1 (v2) → 33 / 9 = 3.666… → 3.67; satisfied (three 4s, three 5s) 6 / 9.
    expect(reception).toMatchObject({ respondents: 9, count: 9, average: 3.67, satisfiedShare: 0.6667, distribution: { 1: 1, 2: 1, 3: 1, 4: 3, 5: 3 } });
    // handling: 4, 2, 5, 1, 4 (v1) and 3, 4, 5 (v2) → 28 / 8 = 3.5; satisfied 5 / 8 = 0.625.
    expect(handling).toMatchObject({ respondents: 8, count: 8, average: 3.5, satisfiedShare: 0.625, distribution: { 1: 1, 2: 1, 3: 1, 4: 3, 5: 2 } });
    // follow-up (version 1 only): 3, 4, 5, 4 → 16 / 4 = 4; satisfied 3 / 4.
    expect(followUp).toMatchObject({ respondents: 4, count: 4, average: 4, satisfiedShare: 0.75, distribution: { 1: 0, 2: 0, 3: 1, 4: 2, 5: 1 } });
    expect(results.byTheme.every((t) => !t.representative)).toBe(true);
  });

  it('keeps a reworded question apart from its old wording, and merges an unchanged one across versions', () => {
    const byKey = Object.fromEntries(results.byQuestion.map((q) => [`${q.questionId}@${q.questionnaireVersions.join('+')}`, q]));
    expect(Object.keys(byKey)).toEqual(['q-recep@1+2', 'q-hand@1', 'q-follow@1', 'q-hand@2', 'q-orient@2']);
    // Unchanged reception question: all 9 answers together, 33 / 9.
    expect(byKey['q-recep@1+2']).toMatchObject({ count: 9, average: 3.67, text: recep.text });
    // Old wording: 4, 2, 5, 1, 4 → 16 / 5 = 3.2; satisfied 3 / 5.
    expect(byKey['q-hand@1']).toMatchObject({ text: hand1.text, count: 5, average: 3.2, satisfiedShare: 0.6, distribution: { 1: 1, 2: 1, 3: 0, 4: 2, 5: 1 } });
    // New wording: 3, 4, 5 → 12 / 3 = 4; satisfied 2 / 3.
    expect(byKey['q-hand@2']).toMatchObject({ text: hand2.text, count: 3, average: 4, satisfiedShare: 0.6667 });
  });

  it('says how many responses each version got, and lists the comments', () => {
    expect(results.responsesByVersion).toEqual([
      { questionnaireVersion: 1, responses: 6 },
      { questionnaireVersion: 2, responses: 4 },
    ]);
    expect(results.comments.map((c) => c.comment)).toEqual(['Friendly reception', 'Long wait on the phone']);
  });

  it('lists the improvement actions whose origin is the survey, each theme naming its own', () => {
    const actions: SurveyAction[] = [
      { actionId: 'a-1', kind: 'corrective', description: 'Answer the phone within 5 rings', owner: 'rs-lyon', dueDate: '2026-06-30', status: 'open', theme: 'reception' },
      { actionId: 'a-2', kind: 'preventive', description: 'Review the whole journey', owner: 'rq', dueDate: '2026-09-30', status: 'open', theme: null },
    ];
    const withActions = surveyResults(project(lyon2026), actions);
    expect(withActions.actions).toEqual(actions);
    expect(withActions.byTheme.find((t) => t.theme === 'reception')!.actionIds).toEqual(['a-1']);
    expect(withActions.byTheme.find((t) => t.theme === 'handling')!.actionIds).toEqual([]);
  });

  it('answers null averages for a question nobody answered yet', () => {
    const fresh = surveyResults(project([launch('new', 'lyon', 2026, 10, [recep])]));
    expect(fresh).toMatchObject({ responses: 0, responseRate: 0, representative: false });
    expect(fresh.byTheme[0]).toMatchObject({ theme: 'reception', count: 0, average: null, satisfiedShare: null, respondents: 0 });
  });
});

describe('Representativeness thresholds (seed 004: 30 responses, 30 %)', () => {
  it.each([
    // [responses, invited, representative, warnings]
    [30, 100, true, []], // exactly 30 and exactly 30 %
    [29, 96, false, ['fewer-than-30-responses']], // 29 / 96 = 30.2 %
    [30, 101, false, ['response-rate-below-30-percent']], // 30 / 101 = 29.7 %
    [3, 10, false, ['fewer-than-30-responses']], // 30 %, but only 3 answers
    [21, 70, false, ['fewer-than-30-responses']], // 21 / 70 is exactly 30 %: no float rounding makes it 29.99…
    [0, 5, false, ['fewer-than-30-responses', 'response-rate-below-30-percent']],
  ])('%i responses of %i invited', (responses, invited, representative, codes) => {
    const verdict = representativeness(responses, invited);
    expect(verdict.representative).toBe(representative);
    expect(verdict.warnings.map((w) => w.code)).toEqual(codes);
  });

  it('summarises scores: 1, 2, 2, 5 → 10 / 4 = 2.5, one satisfied in four', () => {
    expect(summarise([1, 2, 0, 0, 1])).toEqual({ count: 4, average: 2.5, distribution: { 1: 1, 2: 2, 3: 0, 4: 0, 5: 1 }, satisfiedShare: 0.25 });
  });
});

describe('Benchmark (analyse comparative), worked by hand', () => {
  /** Lyon 2025: 50 invited, 30 responses on reception: ten 5s, ten 4s, ten 3s → 120 / 30 = 4; satisfied 20 / 30; rate 0.6. */
  const lyon2025 = project([
    launch('lyon-2025', 'lyon', 2025, 50, [recep]),
    ...many('lyon-2025', 10, 'q-recep', 5),
    ...many('lyon-2025', 10, 'q-recep', 4),
    ...many('lyon-2025', 10, 'q-recep', 3),
  ]);
  /** Paris 2026: 20 invited, 8 responses on reception: two 5s, two 4s, four 2s → 26 / 8 = 3.25; satisfied 4 / 8; rate 0.4. */
  const paris2026 = project([
    launch('paris-2026', 'paris', 2026, 20, [recep]),
    ...many('paris-2026', 2, 'q-recep', 5),
    ...many('paris-2026', 2, 'q-recep', 4),
    ...many('paris-2026', 4, 'q-recep', 2),
  ]);
  const docs = [lyon2025, project(lyon2026), paris2026];

  it('puts the agencies side by side per theme for the year, flagging representativeness', () => {
    const benchmark = surveyBenchmark(docs, { year: 2026, theme: 'reception' });
    expect(benchmark).toMatchObject({ year: 2026, theme: 'reception', agency: null });
    expect(benchmark.byTheme).toHaveLength(1);
    expect(benchmark.byTheme[0].surveys.map((s) => [s.agency, s.average, s.satisfiedShare, s.responseRate, s.representative])).toEqual([
      ['lyon', 3.67, 0.6667, 0.25, false],
      ['paris', 3.25, 0.5, 0.4, false],
    ]);
    // Paris reaches 30 % (8 / 20 = 40 %) but not 30 responses.
    expect(benchmark.byTheme[0].surveys[1].warnings.map((w) => w.code)).toEqual(['fewer-than-30-responses']);
  });

  it('follows the same agency across the years', () => {
    const benchmark = surveyBenchmark(docs, { theme: 'reception', agency: 'lyon' });
    expect(benchmark.year).toBe(2026);
    expect(benchmark.byAgency).toHaveLength(1);
    const years = benchmark.byAgency[0].themes[0].years;
    expect(years.map((y) => [y.year, y.average, y.satisfiedShare, y.responses, y.responseRate, y.representative])).toEqual([
      [2025, 4, 0.6667, 30, 0.6, true],
      [2026, 3.67, 0.6667, 10, 0.25, false],
    ]);
  });

  it('defaults to the latest year and every theme asked that year', () => {
    const benchmark = surveyBenchmark(docs);
    expect(benchmark.year).toBe(2026);
    expect(benchmark.byTheme.map((t) => [t.theme, t.surveys.map((s) => s.surveyId)])).toEqual([
      ['orientation', ['lyon-2026']],
      ['reception', ['lyon-2026', 'paris-2026']],
      ['handling', ['lyon-2026']],
      ['follow_up', ['lyon-2026']],
    ]);
    expect(benchmark.byAgency.map((a) => a.agency)).toEqual(['lyon', 'paris']);
    expect(benchmark.byAgency[0].themes.find((t) => t.theme === 'reception')!.years.map((y) => y.year)).toEqual([2025, 2026]);
  });

  it('answers empty lists when there is no survey', () => {
    expect(surveyBenchmark([])).toEqual({ year: null, theme: null, agency: null, byTheme: [], byAgency: [] });
  });
});

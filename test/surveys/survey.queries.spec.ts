import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedReadStore } from '../../src/read-store/embedded-read-store.adapter.js';
import type { Doc } from '../../src/read-store/read-store.port.js';
import { AggregateNotFound } from '../../src/shared/domain-errors.js';
import { GetSurvey, GetSurveyHandler, GetSurveyResults, GetSurveyResultsHandler } from '../../src/surveys/survey.queries.js';
import { surveyProjector, type SurveyDocument } from '../../src/surveys/survey.projector.js';

/**
 * The results list the improvement actions whose origin is the survey. Those are written by the
 * complaints module's projector (`POST /actions`); here they are written straight through the
 * ReadStore port, as that projector would, so the listing is tested without depending on it.
 */
describe('Survey queries on the read store', () => {
  let dir: string;
  let reads: EmbeddedReadStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qualirec-surveys-'));
    reads = new EmbeddedReadStore(join(dir, 'read-models.db'));
    const survey: SurveyDocument = {
      _id: 'sv-q',
      surveyId: 'sv-q',
      year: 2026,
      agency: 'lyon',
      invited: 4,
      status: 'open',
      launchedAt: '2026-03-01T10:00:00.000Z',
      currentVersion: 1,
      questionnaires: [{ questionnaireVersion: 1, questions: [{ questionId: 'q1', theme: 'reception', text: 'Friendly?' }], since: '2026-03-01T10:00:00.000Z' }],
      reminders: [],
      // Two responses: scores 5 and 2 → 7 / 2 = 3.5; one satisfied in two; 2 / 4 invited = 0.5.
      responses: 2,
      responsesByVersion: [{ questionnaireVersion: 1, responses: 2 }],
      tallies: [{ questionnaireVersion: 1, questionId: 'q1', counts: [0, 1, 0, 0, 1] }],
      themeRespondents: [{ theme: 'reception', respondents: 2 }],
      comments: [],
      revision: 2,
      updatedAt: '2026-03-02T10:00:00.000Z',
    };
    const action = (actionId: string, origin: Record<string, string>, dueDate: string): Doc => ({
      _id: actionId,
      actionId,
      kind: 'corrective',
      description: `Action ${actionId}`,
      owner: 'rs-lyon',
      dueDate,
      origin,
      status: 'open',
    });
    await reads.commit({ projection: surveyProjector.name, checkpoint: 3, upserts: [{ collection: 'surveys', doc: survey as unknown as Doc }], deletes: [] });
    await reads.commit({
      projection: 'actions.test',
      checkpoint: 9,
      upserts: [
        { collection: 'actions', doc: action('a-late', { type: 'survey', id: 'sv-q', theme: 'reception' }, '2026-09-30') },
        { collection: 'actions', doc: action('a-soon', { type: 'survey', id: 'sv-q' }, '2026-04-30') },
        { collection: 'actions', doc: action('a-other-survey', { type: 'survey', id: 'sv-other', theme: 'reception' }, '2026-05-31') },
        { collection: 'actions', doc: action('a-complaint', { type: 'complaint', id: 'sv-q' }, '2026-05-31') },
      ],
      deletes: [],
    });
  });
  afterAll(async () => {
    await reads.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the actions born of this survey, by due date, tagged with their theme', async () => {
    const results = await new GetSurveyResultsHandler(reads).execute(new GetSurveyResults('sv-q'));
    expect(results.actions.map((a) => [a.actionId, a.theme, a.dueDate, a.status])).toEqual([
      ['a-soon', null, '2026-04-30', 'open'],
      ['a-late', 'reception', '2026-09-30', 'open'],
    ]);
    expect(results.byTheme).toMatchObject([{ theme: 'reception', average: 3.5, satisfiedShare: 0.5, actionIds: ['a-late'] }]);
    expect(results.responseRate).toBe(0.5);
  });

  it('shows the survey without its tallies, and answers 404 for an unknown one', async () => {
    const view = await new GetSurveyHandler(reads).execute(new GetSurvey('sv-q'));
    expect(view).toMatchObject({ surveyId: 'sv-q', responses: 2, responseRate: 0.5 });
    expect(view).not.toHaveProperty('tallies');
    expect(view).not.toHaveProperty('_id');
    await expect(new GetSurveyResultsHandler(reads).execute(new GetSurveyResults('nope'))).rejects.toBeInstanceOf(AggregateNotFound);
  });
});

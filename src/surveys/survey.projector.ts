import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projector } from '../projections/projector.js';
import type { SurveyEvent, SurveyQuestion, SurveyResponseRecorded, SurveyTheme } from './survey.events.js';
import { SURVEY_EVENT_TYPES } from './survey.events.js';

/** How often each score 1..5 was given to one question of one questionnaire version: `counts[score - 1]`. */
export interface QuestionTally {
  questionnaireVersion: number;
  questionId: string;
  counts: number[];
}

/**
 * One survey campaign: its questionnaire versions and the running tallies of its anonymous
 * responses. Results and the benchmark are computed from it (`survey-results.ts`); the individual
 * responses stay in the log only.
 */
export interface SurveyDocument {
  _id: string;
  surveyId: string;
  year: number;
  agency: string;
  invited: number;
  status: 'open' | 'closed';
  launchedAt: string;
  closedAt?: string;
  currentVersion: number;
  questionnaires: { questionnaireVersion: number; questions: SurveyQuestion[]; since: string }[];
  reminders: { sentAt: string; count?: number }[];
  /** Responses recorded (réponses reçues): the numerator of the response rate. */
  responses: number;
  responsesByVersion: { questionnaireVersion: number; responses: number }[];
  tallies: QuestionTally[];
  /** Responses that answered at least one question of the theme. */
  themeRespondents: { theme: SurveyTheme; respondents: number }[];
  /** Free comments, without their response id; they must not name a person. */
  comments: { questionnaireVersion: number; comment: string }[];
  revision: number;
  updatedAt: string;
}

/** The `surveys` read model: behind `GET /surveys`, `/surveys/{id}`, its results and the benchmark. */
export const surveyProjector: Projector<SurveyDocument> = {
  name: 'surveys.v1',
  collection: 'surveys',
  handles: SURVEY_EVENT_TYPES,
  documentIds: (event) => [String(event.data.surveyId)],
  evolve: (doc, recorded) => {
    const event = recorded as unknown as SurveyEvent & RecordedEvent;
    const touched = { revision: recorded.revision, updatedAt: recorded.metadata.recordedAt };
    if (event.type === 'SurveyLaunched') {
      const { questionnaireVersion, questions, ...survey } = event.data;
      return {
        _id: survey.surveyId,
        ...survey,
        status: 'open',
        launchedAt: recorded.metadata.occurredAt,
        currentVersion: questionnaireVersion,
        questionnaires: [{ questionnaireVersion, questions, since: recorded.metadata.occurredAt }],
        reminders: [],
        responses: 0,
        responsesByVersion: [],
        tallies: [],
        themeRespondents: [],
        comments: [],
        ...touched,
      };
    }
    if (!doc) throw new Error(`${event.type} for survey ${String(recorded.data.surveyId)} that was never launched`);
    switch (event.type) {
      case 'SurveyQuestionnaireRevised': {
        const { questionnaireVersion, questions } = event.data;
        const questionnaires = [...doc.questionnaires, { questionnaireVersion, questions, since: recorded.metadata.occurredAt }];
        return { ...doc, ...touched, currentVersion: questionnaireVersion, questionnaires };
      }
      case 'SurveyResponseRecorded':
        return { ...withResponse(doc, event.data), ...touched };
      case 'SurveyReminderSent': {
        const { surveyId: _s, ...reminder } = event.data;
        return { ...doc, ...touched, reminders: [...doc.reminders, reminder] };
      }
      case 'SurveyClosed':
        return { ...doc, ...touched, status: 'closed', closedAt: event.data.at };
    }
  },
};

/** Adds one response to the tallies of the questionnaire version it answered. */
export function withResponse(doc: SurveyDocument, response: SurveyResponseRecorded['data']): SurveyDocument {
  const version = response.questionnaireVersion;
  const questions = doc.questionnaires.find((q) => q.questionnaireVersion === version)?.questions;
  if (!questions) throw new Error(`Response ${response.responseId} answers version ${version}, which survey ${doc.surveyId} does not have`);
  const tallies = doc.tallies.map((t) => ({ ...t, counts: [...t.counts] }));
  const themes = new Set<SurveyTheme>();
  for (const { questionId, score } of response.answers) {
    const question = questions.find((q) => q.questionId === questionId);
    if (!question) throw new Error(`Response ${response.responseId} answers ${questionId}, not in version ${version}`);
    themes.add(question.theme);
    let tally = tallies.find((t) => t.questionnaireVersion === version && t.questionId === questionId);
    if (!tally) tallies.push((tally = { questionnaireVersion: version, questionId, counts: [0, 0, 0, 0, 0] }));
    tally.counts[score - 1] += 1;
  }
  return {
    ...doc,
    responses: doc.responses + 1,
    responsesByVersion: increment(doc.responsesByVersion, (r) => r.questionnaireVersion === version, { questionnaireVersion: version, responses: 0 }, 'responses'),
    tallies,
    themeRespondents: [...themes].reduce(
      (counts, theme) => increment(counts, (c) => c.theme === theme, { theme, respondents: 0 }, 'respondents'),
      doc.themeRespondents,
    ),
    comments: response.comment ? [...doc.comments, { questionnaireVersion: version, comment: response.comment }] : doc.comments,
  };
}

/** Adds one to the `field` of the row `matches` picks, or appends `fresh` with one. */
function increment<R, K extends keyof R>(rows: R[], matches: (row: R) => boolean, fresh: R, field: K): R[] {
  const found = rows.some(matches);
  const bumped = (row: R) => ({ ...row, [field]: (row[field] as number) + 1 });
  return found ? rows.map((row) => (matches(row) ? bumped(row) : row)) : [...rows, bumped(fresh)];
}

import type { SurveyEvent, SurveyQuestion } from '../../src/surveys/survey.events.js';
import { surveyDecider } from '../../src/surveys/survey.decider.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(surveyDecider);
const surveyId = 'sv-1';

const v1: SurveyQuestion[] = [
  { questionId: 'q-reception', theme: 'reception', text: 'Was the reception staff friendly?' },
  { questionId: 'q-handling', theme: 'handling', text: 'Was your request handled quickly?' },
];
/** Version 2 rewords q-handling and adds a follow-up question. */
const v2: SurveyQuestion[] = [
  v1[0],
  { questionId: 'q-handling', theme: 'handling', text: 'Was your request handled within the promised time?' },
  { questionId: 'q-follow', theme: 'follow_up', text: 'Are you kept informed of new services?' },
];

const launched: SurveyEvent = { type: 'SurveyLaunched', data: { surveyId, year: 2026, agency: 'lyon', invited: 3, questionnaireVersion: 1, questions: v1 } };
const revised: SurveyEvent = { type: 'SurveyQuestionnaireRevised', data: { surveyId, questionnaireVersion: 2, questions: v2 } };
const answered = (responseId: string, questionnaireVersion = 1): SurveyEvent => ({
  type: 'SurveyResponseRecorded',
  data: { surveyId, responseId, questionnaireVersion, answers: [{ questionId: 'q-reception', score: 4 }] },
});
const reminded: SurveyEvent = { type: 'SurveyReminderSent', data: { surveyId, sentAt: '2026-03-10', count: 3 } };
const closed: SurveyEvent = { type: 'SurveyClosed', data: { surveyId, at: '2026-03-31' } };

describe('Survey decider (enquête de satisfaction)', () => {
  describe('launch', () => {
    it('launches a campaign with version 1 of its questionnaire', () =>
      spec.given([]).when({ type: 'LaunchSurvey', surveyId, year: 2026, agency: 'lyon', invited: 3, questions: v1 }).then([launched]));

    it('launches a survey id once', () =>
      spec.given([launched]).when({ type: 'LaunchSurvey', surveyId, year: 2027, agency: 'lyon', invited: 3, questions: v1 }).thenRefusedBy('survey-launched-once'));

    it('records nothing on a survey never launched', () =>
      spec.given([]).when({ type: 'CloseSurvey', surveyId, at: '2026-03-31' }).thenRefusedBy('survey-must-exist'));
  });

  describe('questionnaire versions', () => {
    it('makes a changed questionnaire version 2', () =>
      spec.given([launched, answered('r-1')]).when({ type: 'ReviseSurveyQuestionnaire', surveyId, questions: v2 }).then([revised]));

    it('numbers the next change version 3', () =>
      spec
        .given([launched, revised])
        .when({ type: 'ReviseSurveyQuestionnaire', surveyId, questions: v1 })
        .then([{ type: 'SurveyQuestionnaireRevised', data: { surveyId, questionnaireVersion: 3, questions: v1 } }]));

    it('refuses the same questions, even reordered, as a new version', () =>
      spec.given([launched]).when({ type: 'ReviseSurveyQuestionnaire', surveyId, questions: [v1[1], v1[0]] }).thenRefusedBy('questionnaire-unchanged'));

    it('counts a changed theme as a change', () =>
      spec
        .given([launched])
        .when({ type: 'ReviseSurveyQuestionnaire', surveyId, questions: [v1[0], { ...v1[1], theme: 'follow_up' }] })
        .then([{ type: 'SurveyQuestionnaireRevised', data: { surveyId, questionnaireVersion: 2, questions: [v1[0], { ...v1[1], theme: 'follow_up' }] } }]));

    it('does not revise a closed survey', () =>
      spec.given([launched, closed]).when({ type: 'ReviseSurveyQuestionnaire', surveyId, questions: v2 }).thenRefusedBy('survey-closed'));
  });

  describe('anonymous responses', () => {
    it('ties a response to the current version when it names none', () =>
      spec
        .given([launched, revised])
        .when({ type: 'RecordSurveyResponse', surveyId, responseId: 'r-2', answers: [{ questionId: 'q-follow', score: 5 }], comment: 'Clear letters' })
        .then([
          { type: 'SurveyResponseRecorded', data: { surveyId, responseId: 'r-2', questionnaireVersion: 2, answers: [{ questionId: 'q-follow', score: 5 }], comment: 'Clear letters' } },
        ]));

    it('keeps a late answer to version 1 tied to version 1 after the change', () =>
      spec
        .given([launched, revised])
        .when({ type: 'RecordSurveyResponse', surveyId, responseId: 'r-1', questionnaireVersion: 1, answers: [{ questionId: 'q-reception', score: 4 }] })
        .then([answered('r-1', 1)]));

    it('carries no client id: only the survey, the response id, the version, the scores and the comment', () => {
      const [event] = surveyDecider.decide(
        { type: 'RecordSurveyResponse', surveyId, responseId: 'r-1', answers: [{ questionId: 'q-reception', score: 4 }] },
        [launched].reduce(surveyDecider.evolve, surveyDecider.initialState()),
      );
      expect(Object.keys(event.data).sort()).toEqual(['answers', 'questionnaireVersion', 'responseId', 'surveyId']);
    });

    it('refuses an answer to a question its version does not have', () =>
      spec
        .given([launched, revised])
        .when({ type: 'RecordSurveyResponse', surveyId, responseId: 'r-1', questionnaireVersion: 1, answers: [{ questionId: 'q-follow', score: 5 }] })
        .thenRefusedBy('answer-to-unknown-question'));

    it('refuses a version the questionnaire never had', () =>
      spec
        .given([launched])
        .when({ type: 'RecordSurveyResponse', surveyId, responseId: 'r-1', questionnaireVersion: 2, answers: [{ questionId: 'q-reception', score: 5 }] })
        .thenRefusedBy('questionnaire-version-unknown'));

    it('records a response id once', () =>
      spec
        .given([launched, answered('r-1')])
        .when({ type: 'RecordSurveyResponse', surveyId, responseId: 'r-1', answers: [{ questionId: 'q-reception', score: 2 }] })
        .thenRefusedBy('response-recorded-once'));

    it('takes no more responses than people invited', () =>
      spec
        .given([launched, answered('r-1'), answered('r-2'), answered('r-3')])
        .when({ type: 'RecordSurveyResponse', surveyId, responseId: 'r-4', answers: [{ questionId: 'q-reception', score: 2 }] })
        .thenRefusedBy('responses-within-invited'));

    it('takes no response after the survey closed', () =>
      spec
        .given([launched, closed])
        .when({ type: 'RecordSurveyResponse', surveyId, responseId: 'r-1', answers: [{ questionId: 'q-reception', score: 4 }] })
        .thenRefusedBy('survey-closed'));
  });

  describe('reminders and closing', () => {
    it('sends a reminder (relance) to the invited', () =>
      spec.given([launched]).when({ type: 'SendSurveyReminder', surveyId, sentAt: '2026-03-10', count: 3 }).then([reminded]));

    it('reminds no more people than were invited', () =>
      spec.given([launched]).when({ type: 'SendSurveyReminder', surveyId, sentAt: '2026-03-10', count: 4 }).thenRefusedBy('reminder-within-invited'));

    it('sends no reminder once closed', () =>
      spec.given([launched, closed]).when({ type: 'SendSurveyReminder', surveyId, sentAt: '2026-04-10' }).thenRefusedBy('survey-closed'));

    it('closes an open survey', () => spec.given([launched, reminded]).when({ type: 'CloseSurvey', surveyId, at: '2026-03-31' }).then([closed]));

    it('does not close before the last reminder was sent', () =>
      spec.given([launched, reminded]).when({ type: 'CloseSurvey', surveyId, at: '2026-03-09' }).thenRefusedBy('survey-close-not-before-reminder'));

    it('closes once', () => spec.given([launched, closed]).when({ type: 'CloseSurvey', surveyId, at: '2026-04-01' }).thenRefusedBy('survey-closed'));
  });
});

import type { SurveyAnswer, SurveyLaunched, SurveyQuestion, SurveyReminderSent, SurveyClosed } from './survey.events.js';

export type LaunchSurvey = { type: 'LaunchSurvey' } & Omit<SurveyLaunched['data'], 'questionnaireVersion'>;
export type ReviseSurveyQuestionnaire = { type: 'ReviseSurveyQuestionnaire'; surveyId: string; questions: SurveyQuestion[] };
/** `questionnaireVersion` defaults to the current version. */
export type RecordSurveyResponse = {
  type: 'RecordSurveyResponse';
  surveyId: string;
  responseId: string;
  questionnaireVersion?: number;
  answers: SurveyAnswer[];
  comment?: string;
};
export type SendSurveyReminder = { type: 'SendSurveyReminder' } & SurveyReminderSent['data'];
export type CloseSurvey = { type: 'CloseSurvey' } & SurveyClosed['data'];

export type SurveyCommand = LaunchSurvey | ReviseSurveyQuestionnaire | RecordSurveyResponse | SendSurveyReminder | CloseSurvey;

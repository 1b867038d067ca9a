import type { Decider } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';
import type { SurveyCommand } from './survey.commands.js';
import type { SurveyEvent, SurveyQuestion } from './survey.events.js';

/** A survey campaign (campagne d'enquête de satisfaction): open while it collects responses, then closed. */
export interface SurveyState {
  status: 'none' | 'open' | 'closed';
  invited: number;
  /** The questionnaire's versions: `versions[v - 1]` is version v. */
  versions: SurveyQuestion[][];
  responseIds: string[];
  lastReminderAt?: string;
}

export const initialState = (): SurveyState => ({ status: 'none', invited: 0, versions: [], responseIds: [] });

export function evolve(state: SurveyState, event: SurveyEvent): SurveyState {
  switch (event.type) {
    case 'SurveyLaunched':
      return { ...state, status: 'open', invited: event.data.invited, versions: [event.data.questions] };
    case 'SurveyQuestionnaireRevised':
      return { ...state, versions: [...state.versions, event.data.questions] };
    case 'SurveyResponseRecorded':
      return { ...state, responseIds: [...state.responseIds, event.data.responseId] };
    case 'SurveyReminderSent':
      return { ...state, lastReminderAt: event.data.sentAt };
    case 'SurveyClosed':
      return { ...state, status: 'closed' };
  }
}

export function decide(command: SurveyCommand, state: SurveyState): SurveyEvent[] {
  if (command.type === 'LaunchSurvey') {
    ensure(state.status === 'none', 'survey-launched-once', 'A survey with this id was already launched');
    const { type: _type, ...launch } = command;
    return [{ type: 'SurveyLaunched', data: { ...launch, questionnaireVersion: 1 } }];
  }
  ensure(state.status !== 'none', 'survey-must-exist', 'No survey was launched under this id');
  ensure(state.status === 'open', 'survey-closed', 'The survey is closed: it records nothing more');
  switch (command.type) {
    case 'ReviseSurveyQuestionnaire': {
      const current = state.versions[state.versions.length - 1];
      ensure(!sameQuestionnaire(current, command.questions), 'questionnaire-unchanged', `The questions are those of version ${state.versions.length}`);
      return [{ type: 'SurveyQuestionnaireRevised', data: { surveyId: command.surveyId, questionnaireVersion: state.versions.length + 1, questions: command.questions } }];
    }
    case 'RecordSurveyResponse': {
      ensure(!state.responseIds.includes(command.responseId), 'response-recorded-once', `Response ${command.responseId} is already recorded`);
      const version = command.questionnaireVersion ?? state.versions.length;
      const questions = state.versions[version - 1];
      ensure(questions !== undefined, 'questionnaire-version-unknown', `The questionnaire has versions 1 to ${state.versions.length}, not ${version}`);
      const unknown = command.answers.filter((a) => !questions.some((q) => q.questionId === a.questionId)).map((a) => a.questionId);
      ensure(unknown.length === 0, 'answer-to-unknown-question', `Version ${version} of the questionnaire has no question ${unknown.join(', ')}`);
      ensure(
        state.responseIds.length < state.invited,
        'responses-within-invited',
        `${state.invited} people were invited and ${state.responseIds.length} responses are recorded: one response per invitation`,
      );
      const { type: _type, ...response } = command;
      return [{ type: 'SurveyResponseRecorded', data: { ...response, questionnaireVersion: version } }];
    }
    case 'SendSurveyReminder': {
      ensure((command.count ?? 0) <= state.invited, 'reminder-within-invited', `Only ${state.invited} people were invited`);
      const { type: _type, ...reminder } = command;
      return [{ type: 'SurveyReminderSent', data: reminder }];
    }
    case 'CloseSurvey':
      ensure(
        !state.lastReminderAt || command.at.slice(0, 10) >= state.lastReminderAt.slice(0, 10),
        'survey-close-not-before-reminder',
        `A reminder was sent on ${state.lastReminderAt}`,
      );
      return [{ type: 'SurveyClosed', data: { surveyId: command.surveyId, at: command.at } }];
  }
}

/** The same questions (id, theme and wording), whatever their order: not a new version. */
function sameQuestionnaire(current: SurveyQuestion[], next: SurveyQuestion[]): boolean {
  const key = (q: SurveyQuestion) => JSON.stringify([q.questionId, q.theme, q.text]);
  const before = new Set(current.map(key));
  return current.length === next.length && next.every((q) => before.has(key(q)));
}

export const surveyDecider: Decider<SurveyCommand, SurveyEvent, SurveyState> = { decide, evolve, initialState };

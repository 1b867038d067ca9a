import type { DomainEvent } from '../shared/decider.js';

/**
 * Themes of a satisfaction survey (enquête de satisfaction). The four phases of the client journey
 * (seed 004: orientation, accueil multi-canal, traitement, suivi), then what EDUFORM §3.2.4 asks a
 * training organisation to measure (atteinte des objectifs, méthodes, supports, logistique).
 */
export const SURVEY_THEMES = ['orientation', 'reception', 'handling', 'follow_up', 'objectives', 'methods', 'materials', 'logistics', 'other'] as const;
export type SurveyTheme = (typeof SURVEY_THEMES)[number];

/** One question of a questionnaire version; `questionId` names it across versions. */
export interface SurveyQuestion {
  questionId: string;
  theme: SurveyTheme;
  text: string;
}

/** Scores go from 1 (very dissatisfied) to 5 (very satisfied); 4 and 5 count as satisfied. */
export interface SurveyAnswer {
  questionId: string;
  score: number;
}

/** A survey campaign of one agency for one year, with its first questionnaire (version 1). */
export type SurveyLaunched = DomainEvent<
  'SurveyLaunched',
  { surveyId: string; year: number; agency: string; invited: number; questionnaireVersion: number; questions: SurveyQuestion[] }
>;
/** A changed questionnaire is a new version: answers already recorded keep the version they answered. */
export type SurveyQuestionnaireRevised = DomainEvent<'SurveyQuestionnaireRevised', { surveyId: string; questionnaireVersion: number; questions: SurveyQuestion[] }>;
/**
 * One anonymous response (réponse): no client id in its data nor in its metadata. The comment is
 * free text and must not name a person.
 */
export type SurveyResponseRecorded = DomainEvent<
  'SurveyResponseRecorded',
  { surveyId: string; responseId: string; questionnaireVersion: number; answers: SurveyAnswer[]; comment?: string }
>;
/** A reminder (relance) sent to `count` invited people (all of them when not given). */
export type SurveyReminderSent = DomainEvent<'SurveyReminderSent', { surveyId: string; sentAt: string; count?: number }>;
export type SurveyClosed = DomainEvent<'SurveyClosed', { surveyId: string; at: string }>;

export type SurveyEvent = SurveyLaunched | SurveyQuestionnaireRevised | SurveyResponseRecorded | SurveyReminderSent | SurveyClosed;

export const SURVEY_EVENT_TYPES: readonly SurveyEvent['type'][] = [
  'SurveyLaunched',
  'SurveyQuestionnaireRevised',
  'SurveyResponseRecorded',
  'SurveyReminderSent',
  'SurveyClosed',
];

import { z } from 'zod';
import { commandId, dateOrInstant, id, pagination, text } from '../http/schemas.js';
import { SURVEY_THEMES } from './survey.events.js';

const year = z.number().int().min(2000).max(2100);
const theme = z.enum(SURVEY_THEMES);

/** A list whose items name a question at most once: a duplicate is refused at its own path. */
const questionIdsOnce = <T extends { questionId: string }>(items: T[], ctx: z.RefinementCtx) =>
  items.forEach((item, index) => {
    if (items.findIndex((other) => other.questionId === item.questionId) < index) {
      ctx.addIssue({ code: 'custom', path: [index, 'questionId'], message: `question ${item.questionId} appears more than once` });
    }
  });

const questions = z
  .array(z.object({ questionId: id, theme, text: text(500) }).strict())
  .min(1, 'at least one question')
  .max(100)
  .superRefine(questionIdsOnce);

export const launchSurveyBody = z
  .object({ ...commandId, surveyId: id.optional(), year, agency: text(100), invited: z.number().int().min(1).max(10_000_000), questions })
  .strict();

export const reviseSurveyQuestionnaireBody = z.object({ ...commandId, questions }).strict();

const score = z.number().int('must be a whole score from 1 to 5').min(1, 'must be a score from 1 to 5').max(5, 'must be a score from 1 to 5');
export const recordSurveyResponseBody = z
  .object({
    ...commandId,
    responseId: id.optional(),
    /** The questionnaire version answered; the current one when not given. */
    questionnaireVersion: z.number().int().min(1).optional(),
    answers: z
      .array(z.object({ questionId: id, score }).strict())
      .min(1, 'at least one answer')
      .max(100)
      .superRefine(questionIdsOnce),
    comment: text(2000).optional(),
  })
  .strict();

export const sendSurveyReminderBody = z.object({ ...commandId, sentAt: dateOrInstant, count: z.number().int().min(1).optional() }).strict();
export const closeSurveyBody = z.object({ ...commandId, at: dateOrInstant }).strict();

export const listSurveysQuery = z
  .object({ year: z.coerce.number().pipe(year).optional(), agency: text(100).optional(), status: z.enum(['open', 'closed']).optional(), ...pagination })
  .strict();
export type ListSurveysQuery = z.infer<typeof listSurveysQuery>;

export const surveyBenchmarkQuery = z
  .object({ year: z.coerce.number().pipe(year).optional(), theme: theme.optional(), agency: text(100).optional(), minPosition: pagination.minPosition })
  .strict();
export type SurveyBenchmarkQuery = z.infer<typeof surveyBenchmarkQuery>;

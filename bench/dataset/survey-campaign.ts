import type { SurveyQuestion, SurveyTheme } from '../../src/surveys/survey.events.js';
import { newAggregateId } from '../../src/shared/ids.js';
import type { Agenda } from './agenda.js';
import { DAY, instantOf, officeHours, sometimeBetween } from './calendar.js';
import { openAction } from './improvement-actions.js';
import type { Random } from './random.js';
import { SURVEY_COMMENTS } from './vocabulary.js';
import { ACTORS, type World } from './world.js';

/** The questionnaire: the four phases of the client journey (seed 004), two questions each. */
const QUESTIONNAIRE: SurveyQuestion[] = [
  { questionId: 'q1', theme: 'orientation', text: 'Avez-vous été bien orienté vers la prestation adaptée ?' },
  { questionId: 'q2', theme: 'orientation', text: 'Le devis était-il clair ?' },
  { questionId: 'q3', theme: 'reception', text: 'L’agence est-elle facile à joindre ?' },
  { questionId: 'q4', theme: 'reception', text: 'Êtes-vous bien accueilli au téléphone ?' },
  { questionId: 'q5', theme: 'handling', text: 'Les intervenants sont-ils ponctuels ?' },
  { questionId: 'q6', theme: 'handling', text: 'Êtes-vous satisfait de la qualité des prestations ?' },
  { questionId: 'q7', theme: 'follow_up', text: 'Êtes-vous informé des changements de planning ?' },
  { questionId: 'q8', theme: 'follow_up', text: 'Vos remarques sont-elles prises en compte ?' },
];
/** The revised version some campaigns switch to after their first week: one more follow-up question. */
const REVISED: SurveyQuestion[] = [...QUESTIONNAIRE, { questionId: 'q9', theme: 'follow_up', text: 'Recommanderiez-vous notre service ?' }];

/**
 * An agency's yearly satisfaction survey (campagne d'enquête): launched to the clients it serves,
 * anonymous responses over six weeks (a response rate from under 20 % to 45 %, so some results
 * are flagged), sometimes a revised questionnaire, a reminder after three weeks, closed after
 * eight; then, one campaign in three, an action on its weakest theme.
 */
export async function launchSurvey(w: World, r: Random, agenda: Agenda, agency: string, year: number): Promise<void> {
  const invited = w.activeClients(agency);
  if (invited === 0) return;
  const launched = w.sim.now;
  const ctx = w.context(r, ACTORS.qualityTool, w.serverTime);
  const surveyId = newAggregateId(undefined, ctx.commandId, 'survey');
  await w.handlers.survey({ type: 'LaunchSurvey', year, agency, invited, questions: QUESTIONNAIRE, surveyId }, ctx);
  /** The agency's own standing: some do better than others, which the benchmark across agencies shows. */
  const standing = r.between(-0.6, 0.6);
  const scores: Record<string, number[]> = {};
  let questions = QUESTIONNAIRE;
  const revised = r.chance(0.12);
  if (revised) {
    agenda.at(officeHours(r, launched + 7 * DAY), async () => {
      await w.handlers.survey({ type: 'ReviseSurveyQuestionnaire', surveyId, questions: REVISED }, w.context(r, ACTORS.qualityTool, w.serverTime));
      questions = REVISED;
    });
  }
  const responses = Math.min(invited, Math.round(invited * r.between(0.15, 0.45)));
  let recorded = 0;
  for (let i = 0; i < responses; i += 1) {
    agenda.at(sometimeBetween(r, launched + DAY, launched + 42 * DAY), async () => {
      const answers = questions.map(({ questionId }) => ({ questionId, score: score(r, standing) }));
      for (const a of answers) (scores[THEMES.get(a.questionId)!] ??= []).push(a.score);
      const ctx = w.context(r, ACTORS.web, w.serverTime);
      const comment = r.chance(0.1) ? { comment: r.pick(SURVEY_COMMENTS) } : {};
      await w.handlers.survey({ type: 'RecordSurveyResponse', surveyId, answers, ...comment, responseId: newAggregateId(undefined, ctx.commandId, 'survey-response') }, ctx);
      recorded += 1;
    });
  }
  agenda.at(officeHours(r, launched + 21 * DAY), async () => {
    const sentAt = instantOf(w.sim.now);
    if (recorded < invited) await w.handlers.survey({ type: 'SendSurveyReminder', surveyId, sentAt, count: invited - recorded }, w.context(r, ACTORS.qualityTool, sentAt));
  });
  agenda.at(officeHours(r, launched + 56 * DAY), async () => {
    const at = instantOf(w.sim.now);
    await w.handlers.survey({ type: 'CloseSurvey', surveyId, at }, w.context(r, ACTORS.qualityTool, at));
    if (recorded > 0 && r.chance(0.35)) await openAction(w, r, agenda, { type: 'survey', id: surveyId, theme: weakest(scores) }, agency);
  });
}

const THEMES = new Map(REVISED.map((q) => [q.questionId, q.theme]));

/** A score from 1 to 5, mostly satisfied, shifted by the agency's standing. */
const score = (r: Random, standing: number) => Math.max(1, Math.min(5, Math.round(3.9 + standing + r.between(-1.6, 1.6))));

function weakest(scores: Record<string, number[]>): SurveyTheme {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return Object.entries(scores).sort(([, a], [, b]) => mean(a) - mean(b))[0][0] as SurveyTheme;
}

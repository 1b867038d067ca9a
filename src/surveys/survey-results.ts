import type { SurveyDocument } from './survey.projector.js';
import { SURVEY_THEMES, type SurveyQuestion, type SurveyTheme } from './survey.events.js';

/**
 * Survey results (résultats d'enquête) and the benchmark (analyse comparative), as pure functions
 * of the `surveys` documents. Seed 004: results built on fewer than 30 responses, or under a 30 %
 * response rate (taux de réponse), are not representative and say why.
 */
export const MIN_RESPONSES = 30;
/** 30 %, as a whole percentage so the comparison is exact in integers (no 0.3 × n rounding). */
export const MIN_RESPONSE_PERCENT = 30;

export type WarningCode = 'fewer-than-30-responses' | 'response-rate-below-30-percent';
export interface Warning {
  code: WarningCode;
  message: string;
}
export interface Representativeness {
  representative: boolean;
  warnings: Warning[];
}

/** Average, count, distribution and share satisfied (scores 4–5) of a set of scores. */
export interface ScoreSummary {
  count: number;
  /** Mean score, 2 decimals; null without answers. */
  average: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Share of scores 4 or 5, 4 decimals (0.6667); null without answers. */
  satisfiedShare: number | null;
}

/** An improvement action whose origin is this survey (the `actions` read model of the complaints module). */
export interface SurveyAction {
  actionId: string;
  kind?: string;
  description?: string;
  owner?: string;
  dueDate?: string;
  openedAt?: string;
  status?: string;
  completedAt?: string;
  effective?: boolean;
  /** The survey theme named in the action's origin; null when it names none. */
  theme: string | null;
}

export interface ThemeResult extends ScoreSummary, Representativeness {
  theme: SurveyTheme;
  /** Responses that answered at least one question of the theme. */
  respondents: number;
  actionIds: string[];
}

/** One wording of a question: versions that asked it the same way share one entry. */
export interface QuestionResult extends ScoreSummary {
  questionId: string;
  theme: SurveyTheme;
  text: string;
  questionnaireVersions: number[];
  representative: boolean;
}

export interface SurveyResults extends Representativeness {
  surveyId: string;
  year: number;
  agency: string;
  status: SurveyDocument['status'];
  closedAt?: string;
  invited: number;
  responses: number;
  /** responses / invited, 4 decimals. */
  responseRate: number;
  currentVersion: number;
  responsesByVersion: SurveyDocument['responsesByVersion'];
  byTheme: ThemeResult[];
  byQuestion: QuestionResult[];
  comments: SurveyDocument['comments'];
  actions: SurveyAction[];
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** Taux de réponse: responses over invited, 4 decimals (0.3125). */
export const responseRate = (responses: number, invited: number) => round(responses / invited, 4);

export function summarise(counts: readonly number[]): ScoreSummary {
  const count = counts.reduce((a, b) => a + b, 0);
  const total = counts.reduce((sum, n, i) => sum + n * (i + 1), 0);
  return {
    count,
    average: count ? round(total / count, 2) : null,
    distribution: { '1': counts[0], '2': counts[1], '3': counts[2], '4': counts[3], '5': counts[4] },
    satisfiedShare: count ? round((counts[3] + counts[4]) / count, 4) : null,
  };
}

/** Flags results on fewer than 30 responses or under 30 % of the invited, one warning per reason (on the exact rate). */
export function representativeness(responses: number, invited: number): Representativeness {
  const warnings: Warning[] = [];
  if (responses < MIN_RESPONSES) {
    warnings.push({ code: 'fewer-than-30-responses', message: `${responses} responses: results on fewer than ${MIN_RESPONSES} are not representative` });
  }
  if (responses * 100 < MIN_RESPONSE_PERCENT * invited) {
    const percent = round((100 * responses) / invited, 2);
    warnings.push({ code: 'response-rate-below-30-percent', message: `${percent} % of the ${invited} invited answered: under ${MIN_RESPONSE_PERCENT} % results are not representative` });
  }
  return { representative: warnings.length === 0, warnings };
}

const addCounts = (a: readonly number[], b: readonly number[]) => a.map((n, i) => n + b[i]);
const NO_SCORES = [0, 0, 0, 0, 0];

/** Every question the survey ever asked, in version order, with the version of each. */
function askedQuestions(doc: SurveyDocument): (SurveyQuestion & { questionnaireVersion: number })[] {
  return doc.questionnaires.flatMap((q) => q.questions.map((question) => ({ ...question, questionnaireVersion: q.questionnaireVersion })));
}

function tallyOf(doc: SurveyDocument, questionnaireVersion: number, questionId: string): readonly number[] {
  return doc.tallies.find((t) => t.questionnaireVersion === questionnaireVersion && t.questionId === questionId)?.counts ?? NO_SCORES;
}

/** Per theme, over every version: each answer counts once, with the theme of the version it answered. */
function themeSummaries(doc: SurveyDocument): (ScoreSummary & Representativeness & { theme: SurveyTheme; respondents: number })[] {
  const asked = askedQuestions(doc);
  return SURVEY_THEMES.filter((theme) => asked.some((q) => q.theme === theme)).map((theme) => {
    const counts = asked.filter((q) => q.theme === theme).reduce((sum, q) => addCounts(sum, tallyOf(doc, q.questionnaireVersion, q.questionId)), NO_SCORES);
    const respondents = doc.themeRespondents.find((t) => t.theme === theme)?.respondents ?? 0;
    return { theme, respondents, ...summarise(counts), ...representativeness(respondents, doc.invited) };
  });
}

/** Per question wording: a question whose theme or text changed in a later version is a separate entry. */
function questionSummaries(doc: SurveyDocument): QuestionResult[] {
  const byWording = new Map<string, { question: SurveyQuestion; versions: number[]; counts: readonly number[] }>();
  for (const { questionnaireVersion, ...question } of askedQuestions(doc)) {
    const key = JSON.stringify([question.questionId, question.theme, question.text]);
    const entry = byWording.get(key) ?? { question, versions: [], counts: NO_SCORES };
    entry.versions.push(questionnaireVersion);
    entry.counts = addCounts(entry.counts, tallyOf(doc, questionnaireVersion, question.questionId));
    byWording.set(key, entry);
  }
  return [...byWording.values()].map(({ question, versions, counts }) => {
    const summary = summarise(counts);
    return { ...question, questionnaireVersions: versions, ...summary, representative: representativeness(summary.count, doc.invited).representative };
  });
}

export function surveyResults(doc: SurveyDocument, actions: SurveyAction[] = []): SurveyResults {
  return {
    surveyId: doc.surveyId,
    year: doc.year,
    agency: doc.agency,
    status: doc.status,
    ...(doc.closedAt ? { closedAt: doc.closedAt } : {}),
    invited: doc.invited,
    responses: doc.responses,
    responseRate: responseRate(doc.responses, doc.invited),
    ...representativeness(doc.responses, doc.invited),
    currentVersion: doc.currentVersion,
    responsesByVersion: doc.responsesByVersion,
    byTheme: themeSummaries(doc).map((t) => ({ ...t, actionIds: actions.filter((a) => a.theme === t.theme).map((a) => a.actionId) })),
    byQuestion: questionSummaries(doc),
    comments: doc.comments,
    actions,
  };
}

/** One survey's figures for one theme, as the benchmark lines them up. */
export interface BenchmarkEntry extends ScoreSummary, Representativeness {
  surveyId: string;
  agency: string;
  year: number;
  status: SurveyDocument['status'];
  invited: number;
  responses: number;
  responseRate: number;
  /** Responses that answered the theme: what its representativeness rests on. */
  respondents: number;
}

export interface Benchmark {
  /** The year of the side-by-side comparison: the one asked, else the latest with a survey. */
  year: number | null;
  theme: SurveyTheme | null;
  agency: string | null;
  /** Agencies side by side, per theme, for `year`. */
  byTheme: { theme: SurveyTheme; surveys: BenchmarkEntry[] }[];
  /** Each agency across the years, per theme. */
  byAgency: { agency: string; themes: { theme: SurveyTheme; years: BenchmarkEntry[] }[] }[];
}

export function surveyBenchmark(docs: SurveyDocument[], query: { year?: number; theme?: SurveyTheme; agency?: string } = {}): Benchmark {
  const surveys = docs.filter((d) => !query.agency || d.agency === query.agency);
  const entries = surveys
    .flatMap((doc) =>
      themeSummaries(doc)
        .filter((t) => !query.theme || t.theme === query.theme)
        .map(({ theme, ...figures }) => ({
          theme,
          entry: {
            surveyId: doc.surveyId,
            agency: doc.agency,
            year: doc.year,
            status: doc.status,
            invited: doc.invited,
            responses: doc.responses,
            responseRate: responseRate(doc.responses, doc.invited),
            ...figures,
          },
        })),
    )
    .sort((a, b) => a.entry.agency.localeCompare(b.entry.agency) || a.entry.year - b.entry.year || a.entry.surveyId.localeCompare(b.entry.surveyId));
  const year = query.year ?? (surveys.length ? Math.max(...surveys.map((d) => d.year)) : null);
  const themes = SURVEY_THEMES.filter((theme) => entries.some((e) => e.theme === theme));
  const agencies = [...new Set(entries.map((e) => e.entry.agency))];
  return {
    year,
    theme: query.theme ?? null,
    agency: query.agency ?? null,
    byTheme: themes
      .map((theme) => ({ theme, surveys: entries.filter((e) => e.theme === theme && e.entry.year === year).map((e) => e.entry) }))
      .filter((t) => t.surveys.length > 0),
    byAgency: agencies.map((agency) => ({
      agency,
      themes: themes
        .map((theme) => ({ theme, years: entries.filter((e) => e.theme === theme && e.entry.agency === agency).map((e) => e.entry) }))
        .filter((t) => t.years.length > 0),
    })),
  };
}

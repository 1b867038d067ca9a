import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { findPage } from '../read-store/page.js';
import { publicView } from '../read-store/public-view.js';
import { READ_STORE, type Doc, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { responseRate, surveyBenchmark, surveyResults, type SurveyAction } from './survey-results.js';
import { surveyProjector, type SurveyDocument } from './survey.projector.js';
import type { ListSurveysQuery, SurveyBenchmarkQuery } from './survey.schemas.js';

export class ListSurveys {
  constructor(readonly query: ListSurveysQuery) {}
}
export class GetSurvey {
  constructor(readonly surveyId: string) {}
}
export class GetSurveyResults {
  constructor(readonly surveyId: string) {}
}
export class GetSurveyBenchmark {
  constructor(readonly query: SurveyBenchmarkQuery) {}
}

const { collection } = surveyProjector;
/** Written by the complaints module: improvement actions, some with a survey as their origin. */
export const ACTIONS_COLLECTION = 'actions';

/** A survey as `GET /surveys` shows it: the campaign and its questionnaire, without the tallies behind the results. */
function surveyView(doc: SurveyDocument) {
  const { tallies: _t, themeRespondents: _r, comments: _c, ...survey } = publicView(doc);
  return { ...survey, responseRate: responseRate(survey.responses, survey.invited) };
}

async function surveyDocument(reads: ReadStore, surveyId: string): Promise<SurveyDocument> {
  const doc = await reads.get(collection, surveyId);
  if (!doc) throw new AggregateNotFound('survey', surveyId);
  return doc as unknown as SurveyDocument;
}

@QueryHandler(ListSurveys)
export class ListSurveysHandler implements IQueryHandler<ListSurveys> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query }: ListSurveys) {
    const filter: Filter = {};
    if (query.year) filter.year = query.year;
    if (query.agency) filter.agency = query.agency;
    if (query.status) filter.status = query.status;
    const page = await findPage(this.reads, collection, filter, { sort: { year: -1, agency: 1, _id: 1 }, skip: query.skip, limit: query.limit });
    return { ...page, items: page.items.map((item) => surveyView(item as unknown as SurveyDocument)) };
  }
}

@QueryHandler(GetSurvey)
export class GetSurveyHandler implements IQueryHandler<GetSurvey> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ surveyId }: GetSurvey) {
    return surveyView(await surveyDocument(this.reads, surveyId));
  }
}

/** The results, with the improvement actions whose origin is the survey (tagged by theme). */
@QueryHandler(GetSurveyResults)
export class GetSurveyResultsHandler implements IQueryHandler<GetSurveyResults> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ surveyId }: GetSurveyResults) {
    const doc = await surveyDocument(this.reads, surveyId);
    const actions = await this.reads.find(ACTIONS_COLLECTION, { 'origin.type': 'survey', 'origin.id': surveyId }, { sort: { dueDate: 1, _id: 1 } });
    return surveyResults(doc, actions.map(surveyAction));
  }
}

@QueryHandler(GetSurveyBenchmark)
export class GetSurveyBenchmarkHandler implements IQueryHandler<GetSurveyBenchmark> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query }: GetSurveyBenchmark) {
    const docs = await this.reads.find(collection, query.agency ? { agency: query.agency } : {}, { sort: { year: 1, agency: 1, _id: 1 } });
    return surveyBenchmark(docs as unknown as SurveyDocument[], { year: query.year, theme: query.theme, agency: query.agency });
  }
}

/** The fields of an `actions` document that the results show. */
function surveyAction(doc: Doc): SurveyAction {
  const a = doc as Doc & Partial<SurveyAction> & { origin?: { theme?: string } };
  const { kind, description, owner, dueDate, openedAt, status, completedAt, effective } = a;
  return { actionId: a.actionId ?? doc._id, kind, description, owner, dueDate, openedAt, status, completedAt, effective, theme: a.origin?.theme ?? null };
}

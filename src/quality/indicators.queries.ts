import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { INDICATOR_KEYS, INDICATORS, type IndicatorKey } from './indicator-catalogue.js';
import { indicatorFactsProjector } from './indicator-facts.projector.js';
import { type IndicatorTotals, indicatorsFromTotals, objectivesWithDefaults, seriesFromTotals, totalsKeyOf } from './indicator-rules.js';
import { type QualityObjectiveDocument, objectivesProjector } from './objectives.projector.js';

export class GetIndicators {
  constructor(readonly year: number, readonly agency?: string) {}
}
export class GetIndicatorSeries {
  constructor(readonly key: IndicatorKey, readonly agency?: string) {}
}
export class ListQualityObjectives {
  constructor(readonly year: number) {}
}

const withAgency = (agency?: string) => (agency === undefined ? {} : { agency });

/**
 * The totals of an agency's facts and of the organisation-wide ones (the rules scope them), or of
 * every agency for the organisation: a few documents, whatever the number of clients.
 */
async function totalsOf(reads: ReadStore, agency?: string): Promise<IndicatorTotals[]> {
  const filter: Filter = agency === undefined ? {} : { _id: { $in: [totalsKeyOf(agency), totalsKeyOf(null)] } };
  return (await reads.find(indicatorFactsProjector.totals!.collection, filter)) as unknown as IndicatorTotals[];
}

async function objectivesWhere(reads: ReadStore, filter: Filter): Promise<QualityObjectiveDocument[]> {
  return (await reads.find(objectivesProjector.collection, filter)) as unknown as QualityObjectiveDocument[];
}

@QueryHandler(GetIndicators)
export class GetIndicatorsHandler implements IQueryHandler<GetIndicators> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ year, agency }: GetIndicators) {
    const [totals, objectives] = await Promise.all([totalsOf(this.reads, agency), objectivesWhere(this.reads, { year })]);
    return { year, ...withAgency(agency), indicators: indicatorsFromTotals(totals, { year, agency }, objectivesWithDefaults(objectives)) };
  }
}

@QueryHandler(GetIndicatorSeries)
export class GetIndicatorSeriesHandler implements IQueryHandler<GetIndicatorSeries> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ key, agency }: GetIndicatorSeries) {
    const [totals, objectives] = await Promise.all([totalsOf(this.reads, agency), objectivesWhere(this.reads, { indicator: key })]);
    return { key, ...withAgency(agency), points: seriesFromTotals(totals, key, agency, objectivesWithDefaults(objectives)) };
  }
}

/** The year's eight objectives: the one set for each indicator, else the catalogue's default. */
@QueryHandler(ListQualityObjectives)
export class ListQualityObjectivesHandler implements IQueryHandler<ListQualityObjectives> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ year }: ListQualityObjectives) {
    const set = new Map((await objectivesWhere(this.reads, { year })).map((o) => [o.indicator, o]));
    const objectives = INDICATOR_KEYS.map((key) => {
      const objective = set.get(key);
      const { target, owner, actions } = objective ?? INDICATORS[key];
      const source = objective ? { source: 'set', setAt: objective.setAt, setBy: objective.setBy } : { source: 'default' };
      return { indicator: key, label: INDICATORS[key].label, year, target, owner, dueBy: objective?.dueBy ?? null, actions, ...source };
    });
    return { year, objectives };
  }
}

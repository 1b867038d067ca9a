import type { Decider, DomainEvent } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';
import type { IndicatorKey } from './indicator-catalogue.js';

/**
 * A quality objective of one year (objectif qualité): the indicator's target, its owner, when it
 * is due and the actions planned. One aggregate per (year, indicator); each setting replaces the
 * previous one, for the whole organisation and every agency.
 */
export interface QualityObjective {
  year: number;
  indicator: IndicatorKey;
  target: number;
  owner: string;
  dueBy?: string;
  actions: string[];
}

export type SetQualityObjective = { type: 'SetQualityObjective' } & QualityObjective;
export type QualityObjectiveSet = DomainEvent<'QualityObjectiveSet', QualityObjective>;

export const objectiveId = ({ year, indicator }: { year: number; indicator: IndicatorKey }) => `${year}-${indicator}`;
export const objectiveStream = (objective: { year: number; indicator: IndicatorKey }) => `objective-${objectiveId(objective)}`;

const sameObjective = (a: QualityObjective, b: QualityObjective) =>
  a.target === b.target && a.owner === b.owner && a.dueBy === b.dueBy && a.actions.length === b.actions.length && a.actions.every((action, i) => action === b.actions[i]);

export const objectiveDecider: Decider<SetQualityObjective, QualityObjectiveSet, { objective?: QualityObjective }> = {
  initialState: () => ({}),
  evolve: (_state, event) => ({ objective: event.data }),
  decide: ({ type: _type, ...objective }, state) => {
    ensure(!state.objective || !sameObjective(state.objective, objective), 'objective-unchanged', `This objective is already set for ${objective.year}`);
    return [{ type: 'QualityObjectiveSet', data: objective }];
  },
};

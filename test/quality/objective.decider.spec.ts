import { objectiveDecider, objectiveStream, type QualityObjective, type QualityObjectiveSet } from '../../src/quality/objective.decider.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(objectiveDecider);
const objective: QualityObjective = { year: 2026, indicator: 'training_payroll_share', target: 2, owner: 'RQ', dueBy: '2026-12-31', actions: ['Budget the training plan at 2 %'] };
const set: QualityObjectiveSet = { type: 'QualityObjectiveSet', data: objective };

describe('Quality objective decider', () => {
  it('sets an objective', () => spec.given([]).when({ type: 'SetQualityObjective', ...objective }).then([set]));

  it('replaces it with a new target, owner, due date or actions', () => {
    for (const change of [{ target: 2.5 }, { owner: 'Direction' }, { dueBy: undefined }, { actions: [] }, { actions: ['Budget the training plan at 2 %', 'Count the requests'] }]) {
      spec.given([set]).when({ type: 'SetQualityObjective', ...objective, ...change }).then([{ type: 'QualityObjectiveSet', data: { ...objective, ...change } }]);
    }
  });

  it('refuses a setting that changes nothing', () => spec.given([set]).when({ type: 'SetQualityObjective', ...objective }).thenRefusedBy('objective-unchanged'));

  it('keeps one stream per year and indicator', () => expect(objectiveStream(objective)).toBe('objective-2026-training_payroll_share'));
});

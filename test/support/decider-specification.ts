import type { Decider, DomainEvent } from '../../src/shared/decider.js';
import { BusinessRuleViolation } from '../../src/shared/domain-errors.js';

/** Given these events, when this command, then these events (or this rule refuses it). */
export function specification<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given: (events: E[]) => ({
      when: (command: C) => {
        const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          then: (expected: E[]) => expect(run()).toEqual(expected),
          thenRefusedBy: (rule: string) => {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(BusinessRuleViolation);
            expect((error as BusinessRuleViolation).rule).toBe(rule);
          },
        };
      },
    }),
  };
}

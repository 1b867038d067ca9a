/** A business rule refused the command (HTTP 409); `rule` is a stable kebab-case name. */
export class BusinessRuleViolation extends Error {
  constructor(readonly rule: string, message: string) {
    super(message);
    this.name = 'BusinessRuleViolation';
  }
}

/** The command names an aggregate that was never recorded (HTTP 404). */
export class AggregateNotFound extends Error {
  constructor(readonly aggregate: string, readonly id: string) {
    super(`Unknown ${aggregate} ${id}`);
    this.name = 'AggregateNotFound';
  }
}

/** `If-Match` named a revision the stream has moved past (HTTP 412). */
export class StaleRevision extends Error {
  constructor(readonly expected: number, readonly actual: number) {
    super(`Expected revision ${expected}, the stream is at ${actual}`);
    this.name = 'StaleRevision';
  }
}

/** Shorthand for a decider: refuse unless the rule holds. */
export function ensure(condition: boolean, rule: string, message: string): asserts condition {
  if (!condition) throw new BusinessRuleViolation(rule, message);
}

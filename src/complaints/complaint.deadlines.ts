import { dayOf } from '../http/schemas.js';
import { addDays, addWorkingDays, daysBetween } from '../shared/dates.js';

/** How fast complaints must be handled: configuration (QUALIREC_COMPLAINT_ACK_WORKING_DAYS, QUALIREC_COMPLAINT_ANSWER_DAYS). */
export interface DeadlinePolicy {
  /** Acknowledgement within this many working days (Monday to Friday) of receipt. Default 2. */
  acknowledgeWorkingDays: number;
  /** Answer within this many calendar days of receipt, or of a reopening. Default 15. */
  answerDays: number;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { acknowledgeWorkingDays: 2, answerDays: 15 };

export const acknowledgementDue = (receivedAt: string, policy: DeadlinePolicy): string =>
  addWorkingDays(dayOf(receivedAt), policy.acknowledgeWorkingDays);

export const answerDue = (from: string, policy: DeadlinePolicy): string => addDays(dayOf(from), policy.answerDays);

/** One clock of a complaint: due by, done on (if done), days it took, and whether the deadline was met (absent while pending). */
export interface Clock {
  dueBy: string;
  doneOn?: string;
  days?: number;
  met?: boolean;
}

/** The clock from `start` to `done`, against `dueBy`: met when done on or before the due date. */
export function clock(start: string, dueBy: string, done?: string): Clock {
  if (!done) return { dueBy };
  const doneOn = dayOf(done);
  return { dueBy, doneOn, days: daysBetween(dayOf(start), doneOn), met: doneOn <= dueBy };
}

/** Whether a pending clock is late on `today`: the due date has passed and nothing was done. */
export const isOverdue = (c: Clock, today: string): boolean => c.doneOn === undefined && today > c.dueBy;

import { z } from 'zod';
import { commandId, id, isoDate, text } from '../http/schemas.js';
import { TRAINING_REQUEST_ORIGINS } from './staff-member.decider.js';

export const registerStaffMemberBody = z
  .object({ ...commandId, staffId: id.optional(), fullName: text(200), role: text(100), agency: text(100), qualified: z.boolean(), hiredAt: isoDate })
  .strict();

export const recordLeaveBody = z
  .object({ ...commandId, leaveId: id.optional(), from: isoDate, until: isoDate, kind: text(100) })
  .strict()
  .refine((b) => b.until >= b.from, { message: 'must not be before from', path: ['until'] });

/** Euros, to the cent. */
const euros = z.number().max(1_000_000_000).multipleOf(0.01, 'at most 2 decimals (cents)');

export const requestTrainingBody = z
  .object({ ...commandId, requestId: id.optional(), topic: text(300), requestedAt: isoDate, origin: z.enum(TRAINING_REQUEST_ORIGINS) })
  .strict();

export const recordTrainingBody = z
  .object({
    ...commandId,
    trainingId: id.optional(),
    title: text(300),
    date: isoDate,
    hours: z.number().positive().max(10_000),
    /** An internal training may cost nothing; it never costs less. */
    cost: euros.min(0),
    requestId: id.optional(),
  })
  .strict();

export const annualInterviewBody = z
  .object({ ...commandId, interviewId: id.optional(), heldAt: isoDate, by: text(200), notes: text(5000).optional() })
  .strict();

export const declarePayrollBody = z
  .object({ ...commandId, year: z.number().int().min(2000).max(2100), agency: text(100).optional(), amount: euros.positive() })
  .strict();

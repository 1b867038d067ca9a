import { z } from 'zod';
import { id, instant, isoDate, pagination, text } from '../http/schemas.js';

export const historyQuery = z
  .object({ format: z.enum(['json', 'ndjson']).default('json') })
  .strict();

/** Exactly one of `at` (as recorded at that instant) or `occurredAt` (as true on that date, known now). */
export const stateQuery = z
  .object({ at: instant.optional(), occurredAt: isoDate.optional() })
  .strict()
  .refine((query) => (query.at === undefined) !== (query.occurredAt === undefined), {
    path: ['at'],
    message: 'give exactly one of at (an ISO 8601 instant) or occurredAt (a date YYYY-MM-DD)',
  });

/** A period of recording dates, both ends included; either may be left open. */
const period = { from: isoDate.optional(), to: isoDate.optional() };
const ordered = (query: { from?: string; to?: string }) => !query.from || !query.to || query.from <= query.to;
const orderMessage = { path: ['to'], message: 'must not be before from' };

export const exportQuery = z.object(period).strict().refine(ordered, orderMessage);

export const accessLogQuery = z
  .object({ clientId: id.optional(), actor: text(200).optional(), ...period, ...pagination })
  .strict()
  .refine(ordered, orderMessage);

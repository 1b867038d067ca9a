import { z } from 'zod';

/** Shared field schemas of the HTTP contract: dates `YYYY-MM-DD`, instants ISO 8601. */
export const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
export const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant' });
export const dateOrInstant = z.union([isoDate, instant], { message: 'must be a date YYYY-MM-DD or an ISO 8601 instant' });
export const id = z.string().trim().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits, and . _ : - only');
export const text = (max = 2000) => z.string().trim().min(1).max(max);
export const commandId = { commandId: z.string().min(1).max(200).optional() };

/** The date part of a date or instant, for ordering rules. */
export const dayOf = (value: string) => value.slice(0, 10);

export const pagination = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  skip: z.coerce.number().int().min(0).default(0),
  minPosition: z.coerce.number().int().min(0).optional(),
};

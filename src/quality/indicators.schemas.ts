import { z } from 'zod';
import { commandId, isoDate, pagination, text } from '../http/schemas.js';
import type { FieldError } from '../http/problem.js';
import { INDICATOR_KEYS, INDICATORS } from './indicator-catalogue.js';

const year = z.coerce.number().int().min(2000).max(2100);
const agency = text(100).optional();

export const objectivePath = z.object({ year, indicator: z.enum(INDICATOR_KEYS) }).strict();

export const setObjectiveBody = z
  .object({
    ...commandId,
    target: z.number(),
    owner: text(200),
    dueBy: isoDate.optional(),
    actions: z.array(text(2000)).max(50).optional(),
  })
  .strict();

/** What the body alone cannot say: a share's target is a percent, a count's a whole number; the objective is not due before its year. */
export function objectiveProblems(path: z.infer<typeof objectivePath>, body: z.infer<typeof setObjectiveBody>): FieldError[] {
  const problems: FieldError[] = [];
  const { target } = body;
  if (INDICATORS[path.indicator].kind === 'percent' && !(target >= 0 && target <= 100)) problems.push({ path: 'target', message: 'must be a percent from 0 to 100' });
  if (INDICATORS[path.indicator].kind === 'count' && !(Number.isInteger(target) && target >= 0)) problems.push({ path: 'target', message: 'must be a whole number, 0 or more' });
  if (body.dueBy && body.dueBy < `${path.year}-01-01`) problems.push({ path: 'dueBy', message: `must not be before ${path.year}` });
  return problems;
}

export const indicatorsQuery = z.object({ year: year.optional(), agency, minPosition: pagination.minPosition }).strict();
export const seriesQuery = z.object({ key: z.enum(INDICATOR_KEYS), agency, minPosition: pagination.minPosition }).strict();
export const objectivesQuery = z.object({ year: year.optional(), minPosition: pagination.minPosition }).strict();


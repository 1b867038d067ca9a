import { z } from 'zod';
import { commandId, dateOrInstant, id, isoDate, pagination, text } from '../http/schemas.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const slot = z
  .object({ day: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']), start: time, end: time })
  .strict()
  .refine((s) => s.start < s.end, { message: 'must end after it starts', path: ['end'] });

export const draftContractBody = z
  .object({
    ...commandId,
    contractId: id.optional(),
    clientId: id,
    service: text(200),
    schedule: z.array(slot).min(1, 'at least one slot').max(50),
    startDate: isoDate,
    endDate: isoDate.optional(),
    tacitRenewal: z.boolean(),
    paymentMode: text(100),
    quoteRef: text(100).optional(),
  })
  .strict()
  .refine((b) => !b.endDate || b.endDate >= b.startDate, { message: 'must not be before startDate', path: ['endDate'] });

export const validateContractBody = z.object({ ...commandId, validatedAt: dateOrInstant, validatedBy: text(200), notes: text().optional() }).strict();
export const signContractBody = z.object({ ...commandId, signedAt: dateOrInstant, signedBy: text(200) }).strict();
export const amendContractBody = z
  .object({
    ...commandId,
    amendmentId: id.optional(),
    signedAt: dateOrInstant,
    effectiveFrom: isoDate,
    changes: z.record(z.string().max(100), z.unknown()).refine((c) => Object.keys(c).length > 0, 'must name at least one change'),
  })
  .strict();
export const suspendContractBody = z
  .object({ ...commandId, from: isoDate, until: isoDate.optional(), reason: text(200), changeId: id.optional() })
  .strict()
  .refine((b) => !b.until || b.until >= b.from, { message: 'must not be before from', path: ['until'] });
export const resumeContractBody = z.object({ ...commandId, at: isoDate }).strict();
export const terminateContractBody = z.object({ ...commandId, effectiveAt: isoDate, reason: text(200) }).strict();

export const listContractsQuery = z
  .object({
    status: z.enum(['draft', 'validated', 'signed', 'suspended', 'terminated']).optional(),
    clientId: id.optional(),
    agency: text(100).optional(),
    endingBefore: isoDate.optional(),
    ...pagination,
  })
  .strict();
export type ListContractsQuery = z.infer<typeof listContractsQuery>;

import { z } from 'zod';
import { commandId, id, isoDate, pagination, text } from '../http/schemas.js';

export const registerClientBody = z
  .object({
    ...commandId,
    // `client-history-{id}` streams hold histories on EventStoreDB: a client id may not alias one.
    clientId: id.refine((v) => !v.startsWith('history-'), 'may not start with history-').optional(),
    fullName: text(200),
    birthDate: isoDate.optional(),
    address: text(500),
    agency: text(100),
    dependent: z.boolean(),
    wantsSecondVisit: z.boolean(),
    referentStaffId: id.optional(),
  })
  .strict()
  .refine((b) => !b.birthDate || b.birthDate <= new Date().toISOString().slice(0, 10), { message: 'must not be in the future', path: ['birthDate'] });

export const listClientsQuery = z
  .object({ agency: text(100).optional(), status: z.enum(['prospect', 'active', 'former']).optional(), ...pagination })
  .strict();

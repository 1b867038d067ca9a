import { z } from 'zod';
import { commandId, dateOrInstant, id, isoDate, pagination, text } from '../http/schemas.js';
import { CHANGE_KINDS, CHANNELS } from './client.events.js';

const notInFuture = (value: string) => value <= new Date().toISOString().slice(0, 10);

export const registerClientBody = z
  .object({
    ...commandId,
    // `client-history-{id}` streams hold histories on EventStoreDB: a client id may not alias one.
    clientId: id.refine((v) => !v.startsWith('history-'), 'may not start with history-').optional(),
    fullName: text(200),
    birthDate: isoDate.refine(notInFuture, 'must not be in the future').optional(),
    address: text(500),
    agency: text(100),
    dependent: z.boolean(),
    wantsSecondVisit: z.boolean(),
    referentStaffId: id.optional(),
  })
  .strict();

export const reportChangeBody = z
  .object({
    ...commandId,
    changeId: id.optional(),
    kind: z.enum(CHANGE_KINDS),
    channel: z.enum(CHANNELS),
    reportedAt: dateOrInstant,
    effectiveFrom: isoDate,
    effectiveUntil: isoDate.optional(),
    urgent: z.boolean(),
    details: text(2000).optional(),
    newAddress: text(500).optional(),
    suspendService: z.boolean().optional(),
  })
  .strict()
  .refine((b) => !b.effectiveUntil || b.effectiveUntil >= b.effectiveFrom, { message: 'must not be before effectiveFrom', path: ['effectiveUntil'] })
  .refine((b) => b.kind !== 'address_change' || b.newAddress, { message: 'is required for an address_change', path: ['newAddress'] })
  .refine((b) => b.kind === 'address_change' || !b.newAddress, { message: 'only goes with an address_change', path: ['newAddress'] })
  .refine((b) => b.kind === 'absence' || b.suspendService === undefined, { message: 'only goes with an absence', path: ['suspendService'] });

export const acknowledgeChangeBody = z.object({ ...commandId, acknowledgedAt: dateOrInstant, by: text(200) }).strict();
export const followUpVisitBody = z.object({ ...commandId, visitId: id.optional(), visitedAt: isoDate, by: text(200) }).strict();
export const birthdayCardBody = z.object({ ...commandId, sentAt: isoDate }).strict();
export const replacementRequestBody = z.object({ ...commandId, requestId: id.optional(), requestedAt: dateOrInstant, absentStaffId: id.optional() }).strict();
export const proposeReplacementBody = z.object({ ...commandId, proposedAt: dateOrInstant, replacementStaffId: id }).strict();
export const preferencesBody = z
  .object({ ...commandId, wantsSecondVisit: z.boolean().optional(), dependent: z.boolean().optional(), effectiveFrom: isoDate })
  .strict()
  .refine((b) => b.wantsSecondVisit !== undefined || b.dependent !== undefined, { message: 'give wantsSecondVisit or dependent', path: ['wantsSecondVisit'] });

export const listClientsQuery = z
  .object({ agency: text(100).optional(), status: z.enum(['prospect', 'active', 'former', 'deceased']).optional(), ...pagination })
  .strict();

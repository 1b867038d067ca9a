import { z } from 'zod';
import { commandId, id, isoDate, text } from '../http/schemas.js';

export const registerStaffMemberBody = z
  .object({ ...commandId, staffId: id.optional(), fullName: text(200), role: text(100), agency: text(100), qualified: z.boolean(), hiredAt: isoDate })
  .strict();

export const recordLeaveBody = z
  .object({ ...commandId, leaveId: id.optional(), from: isoDate, until: isoDate, kind: text(100) })
  .strict()
  .refine((b) => b.until >= b.from, { message: 'must not be before from', path: ['until'] });

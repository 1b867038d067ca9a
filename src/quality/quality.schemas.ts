import { z } from 'zod';
import { commandId, id, isoDate, pagination, text } from '../http/schemas.js';
import { MEETING_KINDS } from './meeting.events.js';

const year = z.coerce.number().int().min(1900).max(2999);
const distinctIds = z
  .array(id)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name the same id twice');

export const recordQualityMeetingBody = z
  .object({
    ...commandId,
    meetingId: id.optional(),
    heldAt: isoDate,
    kind: z.enum(MEETING_KINDS),
    /** The agency whose staff met; none for an organisation-wide meeting. */
    agency: text(100).optional(),
    participants: z.array(text(200)).min(1, 'at least one participant').max(500),
    decisions: z.array(text(2000)).max(200).optional(),
    complaintIds: distinctIds.optional(),
    actionIds: distinctIds.optional(),
  })
  .strict();

export const publishNewsletterBody = z
  .object({ ...commandId, newsletterId: id.optional(), publishedAt: isoDate, title: text(300), agency: text(100).optional() })
  .strict();

export const listQualityMeetingsQuery = z
  .object({ year: year.optional(), kind: z.enum(MEETING_KINDS).optional(), agency: text(100).optional(), ...pagination })
  .strict();
export const listNewslettersQuery = z.object({ year: year.optional(), agency: text(100).optional(), ...pagination }).strict();

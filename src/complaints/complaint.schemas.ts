import { z } from 'zod';
import { commandId, dateOrInstant, id, isoDate, pagination, text } from '../http/schemas.js';
import { ACTION_ORIGIN_TYPES } from './action.events.js';
import { COMPLAINT_CHANNELS, COMPLAINT_SOURCES } from './complaint.events.js';

const year = z.coerce.number().int().min(1900).max(2999);

export const logComplaintBody = z
  .object({
    ...commandId,
    complaintId: id.optional(),
    clientId: id.optional(),
    /** Given, else the client's agency when the complaint is about a client. */
    agency: text(100).optional(),
    receivedAt: dateOrInstant,
    channel: z.enum(COMPLAINT_CHANNELS),
    source: z.enum(COMPLAINT_SOURCES),
    category: text(100),
    description: text(5000),
  })
  .strict();
export const acknowledgeComplaintBody = z.object({ ...commandId, at: dateOrInstant, by: text(200) }).strict();
export const respondToComplaintBody = z.object({ ...commandId, at: dateOrInstant, by: text(200), response: text(5000) }).strict();
export const closeComplaintBody = z.object({ ...commandId, at: dateOrInstant }).strict();
export const reopenComplaintBody = z.object({ ...commandId, at: dateOrInstant, reason: text(2000) }).strict();

const actionFields = {
  ...commandId,
  actionId: id.optional(),
  kind: z.enum(['corrective', 'preventive']),
  description: text(5000),
  /** Who carries the action out (a staff id or a role such as RQ). */
  owner: text(200),
  dueDate: isoDate,
  /** Business date of the decision; the day of the request when left out. */
  openedAt: isoDate.optional(),
  /** Given, else inherited from the complaint or meeting of origin. */
  agency: text(100).optional(),
};
const origin = z.object({ type: z.enum(ACTION_ORIGIN_TYPES), id, theme: text(200).optional() }).strict();

export const openActionBody = z.object({ ...actionFields, origin }).strict();
/** `POST /complaints/{id}/actions`: the complaint is the origin. */
export const openComplaintActionBody = z.object(actionFields).strict();
export const completeActionBody = z.object({ ...commandId, at: dateOrInstant, effective: z.boolean() }).strict();

export const listComplaintsQuery = z
  .object({
    status: z.enum(['received', 'acknowledged', 'answered', 'closed', 'reopened']).optional(),
    year: year.optional(),
    category: text(100).optional(),
    clientId: id.optional(),
    agency: text(100).optional(),
    ...pagination,
  })
  .strict();
export type ListComplaintsQuery = z.infer<typeof listComplaintsQuery>;

export const complaintFiguresQuery = z
  .object({ year, agency: text(100).optional(), today: isoDate.optional(), minPosition: pagination.minPosition })
  .strict();
export type ComplaintFiguresQuery = z.infer<typeof complaintFiguresQuery>;

/** `origin=complaint` (a type) or `origin=complaint:c-1` (a type and an id). */
const originFilter = z
  .string()
  .regex(new RegExp(`^(${ACTION_ORIGIN_TYPES.join('|')})(:[\\w.:-]+)?$`), `must be a type (${ACTION_ORIGIN_TYPES.join(', ')}) or type:id`)
  .transform((value) => {
    const at = value.indexOf(':');
    return at < 0 ? { type: value } : { type: value.slice(0, at), id: value.slice(at + 1) };
  });

export const listActionsQuery = z
  .object({
    status: z.enum(['open', 'completed']).optional(),
    owner: text(200).optional(),
    origin: originFilter.optional(),
    agency: text(100).optional(),
    ...pagination,
  })
  .strict();
export type ListActionsQuery = z.infer<typeof listActionsQuery>;

import type { Alert } from '../alerts/alert.js';
import { dayOf } from '../http/schemas.js';
import type { ActionDocument } from './action.projector.js';
import { isOverdue } from './complaint.deadlines.js';
import type { ComplaintDocument } from './complaint.projector.js';

const ids = (c: ComplaintDocument): Record<string, string> => ({ complaintId: c.complaintId, ...(c.clientId ? { clientId: c.clientId } : {}) });
const agencyOf = (doc: { agency?: string }) => (doc.agency ? { agency: doc.agency } : {});

/**
 * Complaints waiting for their acknowledgement or their answer, pending or overdue on `today`.
 * (A closed complaint was answered, and an answer acknowledges.)
 */
export function complaintAlerts(complaints: ComplaintDocument[], today: string): Alert[] {
  return complaints.flatMap((c) => {
    const alerts: Alert[] = [];
    const ack = c.timings.acknowledgement;
    if (ack.doneOn === undefined) {
      alerts.push({ kind: 'complaint_not_acknowledged', ...agencyOf(c), ids: ids(c), since: dayOf(c.receivedAt), due: ack.dueBy, overdue: isOverdue(ack, today) });
    }
    if (c.answerDueBy !== undefined) {
      const since = dayOf(c.reopenings.at(-1)?.at ?? c.receivedAt);
      alerts.push({ kind: 'complaint_not_answered', ...agencyOf(c), ids: ids(c), since, due: c.answerDueBy, overdue: today > c.answerDueBy });
    }
    return alerts;
  });
}

/** Open improvement actions past their due date. */
export function actionAlerts(actions: ActionDocument[], today: string): Alert[] {
  return actions
    .filter((a) => a.status === 'open' && a.dueDate < today)
    .map((a) => ({
      kind: 'action_overdue',
      ...agencyOf(a),
      ids: { actionId: a.actionId, [`${a.origin.type}Id`]: a.origin.id },
      since: dayOf(a.openedAt),
      due: a.dueDate,
      overdue: true,
    }));
}

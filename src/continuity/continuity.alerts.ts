import type { Alert } from '../alerts/alert.js';
import type { AlertThresholds } from '../config/config.js';
import { addDays, addWorkingDays, daysBetween } from '../shared/dates.js';
import type { ClientFileDocument } from './client-file.projector.js';

type Thresholds = Pick<AlertThresholds, 'changeAckWorkingDays' | 'birthdayDays' | 'replacementWorkingDays'>;

const alert = (kind: string, file: ClientFileDocument, ids: Record<string, string>, since: string, due: string, today: string): Alert => ({
  kind,
  agency: file.agency,
  ids: { clientId: file.clientId, ...ids },
  since,
  due,
  overdue: today > due,
});

/** What a client file asks of the sector manager today (continuity of service, seed 003 / NF X 50-056 §3.4.2). */
export function clientAlerts(file: ClientFileDocument, today: string, t: Thresholds): Alert[] {
  const alerts: Alert[] = [];
  for (const change of file.changes) {
    if (change.acknowledgedAt) continue;
    const since = change.reportedAt.slice(0, 10);
    alerts.push(alert('change_not_acknowledged', file, { changeId: change.changeId }, since, addWorkingDays(since, t.changeAckWorkingDays), today));
  }
  for (const request of file.replacementRequests) {
    if (request.proposedAt) continue;
    const since = request.requestedAt.slice(0, 10);
    alerts.push(alert('replacement_without_proposal', file, { requestId: request.requestId }, since, addWorkingDays(since, t.replacementWorkingDays), today));
  }
  if (file.status === 'deceased' || file.status === 'former') return alerts;
  const year = today.slice(0, 4);
  if (file.wantsSecondVisit && file.visits.filter((v) => v.visitedAt.startsWith(year)).length < 2) {
    alerts.push(alert('second_visit_due', file, {}, `${year}-01-01`, `${year}-12-31`, today));
  }
  if (file.dependent && file.birthDate && !file.birthdayCardYears.includes(Number(year))) {
    const birthday = nextBirthday(file.birthDate, today);
    if (daysBetween(today, birthday) <= t.birthdayDays && birthday.startsWith(year)) {
      alerts.push(alert('birthday_card_due', file, {}, addDays(birthday, -t.birthdayDays), birthday, today));
    }
  }
  return alerts;
}

/** The client's birthday on or after today (29 February falls on 28 February in other years). */
export function nextBirthday(birthDate: string, today: string): string {
  const monthDay = birthDate.slice(5, 10);
  const on = (year: number) => {
    const candidate = `${year}-${monthDay}`;
    return monthDay === '02-29' && !isLeap(year) ? `${year}-02-28` : candidate;
  };
  const year = Number(today.slice(0, 4));
  return on(year) >= today ? on(year) : on(year + 1);
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

import type { ComplaintDocument } from './complaint.projector.js';
import { isOverdue, type Clock } from './complaint.deadlines.js';

/** A share, with what it is made of; `percent` (one decimal) is null when there is nothing to count. */
export interface Share {
  numerator: number;
  denominator: number;
  percent: number | null;
}

/** The yearly analysis of complaints (bilan annuel des réclamations) that feeds staff meetings and the management review. */
export interface ComplaintFigures {
  year: number;
  agency?: string;
  /** The day the pending clocks were judged on. */
  today: string;
  /** Complaints received in the year. */
  count: number;
  byCategory: { category: string; count: number }[];
  /** Acknowledged on or before their due date, out of those acknowledged or already past their due date on `today`. */
  acknowledgedInTime: Share;
  /** First answer on or before its due date, out of those answered or already past their due date on `today`. */
  answeredInTime: Share;
  /** Complaints reopened at least once, out of those closed at least once. */
  reopened: Share;
  /** Improvement actions opened for the year's complaints: how many, how many completed, and how many of those proved effective. */
  actions: { opened: number; completed: number; effective: Share };
}

export const share = (numerator: number, denominator: number): Share => ({
  numerator,
  denominator,
  percent: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10,
});

/** Figures of one year's complaints (the caller selects them: received in the year, optionally one agency). */
export function complaintFigures(complaints: ComplaintDocument[], scope: { year: number; agency?: string; today: string }): ComplaintFigures {
  const categories = new Map<string, number>();
  for (const c of complaints) categories.set(c.category, (categories.get(c.category) ?? 0) + 1);
  const actions = complaints.flatMap((c) => c.actions);
  const completed = actions.filter((a) => a.status === 'completed');
  return {
    ...scope,
    count: complaints.length,
    byCategory: [...categories].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    acknowledgedInTime: inTime(complaints.map((c) => c.timings.acknowledgement), scope.today),
    answeredInTime: inTime(complaints.map((c) => c.timings.answer), scope.today),
    reopened: share(complaints.filter((c) => c.reopenings.length > 0).length, complaints.filter((c) => c.closedAt !== undefined).length),
    actions: { opened: actions.length, completed: completed.length, effective: share(completed.filter((a) => a.effective).length, completed.length) },
  };
}

/** Clocks that are settled on `today` (done, or late): how many were met. Pending clocks still within their deadline are left out. */
function inTime(clocks: Clock[], today: string): Share {
  const settled = clocks.filter((c) => c.doneOn !== undefined || isOverdue(c, today));
  return share(settled.filter((c) => c.met).length, settled.length);
}

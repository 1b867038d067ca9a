import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { PreferenceTimeline } from '../continuity/client-preferences.js';
import type { ClientEvent } from '../continuity/client.events.js';
import type { Projector } from '../projections/projector.js';
import { daysBetween, yearOf } from '../shared/dates.js';
import { type PayrollDeclared, payrollId } from '../staff/payroll.decider.js';
import type { StaffEvent } from '../staff/staff-member.decider.js';
import { type IndicatorTotals, moveInTotals, totalsKeyOf } from './indicator-rules.js';
import type { MeetingKind, NewsletterPublished, QualityMeetingRecorded } from './meeting.events.js';

/**
 * The facts the indicators are computed from, one document per client, staff member, payroll
 * declaration, quality meeting and newsletter. No personal data (names, addresses, birth dates,
 * notes): indicators survive a client's erasure. What a rule needs of a client or a staff member
 * is kept per year (how many visits in 2025, how many of the absences starting in 2025 were known
 * a month ahead…), so a document stays small however long the person is followed.
 *
 * The runner keeps their totals per agency (`indicator-totals`, `indicator-rules.ts`): what
 * `GET /indicators` reads, so a query adds up a few documents instead of every fact. A change in
 * what is kept here bumps `version`: the runner then rebuilds both from the log.
 */
interface Fact<K extends string> {
  _id: string;
  kind: K;
  /** null: organisation-wide (meetings, newsletters, payroll without an agency). */
  agency: string | null;
}

/** Counts per year: one row per year, in increasing order of year. */
export type PerYear<T> = ({ year: number } & T)[];

/** The row of `year`, if any. */
export function rowOf<T>(rows: PerYear<T>, year: number): ({ year: number } & T) | undefined {
  for (const row of rows) if (row.year === year) return row;
  return undefined;
}

/** `rows` with `field` of the year's row raised by `by` (the row made from `empty` when there is none): a new list. */
export function bumped<T extends Record<string, number>>(rows: PerYear<T>, year: number, empty: T, field: keyof T, by = 1): PerYear<T> {
  const copy = rows.slice();
  let i = 0;
  while (i < copy.length && copy[i].year < year) i += 1;
  const row = i < copy.length && copy[i].year === year ? copy[i] : undefined;
  const next = { ...(row ?? { year, ...empty }), [field]: (row ?? empty)[field] + by } as { year: number } & T;
  if (row) copy[i] = next;
  else copy.splice(i, 0, next);
  return copy;
}

export interface ClientFacts extends Fact<'client'> {
  clientId: string;
  agency: string;
  /** The earliest date the client is known from: the registration, or an earlier dated fact of the file. */
  since: string;
  preferences: PreferenceTimeline;
  /** Follow-up visits, per year of the visit. */
  visits: PerYear<{ n: number }>;
  /** Years in which a birthday card was sent, in increasing order. */
  cardYears: number[];
  /** Changes of situation of kind `absence` (holidays), per year of their start: how many, and how many were reported 30 days or more before. */
  absences: PerYear<{ n: number; ahead: number }>;
  /** Replacement requests per year requested: how many, and how many got a proposal. */
  replacements: PerYear<{ n: number; proposed: number }>;
  /** The requests without a proposal yet, with the day each was made. */
  openRequests: { requestId: string; requestedOn: string }[];
  diedOn?: string;
  contracts: { contractId: string; terminatedOn?: string }[];
}

export interface StaffFacts extends Fact<'staff'> {
  staffId: string;
  agency: string;
  /** Training requests per year requested: how many, and how many a training fulfilled. */
  requests: PerYear<{ n: number; fulfilled: number }>;
  /** The requests no training fulfilled yet, with the year each was made in. */
  openRequests: { requestId: string; year: number }[];
  /** Trainings per year: how many, and their cost in cents. */
  trainings: PerYear<{ n: number; cents: number }>;
  /** Years with an annual interview, in increasing order. */
  interviewYears: number[];
}

export interface PayrollFacts extends Fact<'payroll'> {
  year: number;
  /** Euros; the latest declaration for the year and agency. */
  amount: number;
}

export interface MeetingFacts extends Fact<'meeting'> {
  meetingKind: MeetingKind;
  heldAt: string;
}

export interface NewsletterFacts extends Fact<'newsletter'> {
  publishedAt: string;
}

export type IndicatorFacts = ClientFacts | StaffFacts | PayrollFacts | MeetingFacts | NewsletterFacts;

const CLIENT_EVENTS = [
  'ClientRegistered',
  'ClientPreferencesChanged',
  'ChangeOfSituationReported',
  'ReplacementRequested',
  'ReplacementProposed',
  'FollowUpVisitRecorded',
  'BirthdayCardSent',
] as const satisfies readonly ClientEvent['type'][];
const CONTRACT_EVENTS = ['ContractDrafted', 'ContractTerminated'] as const;
const STAFF_EVENTS = ['StaffMemberRegistered', 'TrainingRequested', 'TrainingRecorded', 'AnnualInterviewRecorded'] as const satisfies readonly StaffEvent['type'][];
const STAFF_EVENT_TYPES = new Set<string>(STAFF_EVENTS);

const day = (dateOrInstant: string) => dateOrInstant.slice(0, 10);
const earliest = (a: string, b: string) => (b < a ? b : a);

export const indicatorFactsProjector: Projector<IndicatorFacts> = {
  name: 'indicators.v1',
  // 2: facts kept per year, and their totals (v1 kept every dated fact in lists).
  version: 2,
  collection: 'indicator-facts',
  handles: [...CLIENT_EVENTS, ...CONTRACT_EVENTS, ...STAFF_EVENTS, 'PayrollDeclared', 'QualityMeetingRecorded', 'NewsletterPublished'],
  documentIds: (event) => {
    const data = event.data;
    switch (event.type) {
      case 'PayrollDeclared':
        return [`payroll:${payrollId(data as unknown as PayrollDeclared['data'])}`];
      case 'QualityMeetingRecorded':
        return [`meeting:${String(data.meetingId)}`];
      case 'NewsletterPublished':
        return [`newsletter:${String(data.newsletterId)}`];
    }
    if (STAFF_EVENT_TYPES.has(event.type)) return [`staff:${String(data.staffId)}`];
    return event.metadata.clientId ? [`client:${event.metadata.clientId}`] : [];
  },
  evolve: (doc, event) => {
    switch (event.type) {
      case 'PayrollDeclared': {
        const { year, agency, amount } = event.data as unknown as PayrollDeclared['data'];
        return { _id: `payroll:${payrollId({ year, agency })}`, kind: 'payroll', agency: agency ?? null, year, amount };
      }
      case 'QualityMeetingRecorded': {
        const { meetingId, kind, agency, heldAt } = event.data as QualityMeetingRecorded['data'];
        return { _id: `meeting:${meetingId}`, kind: 'meeting', agency: agency ?? null, meetingKind: kind, heldAt };
      }
      case 'NewsletterPublished': {
        const { newsletterId, agency, publishedAt } = event.data as NewsletterPublished['data'];
        return { _id: `newsletter:${newsletterId}`, kind: 'newsletter', agency: agency ?? null, publishedAt };
      }
    }
    if (STAFF_EVENT_TYPES.has(event.type)) return staffFacts(doc as StaffFacts | null, event as unknown as StaffEvent);
    return clientFacts(doc as ClientFacts | null, event);
  },
  totals: {
    collection: 'indicator-totals',
    keysOf: (facts) => [totalsKeyOf(facts.agency)],
    move: (total, _key, before, after) => moveInTotals(total as IndicatorTotals | null, before, after),
  },
};

/** The years, with `year` in its place (once). */
function withYear(years: number[], year: number): number[] {
  if (years.includes(year)) return years;
  return [...years, year].sort((a, b) => a - b);
}

function staffFacts(doc: StaffFacts | null, event: StaffEvent): StaffFacts {
  if (event.type === 'StaffMemberRegistered') {
    const { staffId, agency } = event.data;
    return { _id: `staff:${staffId}`, kind: 'staff', staffId, agency, requests: [], openRequests: [], trainings: [], interviewYears: [] };
  }
  if (!doc) throw new Error(`${event.type} for staff member ${event.data.staffId} who was never registered`);
  switch (event.type) {
    case 'TrainingRequested': {
      const { requestId, requestedAt } = event.data;
      const year = yearOf(requestedAt);
      return { ...doc, requests: bumped(doc.requests, year, { n: 0, fulfilled: 0 }, 'n'), openRequests: [...doc.openRequests, { requestId, year }] };
    }
    case 'TrainingRecorded': {
      const { date, cost, requestId } = event.data;
      const trainings = bumped(bumped(doc.trainings, yearOf(date), { n: 0, cents: 0 }, 'n'), yearOf(date), { n: 0, cents: 0 }, 'cents', Math.round(cost * 100));
      // A request is fulfilled once, by the first training naming it.
      const open = requestId === undefined ? undefined : doc.openRequests.find((r) => r.requestId === requestId);
      if (!open) return { ...doc, trainings };
      return { ...doc, trainings, requests: bumped(doc.requests, open.year, { n: 0, fulfilled: 0 }, 'fulfilled'), openRequests: doc.openRequests.filter((r) => r !== open) };
    }
    case 'AnnualInterviewRecorded':
      return { ...doc, interviewYears: withYear(doc.interviewYears, yearOf(event.data.heldAt)) };
    default:
      return doc;
  }
}

function clientFacts(doc: ClientFacts | null, recorded: RecordedEvent): ClientFacts {
  const event = recorded as unknown as ClientEvent;
  if (event.type === 'ClientRegistered') {
    const { clientId, agency, wantsSecondVisit, dependent } = event.data;
    return {
      _id: `client:${clientId}`,
      kind: 'client',
      clientId,
      agency,
      since: day(recorded.metadata.occurredAt),
      preferences: { initial: { wantsSecondVisit, dependent }, changes: [] },
      visits: [],
      cardYears: [],
      absences: [],
      replacements: [],
      openRequests: [],
      contracts: [],
    };
  }
  if (!doc) throw new Error(`${recorded.type} for client ${recorded.metadata.clientId} who was never registered`);
  const data = recorded.data as Record<string, unknown>;
  switch (recorded.type) {
    case 'ContractDrafted':
      return { ...doc, contracts: [...doc.contracts, { contractId: String(data.contractId) }] };
    case 'ContractTerminated':
      return { ...doc, contracts: doc.contracts.map((c) => (c.contractId === data.contractId ? { ...c, terminatedOn: day(String(data.effectiveAt)) } : c)) };
  }
  switch (event.type) {
    case 'ClientPreferencesChanged': {
      const { clientId: _c, ...change } = event.data;
      return { ...doc, since: earliest(doc.since, change.effectiveFrom), preferences: { ...doc.preferences, changes: [...doc.preferences.changes, change] } };
    }
    case 'ChangeOfSituationReported': {
      const { kind, reportedAt, effectiveFrom } = event.data;
      const since = earliest(doc.since, day(reportedAt));
      if (kind === 'death') return { ...doc, since, diedOn: effectiveFrom };
      if (kind === 'absence') {
        const ahead = daysBetween(day(reportedAt), effectiveFrom) >= 30 ? 1 : 0;
        const absences = bumped(bumped(doc.absences, yearOf(effectiveFrom), { n: 0, ahead: 0 }, 'n'), yearOf(effectiveFrom), { n: 0, ahead: 0 }, 'ahead', ahead);
        return { ...doc, since, absences };
      }
      return { ...doc, since };
    }
    case 'ReplacementRequested': {
      const requestedOn = day(event.data.requestedAt);
      return {
        ...doc,
        since: earliest(doc.since, requestedOn),
        replacements: bumped(doc.replacements, yearOf(requestedOn), { n: 0, proposed: 0 }, 'n'),
        openRequests: [...doc.openRequests, { requestId: event.data.requestId, requestedOn }],
      };
    }
    case 'ReplacementProposed': {
      // A request gets a proposal once: a second one changes nothing the rules count.
      const open = doc.openRequests.find((r) => r.requestId === event.data.requestId);
      if (!open) return doc;
      return { ...doc, replacements: bumped(doc.replacements, yearOf(open.requestedOn), { n: 0, proposed: 0 }, 'proposed'), openRequests: doc.openRequests.filter((r) => r !== open) };
    }
    case 'FollowUpVisitRecorded': {
      const { visitedAt } = event.data;
      return { ...doc, since: earliest(doc.since, visitedAt), visits: bumped(doc.visits, yearOf(visitedAt), { n: 0 }, 'n') };
    }
    case 'BirthdayCardSent':
      return { ...doc, since: earliest(doc.since, event.data.sentAt), cardYears: withYear(doc.cardYears, yearOf(event.data.sentAt)) };
    default:
      return doc;
  }
}

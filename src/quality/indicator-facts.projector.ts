import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { PreferenceTimeline } from '../continuity/client-preferences.js';
import type { ClientEvent } from '../continuity/client.events.js';
import type { Projector } from '../projections/projector.js';
import { yearOf } from '../shared/dates.js';
import { type PayrollDeclared, payrollId } from '../staff/payroll.decider.js';
import type { StaffEvent } from '../staff/staff-member.decider.js';
import type { MeetingKind, NewsletterPublished, QualityMeetingRecorded } from './meeting.events.js';

/**
 * The facts the indicators are computed from, one document per client, staff member, payroll
 * declaration, quality meeting and newsletter. No personal data (names, addresses, birth dates,
 * notes): indicators survive a client's erasure. The figures themselves are computed at query
 * time by `indicator-rules.ts`, so every year is computed from the same facts. A change in what
 * is kept here renames the projector (`indicators.v2`): the runner then rebuilds it from the log.
 */
interface Fact<K extends string> {
  _id: string;
  kind: K;
  /** null: organisation-wide (meetings, newsletters, payroll without an agency). */
  agency: string | null;
}

export interface ClientFacts extends Fact<'client'> {
  clientId: string;
  agency: string;
  /** The earliest date the client is known from: the registration, or an earlier dated fact of the file. */
  since: string;
  preferences: PreferenceTimeline;
  visits: string[];
  cardYears: number[];
  /** Changes of situation of kind `absence` (holidays), with the day they were reported. */
  absences: { changeId: string; reportedOn: string; from: string }[];
  replacementRequests: { requestId: string; requestedOn: string; proposedOn?: string }[];
  diedOn?: string;
  contracts: { contractId: string; terminatedOn?: string }[];
}

export interface StaffFacts extends Fact<'staff'> {
  staffId: string;
  agency: string;
  requests: { requestId: string; requestedAt: string; origin: string; fulfilledBy?: string; fulfilledOn?: string }[];
  trainings: { trainingId: string; date: string; hours: number; cost: number; requestId?: string }[];
  interviews: string[];
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

const day = (dateOrInstant: string) => dateOrInstant.slice(0, 10);
const earliest = (a: string, b: string) => (b < a ? b : a);

export const indicatorFactsProjector: Projector<IndicatorFacts> = {
  name: 'indicators.v1',
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
    if ((STAFF_EVENTS as readonly string[]).includes(event.type)) return [`staff:${String(data.staffId)}`];
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
    if ((STAFF_EVENTS as readonly string[]).includes(event.type)) return staffFacts(doc as StaffFacts | null, event as unknown as StaffEvent);
    return clientFacts(doc as ClientFacts | null, event);
  },
};

function staffFacts(doc: StaffFacts | null, event: StaffEvent): StaffFacts {
  if (event.type === 'StaffMemberRegistered') {
    const { staffId, agency } = event.data;
    return { _id: `staff:${staffId}`, kind: 'staff', staffId, agency, requests: [], trainings: [], interviews: [] };
  }
  if (!doc) throw new Error(`${event.type} for staff member ${event.data.staffId} who was never registered`);
  switch (event.type) {
    case 'TrainingRequested': {
      const { requestId, requestedAt, origin } = event.data;
      return { ...doc, requests: [...doc.requests, { requestId, requestedAt, origin }] };
    }
    case 'TrainingRecorded': {
      const { trainingId, date, hours, cost, requestId } = event.data;
      const requests = doc.requests.map((r) => (r.requestId === requestId ? { ...r, fulfilledBy: trainingId, fulfilledOn: date } : r));
      return { ...doc, requests, trainings: [...doc.trainings, { trainingId, date, hours, cost, ...(requestId ? { requestId } : {}) }] };
    }
    case 'AnnualInterviewRecorded':
      return { ...doc, interviews: [...doc.interviews, event.data.heldAt] };
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
      replacementRequests: [],
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
      const { changeId, kind, reportedAt, effectiveFrom } = event.data;
      const since = earliest(doc.since, day(reportedAt));
      if (kind === 'death') return { ...doc, since, diedOn: effectiveFrom };
      if (kind === 'absence') return { ...doc, since, absences: [...doc.absences, { changeId, reportedOn: day(reportedAt), from: effectiveFrom }] };
      return { ...doc, since };
    }
    case 'ReplacementRequested': {
      const requestedOn = day(event.data.requestedAt);
      return { ...doc, since: earliest(doc.since, requestedOn), replacementRequests: [...doc.replacementRequests, { requestId: event.data.requestId, requestedOn }] };
    }
    case 'ReplacementProposed': {
      const { requestId, proposedAt } = event.data;
      return { ...doc, replacementRequests: doc.replacementRequests.map((r) => (r.requestId === requestId ? { ...r, proposedOn: day(proposedAt) } : r)) };
    }
    case 'FollowUpVisitRecorded':
      return { ...doc, since: earliest(doc.since, event.data.visitedAt), visits: [...doc.visits, event.data.visitedAt] };
    case 'BirthdayCardSent':
      return { ...doc, since: earliest(doc.since, event.data.sentAt), cardYears: [...doc.cardYears, yearOf(event.data.sentAt)] };
    default:
      return doc;
  }
}

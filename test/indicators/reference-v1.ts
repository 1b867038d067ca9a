/**
 * The indicators as they were computed before facts were kept per year and totalled
 * (`indicators.v1`, version 1): every dated fact of a client or staff member in lists, every
 * figure computed from all the facts at query time. Kept unchanged (but for the imports and the
 * projector's name) as the reference the totals must agree with, in test/indicators.
 */
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { PreferenceTimeline } from '../../src/continuity/client-preferences.js';
import type { ClientEvent } from '../../src/continuity/client.events.js';
import type { Projector } from '../../src/projections/projector.js';
import { type PayrollDeclared, payrollId } from '../../src/staff/payroll.decider.js';
import type { StaffEvent } from '../../src/staff/staff-member.decider.js';
import type { MeetingKind, NewsletterPublished, QualityMeetingRecorded } from '../../src/quality/meeting.events.js';
import { preferencesOn, type Preferences } from '../../src/continuity/client-preferences.js';
import { daysBetween, yearOf } from '../../src/shared/dates.js';
import { INDICATOR_KEYS, INDICATORS, type IndicatorKey } from '../../src/quality/indicator-catalogue.js';

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

export const referenceFactsProjector: Projector<IndicatorFacts> = {
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


/**
 * The rule of each indicator, as `docs/indicators.md` states it: pure functions from the facts
 * of `indicators.v1` and the year's objectives to the figures `GET /indicators` answers.
 */
export type IndicatorStatus = 'met' | 'not_met' | 'no_data';

export interface IndicatorFigure {
  key: IndicatorKey;
  label: string;
  /** Percent (2 decimals) for shares, the count for counts; null when there is no data. */
  value: number | null;
  numerator: number;
  /** null for counts, and for the payroll share when no payroll is declared. */
  denominator: number | null;
  target: number;
  status: IndicatorStatus;
  owner: string | null;
}

export type SeriesPoint = Pick<IndicatorFigure, 'value' | 'numerator' | 'denominator' | 'status'> & { year: number };

/** The target and owner that apply to an indicator in a year (the objective set for it, else the default). */
export type ObjectiveOf = (year: number, key: IndicatorKey) => { target: number; owner: string | null };

/** The facts of one scope: one agency, or the whole organisation (agency undefined). */
interface Scoped {
  agency?: string;
  clients: ClientFacts[];
  staff: StaffFacts[];
  /** Every declaration: the payroll rule chooses among them. */
  payrolls: PayrollFacts[];
  meetings: MeetingFacts[];
  newsletters: NewsletterFacts[];
}

interface Measure {
  numerator: number;
  denominator: number | null;
}

const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
const count = <T>(items: T[], predicate: (item: T) => boolean): number => items.filter(predicate).length;
const share = <T>(items: T[], counted: (item: T) => boolean): Measure => ({ numerator: count(items, counted), denominator: items.length });
const inYear = (year: number) => (date: string) => yearOf(date) === year;

/**
 * Agency scope: its clients and staff, its own payroll, its meetings and newsletters and the
 * organisation-wide ones. Organisation scope: everything.
 */
export function scope(facts: IndicatorFacts[], agency?: string): Scoped {
  const ofKind = <K extends IndicatorFacts['kind']>(kind: K) => facts.filter((f): f is Extract<IndicatorFacts, { kind: K }> => f.kind === kind);
  const mine = <F extends IndicatorFacts>(f: F) => agency === undefined || f.agency === agency;
  const reaching = <F extends IndicatorFacts>(f: F) => mine(f) || f.agency === null;
  return {
    agency,
    clients: ofKind('client').filter(mine),
    staff: ofKind('staff').filter(mine),
    payrolls: ofKind('payroll'),
    meetings: ofKind('meeting').filter(reaching),
    newsletters: ofKind('newsletter').filter(reaching),
  };
}

/** The day a client stopped being followed: their death, or the last termination once every contract is terminated. */
export function endOf(client: ClientFacts): string | undefined {
  if (client.diedOn) return client.diedOn;
  const { contracts } = client;
  if (contracts.length === 0 || contracts.some((c) => !c.terminatedOn)) return undefined;
  return contracts.map((c) => c.terminatedOn!).sort().at(-1);
}

/**
 * A client counts for year Y when followed in Y (from the year of `since` to the year they
 * stopped, included), with the preferences in effect on 31 December of Y, or on the day they
 * stopped when that was in Y. Undefined when not followed in Y.
 */
export function preferencesFor(client: ClientFacts, year: number): Preferences | undefined {
  const end = endOf(client);
  if (yearOf(client.since) > year || (end !== undefined && yearOf(end) < year)) return undefined;
  return preferencesOn(client.preferences, end !== undefined && yearOf(end) === year ? end : `${year}-12-31`);
}

function trainingCost(staff: StaffFacts[], year: number): number {
  return sum(staff.flatMap((s) => s.trainings).filter((t) => inYear(year)(t.date)).map((t) => t.cost));
}

/** Training cost ÷ payroll; which declarations make the payroll is in `docs/indicators.md`. */
function payrollShare(f: Scoped, year: number): Measure {
  const declared = f.payrolls.filter((p) => p.year === year);
  if (f.agency !== undefined) return { numerator: trainingCost(f.staff, year), denominator: declared.find((p) => p.agency === f.agency)?.amount ?? null };
  const organisation = declared.find((p) => p.agency === null);
  if (organisation) return { numerator: trainingCost(f.staff, year), denominator: organisation.amount };
  const agencies = new Set(declared.map((p) => p.agency));
  if (agencies.size === 0) return { numerator: trainingCost(f.staff, year), denominator: null };
  return { numerator: trainingCost(f.staff.filter((s) => agencies.has(s.agency)), year), denominator: sum(declared.map((p) => p.amount)) };
}

const clientsWanting = (f: Scoped, year: number, wish: keyof Preferences) => f.clients.filter((c) => preferencesFor(c, year)?.[wish] === true);

const RULES: Record<IndicatorKey, (f: Scoped, year: number) => Measure> = {
  training_payroll_share: payrollShare,
  training_requests_satisfied: (f, year) =>
    share(
      f.staff.flatMap((s) => s.requests).filter((r) => inYear(year)(r.requestedAt)),
      (r) => r.fulfilledBy !== undefined,
    ),
  second_visit_done: (f, year) => share(clientsWanting(f, year, 'wantsSecondVisit'), (c) => count(c.visits, inYear(year)) >= 2),
  absences_known_one_month_ahead: (f, year) =>
    share(
      f.clients.flatMap((c) => c.absences).filter((a) => inYear(year)(a.from)),
      (a) => daysBetween(a.reportedOn, a.from) >= 30,
    ),
  replacement_proposed: (f, year) =>
    share(
      f.clients.flatMap((c) => c.replacementRequests).filter((r) => inYear(year)(r.requestedOn)),
      (r) => r.proposedOn !== undefined,
    ),
  field_staff_meetings: (f, year) => ({ numerator: count(f.meetings, (m) => m.meetingKind === 'field_staff' && inYear(year)(m.heldAt)), denominator: null }),
  newsletters_published: (f, year) => ({ numerator: count(f.newsletters, (n) => inYear(year)(n.publishedAt)), denominator: null }),
  birthday_cards_sent: (f, year) => share(clientsWanting(f, year, 'dependent'), (c) => c.cardYears.includes(year)),
};

/**
 * The years in which at least one fact of the scope is dated: the record covers them. In any
 * other year every indicator is no_data (a count is 0 only in a year on record).
 */
export function yearsOnRecord(f: Scoped): number[] {
  const dates = [
    ...f.clients.flatMap((c) => [
      c.since,
      ...[endOf(c)].filter((d) => d !== undefined),
      ...c.visits,
      ...c.absences.map((a) => a.from),
      ...c.replacementRequests.map((r) => r.requestedOn),
      ...c.preferences.changes.map((p) => p.effectiveFrom),
    ]),
    ...f.staff.flatMap((s) => [...s.requests.map((r) => r.requestedAt), ...s.trainings.map((t) => t.date), ...s.interviews]),
    ...f.meetings.filter((m) => m.meetingKind === 'field_staff').map((m) => m.heldAt),
    ...f.newsletters.map((n) => n.publishedAt),
  ];
  const years = new Set([
    ...dates.map(yearOf),
    ...f.clients.flatMap((c) => c.cardYears),
    ...f.payrolls.filter((p) => f.agency === undefined || p.agency === f.agency).map((p) => p.year),
  ]);
  return [...years].sort((a, b) => a - b);
}

/** One indicator's figure for a year: value, status against the target (a minimum); no_data off the record or without a denominator. */
function figure(key: IndicatorKey, f: Scoped, year: number, onRecord: boolean, objectiveOf: ObjectiveOf): IndicatorFigure {
  const { kind, label } = INDICATORS[key];
  const { target, owner } = objectiveOf(year, key);
  const { numerator, denominator } = RULES[key](f, year);
  const result = (value: number | null, status: IndicatorStatus): IndicatorFigure => ({ key, label, value, numerator, denominator, target, status, owner });
  if (!onRecord) return result(null, 'no_data');
  if (kind === 'count') return result(numerator, numerator >= target ? 'met' : 'not_met');
  if (!denominator) return result(null, 'no_data');
  const percent = (numerator * 100) / denominator;
  // Compared before rounding; the tolerance only absorbs binary floating point (1.8 % of a payroll is met at 1.8).
  return result(Math.round(percent * 100) / 100, percent + 1e-9 >= target ? 'met' : 'not_met');
}

/** `GET /indicators?year=&agency=`: the eight indicators of one year, for an agency or the whole organisation. */
export function indicatorsFor(facts: IndicatorFacts[], { year, agency }: { year: number; agency?: string }, objectiveOf: ObjectiveOf): IndicatorFigure[] {
  const f = scope(facts, agency);
  const onRecord = yearsOnRecord(f).includes(year);
  return INDICATOR_KEYS.map((key) => figure(key, f, year, onRecord, objectiveOf));
}

/** `GET /indicators/series`: one indicator in every year on record, leaving out the years where it has no data. */
export function seriesOf(facts: IndicatorFacts[], key: IndicatorKey, agency: string | undefined, objectiveOf: ObjectiveOf): SeriesPoint[] {
  const f = scope(facts, agency);
  return yearsOnRecord(f)
    .map((year) => ({ year, ...figure(key, f, year, true, objectiveOf) }))
    .filter((point) => point.status !== 'no_data')
    .map(({ year, value, numerator, denominator, status }) => ({ year, value, numerator, denominator, status }));
}

/** Objectives set for some years and indicators, over the catalogue's defaults. */
export function objectivesWithDefaults(set: { year: number; indicator: IndicatorKey; target: number; owner: string }[]): ObjectiveOf {
  const byKey = new Map(set.map((o) => [`${o.year}:${o.indicator}`, o]));
  return (year, key) => byKey.get(`${year}:${key}`) ?? INDICATORS[key];
}

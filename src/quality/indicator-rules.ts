import type { Preferences } from '../continuity/client-preferences.js';
import { yearOf } from '../shared/dates.js';
import { INDICATOR_KEYS, INDICATORS, type IndicatorKey } from './indicator-catalogue.js';
import { type ClientFacts, type IndicatorFacts, type PerYear, rowOf, type StaffFacts } from './indicator-facts.projector.js';

/**
 * The rule of each indicator, as `docs/indicators.md` states it: pure functions from the facts
 * of `indicators.v1` and the year's objectives to the figures `GET /indicators` answers.
 *
 * Every rule counts facts of one year and one scope, and a fact counts the same wherever it is
 * added up. So each fact's counts are added into the totals of its agency (`addToTotals`, kept by
 * the projection runner in `indicator-totals`), and a scope's figures are read from the totals:
 * an agency's own, plus the organisation-wide ones for meetings and newsletters; every totals
 * document for the organisation. `indicatorsFor(facts)` adds the facts up the same way.
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

/** What the rules count in a year, summed over facts. */
const METRICS = [
  /** Clients followed in the year who want a second visit (preferences in effect on 31 December, or on their last day), … */
  'secondVisitWanted',
  /** … and those of them visited twice or more in the year. */
  'secondVisitDone',
  /** Clients followed in the year who are dependent, … */
  'dependent',
  /** … and those of them sent a birthday card in the year. */
  'cardSent',
  /** Absences starting in the year, and those reported 30 days or more before. */
  'absences',
  'absencesAhead',
  /** Replacement requests made in the year, and those that got a proposal. */
  'replacements',
  'replacementsProposed',
  /** Training requests made in the year, and those a training fulfilled. */
  'trainingRequests',
  'trainingRequestsFulfilled',
  /** Cost of the year's trainings, in cents. */
  'trainingCents',
  /** Field-staff meetings held and newsletters published in the year. */
  'fieldStaffMeetings',
  'newsletters',
] as const;
type Metric = (typeof METRICS)[number];
export type YearCounts = Record<Metric, number>;

/** The totals of one agency (`agency:<name>`), or of the organisation-wide facts (`organisation`). */
export interface IndicatorTotals {
  _id: string;
  agency: string | null;
  years: PerYear<YearCounts>;
  /**
   * Clients followed with no end, counted in every year after their last dated fact with their
   * latest wishes: the year from which they count.
   */
  from: PerYear<{ secondVisitWanted: number; dependent: number }>;
  /** How many facts are dated in each year: a year is on record for a scope where one is. */
  dated: PerYear<{ n: number }>;
  /** The payroll declared for the year: 1 declaration (the latest) or none, in cents. */
  payroll: PerYear<{ n: number; cents: number }>;
}

export const totalsKeyOf = (agency: string | null): string => (agency === null ? 'organisation' : `agency:${agency}`);

const zero = (): YearCounts => ({
  secondVisitWanted: 0,
  secondVisitDone: 0,
  dependent: 0,
  cardSent: 0,
  absences: 0,
  absencesAhead: 0,
  replacements: 0,
  replacementsProposed: 0,
  trainingRequests: 0,
  trainingRequestsFulfilled: 0,
  trainingCents: 0,
  fieldStaffMeetings: 0,
  newsletters: 0,
});

/**
 * What one fact adds to its agency's totals, as counts by slot: `year * SLOTS + slot`, the slot
 * being a metric of the year, the clients counted from that year on, the year being dated by the
 * fact, or the year's payroll.
 */
type Contribution = Map<number, number>;
const SLOTS = 32;
const FROM_SECOND_VISIT = METRICS.length;
const FROM_DEPENDENT = FROM_SECOND_VISIT + 1;
const DATED = FROM_DEPENDENT + 1;
const PAYROLL_N = DATED + 1;
const PAYROLL_CENTS = PAYROLL_N + 1;
const METRIC_SLOT = Object.fromEntries(METRICS.map((metric, i) => [metric, i])) as Record<Metric, number>;

function add(into: Contribution, year: number, slot: number, by = 1): void {
  if (by === 0) return;
  const key = year * SLOTS + slot;
  into.set(key, (into.get(key) ?? 0) + by);
}
const date = (into: Contribution, year: number) => into.set(year * SLOTS + DATED, 1);

/** The day a client stopped being followed: their death, or the last termination once every contract is terminated. */
export function endOf(client: Pick<ClientFacts, 'diedOn' | 'contracts'>): string | undefined {
  if (client.diedOn) return client.diedOn;
  const { contracts } = client;
  if (contracts.length === 0 || contracts.some((c) => !c.terminatedOn)) return undefined;
  return contracts.map((c) => c.terminatedOn!).sort().at(-1);
}

/**
 * A client counts for year Y when followed in Y (from the year of `since` to the year they
 * stopped, included), with the preferences in effect on 31 December of Y, or on the day they
 * stopped when that was in Y: every change effective on or before that day, in the order recorded
 * (`preferencesOn`). A client not stopped counts in every year after the last one they have a
 * dated fact in, with their latest preferences: that tail is one entry (`from`).
 */
function clientContribution(c: ClientFacts, into: Contribution): void {
  const end = endOf(c);
  const first = yearOf(c.since);
  let lastDated = first;
  const dated = (year: number) => {
    date(into, year);
    if (year > lastDated) lastDated = year;
  };
  dated(first);
  if (end !== undefined) dated(yearOf(end));
  for (const { year } of c.visits) dated(year);
  for (const { year, n, ahead } of c.absences) {
    dated(year);
    add(into, year, METRIC_SLOT.absences, n);
    add(into, year, METRIC_SLOT.absencesAhead, ahead);
  }
  for (const { year, n, proposed } of c.replacements) {
    dated(year);
    add(into, year, METRIC_SLOT.replacements, n);
    add(into, year, METRIC_SLOT.replacementsProposed, proposed);
  }
  const { initial, changes } = c.preferences;
  for (const change of changes) dated(yearOf(change.effectiveFrom));
  for (const year of c.cardYears) dated(year);
  const last = end !== undefined ? yearOf(end) : lastDated;
  // The preferences on each year's last day, the changes taken in one pass (the days only grow).
  let current = initial;
  let next = 0;
  const on = (day: string): Preferences => {
    while (next < changes.length && changes[next].effectiveFrom <= day) {
      const { wantsSecondVisit, dependent } = changes[next];
      current = { wantsSecondVisit: wantsSecondVisit ?? current.wantsSecondVisit, dependent: dependent ?? current.dependent };
      next += 1;
    }
    return current;
  };
  for (let year = first; year <= last; year += 1) {
    const { wantsSecondVisit, dependent } = on(end !== undefined && yearOf(end) === year ? end : `${year}-12-31`);
    if (wantsSecondVisit) {
      add(into, year, METRIC_SLOT.secondVisitWanted);
      if ((rowOf(c.visits, year)?.n ?? 0) >= 2) add(into, year, METRIC_SLOT.secondVisitDone);
    }
    if (dependent) {
      add(into, year, METRIC_SLOT.dependent);
      if (c.cardYears.includes(year)) add(into, year, METRIC_SLOT.cardSent);
    }
  }
  if (end === undefined) {
    // Every change is dated on or before the last dated year: all of them are in effect after it.
    const { wantsSecondVisit, dependent } = on('9999-12-31');
    if (wantsSecondVisit) add(into, lastDated + 1, FROM_SECOND_VISIT);
    if (dependent) add(into, lastDated + 1, FROM_DEPENDENT);
  }
}

function staffContribution(s: StaffFacts, into: Contribution): void {
  for (const { year, n, fulfilled } of s.requests) {
    date(into, year);
    add(into, year, METRIC_SLOT.trainingRequests, n);
    add(into, year, METRIC_SLOT.trainingRequestsFulfilled, fulfilled);
  }
  for (const { year, cents } of s.trainings) {
    date(into, year);
    add(into, year, METRIC_SLOT.trainingCents, cents);
  }
  for (const year of s.interviewYears) date(into, year);
}

/** Facts as the runner holds them never change: what each counts for is computed once. */
const contributions = new WeakMap<IndicatorFacts, Contribution>();

function contributionOf(facts: IndicatorFacts): Contribution {
  let into = contributions.get(facts);
  if (into) return into;
  into = new Map();
  switch (facts.kind) {
    case 'client':
      clientContribution(facts, into);
      break;
    case 'staff':
      staffContribution(facts, into);
      break;
    case 'payroll':
      add(into, facts.year, PAYROLL_N);
      add(into, facts.year, PAYROLL_CENTS, Math.round(facts.amount * 100));
      break;
    case 'meeting':
      // Only field-staff meetings count, and only they date a year.
      if (facts.meetingKind === 'field_staff') {
        date(into, yearOf(facts.heldAt));
        add(into, yearOf(facts.heldAt), METRIC_SLOT.fieldStaffMeetings);
      }
      break;
    case 'newsletter':
      date(into, yearOf(facts.publishedAt));
      add(into, yearOf(facts.publishedAt), METRIC_SLOT.newsletters);
      break;
  }
  contributions.set(facts, into);
  return into;
}

/** What moving one fact changes, by slot: reused from one call to the next. */
const scratch: Contribution = new Map();

/**
 * `total` (null: none yet) with the fact `before` taken out and `after` counted in (either null):
 * `total` itself when both count the same, else a new document, whose entries that come back to
 * zero are left out (the same document whatever the order the facts were counted in).
 */
export function moveInTotals(total: IndicatorTotals | null, before: IndicatorFacts | null, after: IndicatorFacts | null): IndicatorTotals | null {
  const diff = scratch;
  diff.clear();
  if (after) for (const [key, n] of contributionOf(after)) diff.set(key, n);
  if (before) for (const [key, n] of contributionOf(before)) diff.set(key, (diff.get(key) ?? 0) - n);
  let changed = false;
  for (const n of diff.values()) if (n !== 0) changed = true;
  if (!changed) return total;
  const agency = (after ?? before)!.agency;
  const moved: IndicatorTotals = total ? { ...total } : { _id: totalsKeyOf(agency), agency, years: [], from: [], dated: [], payroll: [] };
  const copied: object[] = [];
  for (const [key, n] of diff) {
    if (n === 0) continue;
    const year = Math.floor(key / SLOTS);
    const slot = key - year * SLOTS;
    if (slot < METRICS.length) (rowIn(moved, 'years', year, copied) as YearCounts)[METRICS[slot]] += n;
    else if (slot === FROM_SECOND_VISIT) (rowIn(moved, 'from', year, copied) as { secondVisitWanted: number }).secondVisitWanted += n;
    else if (slot === FROM_DEPENDENT) (rowIn(moved, 'from', year, copied) as { dependent: number }).dependent += n;
    else if (slot === DATED) (rowIn(moved, 'dated', year, copied) as { n: number }).n += n;
    else if (slot === PAYROLL_N) (rowIn(moved, 'payroll', year, copied) as { n: number }).n += n;
    else (rowIn(moved, 'payroll', year, copied) as { cents: number }).cents += n;
  }
  // Rows back to zero go: the totals are the same whatever order the facts were counted in.
  for (const part of PARTS) {
    const rows = moved[part] as unknown as Record<string, number>[];
    if (copied.includes(rows) && rows.some(isZero)) (moved as unknown as Record<string, unknown>)[part] = rows.filter((row) => !isZero(row));
  }
  return moved;
}

const PARTS = ['years', 'from', 'dated', 'payroll'] as const;
type Part = (typeof PARTS)[number];
const EMPTY: Record<Part, () => Record<string, number>> = {
  years: zero,
  from: () => ({ secondVisitWanted: 0, dependent: 0 }),
  dated: () => ({ n: 0 }),
  payroll: () => ({ n: 0, cents: 0 }),
};

/** The row of `year` in a part of `moved`, the part and the row copied the first time (`copied`), the row made when missing. */
function rowIn(moved: IndicatorTotals, part: Part, year: number, copied: object[]): Record<string, number> {
  let rows = moved[part] as unknown as ({ year: number } & Record<string, number>)[];
  if (!copied.includes(rows)) {
    rows = rows.slice();
    copied.push(rows);
    (moved as unknown as Record<string, unknown>)[part] = rows;
  }
  let i = 0;
  while (i < rows.length && rows[i].year < year) i += 1;
  if (i === rows.length || rows[i].year !== year) {
    const row = EMPTY[part]() as { year: number } & Record<string, number>;
    rows.splice(i, 0, Object.assign({ year }, row));
    copied.push(rows[i]);
  } else if (!copied.includes(rows[i])) {
    rows[i] = { ...rows[i] };
    copied.push(rows[i]);
  }
  return rows[i];
}

function isZero(row: Record<string, number>): boolean {
  for (const key in row) if (key !== 'year' && row[key] !== 0) return false;
  return true;
}

/** The totals of the facts, per agency: what the runner keeps in `indicator-totals`. */
export function totalsOf(facts: IndicatorFacts[]): IndicatorTotals[] {
  const totals = new Map<string, IndicatorTotals>();
  for (const f of facts) {
    const key = totalsKeyOf(f.agency);
    const moved = moveInTotals(totals.get(key) ?? null, null, f);
    if (moved) totals.set(key, moved);
  }
  return [...totals.values()];
}

interface Measure {
  numerator: number;
  denominator: number | null;
}

/**
 * One scope's totals: an agency's clients, staff and own payroll, its meetings and newsletters
 * and the organisation-wide ones; or, for the organisation (agency undefined), everything.
 */
class Scope {
  /** The totals of the clients and staff in scope. */
  private readonly people: IndicatorTotals[];
  /** The totals whose meetings and newsletters are in scope. */
  private readonly reaching: IndicatorTotals[];

  constructor(
    private readonly all: IndicatorTotals[],
    readonly agency?: string,
  ) {
    this.people = agency === undefined ? all : all.filter((t) => t.agency === agency);
    this.reaching = agency === undefined ? all : all.filter((t) => t.agency === agency || t.agency === null);
  }

  private sum(totals: IndicatorTotals[], year: number, metric: Metric): number {
    let n = 0;
    for (const t of totals) n += rowOf(t.years, year)?.[metric] ?? 0;
    return n;
  }

  /** Clients and staff counts, with the clients counted from an earlier year on. */
  people_(year: number, metric: Metric): number {
    let n = this.sum(this.people, year, metric);
    if (metric === 'secondVisitWanted' || metric === 'dependent') {
      for (const t of this.people) for (const row of t.from) if (row.year <= year) n += row[metric];
    }
    return n;
  }

  reaching_(year: number, metric: Metric): number {
    return this.sum(this.reaching, year, metric);
  }

  /** The payroll declared for the year, by agency (null: the organisation's own declaration), in cents. */
  declared(year: number): Map<string | null, number> {
    const declared = new Map<string | null, number>();
    for (const t of this.all) {
      const row = rowOf(t.payroll, year);
      if (row?.n) declared.set(t.agency, row.cents);
    }
    return declared;
  }

  /** Training costs of the year of the staff of these agencies (all when undefined), in cents. */
  trainingCents(year: number, agencies?: Set<string | null>): number {
    return this.sum(agencies ? this.all.filter((t) => agencies.has(t.agency)) : this.people, year, 'trainingCents');
  }

  /**
   * The years in which at least one fact of the scope is dated: the record covers them. In any
   * other year every indicator is no_data (a count is 0 only in a year on record).
   */
  yearsOnRecord(): number[] {
    const years = new Set<number>();
    for (const t of this.reaching) for (const { year } of t.dated) years.add(year);
    for (const t of this.people) for (const { year } of t.payroll) years.add(year);
    return [...years].sort((a, b) => a - b);
  }
}

const share = (numerator: number, denominator: number): Measure => ({ numerator, denominator });
const euros = (cents: number) => cents / 100;

/** Training cost ÷ payroll; which declarations make the payroll is in `docs/indicators.md`. */
function payrollShare(s: Scope, year: number): Measure {
  const declared = s.declared(year);
  if (s.agency !== undefined) return { numerator: euros(s.trainingCents(year)), denominator: declared.has(s.agency) ? euros(declared.get(s.agency)!) : null };
  const organisation = declared.get(null);
  if (organisation !== undefined) return { numerator: euros(s.trainingCents(year)), denominator: euros(organisation) };
  if (declared.size === 0) return { numerator: euros(s.trainingCents(year)), denominator: null };
  let payroll = 0;
  for (const cents of declared.values()) payroll += cents;
  return { numerator: euros(s.trainingCents(year, new Set(declared.keys()))), denominator: euros(payroll) };
}

const RULES: Record<IndicatorKey, (s: Scope, year: number) => Measure> = {
  training_payroll_share: payrollShare,
  training_requests_satisfied: (s, year) => share(s.people_(year, 'trainingRequestsFulfilled'), s.people_(year, 'trainingRequests')),
  second_visit_done: (s, year) => share(s.people_(year, 'secondVisitDone'), s.people_(year, 'secondVisitWanted')),
  absences_known_one_month_ahead: (s, year) => share(s.people_(year, 'absencesAhead'), s.people_(year, 'absences')),
  replacement_proposed: (s, year) => share(s.people_(year, 'replacementsProposed'), s.people_(year, 'replacements')),
  field_staff_meetings: (s, year) => ({ numerator: s.reaching_(year, 'fieldStaffMeetings'), denominator: null }),
  newsletters_published: (s, year) => ({ numerator: s.reaching_(year, 'newsletters'), denominator: null }),
  birthday_cards_sent: (s, year) => share(s.people_(year, 'cardSent'), s.people_(year, 'dependent')),
};

/** One indicator's figure for a year: value, status against the target (a minimum); no_data off the record or without a denominator. */
function figure(key: IndicatorKey, s: Scope, year: number, onRecord: boolean, objectiveOf: ObjectiveOf): IndicatorFigure {
  const { kind, label } = INDICATORS[key];
  const { target, owner } = objectiveOf(year, key);
  const { numerator, denominator } = RULES[key](s, year);
  const result = (value: number | null, status: IndicatorStatus): IndicatorFigure => ({ key, label, value, numerator, denominator, target, status, owner });
  if (!onRecord) return result(null, 'no_data');
  if (kind === 'count') return result(numerator, numerator >= target ? 'met' : 'not_met');
  if (!denominator) return result(null, 'no_data');
  const percent = (numerator * 100) / denominator;
  // Compared before rounding; the tolerance only absorbs binary floating point (1.8 % of a payroll is met at 1.8).
  return result(Math.round(percent * 100) / 100, percent + 1e-9 >= target ? 'met' : 'not_met');
}

/** `GET /indicators?year=&agency=`: the eight indicators of one year, for an agency or the whole organisation, from the totals. */
export function indicatorsFromTotals(totals: IndicatorTotals[], { year, agency }: { year: number; agency?: string }, objectiveOf: ObjectiveOf): IndicatorFigure[] {
  const s = new Scope(totals, agency);
  const onRecord = s.yearsOnRecord().includes(year);
  return INDICATOR_KEYS.map((key) => figure(key, s, year, onRecord, objectiveOf));
}

/** `GET /indicators/series`: one indicator in every year on record, leaving out the years where it has no data. */
export function seriesFromTotals(totals: IndicatorTotals[], key: IndicatorKey, agency: string | undefined, objectiveOf: ObjectiveOf): SeriesPoint[] {
  const s = new Scope(totals, agency);
  return s
    .yearsOnRecord()
    .map((year) => ({ year, ...figure(key, s, year, true, objectiveOf) }))
    .filter((point) => point.status !== 'no_data')
    .map(({ year, value, numerator, denominator, status }) => ({ year, value, numerator, denominator, status }));
}

/** The eight indicators of one year computed from the facts themselves (what their totals give). */
export function indicatorsFor(facts: IndicatorFacts[], query: { year: number; agency?: string }, objectiveOf: ObjectiveOf): IndicatorFigure[] {
  return indicatorsFromTotals(totalsOf(facts), query, objectiveOf);
}

/** One indicator's series computed from the facts themselves. */
export function seriesOf(facts: IndicatorFacts[], key: IndicatorKey, agency: string | undefined, objectiveOf: ObjectiveOf): SeriesPoint[] {
  return seriesFromTotals(totalsOf(facts), key, agency, objectiveOf);
}

/** Objectives set for some years and indicators, over the catalogue's defaults. */
export function objectivesWithDefaults(set: { year: number; indicator: IndicatorKey; target: number; owner: string }[]): ObjectiveOf {
  const byKey = new Map(set.map((o) => [`${o.year}:${o.indicator}`, o]));
  return (year, key) => byKey.get(`${year}:${key}`) ?? INDICATORS[key];
}

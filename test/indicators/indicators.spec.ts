import type { EventMetadata } from '../../src/event-store/event-store.port.js';
import { INDICATOR_KEYS, type IndicatorKey } from '../../src/quality/indicator-catalogue.js';
import { type IndicatorFacts, indicatorFactsProjector } from '../../src/quality/indicator-facts.projector.js';
import { indicatorsFor, objectivesWithDefaults, seriesOf } from '../../src/quality/indicator-rules.js';
import type { DomainEvent } from '../../src/shared/decider.js';
import { project } from '../complaints/project.js';

/**
 * Every indicator on one dataset, two agencies (lyon, vienne) over 2025 and 2026, through the
 * projector and the rules, with the arithmetic worked out by hand next to each expectation.
 * The rules are those of docs/indicators.md.
 */
type Event = DomainEvent & { metadata?: Partial<EventMetadata> };

const aboutClient = (clientId: string, type: string, data: Record<string, unknown>, occurredAt = '2026-01-01'): Event => ({
  type,
  data: { clientId, ...data },
  metadata: { clientId, occurredAt },
});
const client = (clientId: string, agency: string, registeredOn: string, wants: { wantsSecondVisit: boolean; dependent: boolean }) =>
  aboutClient(clientId, 'ClientRegistered', { fullName: `Client ${clientId}`, address: 'x', agency, ...wants }, `${registeredOn}T10:00:00Z`);
const visit = (clientId: string, visitedAt: string) => aboutClient(clientId, 'FollowUpVisitRecorded', { visitId: `${clientId}-${visitedAt}`, visitedAt, by: 'RS' });
const card = (clientId: string, sentAt: string) => aboutClient(clientId, 'BirthdayCardSent', { sentAt, year: Number(sentAt.slice(0, 4)) });
const change = (clientId: string, kind: string, reportedAt: string, effectiveFrom: string) =>
  aboutClient(clientId, 'ChangeOfSituationReported', { changeId: `${clientId}-${kind}-${effectiveFrom}`, kind, channel: 'phone', reportedAt, effectiveFrom, urgent: false });
const preferences = (clientId: string, effectiveFrom: string, wants: { wantsSecondVisit?: boolean; dependent?: boolean }) =>
  aboutClient(clientId, 'ClientPreferencesChanged', { effectiveFrom, ...wants });
const replacement = (clientId: string, requestId: string, requestedAt: string) => aboutClient(clientId, 'ReplacementRequested', { requestId, requestedAt });
const proposal = (clientId: string, requestId: string, proposedAt: string) => aboutClient(clientId, 'ReplacementProposed', { requestId, proposedAt, replacementStaffId: 's-x' });
const contract = (clientId: string, contractId: string) => aboutClient(clientId, 'ContractDrafted', { contractId, service: 'household help', startDate: '2025-01-01' });
const termination = (clientId: string, contractId: string, effectiveAt: string) => aboutClient(clientId, 'ContractTerminated', { contractId, effectiveAt, reason: 'moved' });

const staff = (staffId: string, agency: string): Event => ({
  type: 'StaffMemberRegistered',
  data: { staffId, fullName: `Staff ${staffId}`, role: 'home_help', agency, qualified: false, hiredAt: '2019-01-01' },
});
const request = (staffId: string, requestId: string, requestedAt: string): Event => ({
  type: 'TrainingRequested',
  data: { staffId, requestId, topic: 'Bientraitance', requestedAt, origin: 'annual_interview' },
});
const training = (staffId: string, trainingId: string, date: string, cost: number, requestId?: string): Event => ({
  type: 'TrainingRecorded',
  data: { staffId, trainingId, title: 'Formation', date, hours: 7, cost, ...(requestId ? { requestId } : {}) },
});
const payroll = (year: number, amount: number, agency?: string): Event => ({ type: 'PayrollDeclared', data: { year, amount, ...(agency ? { agency } : {}) } });
const meeting = (meetingId: string, heldAt: string, kind: string, agency?: string): Event => ({
  type: 'QualityMeetingRecorded',
  data: { meetingId, heldAt, kind, participants: ['RQ'], decisions: [], complaintIds: [], actionIds: [], ...(agency ? { agency } : {}) },
});
const newsletter = (newsletterId: string, publishedAt: string, agency?: string): Event => ({
  type: 'NewsletterPublished',
  data: { newsletterId, publishedAt, title: 'Entre nous', ...(agency ? { agency } : {}) },
});

const wants = { wantsSecondVisit: true, dependent: true };
const dataset: Event[] = [
  // Staff. lyon: L1, L2; vienne: V1.
  staff('s-L1', 'lyon'),
  staff('s-L2', 'lyon'),
  staff('s-V1', 'vienne'),
  request('s-L1', 'r1', '2025-11-20'),
  training('s-L1', 't1', '2026-02-10', 420, 'r1'), // r1 of 2025 fulfilled the next year
  request('s-L1', 'r2', '2026-03-01'),
  training('s-L1', 't2', '2026-04-15', 600, 'r2'),
  request('s-L1', 'r3', '2026-10-01'), // never fulfilled
  training('s-L1', 't3', '2026-06-01', 780), // answers no request
  { type: 'AnnualInterviewRecorded', data: { staffId: 's-L1', interviewId: 'i1', heldAt: '2025-11-20', by: 'RS' } },
  request('s-L2', 'r4', '2026-05-01'),
  training('s-L2', 't4', '2026-05-20', 200, 'r4'),
  request('s-L2', 'r5', '2025-06-01'), // never fulfilled
  request('s-V1', 'r6', '2026-01-15'),
  training('s-V1', 't5', '2026-09-01', 1500, 'r6'),
  training('s-V1', 't6', '2025-05-05', 300),
  payroll(2026, 100_000, 'lyon'),
  payroll(2026, 40_000, 'vienne'),
  payroll(2026, 50_000, 'vienne'), // a redeclaration replaces the first one
  payroll(2025, 95_000, 'lyon'),

  // Clients of lyon.
  client('c-L1', 'lyon', '2025-01-10', wants),
  visit('c-L1', '2025-05-01'),
  visit('c-L1', '2026-03-01'),
  visit('c-L1', '2026-09-01'),
  card('c-L1', '2026-04-28'),
  change('c-L1', 'absence', '2025-05-01', '2025-08-01'), // 92 days ahead
  change('c-L1', 'absence', '2026-06-01', '2026-07-01'), // exactly 30 days ahead: known
  change('c-L1', 'absence', '2026-07-03', '2026-08-01'), // 29 days ahead: not known
  replacement('c-L1', 'rr1', '2026-07-01'),
  proposal('c-L1', 'rr1', '2026-07-02'),
  replacement('c-L1', 'rr2', '2026-12-30'),
  proposal('c-L1', 'rr2', '2027-01-04'), // proposed the next year: still a proposal for the 2026 request

  client('c-L2', 'lyon', '2025-02-01', { wantsSecondVisit: true, dependent: false }),
  visit('c-L2', '2025-03-01'),
  visit('c-L2', '2025-10-01'),
  visit('c-L2', '2026-02-01'),
  change('c-L2', 'absence', '2025-12-01T09:30:00+01:00', '2026-02-01'), // reported the year before: 62 days ahead
  change('c-L2', 'hospitalisation', '2026-03-01', '2026-03-01'), // not a planned absence
  preferences('c-L2', '2026-06-01', { wantsSecondVisit: false }), // stops wanting a second visit

  client('c-L3', 'lyon', '2026-01-05', wants),
  visit('c-L3', '2026-02-01'),
  visit('c-L3', '2026-04-01'),
  change('c-L3', 'death', '2026-05-11', '2026-05-10'),

  client('c-L4', 'lyon', '2025-01-01', { wantsSecondVisit: false, dependent: true }),
  contract('c-L4', 'k-L4'),
  card('c-L4', '2025-06-01'),
  termination('c-L4', 'k-L4', '2025-12-31'), // left at the end of 2025

  client('c-L5', 'lyon', '2026-01-20', { wantsSecondVisit: false, dependent: false }),
  preferences('c-L5', '2026-03-01', { wantsSecondVisit: true }),
  visit('c-L5', '2026-05-01'),
  replacement('c-L5', 'rr3', '2026-08-01'), // no proposal

  // A client of vienne.
  client('c-V1', 'vienne', '2026-02-01', wants),
  visit('c-V1', '2026-03-01'),
  visit('c-V1', '2026-03-15'),
  card('c-V1', '2026-07-01'),
  change('c-V1', 'absence', '2026-08-20', '2026-08-25'), // 5 days ahead
  replacement('c-V1', 'rr4', '2026-04-01'),
  proposal('c-V1', 'rr4', '2026-04-01'),

  // Meetings and newsletters.
  meeting('m1', '2026-03-15', 'field_staff', 'lyon'),
  meeting('m2', '2026-10-01', 'field_staff'), // organisation-wide: every agency
  meeting('m3', '2026-12-01', 'management_review'), // not a field-staff meeting
  meeting('m4', '2025-04-01', 'field_staff', 'vienne'),
  newsletter('n1', '2026-02-01'), // organisation-wide
  newsletter('n2', '2026-06-01', 'lyon'),
];

const factsOf = (events: Event[]): IndicatorFacts[] => [...project(indicatorFactsProjector, events).values()];
const facts = factsOf(dataset);
const defaults = objectivesWithDefaults([]);

type Figure = { numerator: number; denominator: number | null; value: number | null; status: string };
function figures(year: number, agency?: string, from = facts, objectives = defaults): Record<IndicatorKey, Figure> {
  const list = indicatorsFor(from, { year, agency }, objectives);
  return Object.fromEntries(list.map(({ key, numerator, denominator, value, status }) => [key, { numerator, denominator, value, status }])) as Record<IndicatorKey, Figure>;
}
const share = (numerator: number, denominator: number, value: number, status = 'not_met'): Figure => ({ numerator, denominator, value, status });
const tally = (count: number, status: string): Figure => ({ numerator: count, denominator: null, value: count, status });

describe('Indicators, computed by hand', () => {
  it('gives the eight keys in order, with label, target and the seed owner', () => {
    const list = indicatorsFor(facts, { year: 2026 }, defaults);
    // The keys of DESIGN.md, in the catalogue's order (test/http/indicators.http.spec.ts names each one).
    expect(list.map((i) => i.key)).toEqual([...INDICATOR_KEYS]);
    expect(list[0]).toMatchObject({ target: 1.8, owner: 'RS, RQ', label: expect.stringContaining('masse salariale') });
    expect(list.map((i) => i.target)).toEqual([1.8, 80, 100, 90, 100, 1, 2, 100]);
  });

  describe('training_payroll_share', () => {
    it('lyon 2026: t1 420 + t2 600 + t3 780 + t4 200 = 2 000 € ÷ 100 000 € = 2 % ≥ 1.8 %', () =>
      expect(figures(2026, 'lyon').training_payroll_share).toEqual(share(2000, 100_000, 2, 'met')));

    it('vienne 2026: t5 1 500 € ÷ 50 000 € (the redeclaration replaced 40 000 €) = 3 %', () =>
      expect(figures(2026, 'vienne').training_payroll_share).toEqual(share(1500, 50_000, 3, 'met')));

    it('organisation 2026 without an organisation-wide declaration: (2 000 + 1 500) ÷ (100 000 + 50 000) = 2.33 %', () =>
      expect(figures(2026).training_payroll_share).toEqual(share(3500, 150_000, 2.33, 'met')));

    it('organisation 2026 with an organisation-wide declaration of 200 000 €: 3 500 ÷ 200 000 = 1.75 % < 1.8 %', () => {
      const withOrganisation = factsOf([...dataset, payroll(2026, 200_000)]);
      expect(figures(2026, undefined, withOrganisation).training_payroll_share).toEqual(share(3500, 200_000, 1.75));
      // An agency never takes a share of the organisation's declaration.
      expect(figures(2026, 'lyon', withOrganisation).training_payroll_share).toEqual(share(2000, 100_000, 2, 'met'));
    });

    it('2025: lyon spent 0 € of 95 000 €; vienne spent 300 € but declared no payroll (no data)', () => {
      expect(figures(2025, 'lyon').training_payroll_share).toEqual(share(0, 95_000, 0));
      expect(figures(2025, 'vienne').training_payroll_share).toEqual({ numerator: 300, denominator: null, value: null, status: 'no_data' });
      // Organisation: only lyon declared, so only lyon's training counts: 0 ÷ 95 000.
      expect(figures(2025).training_payroll_share).toEqual(share(0, 95_000, 0));
    });

    it('meets 1.8 % exactly: 1 800 € ÷ 100 000 €', () => {
      const exact = factsOf([staff('s-X', 'x'), training('s-X', 'tx', '2026-03-01', 1800), payroll(2026, 100_000, 'x')]);
      expect(figures(2026, 'x', exact).training_payroll_share).toEqual(share(1800, 100_000, 1.8, 'met'));
    });
  });

  describe('training_requests_satisfied', () => {
    it('lyon 2026: r2 and r4 fulfilled, r3 not: 2 ÷ 3 = 66.67 %', () => expect(figures(2026, 'lyon').training_requests_satisfied).toEqual(share(2, 3, 66.67)));

    it('lyon 2025: r1, fulfilled the next year, counts as satisfied in 2025; r5 not: 1 ÷ 2 = 50 %', () =>
      expect(figures(2025, 'lyon').training_requests_satisfied).toEqual(share(1, 2, 50)));

    it('vienne: r6 fulfilled in 2026 (1 ÷ 1); no request in 2025 (no data)', () => {
      expect(figures(2026, 'vienne').training_requests_satisfied).toEqual(share(1, 1, 100, 'met'));
      expect(figures(2025, 'vienne').training_requests_satisfied).toEqual({ numerator: 0, denominator: 0, value: null, status: 'no_data' });
    });

    it('organisation 2026: r2, r4, r6 of r2, r3, r4, r6 = 3 ÷ 4 = 75 %', () => expect(figures(2026).training_requests_satisfied).toEqual(share(3, 4, 75)));
  });

  describe('second_visit_done', () => {
    it('lyon 2026: L1 (2 visits) and L3 (2 visits, then died, wanting one) of L1, L3, L5 (1 visit) = 2 ÷ 3; L2 stopped wanting, L4 left in 2025', () =>
      expect(figures(2026, 'lyon').second_visit_done).toEqual(share(2, 3, 66.67)));

    it('lyon 2025: L2, who still wanted one, had 2 visits; L1 had 1 = 1 ÷ 2 (L3 and L5 were not yet followed)', () =>
      expect(figures(2025, 'lyon').second_visit_done).toEqual(share(1, 2, 50)));

    it('vienne 2026: V1 had 2 visits = 1 ÷ 1; 2025: nobody followed (no data)', () => {
      expect(figures(2026, 'vienne').second_visit_done).toEqual(share(1, 1, 100, 'met'));
      expect(figures(2025, 'vienne').second_visit_done.status).toBe('no_data');
    });

    it('organisation 2026: (2 + 1) ÷ (3 + 1) = 75 %', () => expect(figures(2026).second_visit_done).toEqual(share(3, 4, 75)));
  });

  describe('absences_known_one_month_ahead', () => {
    it('lyon 2026: L1 in July (30 days ahead) and L2 in February (62 days, reported in 2025) known, L1 in August (29 days) not = 2 ÷ 3; the hospitalisation is left out', () =>
      expect(figures(2026, 'lyon').absences_known_one_month_ahead).toEqual(share(2, 3, 66.67)));

    it('vienne 2026: V1 reported 5 days ahead = 0 ÷ 1; organisation 2026: 2 ÷ 4; lyon 2025: 1 ÷ 1', () => {
      expect(figures(2026, 'vienne').absences_known_one_month_ahead).toEqual(share(0, 1, 0));
      expect(figures(2026).absences_known_one_month_ahead).toEqual(share(2, 4, 50));
      expect(figures(2025, 'lyon').absences_known_one_month_ahead).toEqual(share(1, 1, 100, 'met'));
    });
  });

  describe('replacement_proposed', () => {
    it('lyon 2026: rr1 and rr2 (proposed in January 2027) of rr1, rr2, rr3 = 2 ÷ 3', () =>
      expect(figures(2026, 'lyon').replacement_proposed).toEqual(share(2, 3, 66.67)));

    it('vienne 2026: 1 ÷ 1; organisation 2026: 3 ÷ 4', () => {
      expect(figures(2026, 'vienne').replacement_proposed).toEqual(share(1, 1, 100, 'met'));
      expect(figures(2026).replacement_proposed).toEqual(share(3, 4, 75));
    });
  });

  describe('field_staff_meetings', () => {
    it('2026: lyon m1 + m2 (organisation-wide) = 2; vienne m2 = 1; organisation m1, m2 = 2; the management review is not counted', () => {
      expect(figures(2026, 'lyon').field_staff_meetings).toEqual(tally(2, 'met'));
      expect(figures(2026, 'vienne').field_staff_meetings).toEqual(tally(1, 'met'));
      expect(figures(2026).field_staff_meetings).toEqual(tally(2, 'met'));
    });

    it('2025: vienne m4 = 1; lyon none although the year is on record = 0, not met', () => {
      expect(figures(2025, 'vienne').field_staff_meetings).toEqual(tally(1, 'met'));
      expect(figures(2025, 'lyon').field_staff_meetings).toEqual(tally(0, 'not_met'));
    });
  });

  describe('newsletters_published', () => {
    it('2026: lyon n1 (organisation-wide) + n2 = 2; vienne n1 = 1 < 2; organisation 2', () => {
      expect(figures(2026, 'lyon').newsletters_published).toEqual(tally(2, 'met'));
      expect(figures(2026, 'vienne').newsletters_published).toEqual(tally(1, 'not_met'));
      expect(figures(2026).newsletters_published).toEqual(tally(2, 'met'));
    });
  });

  describe('birthday_cards_sent', () => {
    it('lyon 2026: dependent L1 (card) and L3 (died, no card) = 1 ÷ 2; L4 left in 2025', () =>
      expect(figures(2026, 'lyon').birthday_cards_sent).toEqual(share(1, 2, 50)));

    it('lyon 2025: L4 (card, left at the end of the year) and L1 (no card in 2025) = 1 ÷ 2', () =>
      expect(figures(2025, 'lyon').birthday_cards_sent).toEqual(share(1, 2, 50)));

    it('vienne 2026: 1 ÷ 1; organisation 2026: (1 + 1) ÷ (2 + 1) = 66.67 %', () => {
      expect(figures(2026, 'vienne').birthday_cards_sent).toEqual(share(1, 1, 100, 'met'));
      expect(figures(2026).birthday_cards_sent).toEqual(share(2, 3, 66.67));
    });

    it('follows a client who becomes dependent during the year', () => {
      const becomes = factsOf([client('c-Z', 'z', '2026-01-02', { wantsSecondVisit: false, dependent: false }), preferences('c-Z', '2026-10-01', { dependent: true })]);
      expect(figures(2026, 'z', becomes).birthday_cards_sent).toEqual(share(0, 1, 0));
    });
  });

  describe('no data', () => {
    it('an empty record: every indicator is no_data, and no division by zero', () => {
      const empty = indicatorsFor([], { year: 2026 }, defaults);
      expect(empty.map((i) => i.status)).toEqual(Array(8).fill('no_data'));
      expect(empty.every((i) => i.value === null)).toBe(true);
    });

    it('a year not on record: 2024 for lyon, 2030 for the organisation', () => {
      expect(Object.values(figures(2024, 'lyon')).map((f) => f.status)).toEqual(Array(8).fill('no_data'));
      expect(Object.values(figures(2030)).every((f) => f.status === 'no_data' && f.value === null)).toBe(true);
    });

    it('an unknown agency gets only the organisation-wide meetings and newsletters', () => {
      const nowhere = figures(2026, 'nowhere');
      expect(nowhere.newsletters_published).toEqual(tally(1, 'not_met'));
      expect(nowhere.second_visit_done.status).toBe('no_data');
    });
  });

  describe('targets are data', () => {
    it('an objective set for a year changes the target, the owner and the status of that year only', () => {
      const objectives = objectivesWithDefaults([{ year: 2026, indicator: 'newsletters_published', target: 1, owner: 'Direction' }]);
      expect(indicatorsFor(facts, { year: 2026, agency: 'vienne' }, objectives).find((i) => i.key === 'newsletters_published')).toMatchObject({
        target: 1,
        owner: 'Direction',
        status: 'met',
      });
      expect(indicatorsFor(facts, { year: 2025, agency: 'vienne' }, objectives).find((i) => i.key === 'newsletters_published')).toMatchObject({ target: 2, owner: 'RQ, RS, Direction' });
    });
  });

  describe('series', () => {
    it('gives every year with data, each judged against its own year\'s target', () => {
      const objectives = objectivesWithDefaults([{ year: 2025, indicator: 'second_visit_done', target: 50, owner: 'RS' }]);
      expect(seriesOf(facts, 'second_visit_done', 'lyon', objectives)).toEqual([
        { year: 2025, numerator: 1, denominator: 2, value: 50, status: 'met' },
        { year: 2026, numerator: 2, denominator: 3, value: 66.67, status: 'not_met' },
      ]);
    });

    it('leaves out the years without data: vienne has no request in 2025', () =>
      expect(seriesOf(facts, 'training_requests_satisfied', 'vienne', defaults)).toEqual([{ year: 2026, numerator: 1, denominator: 1, value: 100, status: 'met' }]));

    it('counts are 0 in a year on record: vienne published no newsletter of its own in 2025', () =>
      expect(seriesOf(facts, 'newsletters_published', 'vienne', defaults)).toEqual([
        { year: 2025, numerator: 0, denominator: null, value: 0, status: 'not_met' },
        { year: 2026, numerator: 1, denominator: null, value: 1, status: 'not_met' },
      ]));

    it('is empty on an empty record', () => expect(seriesOf([], 'field_staff_meetings', undefined, defaults)).toEqual([]));
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.adapter.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import type { Projector } from '../../src/projections/projector.js';
import { INDICATOR_KEYS } from '../../src/quality/indicator-catalogue.js';
import { type IndicatorFacts, indicatorFactsProjector } from '../../src/quality/indicator-facts.projector.js';
import { type IndicatorTotals, indicatorsFor, indicatorsFromTotals, objectivesWithDefaults, seriesFromTotals, seriesOf, totalsOf } from '../../src/quality/indicator-rules.js';
import { EmbeddedReadStore } from '../../src/read-store/embedded-read-store.adapter.js';
import * as reference from './reference-v1.js';

/**
 * The facts are kept per year and the runner keeps their totals per agency; the figures are read
 * from the totals. They must be, for every year, scope and indicator, the figures the previous
 * rules computed from every dated fact (`reference-v1.ts`): checked on random records, awkward
 * cases included (requests proposed twice or never, trainings naming unknown requests, payroll
 * declared again, clients who die or whose contracts all end, preferences changed over the years),
 * and the totals the runner keeps event after event must be those of the final facts.
 */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const AGENCIES = ['lyon', 'vienne', 'nice'];

function randomRecord(seed: number, size: number): RecordedEvent[] {
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  const date = () => {
    const d = new Date(Date.UTC(2022, 0, 1) + Math.floor(rnd() * 5.5 * 365) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const instant = () => `${date()}T${String(Math.floor(rnd() * 24)).padStart(2, '0')}:15:00.000Z`;
  const cents = () => Math.round(rnd() * 200_000) / 100;
  const events: RecordedEvent[] = [];
  const add = (type: string, data: Record<string, unknown>, clientId?: string, occurredAt = date()) => {
    const position = events.length + 1;
    events.push({
      eventId: `e${position}`,
      streamId: `s-${type}-${position}`,
      revision: 0,
      position,
      type,
      schemaVersion: 1,
      data,
      metadata: { actor: { id: 't', role: 'integration' }, occurredAt, recordedAt: instant(), ...(clientId ? { clientId } : {}) },
    });
  };
  const clients: { id: string; requests: string[]; contracts: string[]; lastPreference: string }[] = [];
  const staff: { id: string; requests: string[] }[] = [];
  let n = 0;
  const next = () => `x${(n += 1)}`;
  for (let i = 0; i < size; i += 1) {
    const r = rnd();
    if (r < 0.08 || clients.length === 0) {
      const id = `c${next()}`;
      clients.push({ id, requests: [], contracts: [], lastPreference: '2021-01-01' });
      add('ClientRegistered', { clientId: id, fullName: 'x', address: 'x', agency: pick(AGENCIES), wantsSecondVisit: chance(0.6), dependent: chance(0.5) }, id, instant());
    } else if (r < 0.6) {
      const c = pick(clients);
      const kind = rnd();
      if (kind < 0.2) add('FollowUpVisitRecorded', { clientId: c.id, visitId: next(), visitedAt: date(), by: 'RS' }, c.id);
      else if (kind < 0.3) {
        const sentAt = date();
        add('BirthdayCardSent', { clientId: c.id, sentAt, year: Number(sentAt.slice(0, 4)) }, c.id);
      } else if (kind < 0.4) {
        // Recorded in the order they take effect, mostly; now and then one out of order.
        const effectiveFrom = chance(0.85) ? (c.lastPreference = [c.lastPreference, date()].sort()[1]) : date();
        add('ClientPreferencesChanged', { clientId: c.id, effectiveFrom, ...(chance(0.7) ? { wantsSecondVisit: chance(0.5) } : {}), ...(chance(0.7) ? { dependent: chance(0.5) } : { dependent: true }) }, c.id);
      } else if (kind < 0.55) {
        const changeKind = pick(['absence', 'absence', 'absence', 'hospitalisation', 'other', 'death']);
        add('ChangeOfSituationReported', { clientId: c.id, changeId: next(), kind: changeKind, channel: 'phone', reportedAt: instant(), effectiveFrom: date(), urgent: false }, c.id);
      } else if (kind < 0.65) {
        const requestId = next();
        c.requests.push(requestId);
        add('ReplacementRequested', { clientId: c.id, requestId, requestedAt: chance(0.5) ? instant() : date() }, c.id);
      } else if (kind < 0.75) {
        const requestId = c.requests.length && chance(0.9) ? pick(c.requests) : 'unknown';
        add('ReplacementProposed', { clientId: c.id, requestId, proposedAt: instant(), replacementStaffId: 's' }, c.id);
      } else if (kind < 0.88) {
        const contractId = next();
        c.contracts.push(contractId);
        add('ContractDrafted', { contractId, clientId: c.id, service: 'x', startDate: date() }, c.id);
      } else if (c.contracts.length) add('ContractTerminated', { contractId: pick(c.contracts), effectiveAt: date(), reason: 'x' }, c.id);
    } else if (r < 0.63 || staff.length === 0) {
      const id = `s${next()}`;
      staff.push({ id, requests: [] });
      add('StaffMemberRegistered', { staffId: id, fullName: 'x', role: 'x', agency: pick(AGENCIES), qualified: true, hiredAt: date() });
    } else if (r < 0.85) {
      const s = pick(staff);
      const kind = rnd();
      if (kind < 0.35) {
        const requestId = next();
        s.requests.push(requestId);
        add('TrainingRequested', { staffId: s.id, requestId, topic: 'x', requestedAt: date(), origin: 'annual_interview' });
      } else if (kind < 0.8) {
        const requestId = s.requests.length && chance(0.6) ? pick(s.requests) : chance(0.5) ? 'unknown' : undefined;
        add('TrainingRecorded', { staffId: s.id, trainingId: next(), title: 'x', date: date(), hours: 7, cost: cents(), ...(requestId ? { requestId } : {}) });
      } else add('AnnualInterviewRecorded', { staffId: s.id, interviewId: next(), heldAt: date(), by: 'x' });
    } else if (r < 0.9) {
      add('PayrollDeclared', { year: 2022 + Math.floor(rnd() * 6), ...(chance(0.7) ? { agency: pick(AGENCIES) } : {}), amount: Math.round(rnd() * 30_000_000) / 100 + 1 });
    } else if (r < 0.95) {
      add('QualityMeetingRecorded', { meetingId: next(), heldAt: date(), kind: pick(['field_staff', 'field_staff', 'management_review']), participants: [], ...(chance(0.6) ? { agency: pick(AGENCIES) } : {}) });
    } else add('NewsletterPublished', { newsletterId: next(), publishedAt: date(), title: 'x', ...(chance(0.5) ? { agency: pick(AGENCIES) } : {}) });
  }
  return events;
}

/** The documents a projector holds after the events, folded in memory as the runner applies them. */
function folded<D extends { _id: string }>(projector: Projector<D>, events: RecordedEvent[]): D[] {
  const handles = new Set(projector.handles as string[]);
  const docs = new Map<string, D>();
  for (const event of events) {
    if (!handles.has(event.type)) continue;
    for (const id of projector.documentIds(event)) {
      const next = projector.evolve(docs.get(id) ?? null, event);
      if (next) docs.set(id, next);
      else docs.delete(id);
    }
  }
  return [...docs.values()];
}

const objectives = objectivesWithDefaults([
  { year: 2024, indicator: 'second_visit_done', target: 50, owner: 'RS' },
  { year: 2025, indicator: 'newsletters_published', target: 1, owner: 'RQ' },
]);
const scopes = [undefined, ...AGENCIES, 'nowhere'];
const years = [2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2030];

describe('Indicators from totals per agency', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('give the figures of the previous rules on a random record (seed %i)', (seed) => {
    const events = randomRecord(seed, 400);
    const before = folded(reference.referenceFactsProjector, events);
    const facts = folded(indicatorFactsProjector as Projector<IndicatorFacts>, events);
    for (const agency of scopes) {
      for (const year of years) {
        expect([agency, year, indicatorsFor(facts, { year, agency }, objectives)]).toEqual([agency, year, reference.indicatorsFor(before, { year, agency }, objectives)]);
      }
      for (const key of INDICATOR_KEYS) expect([agency, key, seriesOf(facts, key, agency, objectives)]).toEqual([agency, key, reference.seriesOf(before, key, agency, objectives)]);
    }
  });

  it('are kept by the runner event after event as the final facts total up, through restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qualirec-totals-'));
    const events = new SqliteEventStore(join(dir, 'events.db'));
    const reads = new EmbeddedReadStore(join(dir, 'read-models.db'));
    try {
      const record = randomRecord(99, 3000);
      const asNew = (e: RecordedEvent): NewEvent => ({ eventId: `${e.eventId}-x`, type: e.type, schemaVersion: 1, data: e.data, metadata: e.metadata });
      // Half the record, projected; then the rest, projected by a runner started again.
      await Promise.all(record.slice(0, 1500).map((e) => events.appendToStream(`s-${e.position}`, [asNew(e)])));
      const first = new ProjectionRunner(events, reads, [indicatorFactsProjector]);
      await first.runToHead();
      await Promise.all(record.slice(1500).map((e) => events.appendToStream(`s-${e.position}`, [asNew(e)])));
      const second = new ProjectionRunner(events, reads, [indicatorFactsProjector]);
      await second.runToHead();
      expect(second.status()[0]).toMatchObject({ status: 'running', position: record.length });
      const stored = (await reads.find(indicatorFactsProjector.totals!.collection, {}, { sort: { _id: 1 } })) as unknown as (IndicatorTotals & { _position?: number })[];
      const facts = (await reads.find(indicatorFactsProjector.collection)) as unknown as IndicatorFacts[];
      const expected = totalsOf(facts.map(({ _position: _p, ...f }: IndicatorFacts & { _position?: number }) => f as IndicatorFacts)).sort((a, b) => a._id.localeCompare(b._id));
      expect(stored.map(({ _position: _p, ...t }) => t)).toEqual(expected);
      const before = folded(reference.referenceFactsProjector, record);
      for (const agency of scopes) {
        for (const year of years) expect(indicatorsFromTotals(stored, { year, agency }, objectives)).toEqual(reference.indicatorsFor(before, { year, agency }, objectives));
        expect(seriesFromTotals(stored, 'second_visit_done', agency, objectives)).toEqual(reference.seriesOf(before, 'second_visit_done', agency, objectives));
      }
    } finally {
      await reads.dispose();
      await events.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

import { dueResumptions, effectsOfChange } from '../../src/continuity/change-of-situation.effects.js';
import type { ChangeOfSituationReported } from '../../src/continuity/client.events.js';

const base = { clientId: 'c-1', changeId: 'ch-1', channel: 'phone' as const, reportedAt: '2026-03-02', urgent: true };
const contracts = [
  { contractId: 'k-signed', status: 'signed' as const },
  { contractId: 'k-suspended', status: 'suspended' as const },
  { contractId: 'k-draft', status: 'draft' as const },
  { contractId: 'k-ended', status: 'terminated' as const },
];
const change = (data: Partial<ChangeOfSituationReported['data']>): ChangeOfSituationReported['data'] => ({ ...base, kind: 'other', effectiveFrom: '2026-03-03', ...data });

describe('Effects of a change of situation (continuity saga)', () => {
  it('given a death, terminates every contract not yet ended, for death, on the day it took effect', () => {
    expect(effectsOfChange(change({ kind: 'death', effectiveFrom: '2026-03-01' }), contracts)).toEqual(
      ['k-signed', 'k-suspended', 'k-draft'].map((contractId) => ({
        key: `terminate:${contractId}`,
        target: 'contract',
        command: { type: 'TerminateContract', contractId, effectiveAt: '2026-03-01', reason: 'death' },
      })),
    );
  });

  it('given a hospitalisation, suspends the running contracts for the period, naming the change', () => {
    expect(effectsOfChange(change({ kind: 'hospitalisation', effectiveUntil: '2026-03-20' }), contracts)).toEqual([
      {
        key: 'suspend:k-signed',
        target: 'contract',
        command: { type: 'SuspendContract', contractId: 'k-signed', from: '2026-03-03', until: '2026-03-20', reason: 'hospitalisation', changeId: 'ch-1' },
      },
    ]);
  });

  it('given an absence, suspends only when the client asked for it', () => {
    expect(effectsOfChange(change({ kind: 'absence', effectiveUntil: '2026-08-20' }), contracts)).toEqual([]);
    expect(effectsOfChange(change({ kind: 'absence', effectiveUntil: '2026-08-20', suspendService: true }), contracts)).toHaveLength(1);
  });

  it('given a hospitalisation with no known end, suspends without an end', () => {
    const [effect] = effectsOfChange(change({ kind: 'hospitalisation' }), contracts);
    expect(effect.command).not.toHaveProperty('until');
  });

  it('given a move, updates the client file', () => {
    expect(effectsOfChange(change({ kind: 'address_change', newAddress: '1 quai Perrache, Lyon', effectiveFrom: '2026-06-01' }), contracts)).toEqual([
      { key: 'address', target: 'client', command: { type: 'ChangeClientAddress', clientId: 'c-1', changeId: 'ch-1', newAddress: '1 quai Perrache, Lyon', effectiveFrom: '2026-06-01' } },
    ]);
  });

  it('given other changes, does nothing by itself', () => {
    for (const kind of ['needs_change', 'school_entry', 'other'] as const) expect(effectsOfChange(change({ kind }), contracts)).toEqual([]);
  });

  it('decides the same effects each time the change is delivered, so their command ids are the same', () => {
    const once = effectsOfChange(change({ kind: 'death' }), contracts);
    expect(effectsOfChange(change({ kind: 'death' }), contracts)).toEqual(once);
  });

  describe('resumptions at the end of a known period', () => {
    const suspended = [
      { contractId: 'k-1', status: 'suspended' as const, suspension: { until: '2026-03-20', changeId: 'ch-1', causationId: 'ev-1' } },
      { contractId: 'k-2', status: 'suspended' as const, suspension: { until: '2026-04-30', changeId: 'ch-2' } },
      { contractId: 'k-3', status: 'suspended' as const, suspension: { changeId: 'ch-3' } },
      { contractId: 'k-4', status: 'suspended' as const, suspension: { until: '2026-03-01' } },
    ];

    it('resumes on its end date a contract a change suspended, once that date has come', () => {
      expect(dueResumptions(suspended, '2026-03-20')).toEqual([
        { key: 'resume:k-1:ch-1', causationId: 'ev-1', target: 'contract', command: { type: 'ResumeContract', contractId: 'k-1', at: '2026-03-20' } },
      ]);
    });

    it('leaves suspensions with no known end, and those not caused by a change, to people', () => {
      expect(dueResumptions(suspended, '2027-01-01').map((e) => e.key)).toEqual(['resume:k-1:ch-1', 'resume:k-2:ch-2']);
    });
  });
});

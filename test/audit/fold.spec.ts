import { clientStateOf, earliestBusinessDate, recordedBy, trueOn } from '../../src/audit/client-state.js';
import { fold } from '../../src/audit/fold.js';
import { clientFileProjector } from '../../src/continuity/client-file.projector.js';
import { contractStatusProjector } from '../../src/contracts/contract-status.projector.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projector } from '../../src/projections/projector.js';

/** A client's history as the log would return it: positions in commit order, revisions per stream. */
function history(facts: { type: string; streamId: string; data: Record<string, unknown>; occurredAt: string; recordedAt: string }[]): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return facts.map(({ type, streamId, data, occurredAt, recordedAt }, index) => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    return {
      eventId: `e-${index}`,
      type,
      schemaVersion: 1,
      data,
      metadata: { clientId: 'c-1', actor: { id: 'test', role: 'integration' }, occurredAt, recordedAt },
      streamId,
      revision,
      position: (index + 1) * 10,
    };
  });
}

const registered = {
  type: 'ClientRegistered',
  streamId: 'client-c-1',
  data: { clientId: 'c-1', fullName: 'Jeanne Martin', address: 'Lyon', agency: 'lyon', dependent: true, wantsSecondVisit: false },
  occurredAt: '2026-03-01T08:00:00.000Z',
  recordedAt: '2026-03-01T08:00:00.000Z',
};
const contract = (type: string, data: Record<string, unknown>, occurredAt: string, recordedAt: string) => ({
  type,
  streamId: 'contract-k-1',
  data: { contractId: 'k-1', ...data },
  occurredAt,
  recordedAt,
});
const drafted = contract(
  'ContractDrafted',
  { clientId: 'c-1', agency: 'lyon', service: 'household help', schedule: [], startDate: '2026-04-01', tacitRenewal: true, paymentMode: 'cheque' },
  '2026-04-01',
  '2026-03-01T09:00:00.000Z',
);
const validated = contract('ContractValidated', { validatedAt: '2026-03-02', validatedBy: 'rq' }, '2026-03-02', '2026-03-02T09:00:00.000Z');
const signed = contract('ContractSigned', { signedAt: '2026-03-05', signedBy: 'Jeanne Martin' }, '2026-03-05', '2026-03-05T09:00:00.000Z');
const terminated = contract('ContractTerminated', { effectiveAt: '2026-09-30', reason: 'client_request' }, '2026-09-30', '2026-03-06T09:00:00.000Z');
const events = history([registered, drafted, validated, signed, terminated]);

describe('fold: the projectors in memory', () => {
  it('gives each projector only the events it handles, on the documents they name, as the runner would', () => {
    const { clients, contracts } = fold({ clients: clientFileProjector, contracts: contractStatusProjector }, events);
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({ _id: 'c-1', status: 'former', contracts: [{ contractId: 'k-1', status: 'terminated' }] });
    expect(contracts).toHaveLength(1);
    expect(contracts[0]).toMatchObject({ _id: 'k-1', status: 'terminated', revision: 3, signature: { at: '2026-03-05' } });
    expect(contracts[0]).not.toHaveProperty('_position');
  });

  it('is pure: the same events fold to the same documents, and the events are left as they were', () => {
    const copy = structuredClone(events);
    const first = fold({ contracts: contractStatusProjector }, events);
    expect(fold({ contracts: contractStatusProjector }, events)).toEqual(first);
    expect(events).toEqual(copy);
  });

  it('gives no documents for no events, and removes a document its projector evolves to null', () => {
    expect(fold({ contracts: contractStatusProjector }, [])).toEqual({ contracts: [] });
    const forgetting: Projector<{ _id: string; n: number }> = {
      name: 't',
      collection: 't',
      handles: ['ContractDrafted', 'ContractTerminated'],
      documentIds: (event) => [String(event.data.contractId)],
      evolve: (doc, event) => (event.type === 'ContractTerminated' ? null : { _id: String(event.data.contractId), n: (doc?.n ?? 0) + 1 }),
    };
    expect(fold({ t: forgetting }, events.slice(0, 4)).t).toEqual([{ _id: 'k-1', n: 1 }]);
    expect(fold({ t: forgetting }, events).t).toEqual([]);
  });

  it('lets a projector that refuses an event make the fold throw, rather than guess', () => {
    expect(() => fold({ contracts: contractStatusProjector }, events.slice(2))).toThrow(/no draft/);
  });
});

describe('the views of a client history', () => {
  it('as recorded at an instant: the history up to the last event recorded at or before it', () => {
    expect(recordedBy(events, '2026-02-28T23:59:59Z')).toEqual([]);
    expect(recordedBy(events, '2026-03-01T09:00:00.000Z').map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted']);
    // An instant with an offset is the same instant.
    expect(recordedBy(events, '2026-03-05T10:30:00+02:00').map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted', 'ContractValidated']);
    expect(recordedBy(events, '2030-01-01T00:00:00Z')).toHaveLength(5);
  });

  it('as recorded: a prefix of the commit order, even when a clock stamped an event a little early', () => {
    const skewed = history([registered, { ...drafted, recordedAt: '2026-03-01T09:00:00.500Z' }, { ...validated, recordedAt: '2026-03-01T09:00:00.400Z' }]);
    expect(recordedBy(skewed, '2026-03-01T09:00:00.450Z').map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted', 'ContractValidated']);
  });

  it('as true on a date: facts dated on or before it, the termination dated later left out', () => {
    expect(trueOn(events, '2026-03-05').map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted', 'ContractValidated', 'ContractSigned']);
    expect(trueOn(events, '2026-09-30').map((e) => e.type)).toContain('ContractTerminated');
  });

  it('as true on a date: an aggregate exists from its earliest dated fact', () => {
    // The draft is dated on the contract's start (04-01), its validation on 03-02: on 03-03 the contract exists and is validated.
    expect(trueOn(events, '2026-03-03').map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted', 'ContractValidated']);
    // The registration is dated when it was recorded; a fact about the client dated earlier brings it forward.
    const late = history([{ ...registered, occurredAt: '2026-05-01T08:00:00.000Z' }, drafted, validated]);
    expect(trueOn(late, '2026-03-02').map((e) => e.type)).toEqual(['ClientRegistered', 'ContractDrafted', 'ContractValidated']);
    expect(trueOn(late, '2026-03-01')).toEqual([]);
    expect(earliestBusinessDate(late)).toBe('2026-03-02');
  });

  it('builds the state: client file, contracts, open changes and complaints, without bookkeeping fields', () => {
    const change = {
      type: 'ChangeOfSituationReported',
      streamId: 'client-c-1',
      data: { clientId: 'c-1', changeId: 'ch-1', kind: 'absence', channel: 'phone', reportedAt: '2026-03-04', effectiveFrom: '2026-03-10', urgent: false },
      occurredAt: '2026-03-04',
      recordedAt: '2026-03-04T09:00:00.000Z',
    };
    const withChange = history([registered, drafted, validated, change, signed]);
    const state = clientStateOf('c-1', { at: '2026-03-04T12:00:00Z' }, recordedBy(withChange, '2026-03-04T12:00:00Z'))!;
    expect(state).toMatchObject({
      clientId: 'c-1',
      at: '2026-03-04T12:00:00Z',
      asOfPosition: 40,
      client: { clientId: 'c-1', status: 'prospect', openChanges: ['ch-1'] },
      contracts: [{ contractId: 'k-1', status: 'validated' }],
      openChanges: [{ changeId: 'ch-1', kind: 'absence' }],
      complaints: [],
    });
    expect(state.client).not.toHaveProperty('_id');
    expect(state.contracts[0]).not.toHaveProperty('_id');
    expect(clientStateOf('c-2', { at: '2026-03-04T12:00:00Z' }, withChange)).toBeUndefined();
  });
});

import type { ClientFileDocument } from '../../src/continuity/client-file.projector.js';
import { clientAlerts, nextBirthday } from '../../src/continuity/continuity.alerts.js';
import { contractAlerts } from '../../src/contracts/contract.alerts.js';
import type { ContractDocument } from '../../src/contracts/contract-status.projector.js';

const thresholds = {
  changeAckWorkingDays: 1,
  replacementWorkingDays: 2,
  birthdayDays: 14,
  contractValidationDays: 7,
  contractSignatureDays: 15,
  contractEndingDays: 60,
};

const file = (overrides: Partial<ClientFileDocument> = {}): ClientFileDocument => ({
  _id: 'c-1',
  clientId: 'c-1',
  fullName: 'Jeanne Martin',
  address: 'Lyon',
  agency: 'lyon',
  dependent: false,
  wantsSecondVisit: false,
  status: 'active',
  registeredAt: '2025-01-01T00:00:00Z',
  contracts: [],
  changes: [],
  openChanges: [],
  absences: [],
  visits: [],
  birthdayCardYears: [],
  replacementRequests: [],
  updatedAt: '2025-01-01T00:00:00Z',
  ...overrides,
});

describe('Continuity alerts', () => {
  it('a change not acknowledged is due one working day after its report (Friday → Monday)', () => {
    const f = file({ changes: [{ changeId: 'ch-1', kind: 'absence', channel: 'voicemail', reportedAt: '2026-03-06T18:00:00Z', effectiveFrom: '2026-04-10', urgent: false }] });
    expect(clientAlerts(f, '2026-03-09', thresholds)).toEqual([
      { kind: 'change_not_acknowledged', agency: 'lyon', ids: { clientId: 'c-1', changeId: 'ch-1' }, since: '2026-03-06', due: '2026-03-09', overdue: false },
    ]);
    expect(clientAlerts(f, '2026-03-10', thresholds)[0].overdue).toBe(true);
    const acknowledged = file({ changes: [{ ...f.changes[0], acknowledgedAt: '2026-03-09' }] });
    expect(clientAlerts(acknowledged, '2026-03-10', thresholds)).toEqual([]);
  });

  it('a replacement request without proposal is due two working days after it', () => {
    const f = file({ replacementRequests: [{ requestId: 'r-1', requestedAt: '2026-05-07' }] });
    expect(clientAlerts(f, '2026-05-07', thresholds)).toMatchObject([{ kind: 'replacement_without_proposal', since: '2026-05-07', due: '2026-05-11' }]);
    expect(clientAlerts(file({ replacementRequests: [{ requestId: 'r-1', requestedAt: '2026-05-07', proposedAt: '2026-05-08' }] }), '2026-05-07', thresholds)).toEqual([]);
  });

  it('a client wanting a second visit is flagged until two visits this year', () => {
    const visits = [{ visitId: 'v-0', visitedAt: '2025-11-02', by: 'x' }, { visitId: 'v-1', visitedAt: '2026-02-02', by: 'x' }];
    expect(clientAlerts(file({ wantsSecondVisit: true, visits }), '2026-06-01', thresholds)).toMatchObject([
      { kind: 'second_visit_due', since: '2026-01-01', due: '2026-12-31', overdue: false },
    ]);
    const twice = [...visits, { visitId: 'v-2', visitedAt: '2026-05-30', by: 'x' }];
    expect(clientAlerts(file({ wantsSecondVisit: true, visits: twice }), '2026-06-01', thresholds)).toEqual([]);
  });

  it('a dependent client is flagged 14 days before a birthday with no card this year', () => {
    const f = file({ dependent: true, birthDate: '1941-05-02' });
    expect(clientAlerts(f, '2026-04-17', thresholds)).toEqual([]);
    expect(clientAlerts(f, '2026-04-18', thresholds)).toMatchObject([{ kind: 'birthday_card_due', since: '2026-04-18', due: '2026-05-02', overdue: false }]);
    expect(clientAlerts(file({ dependent: true, birthDate: '1941-05-02', birthdayCardYears: [2026] }), '2026-04-20', thresholds)).toEqual([]);
    expect(clientAlerts(file({ dependent: false, birthDate: '1941-05-02' }), '2026-04-20', thresholds)).toEqual([]);
  });

  it('knows the next birthday across the new year and for 29 February', () => {
    expect(nextBirthday('1940-01-05', '2026-12-28')).toBe('2027-01-05');
    expect(nextBirthday('1940-02-29', '2026-02-01')).toBe('2026-02-28');
    expect(nextBirthday('1940-02-29', '2028-02-01')).toBe('2028-02-29');
  });

  it('a deceased client raises no visit or birthday alert', () => {
    expect(clientAlerts(file({ status: 'deceased', wantsSecondVisit: true, dependent: true, birthDate: '1941-05-02' }), '2026-04-20', thresholds)).toEqual([]);
  });
});

describe('Contract alerts', () => {
  const contract = (overrides: Partial<ContractDocument>): ContractDocument => ({
    _id: 'k-1',
    contractId: 'k-1',
    clientId: 'c-1',
    agency: 'lyon',
    service: 'help',
    schedule: [],
    startDate: '2026-01-01',
    tacitRenewal: false,
    paymentMode: 'cheque',
    status: 'draft',
    amendments: [],
    draftedAt: '2026-01-10T09:00:00Z',
    revision: 0,
    updatedAt: '2026-01-10T09:00:00Z',
    ...overrides,
  });

  it('a draft is due for validation within 7 days of being drafted', () => {
    expect(contractAlerts(contract({}), '2026-01-12', thresholds)).toEqual([
      { kind: 'contract_not_validated', agency: 'lyon', ids: { contractId: 'k-1', clientId: 'c-1' }, since: '2026-01-10', due: '2026-01-17', overdue: false },
    ]);
  });

  it('a validated contract is due for signature within 15 days of its validation', () => {
    expect(contractAlerts(contract({ status: 'validated', validation: { at: '2026-01-12', by: 'rq' } }), '2026-01-28', thresholds)).toMatchObject([
      { kind: 'contract_not_signed', since: '2026-01-12', due: '2026-01-27', overdue: true },
    ]);
  });

  it('a running contract ending within 60 days is flagged, as ending or up for tacit renewal', () => {
    expect(contractAlerts(contract({ status: 'signed', endDate: '2026-06-30' }), '2026-04-30', thresholds)).toEqual([]);
    expect(contractAlerts(contract({ status: 'signed', endDate: '2026-06-30' }), '2026-05-01', thresholds)).toMatchObject([
      { kind: 'contract_ending', since: '2026-05-01', due: '2026-06-30' },
    ]);
    expect(contractAlerts(contract({ status: 'suspended', endDate: '2026-06-30', tacitRenewal: true }), '2026-06-01', thresholds)).toMatchObject([
      { kind: 'contract_up_for_renewal' },
    ]);
    expect(contractAlerts(contract({ status: 'terminated', endDate: '2026-06-30' }), '2026-06-01', thresholds)).toEqual([]);
  });
});

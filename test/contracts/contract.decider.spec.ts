import { contractDecider } from '../../src/contracts/contract.decider.js';
import type { ContractEvent } from '../../src/contracts/contract.events.js';
import { specification } from '../support/decider-specification.js';

const spec = specification(contractDecider);
const contractId = 'k-1';

const drafted: ContractEvent = {
  type: 'ContractDrafted',
  data: {
    contractId,
    clientId: 'c-1',
    agency: 'lyon',
    service: 'household help',
    schedule: [{ day: 'monday', start: '09:00', end: '11:00' }],
    startDate: '2026-02-01',
    tacitRenewal: true,
    paymentMode: 'direct_debit',
    quoteRef: 'Q-12',
  },
};
const validated: ContractEvent = { type: 'ContractValidated', data: { contractId, validatedAt: '2026-01-20', validatedBy: 'rs-anne' } };
const signed: ContractEvent = { type: 'ContractSigned', data: { contractId, signedAt: '2026-01-25', signedBy: 'client' } };
const suspended: ContractEvent = { type: 'ContractSuspended', data: { contractId, from: '2026-03-01', until: '2026-03-15', reason: 'hospitalisation' } };
const terminated: ContractEvent = { type: 'ContractTerminated', data: { contractId, effectiveAt: '2026-06-30', reason: 'client_request' } };

describe('Contract decider', () => {
  describe('drafting', () => {
    it('drafts a contract from the accepted quote', () =>
      spec.given([]).when({ type: 'DraftContract', ...drafted.data }).then([drafted]));

    it('refuses a second draft under the same id', () =>
      spec.given([drafted]).when({ type: 'DraftContract', ...drafted.data }).thenRefusedBy('contract-already-drafted'));
  });

  describe('validation before sending', () => {
    it('validates a draft, with who validated it', () =>
      spec.given([drafted]).when({ type: 'ValidateContract', ...validated.data }).then([validated]));

    it('does not validate twice', () =>
      spec.given([drafted, validated]).when({ type: 'ValidateContract', ...validated.data }).thenRefusedBy('contract-validated-only-from-draft'));

    it('does not validate a contract that was never drafted', () =>
      spec.given([]).when({ type: 'ValidateContract', ...validated.data }).thenRefusedBy('contract-must-exist'));
  });

  describe('signature', () => {
    it('signs a validated contract', () =>
      spec.given([drafted, validated]).when({ type: 'SignContract', ...signed.data }).then([signed]));

    it('never signs a contract before it was validated', () =>
      spec.given([drafted]).when({ type: 'SignContract', ...signed.data }).thenRefusedBy('contract-signed-only-after-validation'));

    it('refuses a signature dated before the validation', () =>
      spec
        .given([drafted, validated])
        .when({ type: 'SignContract', contractId, signedAt: '2026-01-19', signedBy: 'client' })
        .thenRefusedBy('signature-not-before-validation'));

    it('does not sign twice', () =>
      spec.given([drafted, validated, signed]).when({ type: 'SignContract', ...signed.data }).thenRefusedBy('contract-signed-only-after-validation'));
  });

  describe('amendments (avenants)', () => {
    const amended: ContractEvent = {
      type: 'ContractAmended',
      data: { contractId, amendmentId: 'a-1', signedAt: '2026-04-01', effectiveFrom: '2026-04-07', changes: { hoursPerWeek: 4 } },
    };

    it('amends a signed contract', () =>
      spec.given([drafted, validated, signed]).when({ type: 'AmendContract', ...amended.data }).then([amended]));

    it('amends a suspended contract', () =>
      spec.given([drafted, validated, signed, suspended]).when({ type: 'AmendContract', ...amended.data }).then([amended]));

    it('refuses an amendment to an unsigned contract', () =>
      spec.given([drafted, validated]).when({ type: 'AmendContract', ...amended.data }).thenRefusedBy('amendment-only-on-signed-contract'));

    it('refuses an amendment to a terminated contract', () =>
      spec.given([drafted, validated, signed, terminated]).when({ type: 'AmendContract', ...amended.data }).thenRefusedBy('amendment-only-on-signed-contract'));

    it('records an amendment once', () =>
      spec.given([drafted, validated, signed, amended]).when({ type: 'AmendContract', ...amended.data }).thenRefusedBy('amendment-recorded-once'));
  });

  describe('suspension and resumption', () => {
    it('suspends a running contract, with its reason', () =>
      spec.given([drafted, validated, signed]).when({ type: 'SuspendContract', ...suspended.data }).then([suspended]));

    it('does not suspend an unsigned contract', () =>
      spec.given([drafted, validated]).when({ type: 'SuspendContract', ...suspended.data }).thenRefusedBy('suspension-only-of-running-contract'));

    it('does not suspend twice', () =>
      spec.given([drafted, validated, signed, suspended]).when({ type: 'SuspendContract', ...suspended.data }).thenRefusedBy('suspension-only-of-running-contract'));

    it('does not suspend from before the contract starts', () =>
      spec
        .given([drafted, validated, signed])
        .when({ type: 'SuspendContract', contractId, from: '2026-01-01', reason: 'holidays' })
        .thenRefusedBy('suspension-not-before-start'));

    it('resumes a suspended contract', () =>
      spec
        .given([drafted, validated, signed, suspended])
        .when({ type: 'ResumeContract', contractId, at: '2026-03-16' })
        .then([{ type: 'ContractResumed', data: { contractId, at: '2026-03-16' } }]));

    it('does not resume a contract that is not suspended', () =>
      spec.given([drafted, validated, signed]).when({ type: 'ResumeContract', contractId, at: '2026-03-16' }).thenRefusedBy('resumption-only-of-suspended-contract'));

    it('does not resume before the suspension began', () =>
      spec
        .given([drafted, validated, signed, suspended])
        .when({ type: 'ResumeContract', contractId, at: '2026-02-15' })
        .thenRefusedBy('resumption-not-before-suspension'));
  });

  describe('termination (résiliation)', () => {
    it('terminates a contract with its reason and date', () =>
      spec.given([drafted, validated, signed]).when({ type: 'TerminateContract', ...terminated.data }).then([terminated]));

    it('terminates a suspended contract', () =>
      spec.given([drafted, validated, signed, suspended]).when({ type: 'TerminateContract', ...terminated.data }).then([terminated]));

    it('terminates once', () =>
      spec.given([drafted, validated, signed, terminated]).when({ type: 'TerminateContract', ...terminated.data }).thenRefusedBy('contract-terminated-once'));

    it('no longer suspends a terminated contract', () =>
      spec.given([drafted, validated, signed, terminated]).when({ type: 'SuspendContract', ...suspended.data }).thenRefusedBy('suspension-only-of-running-contract'));
  });
});

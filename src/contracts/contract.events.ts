import type { DomainEvent } from '../shared/decider.js';

export interface ScheduleSlot {
  day: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
  start: string;
  end: string;
}

/** Drafted from the accepted quote (devis) for one client and one service. */
export type ContractDrafted = DomainEvent<
  'ContractDrafted',
  {
    contractId: string;
    clientId: string;
    agency: string;
    service: string;
    schedule: ScheduleSlot[];
    startDate: string;
    endDate?: string;
    tacitRenewal: boolean;
    paymentMode: string;
    quoteRef?: string;
  }
>;
/** Checked against the proposal by a designated person before sending ("validé avant envoi", with visa). */
export type ContractValidated = DomainEvent<'ContractValidated', { contractId: string; validatedAt: string; validatedBy: string; notes?: string }>;
export type ContractSigned = DomainEvent<'ContractSigned', { contractId: string; signedAt: string; signedBy: string }>;
/** An avenant: a signed change to the contract's terms. */
export type ContractAmended = DomainEvent<
  'ContractAmended',
  { contractId: string; amendmentId: string; signedAt: string; effectiveFrom: string; changes: Record<string, unknown> }
>;
export type ContractSuspended = DomainEvent<
  'ContractSuspended',
  { contractId: string; from: string; until?: string; reason: string; changeId?: string }
>;
export type ContractResumed = DomainEvent<'ContractResumed', { contractId: string; at: string }>;
/** Résiliation. */
export type ContractTerminated = DomainEvent<'ContractTerminated', { contractId: string; effectiveAt: string; reason: string }>;

export type ContractEvent =
  | ContractDrafted
  | ContractValidated
  | ContractSigned
  | ContractAmended
  | ContractSuspended
  | ContractResumed
  | ContractTerminated;

export const CONTRACT_EVENT_TYPES: readonly ContractEvent['type'][] = [
  'ContractDrafted',
  'ContractValidated',
  'ContractSigned',
  'ContractAmended',
  'ContractSuspended',
  'ContractResumed',
  'ContractTerminated',
];

import type { ContractRequest } from '../contracts/contract.commands.js';
import type { ContractStatus } from '../contracts/contract.decider.js';
import type { ClientCommand } from './client.commands.js';
import type { ChangeOfSituationReported } from './client.events.js';

/** A command the saga sends, with a key that makes its command id unique for this change. */
export type Effect = ({ target: 'contract'; command: ContractRequest } | { target: 'client'; command: ClientCommand }) & {
  key: string;
  /** The event of the change that caused it, when the effect is decided later than the change. */
  causationId?: string;
};

/**
 * What a change of situation does to the client's file and contracts (NF X 50-056 §3.4.2): a death
 * ends every contract not yet ended; a hospitalisation, or an absence the client asks to suspend
 * for, suspends the running ones for the period (resumed at its end by `dueResumptions`); a move
 * updates the address.
 */
export function effectsOfChange(change: ChangeOfSituationReported['data'], contracts: { contractId: string; status: ContractStatus }[]): Effect[] {
  const { changeId, effectiveFrom, effectiveUntil } = change;
  switch (change.kind) {
    case 'death':
      return contracts
        .filter((c) => c.status !== 'terminated')
        .map((c) => ({ key: `terminate:${c.contractId}`, target: 'contract', command: { type: 'TerminateContract', contractId: c.contractId, effectiveAt: effectiveFrom, reason: 'death' } }));
    case 'hospitalisation':
    case 'absence':
      if (change.kind === 'absence' && !change.suspendService) return [];
      return contracts
        .filter((c) => c.status === 'signed')
        .map((c) => ({
          key: `suspend:${c.contractId}`,
          target: 'contract',
          command: { type: 'SuspendContract', contractId: c.contractId, from: effectiveFrom, ...(effectiveUntil ? { until: effectiveUntil } : {}), reason: change.kind, changeId },
        }));
    case 'address_change':
      return [{ key: 'address', target: 'client', command: { type: 'ChangeClientAddress', clientId: change.clientId, changeId, newAddress: change.newAddress!, effectiveFrom } }];
    default:
      return [];
  }
}

/** Contracts a change suspended until a known date that has come: they resume on that date. */
export function dueResumptions(
  suspended: { contractId: string; status: ContractStatus; suspension?: { until?: string; changeId?: string; causationId?: string } }[],
  today: string,
): Effect[] {
  return suspended
    .filter((c) => c.status === 'suspended' && c.suspension?.changeId && c.suspension.until && c.suspension.until <= today)
    .map((c) => ({
      key: `resume:${c.contractId}:${c.suspension!.changeId}`,
      causationId: c.suspension!.causationId,
      target: 'contract',
      command: { type: 'ResumeContract', contractId: c.contractId, at: c.suspension!.until! },
    }));
}

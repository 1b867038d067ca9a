import type { Alert } from '../alerts/alert.js';
import type { AlertThresholds } from '../config/config.js';
import { addDays, daysBetween } from '../shared/dates.js';
import type { ContractDocument } from './contract-status.projector.js';

type Thresholds = Pick<AlertThresholds, 'contractValidationDays' | 'contractSignatureDays' | 'contractEndingDays'>;

/** Contracts drafted but not validated, validated but not signed, ending or up for tacit renewal (seed 001). */
export function contractAlerts(contract: ContractDocument, today: string, t: Thresholds): Alert[] {
  const make = (kind: string, since: string, due: string): Alert => ({
    kind,
    agency: contract.agency,
    ids: { contractId: contract.contractId, clientId: contract.clientId },
    since,
    due,
    overdue: today > due,
  });
  switch (contract.status) {
    case 'draft': {
      const since = contract.draftedAt.slice(0, 10);
      return [make('contract_not_validated', since, addDays(since, t.contractValidationDays))];
    }
    case 'validated': {
      const since = contract.validation!.at.slice(0, 10);
      return [make('contract_not_signed', since, addDays(since, t.contractSignatureDays))];
    }
    case 'signed':
    case 'suspended':
      if (!contract.endDate || daysBetween(today, contract.endDate) > t.contractEndingDays) return [];
      return [make(contract.tacitRenewal ? 'contract_up_for_renewal' : 'contract_ending', addDays(contract.endDate, -t.contractEndingDays), contract.endDate)];
    default:
      return [];
  }
}

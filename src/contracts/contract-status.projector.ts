import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projector } from '../projections/projector.js';
import type { ContractStatus } from './contract.decider.js';
import type { ContractDrafted, ContractEvent } from './contract.events.js';

type ContractTerms = ContractDrafted['data'];
import { CONTRACT_EVENT_TYPES } from './contract.events.js';

/** The drafted terms, then what happened to the contract. */
export interface ContractDocument extends ContractTerms {
  _id: string;
  status: Exclude<ContractStatus, 'none'>;
  validation?: { at: string; by: string; notes?: string };
  signature?: { at: string; by: string };
  amendments: { amendmentId: string; signedAt: string; effectiveFrom: string; changes: Record<string, unknown> }[];
  /** `causationId`: the change of situation's event when a saga suspended the contract. */
  suspension?: { from: string; until?: string; reason: string; changeId?: string; causationId?: string };
  resumedAt?: string;
  termination?: { effectiveAt: string; reason: string };
  /** When the draft was recorded: the validation clock starts there. */
  draftedAt: string;
  /** Stream revision: what `If-Match` must name to change the contract. */
  revision: number;
  updatedAt: string;
}

/** Contract status read model behind `GET /contracts`. */
export const contractStatusProjector: Projector<ContractDocument> = {
  name: 'contracts.v1',
  collection: 'contracts',
  handles: CONTRACT_EVENT_TYPES,
  documentIds: (event) => [String(event.data.contractId)],
  evolve: (doc, recorded) => {
    const event = recorded as unknown as ContractEvent & RecordedEvent;
    const touched = { revision: recorded.revision, updatedAt: recorded.metadata.recordedAt };
    if (event.type === 'ContractDrafted') return drafted(event.data, touched);
    if (!doc) throw new Error(`${event.type} for contract ${String(recorded.data.contractId)} that has no draft`);
    switch (event.type) {
      case 'ContractValidated':
        return { ...doc, ...touched, status: 'validated', validation: { at: event.data.validatedAt, by: event.data.validatedBy, notes: event.data.notes } };
      case 'ContractSigned':
        return { ...doc, ...touched, status: 'signed', signature: { at: event.data.signedAt, by: event.data.signedBy } };
      case 'ContractAmended': {
        const { contractId: _c, ...amendment } = event.data;
        return { ...doc, ...touched, amendments: [...doc.amendments, amendment] };
      }
      case 'ContractSuspended': {
        const { contractId: _c, ...suspension } = event.data;
        const causationId = recorded.metadata.causationId;
        return { ...doc, ...touched, status: 'suspended', suspension: { ...suspension, ...(causationId ? { causationId } : {}) }, resumedAt: undefined };
      }
      case 'ContractResumed':
        return { ...doc, ...touched, status: 'signed', resumedAt: event.data.at };
      case 'ContractTerminated':
        return { ...doc, ...touched, status: 'terminated', termination: { effectiveAt: event.data.effectiveAt, reason: event.data.reason } };
    }
  },
};

function drafted(data: ContractDrafted['data'], touched: { revision: number; updatedAt: string }): ContractDocument {
  return { _id: data.contractId, ...data, status: 'draft', amendments: [], draftedAt: touched.updatedAt, ...touched };
}

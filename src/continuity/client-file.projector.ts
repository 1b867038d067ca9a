import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { ContractDocument } from '../contracts/contract-status.projector.js';
import type { Projector } from '../projections/projector.js';
import type { ClientDetails, ClientRegistered } from './client.decider.js';

/** prospect: no signed contract yet; active: one running or suspended; former: all terminated. */
export type ClientStatus = 'prospect' | 'active' | 'former';

export interface ClientFileDocument extends ClientDetails {
  _id: string;
  status: ClientStatus;
  registeredAt: string;
  contracts: { contractId: string; service: string; status: ContractDocument['status'] }[];
  updatedAt: string;
}

const contractStatusAfter: Record<string, ContractDocument['status']> = {
  ContractDrafted: 'draft',
  ContractValidated: 'validated',
  ContractSigned: 'signed',
  ContractSuspended: 'suspended',
  ContractResumed: 'signed',
  ContractTerminated: 'terminated',
};

/** The client file (dossier client) behind `GET /clients`: one document per client. */
export const clientFileProjector: Projector<ClientFileDocument> = {
  name: 'client-files.v1',
  collection: 'clients',
  handles: ['ClientRegistered', ...Object.keys(contractStatusAfter)],
  documentIds: (event) => (event.metadata.clientId ? [event.metadata.clientId] : []),
  evolve: (doc, event) => {
    if (event.type === 'ClientRegistered') {
      const data = (event as unknown as ClientRegistered).data;
      return { _id: data.clientId, ...data, status: 'prospect', registeredAt: event.metadata.recordedAt, contracts: [], updatedAt: event.metadata.recordedAt };
    }
    if (!doc) throw new Error(`${event.type} for client ${event.metadata.clientId} who was never registered`);
    const contracts = withContract(doc.contracts, event);
    return { ...doc, contracts, status: statusOf(contracts), updatedAt: event.metadata.recordedAt };
  },
};

function withContract(contracts: ClientFileDocument['contracts'], event: RecordedEvent): ClientFileDocument['contracts'] {
  const contractId = String(event.data.contractId);
  const status = contractStatusAfter[event.type];
  if (event.type === 'ContractDrafted') return [...contracts, { contractId, service: String(event.data.service), status }];
  return contracts.map((c) => (c.contractId === contractId ? { ...c, status } : c));
}

function statusOf(contracts: ClientFileDocument['contracts']): ClientStatus {
  if (contracts.some((c) => c.status === 'signed' || c.status === 'suspended')) return 'active';
  if (contracts.some((c) => c.status === 'terminated') && contracts.every((c) => c.status === 'terminated')) return 'former';
  return 'prospect';
}

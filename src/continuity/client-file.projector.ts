import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { ContractDocument } from '../contracts/contract-status.projector.js';
import type { Projector } from '../projections/projector.js';
import type { ChangeOfSituation, ClientDetails, ClientEvent } from './client.events.js';

/** prospect: no signed contract yet; active: one running or suspended; former: all terminated; deceased. */
export type ClientStatus = 'prospect' | 'active' | 'former' | 'deceased';

export interface ClientFileDocument extends ClientDetails {
  _id: string;
  status: ClientStatus;
  registeredAt: string;
  contracts: { contractId: string; service: string; status: ContractDocument['status'] }[];
  changes: (Omit<ChangeOfSituation, 'details' | 'newAddress'> & { acknowledgedAt?: string; acknowledgedBy?: string })[];
  /** Changes reported but not yet acknowledged. */
  openChanges: string[];
  absences: { changeId: string; kind: 'absence' | 'hospitalisation'; from: string; until?: string; reportedAt: string }[];
  visits: { visitId: string; visitedAt: string; by: string }[];
  birthdayCardYears: number[];
  lastBirthdayCard?: { sentAt: string; year: number };
  replacementRequests: { requestId: string; requestedAt: string; absentStaffId?: string; proposedAt?: string; replacementStaffId?: string }[];
  deceasedOn?: string;
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

const clientEventTypes: ClientEvent['type'][] = [
  'ClientRegistered',
  'ChangeOfSituationReported',
  'ChangeOfSituationAcknowledged',
  'ClientAddressChanged',
  'ReplacementRequested',
  'ReplacementProposed',
  'FollowUpVisitRecorded',
  'BirthdayCardSent',
  'ClientPreferencesChanged',
];

/**
 * The erasure changes nothing the file shows (its personal fields are sealed, and now open to no
 * one), but the file is stored again: what is computed from it after opening its fields (the
 * birthday alert) is computed anew.
 */
const ERASED = 'ClientPersonalDataErased';

/** The client file (dossier client) behind `GET /clients`: everything about one client in one document. */
export const clientFileProjector: Projector<ClientFileDocument> = {
  name: 'client-files.v1',
  collection: 'clients',
  handles: [...clientEventTypes, ...Object.keys(contractStatusAfter), ERASED],
  documentIds: (event) => (event.metadata.clientId ? [event.metadata.clientId] : []),
  evolve: (doc, recorded) => {
    if (recorded.type === ERASED) return doc;
    const updatedAt = recorded.metadata.recordedAt;
    if (recorded.type === 'ClientRegistered') return registered(recorded as unknown as ClientEvent & { type: 'ClientRegistered' }, updatedAt);
    if (!doc) throw new Error(`${recorded.type} for client ${recorded.metadata.clientId} who was never registered`);
    if (recorded.type in contractStatusAfter) {
      const contracts = withContract(doc.contracts, recorded);
      return { ...doc, contracts, status: doc.deceasedOn ? 'deceased' : statusOf(contracts), updatedAt };
    }
    return { ...applyClientEvent(doc, recorded as unknown as ClientEvent), updatedAt };
  },
};

function registered(event: ClientEvent & { type: 'ClientRegistered' }, at: string): ClientFileDocument {
  return {
    _id: event.data.clientId,
    ...event.data,
    status: 'prospect',
    registeredAt: at,
    contracts: [],
    changes: [],
    openChanges: [],
    absences: [],
    visits: [],
    birthdayCardYears: [],
    replacementRequests: [],
    updatedAt: at,
  };
}

function applyClientEvent(doc: ClientFileDocument, event: ClientEvent): ClientFileDocument {
  switch (event.type) {
    case 'ChangeOfSituationReported': {
      const { clientId: _c, details: _d, newAddress: _a, ...change } = event.data;
      const absences =
        change.kind === 'absence' || change.kind === 'hospitalisation'
          ? appended(doc.absences, { changeId: change.changeId, kind: change.kind, from: change.effectiveFrom, until: change.effectiveUntil, reportedAt: change.reportedAt })
          : doc.absences;
      return {
        ...doc,
        changes: appended(doc.changes, change),
        openChanges: appended(doc.openChanges, change.changeId),
        absences,
        ...(change.kind === 'death' ? { status: 'deceased' as const, deceasedOn: change.effectiveFrom } : {}),
      };
    }
    case 'ChangeOfSituationAcknowledged':
      return {
        ...doc,
        changes: replaced(doc.changes, (c) => c.changeId === event.data.changeId, (c) => ({ ...c, acknowledgedAt: event.data.acknowledgedAt, acknowledgedBy: event.data.by })),
        openChanges: doc.openChanges.filter((id) => id !== event.data.changeId),
      };
    case 'ClientAddressChanged':
      return { ...doc, address: event.data.newAddress };
    case 'ReplacementRequested': {
      const { clientId: _c, ...request } = event.data;
      return { ...doc, replacementRequests: appended(doc.replacementRequests, request) };
    }
    case 'ReplacementProposed':
      return {
        ...doc,
        replacementRequests: replaced(
          doc.replacementRequests,
          (r) => r.requestId === event.data.requestId,
          (r) => ({ ...r, proposedAt: event.data.proposedAt, replacementStaffId: event.data.replacementStaffId }),
        ),
      };
    case 'FollowUpVisitRecorded': {
      const { clientId: _c, ...visit } = event.data;
      return { ...doc, visits: appended(doc.visits, visit) };
    }
    case 'BirthdayCardSent':
      return {
        ...doc,
        birthdayCardYears: appended(doc.birthdayCardYears, event.data.year),
        lastBirthdayCard: { sentAt: event.data.sentAt, year: event.data.year },
      };
    case 'ClientPreferencesChanged': {
      // Recorded in the order they take effect: the latest one is the client's wish now (or from its effectiveFrom on).
      const { wantsSecondVisit = doc.wantsSecondVisit, dependent = doc.dependent } = event.data;
      return { ...doc, wantsSecondVisit, dependent };
    }
    case 'ClientRegistered':
      return doc;
  }
}

/**
 * A new array with `item` at the end. The lists of a long-followed client hold thousands of
 * entries: `concat` copies them faster than a spread.
 */
function appended<T>(items: T[], item: T): T[] {
  return items.concat([item]);
}

/** A new array where the entries `matches` picks are replaced by `change(entry)`; the same array when none is. */
function replaced<T>(items: T[], matches: (item: T) => boolean, change: (item: T) => T): T[] {
  let copy: T[] | undefined;
  for (let i = 0; i < items.length; i += 1) {
    if (!matches(items[i])) continue;
    copy ??= items.slice();
    copy[i] = change(items[i]);
  }
  return copy ?? items;
}

function withContract(contracts: ClientFileDocument['contracts'], event: RecordedEvent): ClientFileDocument['contracts'] {
  const contractId = String(event.data.contractId);
  const status = contractStatusAfter[event.type];
  if (event.type === 'ContractDrafted') return [...contracts, { contractId, service: String(event.data.service), status }];
  return contracts.map((c) => (c.contractId === contractId ? { ...c, status } : c));
}

function statusOf(contracts: ClientFileDocument['contracts']): ClientStatus {
  if (contracts.some((c) => c.status === 'signed' || c.status === 'suspended')) return 'active';
  if (contracts.length > 0 && contracts.every((c) => c.status === 'terminated')) return 'former';
  return 'prospect';
}

import type { Decider } from '../shared/decider.js';
import { AggregateNotFound, ensure } from '../shared/domain-errors.js';
import { yearOf } from '../shared/dates.js';
import { acknowledgementReceipt } from './acknowledgement-receipt.js';
import { type PreferenceTimeline, preferencesOn } from './client-preferences.js';
import type { ClientCommand } from './client.commands.js';
import type { ChangeOfSituation, ClientEvent } from './client.events.js';

export interface ClientState {
  registered: boolean;
  deceased: boolean;
  changes: Record<string, Pick<ChangeOfSituation, 'kind' | 'reportedAt' | 'effectiveFrom' | 'effectiveUntil'> & { acknowledged: boolean }>;
  addressChangesApplied: string[];
  replacementRequests: Record<string, { requestedAt: string; proposed: boolean }>;
  visitIds: string[];
  cardYears: number[];
  preferences: PreferenceTimeline;
}

export const initialState = (): ClientState => ({
  registered: false,
  deceased: false,
  changes: {},
  addressChangesApplied: [],
  replacementRequests: {},
  visitIds: [],
  cardYears: [],
  preferences: { initial: { wantsSecondVisit: false, dependent: false }, changes: [] },
});

export function evolve(state: ClientState, event: ClientEvent): ClientState {
  switch (event.type) {
    case 'ClientRegistered': {
      const { wantsSecondVisit, dependent } = event.data;
      return { ...state, registered: true, preferences: { initial: { wantsSecondVisit, dependent }, changes: [] } };
    }
    case 'ChangeOfSituationReported': {
      const { changeId, kind, reportedAt, effectiveFrom, effectiveUntil } = event.data;
      return {
        ...state,
        deceased: state.deceased || kind === 'death',
        changes: { ...state.changes, [changeId]: { kind, reportedAt, effectiveFrom, effectiveUntil, acknowledged: false } },
      };
    }
    case 'ChangeOfSituationAcknowledged':
      return { ...state, changes: { ...state.changes, [event.data.changeId]: { ...state.changes[event.data.changeId], acknowledged: true } } };
    case 'ClientAddressChanged':
      return { ...state, addressChangesApplied: [...state.addressChangesApplied, event.data.changeId] };
    case 'ReplacementRequested':
      return { ...state, replacementRequests: { ...state.replacementRequests, [event.data.requestId]: { requestedAt: event.data.requestedAt, proposed: false } } };
    case 'ReplacementProposed':
      return {
        ...state,
        replacementRequests: { ...state.replacementRequests, [event.data.requestId]: { ...state.replacementRequests[event.data.requestId], proposed: true } },
      };
    case 'FollowUpVisitRecorded':
      return { ...state, visitIds: [...state.visitIds, event.data.visitId] };
    case 'BirthdayCardSent':
      return { ...state, cardYears: [...state.cardYears, event.data.year] };
    case 'ClientPreferencesChanged': {
      const { clientId: _c, ...change } = event.data;
      return { ...state, preferences: { ...state.preferences, changes: [...state.preferences.changes, change] } };
    }
  }
}

export function decide(command: ClientCommand, state: ClientState): ClientEvent[] {
  if (command.type === 'RegisterClient') {
    ensure(!state.registered, 'client-registered-once', 'A client with this id is already registered');
    const { type: _type, ...details } = command;
    return [{ type: 'ClientRegistered', data: details }];
  }
  ensure(state.registered, 'client-must-exist', 'No client is registered under this id');
  switch (command.type) {
    case 'ReportChangeOfSituation': {
      ensure(!state.deceased, 'client-deceased', 'A death was reported for this client: no new change can follow');
      ensure(!state.changes[command.changeId], 'change-reported-once', `Change ${command.changeId} is already recorded`);
      const { type: _type, ...data } = command;
      return [{ type: 'ChangeOfSituationReported', data }];
    }
    case 'AcknowledgeChangeOfSituation': {
      const change = state.changes[command.changeId];
      if (!change) throw new AggregateNotFound('change of situation', command.changeId);
      ensure(!change.acknowledged, 'change-acknowledged-once', 'This change of situation was already acknowledged');
      ensure(command.acknowledgedAt >= change.reportedAt, 'acknowledgement-not-before-report', `The change was reported on ${change.reportedAt}`);
      const { clientId, changeId, acknowledgedAt, by } = command;
      return [{ type: 'ChangeOfSituationAcknowledged', data: { clientId, changeId, acknowledgedAt, by, receiptText: acknowledgementReceipt(change, acknowledgedAt) } }];
    }
    case 'ChangeClientAddress': {
      ensure(!state.addressChangesApplied.includes(command.changeId), 'address-change-applied-once', 'This move is already in the client file');
      const { type: _type, ...data } = command;
      return [{ type: 'ClientAddressChanged', data }];
    }
    case 'RequestReplacement': {
      ensure(!state.deceased, 'client-deceased', 'A death was reported for this client');
      ensure(!state.replacementRequests[command.requestId], 'replacement-requested-once', `Request ${command.requestId} is already recorded`);
      const { type: _type, ...data } = command;
      return [{ type: 'ReplacementRequested', data }];
    }
    case 'ProposeReplacement': {
      const request = state.replacementRequests[command.requestId];
      if (!request) throw new AggregateNotFound('replacement request', command.requestId);
      ensure(!request.proposed, 'replacement-proposed-once', 'A replacement was already proposed for this request');
      ensure(command.proposedAt >= request.requestedAt, 'proposal-not-before-request', `The replacement was requested on ${request.requestedAt}`);
      const { type: _type, ...data } = command;
      return [{ type: 'ReplacementProposed', data }];
    }
    case 'RecordFollowUpVisit': {
      ensure(!state.deceased, 'client-deceased', 'A death was reported for this client');
      ensure(!state.visitIds.includes(command.visitId), 'visit-recorded-once', `Visit ${command.visitId} is already recorded`);
      const { type: _type, ...data } = command;
      return [{ type: 'FollowUpVisitRecorded', data }];
    }
    case 'RecordBirthdayCard': {
      ensure(!state.deceased, 'client-deceased', 'A death was reported for this client');
      const year = yearOf(command.sentAt);
      ensure(!state.cardYears.includes(year), 'birthday-card-once-a-year', `A birthday card was already sent in ${year}`);
      return [{ type: 'BirthdayCardSent', data: { clientId: command.clientId, sentAt: command.sentAt, year } }];
    }
    case 'ChangeClientPreferences': {
      ensure(!state.deceased, 'client-deceased', 'A death was reported for this client');
      const previous = state.preferences.changes.at(-1);
      ensure(
        !previous || command.effectiveFrom >= previous.effectiveFrom,
        'preferences-change-not-before-previous',
        `The previous change of preferences takes effect on ${previous?.effectiveFrom}`,
      );
      const inEffect = preferencesOn(state.preferences, command.effectiveFrom);
      const changes = (['wantsSecondVisit', 'dependent'] as const).some((field) => command[field] !== undefined && command[field] !== inEffect[field]);
      ensure(changes, 'preferences-unchanged', 'These preferences are already in effect on that date');
      const { type: _type, ...data } = command;
      return [{ type: 'ClientPreferencesChanged', data }];
    }
  }
}

export const clientDecider: Decider<ClientCommand, ClientEvent, ClientState> = { decide, evolve, initialState };

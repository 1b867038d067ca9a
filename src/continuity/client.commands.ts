import type {
  BirthdayCardSent,
  ChangeOfSituationReported,
  ClientAddressChanged,
  ClientDetails,
  ClientPreferencesChanged,
  FollowUpVisitRecorded,
  ReplacementProposed,
  ReplacementRequested,
} from './client.events.js';

export type RegisterClient = { type: 'RegisterClient' } & ClientDetails;
export type ReportChangeOfSituation = { type: 'ReportChangeOfSituation' } & ChangeOfSituationReported['data'];
export type AcknowledgeChangeOfSituation = { type: 'AcknowledgeChangeOfSituation'; clientId: string; changeId: string; acknowledgedAt: string; by: string };
/** Sent by the continuity saga when a reported move takes effect. */
export type ChangeClientAddress = { type: 'ChangeClientAddress' } & ClientAddressChanged['data'];
export type RequestReplacement = { type: 'RequestReplacement' } & ReplacementRequested['data'];
export type ProposeReplacement = { type: 'ProposeReplacement' } & ReplacementProposed['data'];
export type RecordFollowUpVisit = { type: 'RecordFollowUpVisit' } & FollowUpVisitRecorded['data'];
export type RecordBirthdayCard = { type: 'RecordBirthdayCard'; clientId: string; sentAt: string };
export type ChangeClientPreferences = { type: 'ChangeClientPreferences' } & ClientPreferencesChanged['data'];

export type ClientCommand =
  | RegisterClient
  | ReportChangeOfSituation
  | AcknowledgeChangeOfSituation
  | ChangeClientAddress
  | RequestReplacement
  | ProposeReplacement
  | RecordFollowUpVisit
  | RecordBirthdayCard
  | ChangeClientPreferences;

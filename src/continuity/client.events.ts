import type { DomainEvent } from '../shared/decider.js';

export interface ClientDetails {
  clientId: string;
  fullName: string;
  birthDate?: string;
  address: string;
  agency: string;
  /** A dependent person: gets a birthday card every year. */
  dependent: boolean;
  /** Asked for a second follow-up visit in the year. */
  wantsSecondVisit: boolean;
  /** The staff member in charge of following the client's contracts. */
  referentStaffId?: string;
}

export const CHANGE_KINDS = ['address_change', 'absence', 'hospitalisation', 'death', 'needs_change', 'school_entry', 'other'] as const;
export const CHANNELS = ['phone', 'voicemail', 'email', 'web', 'visit', 'mail'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeOfSituation {
  changeId: string;
  kind: ChangeKind;
  channel: (typeof CHANNELS)[number];
  reportedAt: string;
  effectiveFrom: string;
  effectiveUntil?: string;
  urgent: boolean;
  details?: string;
  newAddress?: string;
  /** For an absence: the client asks for the service to be suspended meanwhile. */
  suspendService?: boolean;
}

export type ClientRegistered = DomainEvent<'ClientRegistered', ClientDetails>;
/** Changement de situation, from the client, the organisation or a third party (NF X 50-056 §3.4.2). */
export type ChangeOfSituationReported = DomainEvent<'ChangeOfSituationReported', { clientId: string } & ChangeOfSituation>;
/** Accusé de réception: the standard receipt sent to the client is part of the fact. */
export type ChangeOfSituationAcknowledged = DomainEvent<
  'ChangeOfSituationAcknowledged',
  { clientId: string; changeId: string; acknowledgedAt: string; by: string; receiptText: string }
>;
/** The client file follows a reported move. */
export type ClientAddressChanged = DomainEvent<'ClientAddressChanged', { clientId: string; changeId: string; newAddress: string; effectiveFrom: string }>;
/** A client whose usual worker is away asks for a replacement. */
export type ReplacementRequested = DomainEvent<'ReplacementRequested', { clientId: string; requestId: string; requestedAt: string; absentStaffId?: string }>;
export type ReplacementProposed = DomainEvent<
  'ReplacementProposed',
  { clientId: string; requestId: string; proposedAt: string; replacementStaffId: string }
>;
/** Visite de suivi. */
export type FollowUpVisitRecorded = DomainEvent<'FollowUpVisitRecorded', { clientId: string; visitId: string; visitedAt: string; by: string }>;
export type BirthdayCardSent = DomainEvent<'BirthdayCardSent', { clientId: string; sentAt: string; year: number }>;
/** The client's wishes change from `effectiveFrom` on: only the fields given (e.g. no more second visit). */
export type ClientPreferencesChanged = DomainEvent<
  'ClientPreferencesChanged',
  { clientId: string; effectiveFrom: string; wantsSecondVisit?: boolean; dependent?: boolean }
>;

export type ClientEvent =
  | ClientRegistered
  | ChangeOfSituationReported
  | ChangeOfSituationAcknowledged
  | ClientAddressChanged
  | ReplacementRequested
  | ReplacementProposed
  | FollowUpVisitRecorded
  | BirthdayCardSent
  | ClientPreferencesChanged;

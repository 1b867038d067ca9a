import type { DomainEvent } from '../shared/decider.js';

/** Who raised the complaint (réclamation): internal (staff) or external. */
export const COMPLAINT_SOURCES = ['client', 'family', 'funder', 'prescriber', 'staff', 'other'] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];
export const COMPLAINT_CHANNELS = ['phone', 'voicemail', 'email', 'web', 'visit', 'mail', 'other'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** Corrective (action corrective: removes the cause of what happened) or preventive (action préventive). */
export type ActionKind = 'corrective' | 'preventive';

/**
 * A complaint recorded on receipt. The deadlines that apply are computed from the configuration
 * in force when it was received and recorded with it, so a later change of policy never rewrites
 * whether an old complaint was handled in time.
 */
export type ComplaintLogged = DomainEvent<
  'ComplaintLogged',
  {
    complaintId: string;
    clientId?: string;
    agency?: string;
    receivedAt: string;
    channel: ComplaintChannel;
    source: ComplaintSource;
    /** The organisation's own categories (punctuality, behaviour, billing…): data, not an enum. */
    category: string;
    description: string;
    /** Date by which the acknowledgement (accusé de réception) is due. */
    acknowledgeBy: string;
    /** Date by which the answer is due. */
    answerBy: string;
  }
>;
export type ComplaintAcknowledged = DomainEvent<'ComplaintAcknowledged', { complaintId: string; at: string; by: string }>;
/** The systematic answer to the complainant (réponse systématique, seed 002 §3.2.4). */
export type ComplaintResponded = DomainEvent<'ComplaintResponded', { complaintId: string; at: string; by: string; response: string }>;
export type ComplaintClosed = DomainEvent<'ComplaintClosed', { complaintId: string; at: string }>;
/** Reopened (e.g. the complainant is not satisfied): a new answer is due by `answerBy`. */
export type ComplaintReopened = DomainEvent<'ComplaintReopened', { complaintId: string; at: string; reason: string; answerBy: string }>;
/** An improvement action was opened with this complaint as its origin (its own stream is `action-{actionId}`). */
export type ComplaintActionLinked = DomainEvent<
  'ComplaintActionLinked',
  { complaintId: string; actionId: string; kind: ActionKind; description: string; owner: string; dueDate: string; openedAt: string }
>;
/** An action opened for this complaint was completed, with whether it proved effective. */
export type ComplaintActionCompleted = DomainEvent<'ComplaintActionCompleted', { complaintId: string; actionId: string; at: string; effective: boolean }>;

export type ComplaintEvent =
  | ComplaintLogged
  | ComplaintAcknowledged
  | ComplaintResponded
  | ComplaintClosed
  | ComplaintReopened
  | ComplaintActionLinked
  | ComplaintActionCompleted;

export const COMPLAINT_EVENT_TYPES: readonly ComplaintEvent['type'][] = [
  'ComplaintLogged',
  'ComplaintAcknowledged',
  'ComplaintResponded',
  'ComplaintClosed',
  'ComplaintReopened',
  'ComplaintActionLinked',
  'ComplaintActionCompleted',
];

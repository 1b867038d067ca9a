import type { DomainEvent } from '../shared/decider.js';

/**
 * field_staff: working-group meeting with the care workers (réunion en demi-groupe de travail, at
 * least one a year after the analysis of the year's complaints); management_review: revue de
 * direction (at least yearly, with the improvement action plan); other.
 */
export const MEETING_KINDS = ['field_staff', 'management_review', 'other'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export type QualityMeetingRecorded = DomainEvent<
  'QualityMeetingRecorded',
  {
    meetingId: string;
    heldAt: string;
    kind: MeetingKind;
    agency?: string;
    participants: string[];
    decisions: string[];
    /** Complaints and improvement actions discussed. */
    complaintIds: string[];
    actionIds: string[];
  }
>;

/** The internal newsletter (journal interne "entre nous"). */
export type NewsletterPublished = DomainEvent<'NewsletterPublished', { newsletterId: string; publishedAt: string; title: string; agency?: string }>;

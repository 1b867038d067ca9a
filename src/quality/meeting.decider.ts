import type { Decider } from '../shared/decider.js';
import { ensure } from '../shared/domain-errors.js';
import type { NewsletterPublished, QualityMeetingRecorded } from './meeting.events.js';

export type RecordQualityMeeting = { type: 'RecordQualityMeeting' } & QualityMeetingRecorded['data'];
export type PublishNewsletter = { type: 'PublishNewsletter' } & NewsletterPublished['data'];

/**
 * A meeting and a newsletter are each recorded once: the only rule there is. One decider serves
 * both kinds of record (each in its own stream): "recorded" is their whole state.
 */
export function recordedOnce<C extends { type: string }, E extends { type: string; data: object }>(
  eventType: E['type'],
  rule: string,
  what: string,
): Decider<C, E, { recorded: boolean }> {
  return {
    initialState: () => ({ recorded: false }),
    evolve: () => ({ recorded: true }),
    decide: ({ type: _type, ...data }, state) => {
      ensure(!state.recorded, rule, `${what} with this id is already recorded`);
      return [{ type: eventType, data } as unknown as E];
    },
  };
}

export const meetingDecider = recordedOnce<RecordQualityMeeting, QualityMeetingRecorded>('QualityMeetingRecorded', 'meeting-recorded-once', 'A quality meeting');
export const newsletterDecider = recordedOnce<PublishNewsletter, NewsletterPublished>('NewsletterPublished', 'newsletter-published-once', 'A newsletter');

import type { NewsletterPublished, QualityMeetingRecorded } from '../../src/quality/meeting.events.js';
import { meetingDecider, newsletterDecider } from '../../src/quality/meeting.decider.js';
import { specification } from '../support/decider-specification.js';

const meeting: QualityMeetingRecorded = {
  type: 'QualityMeetingRecorded',
  data: {
    meetingId: 'm-1',
    heldAt: '2026-03-24',
    kind: 'field_staff',
    agency: 'lyon',
    participants: ['rq-anne', 'care worker team A'],
    decisions: ['Call clients before a late visit'],
    complaintIds: ['r-1'],
    actionIds: [],
  },
};
const newsletter: NewsletterPublished = { type: 'NewsletterPublished', data: { newsletterId: 'n-1', publishedAt: '2026-06-01', title: 'Entre nous n°12' } };

describe('Quality meeting and newsletter deciders', () => {
  const meetings = specification(meetingDecider);
  const newsletters = specification(newsletterDecider);

  it('records a meeting with its participants, decisions and the complaints discussed', () =>
    meetings.given([]).when({ type: 'RecordQualityMeeting', ...meeting.data }).then([meeting]));

  it('records a meeting once', () => meetings.given([meeting]).when({ type: 'RecordQualityMeeting', ...meeting.data }).thenRefusedBy('meeting-recorded-once'));

  it('publishes a newsletter ("entre nous")', () => newsletters.given([]).when({ type: 'PublishNewsletter', ...newsletter.data }).then([newsletter]));

  it('publishes a newsletter once', () =>
    newsletters.given([newsletter]).when({ type: 'PublishNewsletter', ...newsletter.data }).thenRefusedBy('newsletter-published-once'));
});

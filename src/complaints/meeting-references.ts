import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projector } from '../projections/projector.js';
import type { QualityMeetingRecorded } from '../quality/meeting.events.js';

/** A quality meeting that discussed a complaint or an action, as the complaint or action shows it. */
export interface MeetingReference {
  meetingId: string;
  heldAt: string;
  kind: QualityMeetingRecorded['data']['kind'];
}

const MEETING_RECORDED: QualityMeetingRecorded['type'] = 'QualityMeetingRecorded';

/**
 * The projector, also listing on each document the quality meetings that discussed it
 * (`discussed` names the documents a meeting lists). A meeting naming an unknown document adds nothing.
 */
export function showingMeetings<D extends { _id: string; meetings: MeetingReference[]; updatedAt: string }>(
  projector: Projector<D>,
  discussed: (meeting: QualityMeetingRecorded['data']) => string[],
): Projector<D> {
  return {
    ...projector,
    handles: [...projector.handles, MEETING_RECORDED],
    documentIds: (event) => (event.type === MEETING_RECORDED ? discussed(meetingOf(event)) : projector.documentIds(event)),
    evolve: (doc, event) => (event.type === MEETING_RECORDED ? doc && withMeeting(doc, event) : projector.evolve(doc, event)),
  };
}

const meetingOf = (event: RecordedEvent): QualityMeetingRecorded['data'] => (event as unknown as QualityMeetingRecorded).data;

/** The document with the meeting added once (a replayed event adds nothing). */
function withMeeting<D extends { meetings: MeetingReference[]; updatedAt: string }>(doc: D, event: RecordedEvent): D {
  const { meetingId, heldAt, kind } = meetingOf(event);
  if (doc.meetings.some((m) => m.meetingId === meetingId)) return doc;
  return { ...doc, meetings: [...doc.meetings, { meetingId, heldAt, kind }], updatedAt: event.metadata.recordedAt };
}

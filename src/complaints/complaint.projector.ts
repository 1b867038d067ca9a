import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projector } from '../projections/projector.js';
import { yearOf } from '../shared/dates.js';
import { clock, type Clock } from './complaint.deadlines.js';
import type { ComplaintStatus } from './complaint.decider.js';
import { COMPLAINT_EVENT_TYPES, type ComplaintActionLinked, type ComplaintEvent, type ComplaintLogged } from './complaint.events.js';
import { type MeetingReference, showingMeetings } from './meeting-references.js';

type Logged = ComplaintLogged['data'];

export interface ComplaintActionView extends Omit<ComplaintActionLinked['data'], 'complaintId'> {
  status: 'open' | 'completed';
  completedAt?: string;
  effective?: boolean;
}

/** The complaint register's entry: what was received, what was done, and how long each step took. */
export interface ComplaintDocument extends Omit<Logged, 'acknowledgeBy' | 'answerBy'> {
  _id: string;
  /** Year of receipt: the register and its figures are yearly. */
  year: number;
  status: ComplaintStatus;
  acknowledgement?: { at: string; by: string };
  responses: { at: string; by: string; response: string }[];
  /** The latest closing (kept after a reopening). */
  closedAt?: string;
  reopenings: { at: string; reason: string }[];
  actions: ComplaintActionView[];
  openActions: number;
  /** Quality meetings that discussed the complaint. */
  meetings: MeetingReference[];
  /**
   * Acknowledgement: due within the configured working days of receipt, done by the
   * acknowledgement (or by the first answer when none came before). Answer: the first answer
   * against the due date set on receipt. `met` is absent while pending.
   */
  timings: { acknowledgement: Clock; answer: Clock };
  /** While an answer is awaited: the date it is due (after a reopening, the new due date). */
  answerDueBy?: string;
  /** Stream revision. */
  revision: number;
  updatedAt: string;
}

const register: Projector<ComplaintDocument> = {
  name: 'complaints.v1',
  collection: 'complaints',
  handles: COMPLAINT_EVENT_TYPES,
  documentIds: (event) => [String(event.data.complaintId)],
  evolve: (doc, recorded) => {
    const event = recorded as unknown as ComplaintEvent & RecordedEvent;
    const touched = { revision: recorded.revision, updatedAt: recorded.metadata.recordedAt };
    if (event.type === 'ComplaintLogged') return logged(event.data, touched);
    if (!doc) throw new Error(`${event.type} for complaint ${String(recorded.data.complaintId)} that was never logged`);
    switch (event.type) {
      case 'ComplaintAcknowledged':
        return timed({ ...doc, ...touched, status: 'acknowledged', acknowledgement: { at: event.data.at, by: event.data.by } });
      case 'ComplaintResponded': {
        const { complaintId: _c, ...response } = event.data;
        return timed({ ...doc, ...touched, status: 'answered', responses: [...doc.responses, response], answerDueBy: undefined });
      }
      case 'ComplaintClosed':
        return { ...doc, ...touched, status: 'closed', closedAt: event.data.at };
      case 'ComplaintReopened':
        return {
          ...doc,
          ...touched,
          status: 'reopened',
          reopenings: [...doc.reopenings, { at: event.data.at, reason: event.data.reason }],
          answerDueBy: event.data.answerBy,
        };
      case 'ComplaintActionLinked': {
        const { complaintId: _c, ...action } = event.data;
        return counted({ ...doc, ...touched, actions: [...doc.actions, { ...action, status: 'open' }] });
      }
      case 'ComplaintActionCompleted': {
        const { actionId, at, effective } = event.data;
        const actions = doc.actions.map((a) => (a.actionId === actionId ? { ...a, status: 'completed' as const, completedAt: at, effective } : a));
        return counted({ ...doc, ...touched, actions });
      }
    }
  },
};

/** The complaint register (registre des réclamations) behind `GET /complaints`, with the meetings that discussed each complaint. */
export const complaintProjector = showingMeetings(register, (meeting) => meeting.complaintIds);

function logged({ acknowledgeBy, answerBy, ...data }: Logged, touched: { revision: number; updatedAt: string }): ComplaintDocument {
  return {
    _id: data.complaintId,
    ...data,
    year: yearOf(data.receivedAt),
    status: 'received',
    responses: [],
    reopenings: [],
    actions: [],
    openActions: 0,
    meetings: [],
    timings: { acknowledgement: clock(data.receivedAt, acknowledgeBy), answer: clock(data.receivedAt, answerBy) },
    answerDueBy: answerBy,
    ...touched,
  };
}

/** Recomputes both clocks from the facts: the first answer also stops the acknowledgement clock. */
function timed(doc: ComplaintDocument): ComplaintDocument {
  const firstAnswer = doc.responses[0]?.at;
  return {
    ...doc,
    timings: {
      acknowledgement: clock(doc.receivedAt, doc.timings.acknowledgement.dueBy, doc.acknowledgement?.at ?? firstAnswer),
      answer: clock(doc.receivedAt, doc.timings.answer.dueBy, firstAnswer),
    },
  };
}

const counted = (doc: ComplaintDocument): ComplaintDocument => ({ ...doc, openActions: doc.actions.filter((a) => a.status === 'open').length });

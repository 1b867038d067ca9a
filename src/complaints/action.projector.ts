import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Projector } from '../projections/projector.js';
import { ACTION_EVENT_TYPES, type ActionEvent, type ActionOpened } from './action.events.js';
import { type MeetingReference, showingMeetings } from './meeting-references.js';

/**
 * One improvement action, whatever its origin. Other modules read this collection (the surveys
 * list a survey's actions by `origin`): the fields below are a contract.
 */
export interface ActionDocument extends Omit<ActionOpened['data'], 'agency'> {
  _id: string;
  status: 'open' | 'completed';
  completedAt?: string;
  effective?: boolean;
  agency?: string;
  /** Quality meetings that discussed the action. */
  meetings: MeetingReference[];
  revision: number;
  updatedAt: string;
}

const actionPlan: Projector<ActionDocument> = {
  name: 'actions.v1',
  collection: 'actions',
  handles: ACTION_EVENT_TYPES,
  documentIds: (event) => [String(event.data.actionId)],
  evolve: (doc, recorded) => {
    const event = recorded as unknown as ActionEvent & RecordedEvent;
    const touched = { revision: recorded.revision, updatedAt: recorded.metadata.recordedAt };
    if (event.type === 'ActionOpened') return { _id: event.data.actionId, ...event.data, status: 'open', meetings: [], ...touched };
    if (!doc) throw new Error(`${event.type} for action ${event.data.actionId} that was never opened`);
    return { ...doc, ...touched, status: 'completed', completedAt: event.data.at, effective: event.data.effective };
  },
};

/** Improvement actions (plan d'actions) behind `GET /actions`, with the meetings that discussed each action. */
export const actionProjector = showingMeetings(actionPlan, (meeting) => meeting.actionIds);

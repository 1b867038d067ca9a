import type { Projector } from '../projections/projector.js';
import { yearOf } from '../shared/dates.js';
import type { NewsletterPublished, QualityMeetingRecorded } from './meeting.events.js';

type Recorded<D> = D & { _id: string; year: number; recordedAt: string };
export type QualityMeetingDocument = Recorded<QualityMeetingRecorded['data']>;
export type NewsletterDocument = Recorded<NewsletterPublished['data']>;

/** A read model of facts recorded once: one document per event, with the year it is counted in (indicators count them per year and agency). */
function recordsOf<D extends object>(name: string, collection: string, eventType: string, id: keyof D & string, date: keyof D & string): Projector<Recorded<D>> {
  return {
    name,
    collection,
    handles: [eventType],
    documentIds: (event) => [String(event.data[id])],
    evolve: (_doc, event) => {
      const data = event.data as D;
      return { _id: String(data[id]), ...data, year: yearOf(String(data[date])), recordedAt: event.metadata.recordedAt };
    },
  };
}

/** Quality meetings (réunions de travail avec les intervenants, revues de direction) behind `GET /quality-meetings`. */
export const qualityMeetingProjector = recordsOf<QualityMeetingRecorded['data']>('quality-meetings.v1', 'quality-meetings', 'QualityMeetingRecorded', 'meetingId', 'heldAt');
/** Internal newsletters ("entre nous") behind `GET /newsletters`. */
export const newsletterProjector = recordsOf<NewsletterPublished['data']>('newsletters.v1', 'newsletters', 'NewsletterPublished', 'newsletterId', 'publishedAt');

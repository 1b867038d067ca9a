import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import { documentOr404, given } from '../complaints/complaint.queries.js';
import { findPage } from '../read-store/page.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { newsletterProjector, qualityMeetingProjector } from './quality.projectors.js';
import type { listNewslettersQuery, listQualityMeetingsQuery } from './quality.schemas.js';

export class ListQualityMeetings {
  constructor(readonly query: z.infer<typeof listQualityMeetingsQuery>) {}
}
export class GetQualityMeeting {
  constructor(readonly meetingId: string) {}
}
export class ListNewsletters {
  constructor(readonly query: z.infer<typeof listNewslettersQuery>) {}
}

@QueryHandler(ListQualityMeetings)
export class ListQualityMeetingsHandler implements IQueryHandler<ListQualityMeetings> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ query: { skip, limit, minPosition: _, ...fields } }: ListQualityMeetings) {
    return findPage(this.reads, qualityMeetingProjector.collection, given(fields), { sort: { heldAt: 1, _id: 1 }, skip, limit });
  }
}

@QueryHandler(GetQualityMeeting)
export class GetQualityMeetingHandler implements IQueryHandler<GetQualityMeeting> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ meetingId }: GetQualityMeeting) {
    return documentOr404(this.reads, qualityMeetingProjector.collection, meetingId, 'quality meeting');
  }
}

@QueryHandler(ListNewsletters)
export class ListNewslettersHandler implements IQueryHandler<ListNewsletters> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ query: { skip, limit, minPosition: _, ...fields } }: ListNewsletters) {
    return findPage(this.reads, newsletterProjector.collection, given(fields), { sort: { publishedAt: 1, _id: 1 }, skip, limit });
  }
}

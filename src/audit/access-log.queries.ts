import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import { given } from '../complaints/complaint.queries.js';
import { findPage } from '../read-store/page.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { accessLogProjector } from './access-log.js';
import type { accessLogQuery } from './audit.schemas.js';

export class ListAccessLog {
  constructor(readonly query: z.infer<typeof accessLogQuery>) {}
}

/** Consultations in the order they were recorded; `actor` is the key's name, the period is on the day of the consultation. */
@QueryHandler(ListAccessLog)
export class ListAccessLogHandler implements IQueryHandler<ListAccessLog> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ query: { clientId, actor, from, to, skip, limit } }: ListAccessLog) {
    const day = from || to ? given({ $gte: from, $lte: to }) : undefined;
    return findPage(this.reads, accessLogProjector.collection, given({ clientId, 'actor.id': actor, day }), { sort: { position: 1 }, skip, limit });
  }
}

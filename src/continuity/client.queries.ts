import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import { findPage } from '../read-store/page.js';
import { publicView } from '../read-store/public-view.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { type ClientFileDocument, clientFileProjector } from './client-file.projector.js';
import { today } from '../shared/dates.js';
import type { listClientsQuery } from './client.schemas.js';

export class ListClients {
  constructor(readonly query: z.infer<typeof listClientsQuery>) {}
}
export class GetClientFile {
  constructor(readonly clientId: string) {}
}

const { collection } = clientFileProjector;

@QueryHandler(ListClients)
export class ListClientsHandler implements IQueryHandler<ListClients> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query }: ListClients) {
    const filter: Filter = {};
    if (query.agency) filter.agency = query.agency;
    if (query.status) filter.status = query.status;
    return findPage(this.reads, collection, filter, { sort: { registeredAt: 1, _id: 1 }, skip: query.skip, limit: query.limit });
  }
}

@QueryHandler(GetClientFile)
export class GetClientFileHandler implements IQueryHandler<GetClientFile> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ clientId }: GetClientFile) {
    const doc = (await this.reads.get(collection, clientId)) as ClientFileDocument | null;
    if (!doc) throw new AggregateNotFound('client', clientId);
    const year = today().slice(0, 4);
    return { ...publicView(doc), visitsThisYear: doc.visits.filter((v) => v.visitedAt.startsWith(year)).length };
  }
}

import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { findPage } from '../read-store/page.js';
import { publicView } from '../read-store/public-view.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { contractStatusProjector } from './contract-status.projector.js';
import type { ListContractsQuery } from './contract.schemas.js';

export class ListContracts {
  constructor(readonly query: ListContractsQuery) {}
}
export class GetContract {
  constructor(readonly contractId: string) {}
}

const { collection } = contractStatusProjector;

@QueryHandler(ListContracts)
export class ListContractsHandler implements IQueryHandler<ListContracts> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query }: ListContracts) {
    const filter: Filter = {};
    if (query.status) filter.status = query.status;
    if (query.clientId) filter.clientId = query.clientId;
    if (query.agency) filter.agency = query.agency;
    // Only running contracts can "end": terminated ones already did.
    if (query.endingBefore) Object.assign(filter, { endDate: { $lt: query.endingBefore }, status: filter.status ?? { $ne: 'terminated' } });
    return findPage(this.reads, collection, filter, { sort: { startDate: 1, _id: 1 }, skip: query.skip, limit: query.limit });
  }
}

@QueryHandler(GetContract)
export class GetContractHandler implements IQueryHandler<GetContract> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ contractId }: GetContract) {
    const doc = await this.reads.get(collection, contractId);
    if (!doc) throw new AggregateNotFound('contract', contractId);
    return publicView(doc);
  }
}


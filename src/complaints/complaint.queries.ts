import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Alert, AlertSource } from '../alerts/alert.js';
import { AlertsRegistry } from '../alerts/alerts.registry.js';
import { DocumentAlerts } from '../alerts/document-alerts.js';
import { findPage } from '../read-store/page.js';
import { publicView } from '../read-store/public-view.js';
import { READ_STORE, type Filter, type ReadStore } from '../read-store/read-store.port.js';
import { today } from '../shared/dates.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { actionProjector, type ActionDocument } from './action.projector.js';
import { actionAlerts, complaintAlerts } from './complaint.alerts.js';
import { complaintFigures } from './complaint.figures.js';
import { complaintProjector, type ComplaintDocument } from './complaint.projector.js';
import type { ComplaintFiguresQuery, ListActionsQuery, ListComplaintsQuery } from './complaint.schemas.js';

export class ListComplaints {
  constructor(readonly query: ListComplaintsQuery) {}
}
export class GetComplaint {
  constructor(readonly complaintId: string) {}
}
export class GetComplaintFigures {
  constructor(readonly query: ComplaintFiguresQuery) {}
}
export class ListActions {
  constructor(readonly query: ListActionsQuery) {}
}
export class GetAction {
  constructor(readonly actionId: string) {}
}

const complaints = complaintProjector.collection;
const actions = actionProjector.collection;

/** One read-model document as the API shows it, or 404 naming the aggregate. */
export async function documentOr404(reads: ReadStore, collection: string, id: string, aggregate: string) {
  const doc = await reads.get(collection, id);
  if (!doc) throw new AggregateNotFound(aggregate, id);
  return publicView(doc);
}

/** A filter of only the fields given: `{ status: undefined }` would match nothing. */
export const given = (fields: Record<string, unknown>): Filter => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

@QueryHandler(ListComplaints)
export class ListComplaintsHandler implements IQueryHandler<ListComplaints> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ query: { skip, limit, minPosition: _, ...fields } }: ListComplaints) {
    return findPage(this.reads, complaints, given(fields), { sort: { receivedAt: 1, _id: 1 }, skip, limit });
  }
}

@QueryHandler(GetComplaint)
export class GetComplaintHandler implements IQueryHandler<GetComplaint> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ complaintId }: GetComplaint) {
    return documentOr404(this.reads, complaints, complaintId, 'complaint');
  }
}

@QueryHandler(GetComplaintFigures)
export class GetComplaintFiguresHandler implements IQueryHandler<GetComplaintFigures> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async execute({ query: { year, agency, today: day = today() } }: GetComplaintFigures) {
    const docs = (await this.reads.find(complaints, given({ year, agency }))) as unknown as ComplaintDocument[];
    return complaintFigures(docs, { year, ...(agency ? { agency } : {}), today: day });
  }
}

@QueryHandler(ListActions)
export class ListActionsHandler implements IQueryHandler<ListActions> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ query: { status, owner, origin, agency, skip, limit } }: ListActions) {
    const filter = given({ status, owner, agency, 'origin.type': origin?.type, 'origin.id': origin?.id });
    return findPage(this.reads, actions, filter, { sort: { dueDate: 1, _id: 1 }, skip, limit });
  }
}

@QueryHandler(GetAction)
export class GetActionHandler implements IQueryHandler<GetAction> {
  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  execute({ actionId }: GetAction) {
    return documentOr404(this.reads, actions, actionId, 'action');
  }
}

/** Complaints awaiting acknowledgement or answer, and overdue actions, in `GET /alerts`. */
@Injectable()
export class ComplaintAlertSource implements AlertSource, OnModuleInit {
  private readonly waiting: DocumentAlerts<ComplaintDocument>;
  private readonly late: DocumentAlerts<ActionDocument>;

  constructor(
    private readonly registry: AlertsRegistry,
    @Inject(READ_STORE) reads: ReadStore,
  ) {
    this.waiting = new DocumentAlerts<ComplaintDocument>(reads, complaints, () => ({ status: { $ne: 'closed' } }), (doc, day) => complaintAlerts([doc], day));
    this.late = new DocumentAlerts<ActionDocument>(reads, actions, (day) => ({ status: 'open', dueDate: { $lt: day } }), (doc, day) => actionAlerts([doc], day));
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async alerts(query: { agency?: string; today: string }): Promise<Alert[]> {
    const [waiting, late] = await Promise.all([this.waiting.alerts(query), this.late.alerts(query)]);
    return [...waiting, ...late];
  }
}

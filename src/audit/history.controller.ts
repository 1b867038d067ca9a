import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { Roles } from '../http/auth.guard.js';
import { ProblemError } from '../http/problem.js';
import { id } from '../http/schemas.js';
import { ValidQuery, ZodValidationPipe } from '../http/zod-validation.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { RecordsConsultation } from './access-log.service.js';
import { historyQuery, stateQuery } from './audit.schemas.js';
import { clientStateOf, earliestBusinessDate, recordedBy, type StateView, trueOn } from './client-state.js';
import { ndjsonFile } from './ndjson.js';

/** One fact of a client's history as the auditor sees it: what, when it happened, when and by whom recorded. */
export function historyEntry(event: RecordedEvent) {
  const { actor, occurredAt, recordedAt, commandId, correlationId, causationId } = event.metadata;
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    occurredAt,
    recordedAt,
    actor,
    commandId,
    correlationId,
    ...(causationId ? { causationId } : {}),
  };
}

/**
 * The auditor reads the event store itself, never a read model: what is shown is what was
 * recorded. Every successful read is itself recorded (`AuditTrailConsulted`).
 */
@ApiTags('audit')
@ApiSecurity('bearer')
@Controller('clients/:id')
export class HistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every event naming the client, in commit order; `format=ndjson`: one stored event per line, hashes included. */
  @Get('history')
  @Roles('auditor')
  @RecordsConsultation()
  @ApiProduces('application/json', 'application/x-ndjson')
  async history(@Param('id', new ZodValidationPipe(id)) clientId: string, @ValidQuery(historyQuery) query: z.infer<typeof historyQuery>) {
    const events = await this.readHistory(clientId);
    if (query.format === 'ndjson') return ndjsonFile([events], `client-${clientId}-history.ndjson`);
    return { clientId, events: events.map(historyEntry) };
  }

  /**
   * The client file, contracts, open changes and complaints rebuilt from the log: as recorded at
   * the instant `at`, or as true on the date `occurredAt` as known now.
   */
  @Get('state')
  @Roles('auditor')
  @RecordsConsultation()
  async state(@Param('id', new ZodValidationPipe(id)) clientId: string, @ValidQuery(stateQuery) query: z.infer<typeof stateQuery>) {
    const history = await this.readHistory(clientId);
    const view: StateView = query.at !== undefined ? { at: query.at } : { occurredAt: query.occurredAt! };
    const events = 'at' in view ? recordedBy(history, view.at) : trueOn(history, view.occurredAt);
    const state = events.length ? clientStateOf(clientId, view, events) : undefined;
    if (!state) throw notYet(clientId, view, history);
    return state;
  }

  private async readHistory(clientId: string): Promise<RecordedEvent[]> {
    const events = await this.store.readClientHistory(clientId);
    if (events.length === 0) throw new AggregateNotFound('client', clientId);
    return events;
  }
}

/** 404 for a client recorded later than the view asks: the detail says when it begins. */
function notYet(clientId: string, view: StateView, history: RecordedEvent[]): ProblemError {
  const detail =
    'at' in view
      ? `Client ${clientId} was not yet recorded at ${view.at}: its first event was recorded at ${String(history[0].metadata.recordedAt)}`
      : `Client ${clientId} has no fact dated on or before ${view.occurredAt}: its earliest is dated ${earliestBusinessDate(history)}`;
  return new ProblemError({ type: 'urn:qualirec:problem:not-found', title: 'Not found', status: 404, detail });
}

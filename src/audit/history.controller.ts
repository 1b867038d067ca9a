import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { Roles } from '../http/auth.guard.js';
import { id } from '../http/schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.js';
import { AggregateNotFound } from '../shared/domain-errors.js';

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

/** The auditor reads the event store itself, never a read model: what is shown is what was recorded. */
@ApiTags('audit')
@ApiSecurity('bearer')
@Controller('clients/:id/history')
export class HistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Roles('auditor')
  async history(@Param('id', new ZodValidationPipe(id)) clientId: string) {
    const events = await this.store.readClientHistory(clientId);
    if (events.length === 0) throw new AggregateNotFound('client', clientId);
    return { clientId, events: events.map(historyEntry) };
  }
}

import type { DomainEvent } from '../../src/shared/decider.js';
import type { EventMetadata, RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projector } from '../../src/projections/projector.js';

/** Folds events through a projector as the runner would (positions in order), and returns the documents by id. An event may bring metadata of its own (`clientId`, `occurredAt`). */
export function project<D extends { _id: string }>(projector: Projector<D>, events: (DomainEvent & { metadata?: Partial<EventMetadata> })[]): Map<string, D> {
  const docs = new Map<string, D>();
  const revisions = new Map<string, number>();
  events.forEach((event, index) => {
    const data = event.data as Record<string, unknown>;
    const streamId = data.complaintId ? `complaint-${data.complaintId}` : data.meetingId ? `meeting-${data.meetingId}` : `action-${data.actionId}`;
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const recorded: RecordedEvent = {
      eventId: `e-${index}`,
      type: event.type,
      schemaVersion: 1,
      data,
      metadata: { actor: { id: 'test', role: 'integration' }, occurredAt: '2026-01-01', recordedAt: `2026-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`, ...event.metadata },
      streamId,
      revision,
      position: index + 1,
    };
    if (!projector.handles.includes(event.type)) return;
    for (const id of projector.documentIds(recorded)) {
      const next = projector.evolve(docs.get(id) ?? null, recorded);
      if (next) docs.set(id, next);
      else docs.delete(id);
    }
  });
  return docs;
}

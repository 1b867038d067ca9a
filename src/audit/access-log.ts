import type { EventMetadata } from '../event-store/event-store.port.js';
import type { Projector } from '../projections/projector.js';

/** Someone read the log: a client's history or state, or an export of a period. */
export const AUDIT_TRAIL_CONSULTED = 'AuditTrailConsulted';

export interface AuditTrailConsulted {
  /** The route as declared, e.g. `GET /clients/{id}/state`. */
  route: string;
  /** The client whose history was read, for the routes about one client. */
  clientId?: string;
  /** The query string as sent. */
  query: Record<string, unknown>;
  /** When the answer was given (ISO instant). */
  at: string;
}

/**
 * One stream per day of consultations. The event names no client in its metadata, so reading a
 * client's history never adds to that history.
 */
export const accessLogStream = (at: string) => `audit-access-${at.slice(0, 10)}`;

export interface AccessLogEntry extends AuditTrailConsulted {
  _id: string;
  /** The day of `at`, for period filters. */
  day: string;
  actor: EventMetadata['actor'];
  correlationId?: string;
  /** Position of the event in the log. */
  position: number;
}

/** The access log behind `GET /audit/access-log`: one document per consultation. */
export const accessLogProjector: Projector<AccessLogEntry> = {
  name: 'access-log.v1',
  collection: 'access-log',
  handles: [AUDIT_TRAIL_CONSULTED],
  documentIds: (event) => [event.eventId],
  evolve: (_doc, event) => {
    const data = event.data as unknown as AuditTrailConsulted;
    return {
      _id: event.eventId,
      route: data.route,
      ...(data.clientId ? { clientId: data.clientId } : {}),
      query: data.query,
      at: data.at,
      day: data.at.slice(0, 10),
      actor: event.metadata.actor,
      ...(event.metadata.correlationId ? { correlationId: event.metadata.correlationId } : {}),
      position: event.position,
    };
  },
};

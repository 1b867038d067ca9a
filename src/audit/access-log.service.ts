import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { concatMap, type Observable } from 'rxjs';
import { chained, SCHEMA_VERSION } from '../event-store/command-executor.service.js';
import { EVENT_STORE, type EventStore, type NewEvent, WrongExpectedRevisionError } from '../event-store/event-store.port.js';
import type { AuthenticatedRequest } from '../http/auth.guard.js';
import { accessLogStream, AUDIT_TRAIL_CONSULTED, type AuditTrailConsulted } from './access-log.js';

/** Other instances may write the day's stream too: a lost race reads its head again. */
const MAX_ATTEMPTS = 10;

interface Pending {
  event: NewEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Records every consultation of the log as an `AuditTrailConsulted` event, chained like any other.
 * Consultations that arrive while an append is under way are appended together, so concurrent
 * reads do not queue behind each other's appends.
 */
@Injectable()
export class AccessLog {
  private queue: Pending[] = [];
  private flushing?: Promise<void>;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Resolves once the consultation is durably in the log. */
  record(request: AuthenticatedRequest): Promise<void> {
    const event = consultation(request);
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.queue.length) this.kick();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      const byStream = new Map<string, Pending[]>();
      for (const pending of batch) {
        const streamId = accessLogStream(pending.event.metadata.recordedAt);
        byStream.set(streamId, [...(byStream.get(streamId) ?? []), pending]);
      }
      await Promise.all(
        [...byStream].map(([streamId, items]) =>
          this.append(streamId, items.map((p) => p.event)).then(
            () => items.forEach((p) => p.resolve()),
            (error: unknown) => items.forEach((p) => p.reject(error)),
          ),
        ),
      );
    }
  }

  private async append(streamId: string, events: NewEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const [head] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      const revision = head ? head.revision : -1;
      try {
        await this.store.appendToStream(streamId, chained(streamId, revision, head, events), revision === -1 ? 'no_stream' : revision);
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

/** The event of one consultation, in the envelope the `CommandExecutor` writes; the actor is the key. */
function consultation(request: AuthenticatedRequest): NewEvent {
  const at = new Date().toISOString();
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`.replace(/:(\w+)/g, '{$1}');
  const clientId = (request.params as Record<string, string | undefined>).id;
  const data: AuditTrailConsulted = { route, ...(clientId ? { clientId } : {}), query: { ...(request.query as Record<string, unknown>) }, at };
  const commandId = randomUUID();
  const correlation = request.headers['x-correlation-id'];
  const holder = request.holder!;
  return {
    eventId: randomUUID(),
    type: AUDIT_TRAIL_CONSULTED,
    schemaVersion: SCHEMA_VERSION,
    data: data as unknown as Record<string, unknown>,
    metadata: {
      actor: { id: holder.name, role: holder.role, name: holder.name },
      commandId,
      correlationId: (Array.isArray(correlation) ? correlation[0] : correlation) ?? commandId,
      occurredAt: at,
      recordedAt: at,
    },
  };
}

/**
 * Records the consultation once the route has its answer, and answers only after it is durable:
 * a refused or failed read (400, 401, 403, 404) records nothing, and a consultation that could not
 * be recorded is not answered (the store's error, e.g. 503, is).
 */
@Injectable()
export class ConsultationInterceptor implements NestInterceptor {
  constructor(private readonly log: AccessLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return next.handle().pipe(
      concatMap(async (answer: unknown) => {
        await this.log.record(request);
        return answer;
      }),
    );
  }
}

/** Marks a route that reads the log: every successful call is itself recorded in the log. */
export const RecordsConsultation = () => UseInterceptors(ConsultationInterceptor);

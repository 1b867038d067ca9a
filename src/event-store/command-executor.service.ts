import { Inject, Injectable } from '@nestjs/common';
import type { Decider, DomainEvent } from '../shared/decider.js';
import { AggregateNotFound, BusinessRuleViolation, StaleRevision } from '../shared/domain-errors.js';
import { deterministicUuid } from '../shared/ids.js';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, WrongExpectedRevisionError } from './event-store.port.js';
import { eventHash, GENESIS } from '../audit/chain.js';
import { PersonalDataVault } from '../personal-data/personal-data.vault.js';
import type { EventStore, NewEvent, RecordedEvent } from './event-store.port.js';

/** Who sends a command, and the request's technical context. */
export interface CommandContext {
  actor: { id: string; role: string; name?: string };
  /** From the body's `commandId` or the `Idempotency-Key` header: makes a retry append nothing. */
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  /** Business time of the fact the command records. */
  occurredAt: string;
  /** From `If-Match`: the revision the caller last saw. */
  ifMatch?: number;
}

export interface CommandResult {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  /** True when the command had already been applied: nothing was appended. */
  replayed: boolean;
}

export interface AggregateCommand<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  /** Name of the aggregate kind, for errors (`contract`, `client`…). */
  aggregate: string;
  id: string;
  streamId: string;
  command: C;
  /** Refuse with 404 when the stream does not exist (every command but creations). */
  mustExist: boolean;
  /** The client the events concern, for the auditor's history. */
  clientId?: string;
}

/** Current version of every event's schema. The first schema that changes brings upcasters for older versions, applied on read. */
export const SCHEMA_VERSION = 1;
const MAX_ATTEMPTS = 5;

/**
 * Runs a command against an aggregate: load its stream, fold it, decide, append at the revision
 * read. A concurrent writer makes the append fail; the command is then decided again on the new
 * state, a bounded number of times (or answered 412 when the caller pinned a revision).
 */
@Injectable()
export class CommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  async execute<C, E extends DomainEvent, S>(spec: AggregateCommand<C, E, S>, ctx: CommandContext): Promise<CommandResult> {
    for (let attempt = 1; ; attempt += 1) {
      const history = await this.store.readStream(spec.streamId);
      if (spec.mustExist && history.length === 0) throw new AggregateNotFound(spec.aggregate, spec.id);
      const revision = history.length - 1;
      const earlier = ctx.commandId ? history.filter((e) => e.metadata.commandId === ctx.commandId) : [];
      if (earlier.length) return this.resultOf(spec, earlier[earlier.length - 1], true);
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== revision) throw new StaleRevision(ctx.ifMatch, revision);

      const state = history.map((e) => e as unknown as E).reduce(spec.decider.evolve, spec.decider.initialState());
      const events = spec.decider.decide(spec.command, state);
      if (events.length === 0) throw new BusinessRuleViolation('command-changes-nothing', 'The command records nothing new');
      try {
        const sealed = await this.vault.seal(this.envelope(events, spec, ctx));
        const appended = await this.store.appendToStream(
          spec.streamId,
          chained(spec.streamId, revision, history[history.length - 1], sealed),
          revision === -1 ? 'no_stream' : revision,
        );
        return { id: spec.id, streamId: spec.streamId, revision: appended.nextRevision, position: appended.position, replayed: appended.replayed ?? false };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (ctx.ifMatch !== undefined) throw new StaleRevision(ctx.ifMatch, typeof error.actual === 'number' ? error.actual : -1);
        if (attempt >= MAX_ATTEMPTS) {
          throw new BusinessRuleViolation('concurrent-modification', `${spec.aggregate} ${spec.id} kept changing while the command was decided`);
        }
      }
    }
  }

  private envelope<E extends DomainEvent>(events: E[], spec: { clientId?: string }, ctx: CommandContext): NewEvent[] {
    const recordedAt = new Date().toISOString();
    const commandId = ctx.commandId ?? randomUUID();
    return events.map((event, index) => ({
      eventId: ctx.commandId ? deterministicUuid('event', ctx.commandId, index) : randomUUID(),
      type: event.type,
      schemaVersion: SCHEMA_VERSION,
      data: event.data as Record<string, unknown>,
      metadata: {
        ...(spec.clientId ? { clientId: spec.clientId } : {}),
        actor: ctx.actor,
        commandId,
        correlationId: ctx.correlationId ?? commandId,
        ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
        occurredAt: ctx.occurredAt,
        recordedAt,
      },
    }));
  }

  private resultOf(spec: { id: string; streamId: string }, last: RecordedEvent, replayed: boolean): CommandResult {
    return { id: spec.id, streamId: spec.streamId, revision: last.revision, position: last.position, replayed };
  }

  /** Whether an aggregate was ever recorded: for commands that name another one (a contract's client). */
  async exists(streamId: string): Promise<boolean> {
    return (await this.store.readStream(streamId, { maxCount: 1 })).length > 0;
  }

  /** The first event of a stream: the creation event that carries an aggregate's identity. */
  async first(streamId: string): Promise<RecordedEvent | undefined> {
    return (await this.store.readStream(streamId, { maxCount: 1 }))[0];
  }
}

/**
 * Links each new event to the one before it in its stream. The append at the revision read makes
 * the link safe with several writers: a concurrent append fails and the command is decided again.
 */
export function chained(streamId: string, revision: number, last: RecordedEvent | undefined, events: NewEvent[]): NewEvent[] {
  let prevHash = typeof last?.metadata.hash === 'string' ? last.metadata.hash : GENESIS;
  return events.map((event, i) => {
    const metadata = { ...event.metadata, prevHash };
    const hash = eventHash(prevHash, { ...event, streamId, revision: revision + 1 + i, metadata });
    prevHash = hash;
    return { ...event, metadata: { ...metadata, hash } };
  });
}

import { SCHEMA_VERSION, type CommandContext } from '../../src/event-store/command-executor.service.js';
import type { EventMetadata, NewEvent } from '../../src/event-store/event-store.port.js';
import { SEAL_STREAM } from '../../src/audit/chain.js';
import type { Decider, DomainEvent } from '../../src/shared/decider.js';
import { AggregateNotFound, BusinessRuleViolation } from '../../src/shared/domain-errors.js';
import { deterministicUuid } from '../../src/shared/ids.js';
import { instantOf } from './calendar.js';
import type { PersonalDataVault } from '../../src/personal-data/personal-data.vault.js';
import { PERSONAL_FIELDS } from '../../src/personal-data/personal-fields.js';
import type { LogSink } from './log-writer.js';

/** One command on one aggregate, as a command handler hands it to the `CommandExecutor`. */
export interface AggregateCommand<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  aggregate: string;
  id: string;
  streamId: string;
  command: C;
  mustExist: boolean;
  clientId?: string;
}

interface Head {
  revision: number;
  state: unknown;
}


/** Where a writing run's events go: sealed here by the application's vault, then chained and stored by the sink. */
export interface Output {
  vault: PersonalDataVault;
  sink: LogSink;
}

/**
 * What the `CommandExecutor` does, minus reading the log: each stream's folded state and revision
 * stay in memory, so a command costs one `decide` and one `evolve`, never a read. The decision,
 * the envelope, the sealing of personal fields (step 7) and the rules are the application's own;
 * refusals throw as they do there; the sink chains and stores. Without an output (a dry run)
 * nothing is sealed or stored: the run only counts what it would record, which the generator uses
 * to size the organisation.
 */
export class Recorder {
  private readonly heads = new Map<string, Head>();
  /** Only for the clients asked about (`follow`): counting every client's would cost a map update per event. */
  private readonly historyLengths = new Map<string, number>();
  /** Events recorded so far: the position of the last one, the log being empty at the start. */
  position = 0;
  /** Position of the last event outside `audit-seals`: what a seal made now covers. */
  lastChainedPosition = 0;

  constructor(
    private readonly clock: { now: number },
    private readonly output?: Output,
  ) {}

  exists(streamId: string): boolean {
    return this.heads.has(streamId);
  }

  /** A stream's state as the executor would fold it now; undefined for a stream never written. */
  stateOf<S>(streamId: string): S | undefined {
    return this.heads.get(streamId)?.state as S | undefined;
  }

  /** Counts from now on the events that name this client (its auditor's history). */
  follow(clientId: string): void {
    if (!this.historyLengths.has(clientId)) this.historyLengths.set(clientId, 0);
  }

  /** How many events named a followed client. */
  historyLength(clientId: string): number {
    const length = this.historyLengths.get(clientId);
    if (length === undefined) throw new Error(`Client ${clientId} is not followed`);
    return length;
  }

  /** Decides, records and returns the events as sealed (enveloped only, in a dry run), or throws the decider's refusal. */
  async execute<C, E extends DomainEvent, S>(spec: AggregateCommand<C, E, S>, ctx: CommandContext): Promise<NewEvent[]> {
    const head = this.heads.get(spec.streamId) ?? { revision: -1, state: spec.decider.initialState() };
    if (spec.mustExist && head.revision === -1) throw new AggregateNotFound(spec.aggregate, spec.id);
    const decided = spec.decider.decide(spec.command, head.state as S);
    if (decided.length === 0) throw new BusinessRuleViolation('command-changes-nothing', 'The command records nothing new');
    const events = envelope(decided, spec.clientId, ctx, instantOf(this.clock.now), this.output !== undefined);
    const sealed = await this.seal(events);
    this.output?.sink.append(spec.streamId, head.revision, sealed);
    this.heads.set(spec.streamId, { revision: head.revision + events.length, state: decided.reduce(spec.decider.evolve, head.state as S) });
    this.position += events.length;
    if (spec.streamId !== SEAL_STREAM) this.lastChainedPosition = this.position;
    const followed = spec.clientId === undefined ? undefined : this.historyLengths.get(spec.clientId);
    if (followed !== undefined) this.historyLengths.set(spec.clientId!, followed + events.length);
    return sealed;
  }

  /** Crypto-shredding, as the erasure does it: the subject's key is destroyed in `keys.db`. */
  async erase(subject: string): Promise<void> {
    await this.output?.vault.erase(subject);
  }

  /** Resolves once the sink has caught up enough for the simulation to go on. */
  async keepUp(): Promise<void> {
    await this.output?.sink.keepUp();
  }

  /** The vault leaves events without personal fields as they are: most commands skip it (and its promises) altogether. */
  private async seal(events: NewEvent[]): Promise<NewEvent[]> {
    return this.output && events.some((e) => PERSONAL_FIELDS[e.type]) ? this.output.vault.seal(events) : events;
  }
}

/**
 * The `CommandExecutor`'s envelope (its private `envelope()`), for a command that always carries
 * its `commandId` here: event ids derive from it (a dry run, which stores nothing, spares the
 * hashing and uses the command id), and `recordedAt` is the simulated clock. The metadata is built
 * field by field, in the executor's order: object spreads cost microseconds each on this path.
 */
function envelope(events: DomainEvent[], clientId: string | undefined, ctx: CommandContext, recordedAt: string, withEventIds: boolean): NewEvent[] {
  const commandId = ctx.commandId!;
  return events.map((event, index) => {
    const metadata = {} as EventMetadata;
    if (clientId) metadata.clientId = clientId;
    metadata.actor = ctx.actor;
    metadata.commandId = commandId;
    metadata.correlationId = ctx.correlationId ?? commandId;
    if (ctx.causationId) metadata.causationId = ctx.causationId;
    metadata.occurredAt = ctx.occurredAt;
    metadata.recordedAt = recordedAt;
    const eventId = withEventIds ? deterministicUuid('event', commandId, index) : commandId;
    return { eventId, type: event.type, schemaVersion: SCHEMA_VERSION, data: event.data as Record<string, unknown>, metadata };
  });
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ContractCommandMessage } from '../contracts/contract.command-handler.js';
import type { ContractDocument } from '../contracts/contract-status.projector.js';
import { contractStatusProjector } from '../contracts/contract-status.projector.js';
import type { CommandContext } from '../event-store/command-executor.service.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { ProcessManagerRunner, type ProcessManager } from '../projections/process-manager.runner.js';
import { ProcessRegistry } from '../projections/process-registry.js';
import { PROJECTION_RUNNER } from '../projections/projections.module.js';
import type { ProjectionRunner } from '../projections/projection-runner.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { today } from '../shared/dates.js';
import { AggregateNotFound, BusinessRuleViolation } from '../shared/domain-errors.js';
import { deterministicUuid } from '../shared/ids.js';
import { dueResumptions, type Effect, effectsOfChange } from './change-of-situation.effects.js';
import { ClientCommandMessage } from './client.command-handler.js';
import type { ChangeOfSituationReported } from './client.events.js';

/** The actor of what the saga records (role `system`). */
export const SAGA = { id: 'continuity-saga', role: 'system', name: 'continuity saga' };

/**
 * The effects of changes of situation on contracts and the client file, as a process fed by the
 * checkpointed subscription (not the in-process bus: an acknowledged change must have its effects
 * even across a crash). Each effect is its own command, caused by the change's event, with an id
 * derived from it: a re-delivered change produces nothing twice.
 */
@Injectable()
export class ContinuitySaga implements ProcessManager, OnApplicationBootstrap, OnModuleDestroy {
  readonly name = 'saga.continuity.v1';
  readonly handles = ['ChangeOfSituationReported'];
  private readonly logger = new Logger('continuity-saga');
  private readonly runner: ProcessManagerRunner;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: ProcessRegistry,
  ) {
    this.runner = new ProcessManagerRunner(events, reads, this);
    registry.register(this.runner);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.projections !== 'inline') return;
    await this.runner.start();
    const tick = () => void this.resumeDue(today()).catch((error: Error) => this.logger.error(`Scheduled resumptions failed: ${error.message}`));
    this.timer = setInterval(tick, this.config.sagaTickMs).unref();
    tick();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.runner.stop();
  }

  status() {
    return this.runner.status();
  }

  async handle(event: RecordedEvent): Promise<void> {
    const change = (event as unknown as ChangeOfSituationReported).data;
    // The contracts as they stood when the change was recorded: wait for their read model to get there.
    if (!(await this.projections.waitFor(event.position, [contractStatusProjector.name], 30_000))) {
      throw new Error(`The contracts read model did not reach position ${event.position}`);
    }
    const contracts = (await this.reads.find(contractStatusProjector.collection, { clientId: change.clientId })) as unknown as ContractDocument[];
    const context = { correlationId: event.metadata.correlationId, causationId: event.eventId, occurredAt: change.effectiveFrom };
    for (const effect of effectsOfChange(change, contracts)) await this.apply(effect, event.eventId, context);
  }

  /** Resumes the contracts whose suspension by a change has reached its known end. */
  async resumeDue(day: string): Promise<number> {
    const suspended = (await this.reads.find(contractStatusProjector.collection, {
      status: 'suspended',
      'suspension.changeId': { $exists: true },
      'suspension.until': { $lte: day },
    })) as unknown as ContractDocument[];
    const effects = dueResumptions(suspended, day);
    for (const effect of effects) {
      const at = (effect.command as { at: string }).at;
      await this.apply(effect, effect.causationId ?? effect.key, { ...(effect.causationId ? { causationId: effect.causationId } : {}), occurredAt: at });
    }
    return effects.length;
  }

  private async apply(effect: Effect, origin: string, context: Partial<CommandContext> & { occurredAt: string }): Promise<void> {
    const ctx: CommandContext = { actor: SAGA, commandId: deterministicUuid('effect', origin, effect.key), ...context };
    try {
      await this.commands.execute(effect.target === 'contract' ? new ContractCommandMessage(effect.command, ctx) : new ClientCommandMessage(effect.command, ctx));
    } catch (error) {
      // The effect no longer applies (the contract ended meanwhile…): the change itself stays recorded.
      if (error instanceof BusinessRuleViolation || error instanceof AggregateNotFound) {
        this.logger.warn(`${effect.key} not applied: ${error.message}`);
        return;
      }
      throw error;
    }
  }
}

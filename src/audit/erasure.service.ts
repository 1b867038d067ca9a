import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../event-store/event-store.port.js';
import { clientStream } from '../continuity/client.command-handler.js';
import { clientSubject } from '../personal-data/personal-fields.js';
import { PersonalDataVault } from '../personal-data/personal-data.vault.js';
import { ProcessManagerRunner, type ProcessManager } from '../projections/process-manager.runner.js';
import { ProcessRegistry } from '../projections/process-registry.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { erasureDecider } from './erasure.decider.js';

export const erasureStream = (clientId: string) => `erasure-${clientId}`;

/**
 * EraseClientPersonalData: the erasure is recorded (it belongs to the client's history), then the
 * client's key is destroyed. A process following the log destroys it again after a crash between
 * the two, so a recorded erasure always takes effect.
 */
@Injectable()
export class ErasureService implements ProcessManager, OnApplicationBootstrap, OnModuleDestroy {
  readonly name = 'process.erasure.v1';
  readonly handles = ['ClientPersonalDataErased'];
  private readonly runner: ProcessManagerRunner;

  constructor(
    private readonly executor: CommandExecutor,
    private readonly vault: PersonalDataVault,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    registry: ProcessRegistry,
  ) {
    this.runner = new ProcessManagerRunner(events, reads, this);
    registry.register(this.runner);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.projections === 'inline') await this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  async erase(clientId: string, request: { requestedAt: string; by: string }, ctx: Omit<CommandContext, 'occurredAt'>): Promise<CommandResult> {
    if (!(await this.executor.exists(clientStream(clientId)))) throw new AggregateNotFound('client', clientId);
    const result = await this.executor.execute(
      {
        decider: erasureDecider,
        aggregate: 'erasure',
        id: clientId,
        streamId: erasureStream(clientId),
        command: { type: 'EraseClientPersonalData', clientId, ...request },
        mustExist: false,
        clientId,
      },
      { ...ctx, occurredAt: request.requestedAt },
    );
    await this.vault.erase(clientSubject(clientId));
    return result;
  }

  async handle(event: RecordedEvent): Promise<void> {
    await this.vault.erase(clientSubject(String(event.data.clientId)));
  }
}

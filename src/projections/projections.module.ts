import { type DynamicModule, Global, Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { ProjectionRunner } from './projection-runner.js';
import type { Projector } from './projector.js';
import { ProcessRegistry } from './process-registry.js';

export const PROJECTION_RUNNER = Symbol('ProjectionRunner');

@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(projectors: Projector[]): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE, READ_STORE],
          useFactory: (events: EventStore, reads: ReadStore) => new ProjectionRunner(events, reads, projectors),
        },
        ProcessRegistry,
      ],
      exports: [PROJECTION_RUNNER, ProcessRegistry],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.projections === 'inline') await this.runner.start();
    else this.runner.follow();
  }

  /** Before the stores close: the runner finishes its batch and stores its checkpoints. */
  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CommandExecutor, type CommandResult } from '../event-store/command-executor.service.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PROJECTION_RUNNER } from '../projections/projections.module.js';
import type { ProjectionRunner } from '../projections/projection-runner.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { emptyDigest, SEAL_STREAM, type Verification } from './chain.js';
import { type HeadsDigestDocument, headsDigestProjector } from './heads-digest.projector.js';
import { sealDecider } from './seal.decider.js';
import { verifyLog } from './verification.js';

/** The actor of the seals the service records. */
export const SEALER = { id: 'audit-sealer', role: 'system', name: 'audit sealer' };

/** Verification of the log, and seals: recorded every QUALIREC_SEAL_INTERVAL_MS where projectors run, and on demand. */
@Injectable()
export class AuditService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly executor: CommandExecutor,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.projections !== 'inline') return;
    this.timer = setInterval(() => {
      this.seal().catch((error: Error) => this.logger.error(`Periodic seal failed: ${error.message}`));
    }, this.config.sealIntervalMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  verify(): Promise<Verification> {
    return this.verifyWith();
  }

  verifyWith(onProgress?: (checked: number, head: number) => void): Promise<Verification> {
    return verifyLog(this.store, onProgress);
  }

  /** Seals the stream heads as the digest read model holds them, after letting it catch up with the log. */
  async seal(actor = SEALER): Promise<CommandResult | undefined> {
    await this.projections.waitFor(await this.store.headPosition(), [headsDigestProjector.name], 5000);
    const doc = (await this.reads.get(headsDigestProjector.collection, 'heads')) as HeadsDigestDocument | null;
    const upTo = doc?.upTo ?? 0;
    const [last] = await this.store.readStream(SEAL_STREAM, { direction: 'backwards', maxCount: 1 });
    if (last && (last.data.upTo as number) >= upTo) return undefined;
    const digest = doc ? { sum: doc.sum, streams: doc.streams } : emptyDigest();
    return this.executor.execute(
      { decider: sealDecider, aggregate: 'seal', id: SEAL_STREAM, streamId: SEAL_STREAM, command: { type: 'RecordSeal', upTo, digest }, mustExist: false },
      { actor, occurredAt: new Date().toISOString() },
    );
  }
}

import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Public, Roles } from '../http/auth.guard.js';
import { PROJECTION_RUNNER } from '../projections/projections.module.js';
import type { ProjectionRunner } from '../projections/projection-runner.js';
import { ProcessRegistry } from '../projections/process-registry.js';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly processes: ProcessRegistry,
  ) {}

  /** 503 when a projector halted on an event (read models stop there until it is fixed) or cannot store its writes. */
  @Get('health')
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const projections = this.runner.status();
    const processes = this.processes.statuses();
    const halted = [...projections, ...processes].some((p) => p.status !== 'running');
    void reply.status(halted ? 503 : 200);
    return { status: halted ? 'degraded' : 'ok', eventStore: { head: await this.store.headPosition() }, projections, processes };
  }

  @Get('metrics')
  @Roles('auditor')
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const head = await this.store.headPosition();
    const lines = [
      '# HELP qualirec_event_log_head_position Position of the last committed event.',
      '# TYPE qualirec_event_log_head_position gauge',
      `qualirec_event_log_head_position ${head}`,
      '# HELP qualirec_projection_lag_events Events committed but not yet in the read model.',
      '# TYPE qualirec_projection_lag_events gauge',
      ...this.runner.status().map((p) => `qualirec_projection_lag_events{projection="${p.name}"} ${Math.max(0, head - p.position)}`),
      '# HELP qualirec_projection_halted 1 when the projector stopped on a failing event.',
      '# TYPE qualirec_projection_halted gauge',
      ...this.runner.status().map((p) => `qualirec_projection_halted{projection="${p.name}"} ${p.status === 'halted' ? 1 : 0}`),
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    ];
    return lines.join('\n') + '\n';
  }
}

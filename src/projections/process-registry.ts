import { Injectable } from '@nestjs/common';
import type { ProjectionStatus } from './projection-runner.js';

/** Background processes (sagas) report here so /health shows them beside the projections. */
@Injectable()
export class ProcessRegistry {
  private readonly processes: { status(): ProjectionStatus }[] = [];

  register(process: { status(): ProjectionStatus }): void {
    this.processes.push(process);
  }

  statuses(): ProjectionStatus[] {
    return this.processes.map((p) => p.status());
  }
}

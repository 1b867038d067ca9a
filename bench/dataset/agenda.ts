import { END } from './calendar.js';
import type { Simulation, Task } from './simulation.js';

/**
 * One life's tasks on the simulation's clock, counted so that the life knows whether anything is
 * still planned. Anything due after the simulated period is dropped: it is still to do when the
 * dataset ends.
 */
export class Agenda {
  private pending = 0;

  constructor(private readonly sim: Simulation) {}

  at(at: number, run: Task): void {
    if (at >= END) return;
    this.pending += 1;
    this.sim.at(at, () => {
      this.pending -= 1;
      return run();
    });
  }

  /** Tasks planned and not yet done. */
  get size(): number {
    return this.pending;
  }
}

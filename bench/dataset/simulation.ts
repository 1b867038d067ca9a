import { DAY } from './calendar.js';

/**
 * The organisation's clock. Everything the simulated people and agencies do is a task due at an
 * instant; the simulation runs the tasks one at a time, always the one due first (ties in the
 * order they were planned), each to its end (its commands awaited) before the next. So the log is
 * written in business-time order, one command after another, as the application would have
 * recorded it over the years, and in the same order on every run.
 */
export type Task = () => Promise<void> | void;

interface Planned {
  at: number;
  seq: number;
  run: Task;
}

export class Simulation {
  /** The current simulated instant (ms since the epoch): `recordedAt` of what is recorded now. */
  now: number;
  private readonly queue = new TaskQueue();
  private seq = 0;

  constructor(start: number) {
    this.now = start;
  }

  /** Plans `run` at `at` (never before now). */
  at(at: number, run: Task): void {
    this.queue.push({ at: Math.max(at, this.now), seq: this.seq++, run });
  }

  /** Runs every task, those planned meanwhile included; `between` runs after each. */
  async run(between: () => Promise<void> | void): Promise<void> {
    for (let task = this.queue.pop(); task; task = this.queue.pop()) {
      this.now = task.at;
      await task.run();
      await between();
    }
  }
}

/**
 * Planned tasks by time, then by the order they were planned: one bucket per day, sorted when the
 * day comes (a calendar queue). A binary heap of a million tasks costs a cache miss per level on
 * every push and pop; here a task is pushed into its day's list and popped from the end of a
 * short sorted array.
 */
class TaskQueue {
  private readonly days = new Map<number, Planned[]>();
  /** The current day's tasks, latest first: the next one is at the end. */
  private today: Planned[] = [];
  private day = Number.NEGATIVE_INFINITY;
  private later = 0;

  push(task: Planned): void {
    const day = Math.floor(task.at / DAY);
    if (day <= this.day) {
      // Planned for today: into its place among today's (it comes after those planned before it at the same instant).
      let low = 0;
      let high = this.today.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (before(task, this.today[middle])) low = middle + 1;
        else high = middle;
      }
      this.today.splice(low, 0, task);
      return;
    }
    const bucket = this.days.get(day);
    if (bucket) bucket.push(task);
    else this.days.set(day, [task]);
    this.later += 1;
  }

  pop(): Planned | undefined {
    if (this.today.length === 0) {
      if (this.later === 0) return undefined;
      let day = this.day + 1;
      if (!Number.isFinite(day)) day = Math.min(...this.days.keys());
      while (!this.days.has(day)) day += 1;
      this.today = this.days.get(day)!.sort((a, b) => (before(a, b) ? 1 : -1));
      this.days.delete(day);
      this.later -= this.today.length;
      this.day = day;
    }
    return this.today.pop();
  }
}

const before = (a: Planned, b: Planned) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

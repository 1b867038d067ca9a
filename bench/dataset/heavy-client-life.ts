import { DAY, END, MINUTE } from './calendar.js';
import { ClientLife, type ContractFate } from './client-life.js';
import type { ClientPlan } from './organisation.js';
import type { World } from './world.js';

/** Average events per step below: what the pace is computed from. */
const EVENTS_PER_STEP = 1.2;
/** The last step comes this long before the end, so that its follow-ups (acknowledgement, signature…) are recorded too. */
const MARGIN = 45 * DAY;

/**
 * The long-lived client whose history the auditor reads: registered in the first week, its first
 * contract signed, then, at an even pace over the years, what an ordinary client does a few times
 * a year: follow-up visits, changes of situation with their acknowledgements (a move brings the
 * saga's address change), replacement requests with their proposals, amendments, preference
 * changes, a second contract. Every follow-up is certain and counted before the step that plans
 * it, so the history ends with exactly the number of events asked.
 */
export class HeavyClientLife extends ClientLife {
  /** Events of the history recorded, or certain to be (follow-ups planned). */
  private reserved = 0;
  private secondContract = false;

  constructor(
    w: World,
    plan: ClientPlan,
    private readonly target: number,
  ) {
    super(w, plan);
    w.handlers.recorder.follow(plan.clientId);
    this.odds = { fixedTerm: 0, acknowledgement: 1, amendmentAfterNeedsChange: 0, proposal: 1 };
  }

  protected override firstContractFate(): ContractFate {
    return 'signed';
  }

  protected override startService(): void {
    this.reserved = this.w.handlers.recorder.historyLength(this.clientId);
    this.agenda.at(this.w.sim.now + DAY, () => this.step());
  }

  private async step(): Promise<void> {
    const remaining = this.target - this.reserved;
    if (remaining <= 0) return;
    const { cost, run } = this.pick(remaining);
    this.reserved += cost;
    await run();
    const { r, w } = this;
    const steps = (this.target - this.reserved) / EVENTS_PER_STEP;
    const gap = ((END - MARGIN - w.sim.now) * r.between(0.5, 1.5)) / (steps + 1);
    this.agenda.at(w.sim.now + Math.max(10 * MINUTE, gap), () => this.step());
  }

  /**
   * A step whose events (with its certain follow-ups) fit in what is left. Visits and amendments
   * come first: each change or replacement request makes the client's state (folded by the
   * decider, which copies it) a little longer to copy for every later command.
   */
  private pick(remaining: number): { cost: number; run: () => Promise<void> } {
    const steps = [
      { weight: 55, cost: 1, run: () => this.visit() },
      { weight: 8, cost: 2, run: () => this.reportChange(this.r.chance(0.5) ? 'needs_change' : 'other') },
      { weight: 1, cost: 3, run: () => this.reportChange('address_change') },
      { weight: 6, cost: 2, run: () => this.requestReplacement() },
      { weight: 20, cost: 1, run: () => this.amend() },
      { weight: 5, cost: 1, run: () => this.changePreferences() },
      { weight: this.secondContract ? 0 : 2, cost: 3, run: () => this.draftSecondContract() },
    ].filter((s) => s.cost <= remaining);
    return steps[this.r.weighted(steps.map((s) => s.weight))];
  }

  private draftSecondContract(): Promise<void> {
    this.secondContract = true;
    return this.draftContract('signed');
  }
}

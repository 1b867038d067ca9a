import type { TrainingRequest } from '../../src/staff/staff-member.decider.js';
import { newAggregateId } from '../../src/shared/ids.js';
import { Agenda } from './agenda.js';
import { DAY, END, dateOf, msOf, officeHours, sometimeBetween, yearOfMs, yearStart } from './calendar.js';
import type { StaffPlan } from './organisation.js';
import { fullName } from './people.js';
import type { Random } from './random.js';
import { INTERVIEW_NOTES, MANDATORY_TRAININGS, STAFF_ROLES, TRAINING_TOPICS } from './vocabulary.js';
import { ACTORS, type World } from './world.js';

/**
 * A staff member's years, as the HR and payroll tool reports them: registered when hired (those
 * already employed in the record's first week), then each year an annual interview (often with a
 * training request, which a training fulfils four times in five), mandatory trainings, and
 * leave: sick days in spring, summer holidays, a week at Christmas, in periods that never overlap.
 */
export class StaffLife {
  private readonly r: Random;
  private readonly agenda: Agenda;

  constructor(
    private readonly w: World,
    private readonly plan: StaffPlan,
  ) {
    this.r = plan.random;
    this.agenda = new Agenda(w.sim);
  }

  /** The day the staff member is registered; each year is planned from there. */
  async start(): Promise<void> {
    const { r, w, plan } = this;
    const details = { fullName: fullName(r), role: STAFF_ROLES[r.weighted([30, 30, 15, 15, 10])], agency: plan.agency, qualified: r.chance(0.6), hiredAt: plan.hiredAt };
    await w.handlers.staff({ type: 'RegisterStaffMember', ...details, staffId: plan.staffId }, { actor: ACTORS.payroll, commandId: plan.commandId, correlationId: r.uuid(), occurredAt: plan.hiredAt });
    w.staffRegistered(plan.agency, plan.staffId);
    this.planYear(yearOfMs(w.sim.now), details.qualified);
  }

  private planYear(year: number, qualified: boolean): void {
    const { r, w } = this;
    const from = Math.max(w.sim.now, yearStart(year));
    const to = Math.min(yearStart(year + 1), END);
    const day = (month: number, first: number, last: number) => Date.UTC(year, month, r.int(first, last));
    const interviewDay = officeHours(r, day(0, 10, 80));
    if (year > Number(this.plan.hiredAt.slice(0, 4)) && interviewDay >= from && r.chance(0.9)) {
      this.agenda.at(interviewDay, () => this.interview(r.chance(qualified ? 0.3 : 0.55)));
    }
    if (r.chance(0.1)) this.agenda.at(officeHours(r, sometimeBetween(r, from, to)), () => this.requestTraining('other'));
    if (r.chance(0.5)) this.agenda.at(officeHours(r, sometimeBetween(r, from, to)), () => this.train());
    if (r.chance(0.15)) this.planLeave(day(2, 1, 80), r.int(0, 9), 'maladie', 0);
    if (r.chance(0.8)) this.planLeave(day(6, 1, 41), r.int(13, 20), 'congés payés', r.int(14, 60));
    if (r.chance(0.5)) this.planLeave(day(11, 20, 24), 6, 'congés payés', r.int(14, 45));
    this.agenda.at(yearStart(year + 1), () => this.planYear(year + 1, qualified));
  }

  /** Leave from `first` for `days` more days, recorded `notice` days before it starts (sick leave: the day it starts). */
  private planLeave(first: number, days: number, kind: string, notice: number): void {
    const { r, w } = this;
    if (first - notice * DAY < w.sim.now) return;
    this.agenda.at(officeHours(r, first - notice * DAY), async () => {
      const from = dateOf(first);
      const ctx = w.context(r, ACTORS.payroll, from);
      const leaveId = newAggregateId(undefined, ctx.commandId, 'leave');
      await w.handlers.staff({ type: 'RecordStaffLeave', from, until: dateOf(first + days * DAY), kind, leaveId, staffId: this.plan.staffId }, ctx);
    });
  }

  private async interview(withRequest: boolean): Promise<void> {
    const { r, w } = this;
    const heldAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.payroll, heldAt);
    const notes = r.chance(0.6) ? { notes: r.pick(INTERVIEW_NOTES) } : {};
    await w.handlers.staff({ type: 'RecordAnnualInterview', heldAt, by: 'Responsable de secteur', ...notes, interviewId: newAggregateId(undefined, ctx.commandId, 'annual-interview'), staffId: this.plan.staffId }, ctx);
    if (withRequest) await this.requestTraining('annual_interview');
  }

  private async requestTraining(origin: TrainingRequest['origin']): Promise<void> {
    const { r, w } = this;
    const requestedAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.payroll, requestedAt);
    const topic = r.pick(TRAINING_TOPICS);
    const requestId = newAggregateId(undefined, ctx.commandId, 'training-request');
    await w.handlers.staff({ type: 'RequestTraining', topic, requestedAt, origin, requestId, staffId: this.plan.staffId }, ctx);
    if (r.chance(0.78)) this.agenda.at(officeHours(r, msOf(requestedAt) + r.int(30, 150) * DAY), () => this.train(topic, requestId));
  }

  /** A training delivered (hours, cost in euros), fulfilling a request when it answers one. */
  private async train(title = this.r.pick(MANDATORY_TRAININGS), requestId?: string): Promise<void> {
    const { r, w } = this;
    const date = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.payroll, date);
    const hours = r.int(7, 35);
    const cost = r.chance(0.2) ? 0 : Math.round(hours * r.between(15, 45) * 100) / 100;
    await w.handlers.staff(
      { type: 'RecordTraining', title, date, hours, cost, ...(requestId ? { requestId } : {}), trainingId: newAggregateId(undefined, ctx.commandId, 'training'), staffId: this.plan.staffId },
      ctx,
    );
  }
}

import { SEALER } from '../../src/audit/audit.service.js';
import { INDICATOR_KEYS, INDICATORS } from '../../src/quality/indicator-catalogue.js';
import { newAggregateId } from '../../src/shared/ids.js';
import { PAYROLL_PER_HEAD } from './agency-life.js';
import { Agenda } from './agenda.js';
import { HOUR, dateOf, officeHours, yearOfMs, yearStart } from './calendar.js';
import { openAction } from './improvement-actions.js';
import { Random } from './random.js';
import { MEETING_DECISIONS, MEETING_PARTICIPANTS, NEWSLETTER_TITLES } from './vocabulary.js';
import { ACTORS, type World } from './world.js';

/**
 * The cooperative as a whole: each January the year's quality objectives (the catalogue's
 * targets, raised a little over the years) and the management review of last year's complaints
 * and actions, which opens actions of its own; the organisation's payroll; three newsletters a
 * year; and a seal of the log at the start of every month, as the audit sealer records it (the
 * service seals hourly by default: monthly keeps seals a small share of the log at every size).
 */
export class HeadquartersLife {
  private readonly r: Random;
  private readonly agenda: Agenda;

  constructor(private readonly w: World) {
    this.r = Random.of(w.shape.seed, 'headquarters');
    this.agenda = new Agenda(w.sim);
  }

  start(): void {
    this.planYear(yearOfMs(this.w.sim.now));
  }

  private planYear(year: number): void {
    const { r, agenda } = this;
    const on = (month: number, first: number, last: number) => officeHours(r, Date.UTC(year, month, r.int(first, last)));
    agenda.at(on(0, 5, 14), () => this.setObjectives(year));
    agenda.at(on(0, 20, 40), () => this.reviewManagement(year - 1));
    agenda.at(on(0, 25, 31), () => this.declarePayroll(year));
    if (year > 2022) agenda.at(on(0, 25, 31), () => this.declarePayroll(year - 1));
    for (const month of [2, 5, 10]) agenda.at(on(month, 1, 20), () => this.publishNewsletter());
    for (let month = 1; month <= 12; month += 1) agenda.at(Date.UTC(year, month, 1) + 2 * HOUR + r.int(0, 3599) * 1000, () => this.seal());
    agenda.at(yearStart(year + 1), () => this.planYear(year + 1));
  }

  private async setObjectives(year: number): Promise<void> {
    const { r, w } = this;
    for (const indicator of INDICATOR_KEYS) {
      const { kind, target, owner, actions } = INDICATORS[indicator];
      const raised = kind === 'percent' ? Math.min(100, target + (year - 2022) * 0.1) : target;
      const command = { type: 'SetQualityObjective' as const, year, indicator, target: Math.round(raised * 10) / 10, owner: owner ?? 'RQ', dueBy: `${year}-12-31`, actions };
      await w.handlers.quality(command, w.context(r, ACTORS.qualityManager, w.serverTime));
    }
  }

  /** The revue de direction: every agency's complaints and actions of `year`, and one or two improvement actions decided. */
  private async reviewManagement(year: number): Promise<void> {
    const { r, w } = this;
    const heldAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.qualityTool, heldAt);
    const meetingId = newAggregateId(undefined, ctx.commandId, 'meeting');
    const agencies = w.shape.agencies.map((a) => a.code);
    await w.handlers.quality(
      {
        type: 'RecordQualityMeeting',
        heldAt,
        kind: 'management_review',
        participants: MEETING_PARTICIPANTS,
        meetingId,
        decisions: MEETING_DECISIONS.slice(0, 2),
        complaintIds: agencies.flatMap((a) => w.complaintsOf(a, year).slice(0, 5)),
        actionIds: agencies.flatMap((a) => w.actionsOf(a, year).slice(0, 5)),
      },
      ctx,
    );
    for (let i = r.int(1, 2); i > 0; i -= 1) await openAction(w, r, this.agenda, { type: 'meeting', id: meetingId }, undefined);
  }

  private async declarePayroll(year: number): Promise<void> {
    const { r, w } = this;
    const staff = w.shape.agencies.reduce((sum, a) => sum + w.staffOf(a.code).length, 0);
    const amount = Math.round(Math.max(1, staff) * PAYROLL_PER_HEAD * r.between(0.95, 1.05) * 100) / 100;
    await w.handlers.staff({ type: 'DeclarePayroll', year, amount }, w.context(r, ACTORS.payroll, w.serverTime));
  }

  private async publishNewsletter(): Promise<void> {
    const { r, w } = this;
    const publishedAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.qualityTool, publishedAt);
    await w.handlers.quality({ type: 'PublishNewsletter', publishedAt, title: r.pick(NEWSLETTER_TITLES), newsletterId: newAggregateId(undefined, ctx.commandId, 'newsletter') }, ctx);
  }

  /** The sealer's context: no correlation id, and the command id the executor would have drawn. */
  private async seal(): Promise<void> {
    await this.w.handlers.seal({ actor: SEALER, commandId: this.r.uuid(), occurredAt: this.w.serverTime });
  }
}

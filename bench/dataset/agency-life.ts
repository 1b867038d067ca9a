import type { ComplaintSource } from '../../src/complaints/complaint.events.js';
import { newAggregateId } from '../../src/shared/ids.js';
import { Agenda } from './agenda.js';
import { END, dateOf, officeHours, sometimeBetween, yearOfMs, yearStart } from './calendar.js';
import { receiveComplaint } from './complaint-handling.js';
import { openAction } from './improvement-actions.js';
import { Random } from './random.js';
import { launchSurvey } from './survey-campaign.js';
import { MEETING_DECISIONS, MEETING_PARTICIPANTS, NEWSLETTER_TITLES } from './vocabulary.js';
import { ACTORS, type World } from './world.js';

const AGENCY_COMPLAINT_SOURCES: ComplaintSource[] = ['staff', 'funder', 'prescriber', 'other'];

/** Euros a year per staff member: what the payroll declarations are made of. */
export const PAYROLL_PER_HEAD = 27_000;

/**
 * An agency's year: its payroll declared (provisional in January, final the next January), a
 * field-staff meeting after the analysis of last year's complaints (sometimes a second one in the
 * autumn, some opening an action), its satisfaction survey in spring, now and then a newsletter
 * of its own, and the complaints that concern no client (from staff, funders, prescribers).
 */
export class AgencyLife {
  private readonly r: Random;
  private readonly agenda: Agenda;

  constructor(
    private readonly w: World,
    private readonly agency: string,
  ) {
    this.r = Random.of(w.shape.seed, 'agency', agency);
    this.agenda = new Agenda(w.sim);
  }

  start(): void {
    this.planYear(yearOfMs(this.w.sim.now));
  }

  private planYear(year: number): void {
    const { r, w, agenda } = this;
    const from = Math.max(w.sim.now, yearStart(year));
    const to = Math.min(yearStart(year + 1), END);
    const on = (month: number, first: number, last: number) => officeHours(r, Date.UTC(year, month, r.int(first, last)));
    agenda.at(on(0, 15, 31), () => this.declarePayroll(year));
    if (year > 2022) agenda.at(on(0, 15, 31), () => this.declarePayroll(year - 1));
    agenda.at(on(1, 1, 58), () => this.meet(year - 1));
    if (r.chance(0.3)) agenda.at(on(9, 1, 50), () => this.meet(year));
    agenda.at(on(3, 15, 46), () => launchSurvey(w, r, agenda, this.agency, year));
    if (r.chance(0.4)) agenda.at(on(r.int(0, 11), 1, 28), () => this.publishNewsletter());
    for (let i = r.poisson(1 + w.activeClients(this.agency) * 0.004); i > 0; i -= 1) {
      agenda.at(officeHours(r, sometimeBetween(r, from, to)), () => receiveComplaint(w, r, agenda, { agency: this.agency, source: r.pick(AGENCY_COMPLAINT_SOURCES) }));
    }
    agenda.at(yearStart(year + 1), () => this.planYear(year + 1));
  }

  /** The payroll of `year` for the agency: each declaration replaces the previous one in the log. */
  private async declarePayroll(year: number): Promise<void> {
    const { r, w } = this;
    const amount = Math.round(Math.max(1, w.staffOf(this.agency).length) * PAYROLL_PER_HEAD * r.between(0.9, 1.1) * 100) / 100;
    await w.handlers.staff({ type: 'DeclarePayroll', year, agency: this.agency, amount }, w.context(r, ACTORS.payroll, w.serverTime));
  }

  /** A working-group meeting with the field staff on the complaints and actions of `year`. */
  private async meet(year: number): Promise<void> {
    const { r, w } = this;
    const heldAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.qualityTool, heldAt);
    const meetingId = newAggregateId(undefined, ctx.commandId, 'meeting');
    const decisions = Array.from({ length: r.int(1, 3) }, () => r.pick(MEETING_DECISIONS));
    await w.handlers.quality(
      {
        type: 'RecordQualityMeeting',
        heldAt,
        kind: 'field_staff',
        agency: this.agency,
        participants: MEETING_PARTICIPANTS.slice(0, r.int(2, MEETING_PARTICIPANTS.length)),
        meetingId,
        decisions: [...new Set(decisions)],
        complaintIds: w.complaintsOf(this.agency, year).slice(0, 20),
        actionIds: w.actionsOf(this.agency, year).slice(0, 20),
      },
      ctx,
    );
    if (r.chance(0.5)) await openAction(w, r, this.agenda, { type: 'meeting', id: meetingId }, this.agency);
  }

  private async publishNewsletter(): Promise<void> {
    const { r, w } = this;
    const publishedAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.qualityTool, publishedAt);
    await w.handlers.quality({ type: 'PublishNewsletter', publishedAt, title: r.pick(NEWSLETTER_TITLES), agency: this.agency, newsletterId: newAggregateId(undefined, ctx.commandId, 'newsletter') }, ctx);
  }
}

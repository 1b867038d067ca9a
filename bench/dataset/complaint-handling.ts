import { COMPLAINT_CHANNELS, type ComplaintSource } from '../../src/complaints/complaint.events.js';
import { newAggregateId } from '../../src/shared/ids.js';
import type { Agenda } from './agenda.js';
import { DAY, instantOf, officeHours, workingDaysAfter } from './calendar.js';
import { openAction } from './improvement-actions.js';
import type { Random } from './random.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_DESCRIPTIONS, COMPLAINT_RESPONSES, REOPENING_REASONS } from './vocabulary.js';
import { ACTORS, type World } from './world.js';

/** Whom a complaint is about: a client (their history shows it), or only an agency. */
export interface ComplaintSubject {
  agency: string;
  clientId?: string;
  source: ComplaintSource;
}

/**
 * How the cooperative handles a complaint (réclamation), planned on the agenda of whoever it is
 * about: logged on receipt; acknowledged within a few working days (sometimes late, sometimes
 * never); answered within about two weeks; three in ten open a corrective action; closed once
 * answered and every action is done; now and then reopened and answered again. Whatever falls
 * after the simulated period stays pending: overdue acknowledgements and answers for `/alerts`.
 */
export async function receiveComplaint(w: World, r: Random, agenda: Agenda, about: ComplaintSubject): Promise<void> {
  const receivedAt = instantOf(w.sim.now);
  const channel = r.pick(COMPLAINT_CHANNELS);
  const ctx = w.context(r, channel === 'web' ? ACTORS.web : ACTORS.phone, receivedAt);
  const complaintId = newAggregateId(undefined, ctx.commandId, 'complaint');
  const { clientId, agency, source } = about;
  await w.handlers.complaint(
    {
      type: 'LogComplaint',
      ...(clientId ? { clientId } : { agency }),
      receivedAt,
      channel,
      source,
      category: r.pick(COMPLAINT_CATEGORIES),
      description: r.pick(COMPLAINT_DESCRIPTIONS),
      complaintId,
    },
    ctx,
  );
  w.complaintLogged(agency, complaintId);
  new ComplaintFile(w, r, agenda, complaintId, agency).plan();
}

class ComplaintFile {
  private openActions = 0;
  private answered = false;

  constructor(
    private readonly w: World,
    private readonly r: Random,
    private readonly agenda: Agenda,
    private readonly complaintId: string,
    private readonly agency: string,
  ) {}

  plan(): void {
    const { r, w } = this;
    if (r.chance(0.9)) this.agenda.at(workingDaysAfter(r, w.sim.now, r.chance(0.85) ? r.int(0, 2) : r.int(3, 6)), () => this.acknowledge());
    if (r.chance(0.95)) this.agenda.at(officeHours(r, w.sim.now + r.int(3, 20) * DAY), () => this.respond());
  }

  private async acknowledge(): Promise<void> {
    if (this.answered) return; // an answer acknowledges too
    const at = instantOf(this.w.sim.now);
    await this.w.handlers.complaint({ type: 'AcknowledgeComplaint', complaintId: this.complaintId, at, by: 'Responsable de secteur' }, this.w.context(this.r, ACTORS.phone, at));
  }

  private async respond(): Promise<void> {
    const { r, w } = this;
    const at = instantOf(w.sim.now);
    await w.handlers.complaint({ type: 'RespondToComplaint', complaintId: this.complaintId, at, by: 'Responsable de secteur', response: r.pick(COMPLAINT_RESPONSES) }, w.context(r, ACTORS.phone, at));
    const first = !this.answered;
    this.answered = true;
    if (first && r.chance(0.3)) {
      this.openActions += 1;
      await openAction(w, r, this.agenda, { type: 'complaint', id: this.complaintId }, this.agency, () => this.actionDone());
    } else if (this.openActions === 0) this.planClosing();
  }

  private actionDone(): void {
    this.openActions -= 1;
    if (this.openActions === 0) this.planClosing();
  }

  private planClosing(): void {
    if (this.r.chance(0.88)) this.agenda.at(officeHours(this.r, this.w.sim.now + this.r.int(1, 10) * DAY), () => this.close());
  }

  private async close(): Promise<void> {
    const { r, w } = this;
    const at = instantOf(w.sim.now);
    await w.handlers.complaint({ type: 'CloseComplaint', complaintId: this.complaintId, at }, w.context(r, ACTORS.phone, at));
    if (r.chance(0.06)) this.agenda.at(officeHours(r, w.sim.now + r.int(5, 30) * DAY), () => this.reopen());
  }

  private async reopen(): Promise<void> {
    const { r, w } = this;
    const at = instantOf(w.sim.now);
    await w.handlers.complaint({ type: 'ReopenComplaint', complaintId: this.complaintId, at, reason: r.pick(REOPENING_REASONS) }, w.context(r, ACTORS.phone, at));
    this.agenda.at(officeHours(r, w.sim.now + r.int(2, 15) * DAY), () => this.respond());
  }
}

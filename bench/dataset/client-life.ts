import { CHANNELS, type ChangeKind, type ChangeOfSituation, type ChangeOfSituationReported } from '../../src/continuity/client.events.js';
import { clientStream } from '../../src/continuity/client.command-handler.js';
import type { ClientState } from '../../src/continuity/client.decider.js';
import { contractStream } from '../../src/contracts/contract.command-handler.js';
import type { ContractState } from '../../src/contracts/contract.decider.js';
import { newAggregateId } from '../../src/shared/ids.js';
import { Agenda } from './agenda.js';
import { DAY, END, MINUTE, dateOf, instantOf, msOf, officeHours, sometimeBetween, workingDaysAfter, yearOfMs, yearStart } from './calendar.js';
import { receiveComplaint } from './complaint-handling.js';
import { reactToChange, resumeDue } from './continuity.js';
import type { ClientPlan } from './organisation.js';
import { address, birthDate, fullName, schedule, service } from './people.js';
import type { Random } from './random.js';
import { ACKNOWLEDGED_BY, CHANGE_DETAILS, PAYMENT_MODES, TERMINATION_REASONS, VALIDATION_NOTE } from './vocabulary.js';
import { ACTORS, type World } from './world.js';

const YEAR = 365 * DAY;
const SECTOR_MANAGER = 'Responsable de secteur';

/** What becomes of a draft: signed (most), or left pending, which `/alerts` shows. */
export type ContractFate = 'signed' | 'left-as-draft' | 'left-validated';

interface ContractFile {
  contractId: string;
  endDate?: string;
  tacitRenewal: boolean;
}

/**
 * One client's years with the cooperative, as its integrations report them: registered, a
 * contract drafted, validated and signed, then each year follow-up visits, birthday cards for
 * dependent people, changes of situation (acknowledged, with the continuity saga's effects),
 * replacement requests, amendments, complaints, sometimes a second contract, until the client
 * leaves or dies. Everything is planned on the client's own agenda, so the client's facts are
 * recorded in order and one at a time.
 */
export class ClientLife {
  protected readonly r: Random;
  protected readonly agenda: Agenda;
  protected readonly clientId: string;
  protected status: 'prospect' | 'active' | 'former' | 'deceased' = 'prospect';
  protected readonly contracts: ContractFile[] = [];
  /** Drafts on their way to a signature: no change of situation is reported meanwhile (below). */
  protected settingUp = 0;
  /** How often a follow-up happens: the long-lived client's are certain, so that its history has the length asked. */
  protected odds = { fixedTerm: 0.25, acknowledgement: 0.95, amendmentAfterNeedsChange: 0.4, proposal: 0.9 };
  protected preferences = { wantsSecondVisit: false, dependent: false };
  private person = { fullName: '', birthDate: undefined as string | undefined, referent: undefined as string | undefined };

  constructor(
    protected readonly w: World,
    protected readonly plan: ClientPlan,
  ) {
    this.r = plan.random;
    this.agenda = new Agenda(w.sim);
    this.clientId = plan.clientId;
  }

  /** The client's first day: registered, and a contract drafted within days. The rest follows from there. */
  async start(): Promise<void> {
    await this.register();
    this.agenda.at(officeHours(this.r, this.w.sim.now + this.r.int(1, 10) * DAY), () => this.draftContract(this.firstContractFate()));
  }

  protected firstContractFate(): ContractFate {
    return this.r.chance(0.03) ? 'left-as-draft' : this.r.chance(0.02) ? 'left-validated' : 'signed';
  }

  /** Once the first contract is signed: the years of service. */
  protected startService(): void {
    this.agenda.at(this.w.sim.now, () => this.planYear(yearOfMs(this.w.sim.now)));
  }

  private async register(): Promise<void> {
    const { r, plan } = this;
    const family = plan.family;
    this.person = { fullName: fullName(r), birthDate: r.chance(0.9) ? birthDate(r, family) : undefined, referent: this.w.someStaff(r, plan.agency) };
    this.preferences = { wantsSecondVisit: r.chance(0.3), dependent: !family && r.chance(0.6) };
    const ctx = { actor: ACTORS.planning, commandId: plan.commandId, correlationId: r.uuid(), occurredAt: this.w.serverTime };
    const { birthDate: born, referent } = this.person;
    await this.w.handlers.client(
      {
        type: 'RegisterClient',
        fullName: this.person.fullName,
        ...(born ? { birthDate: born } : {}),
        address: address(r, plan.agency),
        agency: plan.agency,
        ...this.preferences,
        ...(referent ? { referentStaffId: referent } : {}),
        clientId: this.clientId,
      },
      ctx,
    );
  }

  /** A draft from the accepted quote, starting once signed; validated then signed days apart, unless its fate leaves it pending. */
  protected async draftContract(fate: ContractFate): Promise<void> {
    if (this.status === 'former' || this.status === 'deceased') return;
    const { r, w, plan } = this;
    const startDate = dateOf(w.sim.now + r.int(16, 30) * DAY);
    const endDate = r.chance(this.odds.fixedTerm) ? dateOf(msOf(startDate) + r.int(6, 24) * 30 * DAY) : undefined;
    const tacitRenewal = endDate !== undefined && r.chance(0.55);
    const ctx = w.context(r, ACTORS.planning, startDate);
    const contractId = newAggregateId(undefined, ctx.commandId, 'contract');
    await w.handlers.contract(
      {
        type: 'DraftContract',
        clientId: this.clientId,
        service: service(r, plan.family),
        schedule: schedule(r, plan.family),
        startDate,
        ...(endDate ? { endDate } : {}),
        tacitRenewal,
        paymentMode: r.pick(PAYMENT_MODES),
        ...(r.chance(0.9) ? { quoteRef: `DEV-${yearOfMs(w.sim.now)}-${r.int(1000, 9999)}` } : {}),
        contractId,
      },
      ctx,
    );
    const contract = { contractId, endDate, tacitRenewal };
    this.contracts.push(contract);
    if (fate === 'left-as-draft') return;
    if (fate === 'signed') this.settingUp += 1;
    this.agenda.at(workingDaysAfter(r, w.sim.now, r.int(1, 5)), () => this.validate(contract, fate === 'signed'));
  }

  private async validate(contract: ContractFile, thenSign: boolean): Promise<void> {
    const { r, w } = this;
    if (this.contractStatus(contract.contractId) !== 'draft') return; // ended with the client meanwhile
    const validatedAt = dateOf(w.sim.now);
    const notes = r.chance(0.3) ? { notes: VALIDATION_NOTE } : {};
    await w.handlers.contract({ type: 'ValidateContract', contractId: contract.contractId, validatedAt, validatedBy: SECTOR_MANAGER, ...notes }, w.context(r, ACTORS.planning, validatedAt));
    if (thenSign) this.agenda.at(officeHours(r, w.sim.now + r.int(2, 10) * DAY), () => this.sign(contract));
  }

  private async sign(contract: ContractFile): Promise<void> {
    const { r, w } = this;
    const signedAt = dateOf(w.sim.now);
    const signedBy = this.plan.family || r.chance(0.7) ? this.person.fullName : `${fullName(r)} (famille)`;
    await w.handlers.contract({ type: 'SignContract', contractId: contract.contractId, signedAt, signedBy }, w.context(r, ACTORS.planning, signedAt));
    this.settingUp -= 1;
    if (contract.endDate && !contract.tacitRenewal) this.agenda.at(officeHours(r, msOf(contract.endDate)), () => this.endOfTerm(contract));
    if (this.status === 'prospect') {
      this.status = 'active';
      this.w.clientActive(this.plan.agency, 1);
      this.startService();
    }
  }

  /** The year's plan: visits, birthday card, changes, replacements, and the odd amendment, complaint, new contract, departure or death. */
  private planYear(year: number): void {
    if (this.status !== 'active') return;
    const { r, w, plan } = this;
    const from = Math.max(w.sim.now, yearStart(year));
    const to = Math.min(yearStart(year + 1), END);
    const share = (to - from) / YEAR;
    const within = (task: () => Promise<void> | void) => this.agenda.at(officeHours(r, sometimeBetween(r, from, to)), task);
    const visits = this.preferences.wantsSecondVisit ? 2 : 1;
    for (let i = 0; i < visits; i += 1) if (r.chance(0.93 * Math.min(1, share * 1.5))) within(() => this.visit());
    this.planBirthdayCard(year, from, to);
    for (let i = r.poisson((plan.family ? 0.35 : 0.45) * share); i > 0; i -= 1) within(() => this.reportChange());
    if (r.chance(0.12 * share)) this.agenda.at(officeHours(r, Date.UTC(year, 6, r.int(1, 50))), () => this.requestReplacement());
    if (r.chance(0.04 * share)) within(() => this.changePreferences());
    if (r.chance(0.08 * share)) within(() => this.amend());
    if (r.chance(0.025 * share)) within(() => this.complain());
    if (r.chance(0.05 * share)) within(() => this.draftContract(r.chance(0.05) ? 'left-validated' : 'signed'));
    if (!plan.family && r.chance(0.045 * share)) within(() => this.die());
    else if (r.chance((plan.family ? 0.18 : 0.09) * share)) within(() => this.leave(r.pick(TERMINATION_REASONS)));
    this.agenda.at(yearStart(year + 1), () => this.planYear(year + 1));
  }

  private planBirthdayCard(year: number, from: number, to: number): void {
    const born = this.person.birthDate;
    if (!born || !this.preferences.dependent) return;
    const monthDay = born.slice(5) === '02-29' ? '02-28' : born.slice(5);
    const sent = msOf(`${year}-${monthDay}`) - this.r.int(1, 7) * DAY;
    if (sent >= from && sent < to && this.r.chance(0.93)) this.agenda.at(officeHours(this.r, sent), () => this.sendBirthdayCard());
  }

  protected async visit(): Promise<void> {
    if (this.status !== 'active') return;
    const { r, w } = this;
    const visitedAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.planning, visitedAt);
    await w.handlers.client({ type: 'RecordFollowUpVisit', clientId: this.clientId, visitId: newAggregateId(undefined, ctx.commandId, 'visit'), visitedAt, by: SECTOR_MANAGER }, ctx);
  }

  protected async sendBirthdayCard(): Promise<void> {
    if (this.status !== 'active' || !this.preferences.dependent) return;
    const sentAt = dateOf(this.w.sim.now);
    // A card planned for the last days of December may fall, off the weekend, on January: one a year still.
    if (this.w.handlers.recorder.stateOf<ClientState>(clientStream(this.clientId))!.cardYears.includes(yearOfMs(this.w.sim.now))) return;
    await this.w.handlers.client({ type: 'RecordBirthdayCard', clientId: this.clientId, sentAt }, this.w.context(this.r, ACTORS.planning, sentAt));
  }

  /**
   * A change of situation, then what the continuity saga does about it, and its acknowledgement a
   * few working days later (one in twenty is never acknowledged). Not while a new contract awaits
   * its signature: the saga judges a change by the contracts as they stand when it (re)reads them,
   * so a change seen before a signature would be applied to that contract by a later replay.
   */
  protected async reportChange(kind = this.changeKind()): Promise<void> {
    if (this.status !== 'active') return;
    const { r, w } = this;
    if (this.settingUp > 0) return this.agenda.at(w.sim.now + 7 * DAY, () => this.reportChange(kind));
    const change = this.changeFor(kind);
    const channel = kind === 'death' ? 'phone' : r.pick(CHANNELS);
    const reportedAt = instantOf(w.sim.now);
    const actor = channel === 'web' || channel === 'email' ? ACTORS.web : channel === 'phone' || channel === 'voicemail' ? ACTORS.phone : ACTORS.planning;
    const ctx = w.context(r, actor, reportedAt);
    const changeId = newAggregateId(undefined, ctx.commandId, 'change');
    const [event] = await w.handlers.client({ type: 'ReportChangeOfSituation', kind, channel, reportedAt, ...change, clientId: this.clientId, changeId }, ctx);
    if (kind === 'death') this.end('deceased');
    const suspensions = await reactToChange(w.handlers, event.data as unknown as ChangeOfSituationReported['data'], event, this.contracts.map((c) => c.contractId));
    for (const { until, ...suspension } of suspensions) {
      if (until) this.agenda.at(msOf(until) + r.int(5, 59) * MINUTE, () => resumeDue(w.handlers, [{ ...suspension, until }], dateOf(w.sim.now)));
    }
    if (kind === 'hospitalisation' && !change.effectiveUntil) this.afterOpenEndedHospitalisation(suspensions.map((s) => s.contractId));
    if (kind === 'needs_change' && r.chance(this.odds.amendmentAfterNeedsChange)) this.agenda.at(officeHours(r, w.sim.now + r.int(7, 20) * DAY), () => this.amend());
    if (r.chance(this.odds.acknowledgement)) this.agenda.at(workingDaysAfter(r, w.sim.now, r.chance(0.85) ? r.int(0, 2) : r.int(3, 8)), () => this.acknowledge(changeId));
  }

  protected changeKind(): ChangeKind {
    const kinds: ChangeKind[] = this.plan.family ? ['absence', 'needs_change', 'address_change', 'school_entry', 'other'] : ['absence', 'hospitalisation', 'needs_change', 'address_change', 'other'];
    return kinds[this.r.weighted(this.plan.family ? [35, 25, 10, 15, 15] : [30, 20, 25, 7, 18])];
  }

  /** The change's dates and details: absences are mostly known a month ahead; a period reaching past the dataset's end is left open. */
  protected changeFor(kind: ChangeKind): Omit<ChangeOfSituation, 'changeId' | 'kind' | 'channel' | 'reportedAt'> {
    const { r, w } = this;
    const today = w.sim.now;
    const lastDay = dateOf(END - DAY);
    const details = r.chance(0.6) ? { details: r.pick(CHANGE_DETAILS[kind]) } : {};
    const period = (from: number, days: number) => {
      const until = dateOf(from + days * DAY);
      return { effectiveFrom: dateOf(from), ...(until < lastDay ? { effectiveUntil: until } : {}) };
    };
    switch (kind) {
      case 'absence': {
        const dates = period(today + (r.chance(0.85) ? r.int(31, 75) : r.int(3, 29)) * DAY, r.int(6, 21));
        return { ...dates, urgent: false, ...details, suspendService: dates.effectiveUntil !== undefined && r.chance(0.4) };
      }
      case 'hospitalisation': {
        const dates = period(today - r.int(0, 2) * DAY, r.int(5, 30));
        return { effectiveFrom: dates.effectiveFrom, ...(r.chance(0.7) && dates.effectiveUntil ? { effectiveUntil: dates.effectiveUntil } : {}), urgent: true, ...details };
      }
      case 'death':
        return { effectiveFrom: dateOf(today - r.int(0, 2) * DAY), urgent: true, ...details };
      case 'address_change':
        return { effectiveFrom: dateOf(today + r.int(0, 30) * DAY), urgent: false, ...details, newAddress: address(r, this.plan.agency) };
      default:
        return { effectiveFrom: dateOf(today + r.int(0, 21) * DAY), urgent: false, ...details };
    }
  }

  /** Back home after a hospitalisation of unknown length: the planning tool resumes the service, or the client leaves for care. */
  private afterOpenEndedHospitalisation(suspended: string[]): void {
    const { r, w } = this;
    const when = officeHours(r, w.sim.now + r.int(10, 45) * DAY);
    if (r.chance(0.25)) return this.agenda.at(when, () => this.leave('entrée en EHPAD'));
    this.agenda.at(when, async () => {
      const at = dateOf(w.sim.now);
      for (const contractId of suspended) {
        const contract = this.w.handlers.recorder.stateOf<ContractState>(contractStream(contractId))!;
        if (contract.status !== 'suspended' || contract.suspendedFrom! > at) continue; // resumed, ended, or suspended again since
        await w.handlers.contract({ type: 'ResumeContract', contractId, at }, w.context(r, ACTORS.planning, at));
      }
    });
  }

  protected async acknowledge(changeId: string): Promise<void> {
    const { r, w } = this;
    const acknowledgedAt = instantOf(w.sim.now);
    await w.handlers.client({ type: 'AcknowledgeChangeOfSituation', clientId: this.clientId, changeId, acknowledgedAt, by: r.pick(ACKNOWLEDGED_BY) }, w.context(r, ACTORS.phone, acknowledgedAt));
  }

  /** The usual worker is on leave: the client asks for a replacement, proposed within a few working days (nine times in ten). */
  protected async requestReplacement(): Promise<void> {
    if (this.status !== 'active') return;
    const { r, w } = this;
    const requestedAt = instantOf(w.sim.now);
    const ctx = w.context(r, ACTORS.phone, requestedAt);
    const requestId = newAggregateId(undefined, ctx.commandId, 'replacement-request');
    const absent = this.person.referent;
    await w.handlers.client({ type: 'RequestReplacement', requestedAt, ...(absent ? { absentStaffId: absent } : {}), clientId: this.clientId, requestId }, ctx);
    if (r.chance(this.odds.proposal)) this.agenda.at(workingDaysAfter(r, w.sim.now, r.int(0, 3)), () => this.proposeReplacement(requestId));
  }

  protected async proposeReplacement(requestId: string): Promise<void> {
    const { r, w } = this;
    const replacement = w.someStaff(r, this.plan.agency, this.person.referent);
    if (!replacement) return;
    const proposedAt = instantOf(w.sim.now);
    await w.handlers.client({ type: 'ProposeReplacement', proposedAt, replacementStaffId: replacement, clientId: this.clientId, requestId }, w.context(r, ACTORS.planning, proposedAt));
  }

  /** No more second visit, or now a dependent person. */
  protected async changePreferences(): Promise<void> {
    if (this.status !== 'active') return;
    const { r, w } = this;
    const change = !this.preferences.dependent && !this.plan.family && r.chance(0.4) ? { dependent: true } : { wantsSecondVisit: !this.preferences.wantsSecondVisit };
    const effectiveFrom = dateOf(w.sim.now);
    await w.handlers.client({ type: 'ChangeClientPreferences', ...change, effectiveFrom, clientId: this.clientId }, w.context(r, ACTORS.planning, effectiveFrom));
    this.preferences = { ...this.preferences, ...change };
  }

  /** An avenant to a running contract: a new schedule or a new weekly volume. */
  protected async amend(): Promise<void> {
    if (this.status !== 'active') return;
    const { r, w } = this;
    const running = this.contracts.filter((c) => ['signed', 'suspended'].includes(this.contractStatus(c.contractId)));
    if (running.length === 0) return;
    const signedAt = dateOf(w.sim.now);
    const ctx = w.context(r, ACTORS.planning, signedAt);
    const changes = r.chance(0.6) ? { schedule: schedule(r, this.plan.family) } : { hoursPerWeek: r.int(2, 20) };
    await w.handlers.contract(
      { type: 'AmendContract', contractId: r.pick(running).contractId, signedAt, effectiveFrom: dateOf(w.sim.now + r.int(7, 20) * DAY), changes, amendmentId: newAggregateId(undefined, ctx.commandId, 'amendment') },
      ctx,
    );
  }

  private async complain(): Promise<void> {
    if (this.status !== 'active') return;
    await receiveComplaint(this.w, this.r, this.agenda, { agency: this.plan.agency, clientId: this.clientId, source: this.r.chance(0.6) ? 'client' : 'family' });
  }

  /** A fixed-term contract without tacit renewal ends on its date; the client's last one makes a former client. */
  private async endOfTerm(contract: ContractFile): Promise<void> {
    if (!['signed', 'suspended'].includes(this.contractStatus(contract.contractId))) return;
    await this.terminate(contract.contractId, contract.endDate!, 'fin de contrat');
    if (this.status === 'active' && this.settingUp === 0 && this.contracts.every((c) => ['terminated', 'draft', 'validated'].includes(this.contractStatus(c.contractId)))) this.end('former');
  }

  /** The client leaves: every contract not ended is terminated (a few weeks' notice). */
  private async leave(reason: string): Promise<void> {
    if (this.status !== 'active') return;
    if (this.settingUp > 0) return this.agenda.at(this.w.sim.now + 7 * DAY, () => this.leave(reason));
    const effectiveAt = dateOf(this.w.sim.now + this.r.int(0, 30) * DAY);
    for (const { contractId } of this.contracts) if (this.contractStatus(contractId) !== 'terminated') await this.terminate(contractId, effectiveAt, reason);
    this.end('former');
  }

  private die(): Promise<void> {
    return this.reportChange('death');
  }

  private async terminate(contractId: string, effectiveAt: string, reason: string): Promise<void> {
    await this.w.handlers.contract({ type: 'TerminateContract', contractId, effectiveAt, reason }, this.w.context(this.r, ACTORS.planning, effectiveAt));
  }

  /** No more service; some former clients ask, months or years later, for their personal data to be erased (the shape caps how many are). */
  private end(status: 'former' | 'deceased'): void {
    this.status = status;
    this.w.clientActive(this.plan.agency, -1);
    if (!this.w.shape.sampleIndices.has(this.plan.index) && this.r.chance(0.3)) this.agenda.at(officeHours(this.r, this.w.sim.now + this.r.int(200, 700) * DAY), () => this.erase());
  }

  /** GDPR erasure, last of all: postponed while anything else is still planned for the client. */
  private async erase(): Promise<void> {
    const { r, w } = this;
    if (!w.mayErase()) return;
    if (this.agenda.size > 0) return this.agenda.at(w.sim.now + 30 * DAY, () => this.erase());
    w.clientErased();
    await w.handlers.erase(this.clientId, { requestedAt: instantOf(w.sim.now), by: 'Délégué à la protection des données' }, { actor: ACTORS.dpo, commandId: r.uuid(), correlationId: r.uuid() });
  }

  protected contractStatus(contractId: string): ContractState['status'] {
    return this.w.handlers.recorder.stateOf<ContractState>(contractStream(contractId))!.status;
  }
}

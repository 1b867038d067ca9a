import { SEAL_STREAM, emptyDigest } from '../../src/audit/chain.js';
import { erasureDecider } from '../../src/audit/erasure.decider.js';
import { erasureStream } from '../../src/audit/erasure.service.js';
import { sealDecider } from '../../src/audit/seal.decider.js';
import { actionDecider, type ActionCommand, type OpenAction } from '../../src/complaints/action.decider.js';
import type { ActionRequest } from '../../src/complaints/action.command-handler.js';
import type { ActionOrigin } from '../../src/complaints/action.events.js';
import type { ComplaintRequest } from '../../src/complaints/complaint.command-handler.js';
import type { DeadlinePolicy } from '../../src/complaints/complaint.deadlines.js';
import { complaintDecider, type ComplaintCommand } from '../../src/complaints/complaint.decider.js';
import type { ComplaintLogged } from '../../src/complaints/complaint.events.js';
import { actionStream, complaintStream } from '../../src/complaints/streams.js';
import { clientStream } from '../../src/continuity/client.command-handler.js';
import type { ClientCommand } from '../../src/continuity/client.commands.js';
import { clientDecider } from '../../src/continuity/client.decider.js';
import type { ContractRequest } from '../../src/contracts/contract.commands.js';
import { contractStream } from '../../src/contracts/contract.command-handler.js';
import { contractDecider } from '../../src/contracts/contract.decider.js';
import type { CommandContext } from '../../src/event-store/command-executor.service.js';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import { clientSubject } from '../../src/personal-data/personal-fields.js';
import { meetingDecider, newsletterDecider, type PublishNewsletter, type RecordQualityMeeting } from '../../src/quality/meeting.decider.js';
import { objectiveDecider, objectiveId, objectiveStream, type SetQualityObjective } from '../../src/quality/objective.decider.js';
import { meetingStream, newsletterStream } from '../../src/quality/streams.js';
import { AggregateNotFound, BusinessRuleViolation } from '../../src/shared/domain-errors.js';
import { type DeclarePayroll, payrollDecider, payrollId, payrollStream } from '../../src/staff/payroll.decider.js';
import { staffMemberDecider, type StaffCommand } from '../../src/staff/staff-member.decider.js';
import { staffStream } from '../../src/staff/staff.command-handler.js';
import { surveyStream } from '../../src/surveys/survey.command-handler.js';
import type { SurveyCommand } from '../../src/surveys/survey.commands.js';
import { surveyDecider } from '../../src/surveys/survey.decider.js';
import type { Recorder } from './recorder.js';

/**
 * The application's command handlers, one method each, doing what they do before the executor:
 * the same streams and aggregate ids, the same cross-aggregate checks (404 when what a command
 * names was never recorded) and the same facts carried over (a draft's agency from the client's
 * registration, the `clientId` of a contract's or a complaint's later events, an action's two
 * halves). Where a handler reads the first event of another stream, the fact it reads is kept here
 * when that event is recorded.
 */
export class Handlers {
  private readonly clientAgencies = new Map<string, string>();
  private readonly contractClients = new Map<string, string>();
  private readonly complaints = new Map<string, Pick<ComplaintLogged['data'], 'complaintId' | 'clientId' | 'agency'>>();
  private readonly actionOrigins = new Map<string, ActionOrigin>();
  private readonly originAgencies = new Map<string, string | undefined>();

  constructor(
    readonly recorder: Recorder,
    private readonly policy: DeadlinePolicy,
  ) {}

  /** ClientCommandHandler: the staff members a command names must be registered. */
  async client(command: ClientCommand, ctx: CommandContext): Promise<NewEvent[]> {
    const named = command.type === 'RegisterClient' ? command.referentStaffId : command.type === 'RequestReplacement' ? command.absentStaffId : command.type === 'ProposeReplacement' ? command.replacementStaffId : undefined;
    if (named) this.mustExist(staffStream(named), 'staff member', named);
    const { clientId } = command;
    const events = await this.recorder.execute(
      { decider: clientDecider, aggregate: 'client', id: clientId, streamId: clientStream(clientId), command, mustExist: command.type !== 'RegisterClient', clientId },
      ctx,
    );
    if (command.type === 'RegisterClient') this.clientAgencies.set(clientId, command.agency);
    return events;
  }

  /** ContractCommandHandler: a draft takes its client's agency; later commands the draft's client. */
  async contract(request: ContractRequest, ctx: CommandContext): Promise<NewEvent[]> {
    let command;
    let clientId;
    if (request.type === 'DraftContract') {
      const agency = this.clientAgencies.get(request.clientId);
      if (agency === undefined) throw new AggregateNotFound('client', request.clientId);
      command = { ...request, agency };
      clientId = request.clientId;
    } else {
      command = request;
      clientId = this.contractClients.get(request.contractId);
    }
    const { contractId } = command;
    const events = await this.recorder.execute(
      { decider: contractDecider, aggregate: 'contract', id: contractId, streamId: contractStream(contractId), command, mustExist: command.type !== 'DraftContract', clientId },
      ctx,
    );
    if (command.type === 'DraftContract') this.contractClients.set(contractId, command.clientId);
    return events;
  }

  /** StaffCommandHandler: staff members, and the payroll per year and agency. */
  staff(command: StaffCommand | DeclarePayroll, ctx: CommandContext): Promise<NewEvent[]> {
    if (command.type === 'DeclarePayroll') {
      return this.recorder.execute({ decider: payrollDecider, aggregate: 'payroll', id: payrollId(command), streamId: payrollStream(command), command, mustExist: false }, ctx);
    }
    const spec = { decider: staffMemberDecider, aggregate: 'staff member', id: command.staffId, streamId: staffStream(command.staffId), command, mustExist: command.type !== 'RegisterStaffMember' };
    return this.recorder.execute(spec, ctx);
  }

  /** ComplaintCommandHandler: a complaint about a client inherits its agency and names it on every event; the deadline policy is the configuration's. */
  async complaint(request: ComplaintRequest, ctx: CommandContext): Promise<NewEvent[]> {
    if (request.type !== 'LogComplaint') {
      const { clientId } = this.logged(request.complaintId);
      return this.onComplaint(request.type === 'ReopenComplaint' ? { ...request, policy: this.policy } : request, clientId, ctx);
    }
    const { complaintId, clientId } = request;
    if (clientId !== undefined && !this.clientAgencies.has(clientId)) throw new AggregateNotFound('client', clientId);
    const agency = clientId === undefined ? request.agency : (request.agency ?? this.clientAgencies.get(clientId));
    const events = await this.onComplaint({ ...request, ...(agency === undefined ? {} : { agency }), policy: this.policy }, clientId, ctx);
    this.complaints.set(complaintId, { complaintId, clientId, agency });
    return events;
  }

  /** ActionCommandHandler: an action from a complaint is linked on the complaint first, and its completion recorded there after. */
  async action(request: ActionRequest, ctx: CommandContext): Promise<NewEvent[]> {
    if (request.type === 'OpenAction') return this.openAction(request, ctx);
    const { complaintId: through, ...command } = request;
    const origin = this.actionOrigins.get(command.actionId);
    if (!origin || (through !== undefined && (origin.type !== 'complaint' || origin.id !== through))) {
      throw new AggregateNotFound(through === undefined ? 'action' : `action of complaint ${through}`, command.actionId);
    }
    const complaint = origin.type === 'complaint' ? this.logged(origin.id) : undefined;
    const completed = await this.onAction(command, true, complaint?.clientId, ctx);
    if (!complaint) return completed;
    const record = { type: 'RecordActionCompleted' as const, complaintId: complaint.complaintId, actionId: command.actionId, at: command.at, effective: command.effective };
    return [...completed, ...(await this.onComplaint(record, complaint.clientId, { ...ctx, commandId: `${ctx.commandId}:complaint`, ifMatch: undefined }))];
  }

  /** QualityCommandHandler: objectives, newsletters, and meetings (whose complaints and actions must exist). */
  async quality(command: RecordQualityMeeting | PublishNewsletter | SetQualityObjective, ctx: CommandContext): Promise<NewEvent[]> {
    if (command.type === 'SetQualityObjective') {
      return this.recorder.execute({ decider: objectiveDecider, aggregate: 'quality objective', id: objectiveId(command), streamId: objectiveStream(command), command, mustExist: false }, ctx);
    }
    if (command.type === 'PublishNewsletter') {
      const { newsletterId } = command;
      return this.recorder.execute({ decider: newsletterDecider, aggregate: 'newsletter', id: newsletterId, streamId: newsletterStream(newsletterId), command, mustExist: false }, ctx);
    }
    for (const id of command.complaintIds) this.mustExist(complaintStream(id), 'complaint', id);
    for (const id of command.actionIds) this.mustExist(actionStream(id), 'action', id);
    const { meetingId } = command;
    const events = await this.recorder.execute({ decider: meetingDecider, aggregate: 'quality meeting', id: meetingId, streamId: meetingStream(meetingId), command, mustExist: false }, ctx);
    this.originAgencies.set(`meeting:${meetingId}`, command.agency);
    return events;
  }

  /** SurveyCommandHandler: surveys are anonymous, no event names a client. */
  async survey(command: SurveyCommand, ctx: CommandContext): Promise<NewEvent[]> {
    const spec = { decider: surveyDecider, aggregate: 'survey', id: command.surveyId, streamId: surveyStream(command.surveyId), command, mustExist: command.type !== 'LaunchSurvey' };
    const events = await this.recorder.execute(spec, ctx);
    if (command.type === 'LaunchSurvey') this.originAgencies.set(`survey:${command.surveyId}`, command.agency);
    return events;
  }

  /** ErasureService.erase: the erasure is recorded in the client's history, then the client's key is destroyed. */
  async erase(clientId: string, request: { requestedAt: string; by: string }, ctx: Omit<CommandContext, 'occurredAt'>): Promise<NewEvent[]> {
    this.mustExist(clientStream(clientId), 'client', clientId);
    const events = await this.recorder.execute(
      { decider: erasureDecider, aggregate: 'erasure', id: clientId, streamId: erasureStream(clientId), command: { type: 'EraseClientPersonalData', clientId, ...request }, mustExist: false, clientId },
      { ...ctx, occurredAt: request.requestedAt },
    );
    await this.recorder.erase(clientSubject(clientId));
    return events;
  }

  /**
   * AuditService.seal, unless the last seal already covers the log. The digest of every stream
   * head up to `upTo` needs the hashes, which only the log writer has: it puts it in the seal when
   * it chains it, as the sealer reads it from `audit-heads-digest.v1` at that position.
   */
  async seal(ctx: CommandContext): Promise<NewEvent[]> {
    const upTo = this.recorder.lastChainedPosition;
    const last = this.recorder.stateOf<{ upTo: number }>(SEAL_STREAM);
    if (last && last.upTo >= upTo) return [];
    const digest = emptyDigest();
    return this.recorder.execute({ decider: sealDecider, aggregate: 'seal', id: SEAL_STREAM, streamId: SEAL_STREAM, command: { type: 'RecordSeal', upTo, digest }, mustExist: false }, ctx);
  }

  private async openAction(request: OpenAction, ctx: CommandContext): Promise<NewEvent[]> {
    const { origin, actionId } = request;
    const complaint = origin.type === 'complaint' ? this.logged(origin.id) : undefined;
    const agency = request.agency ?? (complaint ? complaint.agency : this.originAgency(origin));
    const command: OpenAction = { ...request, ...(agency ? { agency } : {}) };
    const linked: NewEvent[] = [];
    if (complaint && !this.recorder.exists(actionStream(actionId))) {
      actionDecider.decide(command, actionDecider.initialState());
      const { kind, description, owner, dueDate, openedAt } = request;
      const link = { type: 'LinkAction' as const, complaintId: complaint.complaintId, actionId, kind, description, owner, dueDate, openedAt };
      linked.push(...(await this.onComplaint(link, complaint.clientId, { ...ctx, commandId: `${ctx.commandId}:complaint`, ifMatch: undefined })));
    }
    const opened = await this.onAction(command, false, complaint?.clientId, ctx);
    this.actionOrigins.set(actionId, origin);
    return [...linked, ...opened];
  }

  private onComplaint(command: ComplaintCommand, clientId: string | undefined, ctx: CommandContext): Promise<NewEvent[]> {
    const { complaintId } = command;
    const spec = { decider: complaintDecider, aggregate: 'complaint', id: complaintId, streamId: complaintStream(complaintId), command, mustExist: command.type !== 'LogComplaint', clientId };
    return this.recorder.execute(spec, ctx);
  }

  private onAction(command: ActionCommand, mustExist: boolean, clientId: string | undefined, ctx: CommandContext): Promise<NewEvent[]> {
    const spec = { decider: actionDecider, aggregate: 'action', id: command.actionId, streamId: actionStream(command.actionId), command, mustExist, clientId };
    return this.recorder.execute(spec, ctx);
  }

  private logged(complaintId: string) {
    const complaint = this.complaints.get(complaintId);
    if (!complaint) throw new AggregateNotFound('complaint', complaintId);
    return complaint;
  }

  /** A meeting or a survey of origin gives the action its agency; an audit finding gives none. */
  private originAgency(origin: ActionOrigin): string | undefined {
    if (origin.type !== 'meeting' && origin.type !== 'survey') return undefined;
    const key = `${origin.type}:${origin.id}`;
    if (!this.originAgencies.has(key)) throw new AggregateNotFound(origin.type === 'meeting' ? 'quality meeting' : 'survey', origin.id);
    return this.originAgencies.get(key);
  }

  private mustExist(streamId: string, aggregate: string, id: string): void {
    if (!this.recorder.exists(streamId)) throw new AggregateNotFound(aggregate, id);
  }
}

/** Whether a refusal is one the application answers 409 or 404: what the continuity saga logs and skips. */
export const isRefusal = (error: unknown): boolean => error instanceof BusinessRuleViolation || error instanceof AggregateNotFound;

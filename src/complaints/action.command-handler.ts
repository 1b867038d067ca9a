import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { meetingStream } from '../quality/streams.js';
import { surveyStream } from '../surveys/survey.command-handler.js';
import { AggregateNotFound, BusinessRuleViolation } from '../shared/domain-errors.js';
import { actionDecider, type CompleteAction, type OpenAction } from './action.decider.js';
import type { ActionCompleted, ActionOpened, ActionOrigin } from './action.events.js';
import { loggedComplaint } from './complaint.command-handler.js';
import { complaintDecider, type LinkAction, type RecordActionCompleted } from './complaint.decider.js';
import type { ComplaintLogged } from './complaint.events.js';
import { actionStream, complaintStream } from './streams.js';

/** `complaintId` is set when the completion came through `/complaints/{id}/actions/{actionId}/complete`: the action must be that complaint's. */
export type ActionRequest = OpenAction | (CompleteAction & { complaintId?: string });

export class ActionCommandMessage {
  constructor(
    readonly request: ActionRequest,
    readonly context: CommandContext,
  ) {}
}

/**
 * Improvement actions live in their own streams. An action whose origin is a complaint is also
 * recorded on the complaint's stream, so that the complaint aggregate alone decides "closes only
 * with no open action", under optimistic concurrency like any other rule:
 * - opening: the link on the complaint first (refused on a closed complaint), then the action;
 * - completing: the action first, then its completion on the complaint.
 * A failure between the two appends can only leave the complaint believing an action is open
 * (it refuses to close: the safe side); retrying the same request completes the missing half.
 */
@CommandHandler(ActionCommandMessage)
export class ActionCommandHandler implements ICommandHandler<ActionCommandMessage, CommandResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ request, context }: ActionCommandMessage): Promise<CommandResult> {
    return request.type === 'OpenAction' ? this.open(request, context) : this.complete(request, context);
  }

  private async open(request: OpenAction, ctx: CommandContext): Promise<CommandResult> {
    const { origin, actionId } = request;
    const complaint = origin.type === 'complaint' ? await loggedComplaint(this.executor, origin.id) : undefined;
    const agency = request.agency ?? (complaint ? complaint.agency : await this.originAgency(origin));
    const command: OpenAction = { ...request, ...(agency ? { agency } : {}) };
    let linked: CommandResult | undefined;
    if (complaint && !(await this.executor.exists(actionStream(actionId)))) {
      // The action's own rules first: a refused action must not leave a link behind.
      actionDecider.decide(command, actionDecider.initialState());
      const { kind, description, owner, dueDate, openedAt } = request;
      const link: LinkAction = { type: 'LinkAction', complaintId: complaint.complaintId, actionId, kind, description, owner, dueDate, openedAt };
      linked = await this.onComplaint(complaint, link, ctx, 'action-linked-once');
    }
    const opened = await this.executor.execute(
      { decider: actionDecider, aggregate: 'action', id: actionId, streamId: actionStream(actionId), command, mustExist: false, clientId: complaint?.clientId },
      ctx,
    );
    return both(opened, linked);
  }

  private async complete({ complaintId: through, ...command }: CompleteAction & { complaintId?: string }, ctx: CommandContext): Promise<CommandResult> {
    const { actionId } = command;
    const opened = (await this.executor.first(actionStream(actionId), actionDecider)) as unknown as ActionOpened | undefined;
    const origin = opened?.data.origin;
    if (!origin || (through !== undefined && (origin.type !== 'complaint' || origin.id !== through))) {
      throw new AggregateNotFound(through === undefined ? 'action' : `action of complaint ${through}`, actionId);
    }
    const complaint = origin.type === 'complaint' ? await loggedComplaint(this.executor, origin.id) : undefined;
    let completed: CommandResult | undefined;
    let refusal: BusinessRuleViolation | undefined;
    try {
      completed = await this.executor.execute(
        { decider: actionDecider, aggregate: 'action', id: actionId, streamId: actionStream(actionId), command, mustExist: true, clientId: complaint?.clientId },
        ctx,
      );
    } catch (error) {
      // Completed earlier: still make sure the complaint knows, then answer the refusal.
      if (!(complaint && error instanceof BusinessRuleViolation && error.rule === 'action-completed-once')) throw error;
      refusal = error;
    }
    let recorded: CommandResult | undefined;
    if (complaint) {
      const { at, effective } = completed ? command : await this.completion(actionId);
      const record: RecordActionCompleted = { type: 'RecordActionCompleted', complaintId: complaint.complaintId, actionId, at, effective };
      recorded = await this.onComplaint(complaint, record, ctx, 'action-completion-recorded-once');
    }
    if (refusal) throw refusal;
    return both(completed!, recorded);
  }

  /** Appends the complaint's half; `alreadyDone` names the rule by which it says an earlier attempt already did. */
  private async onComplaint(
    complaint: ComplaintLogged['data'],
    command: LinkAction | RecordActionCompleted,
    ctx: CommandContext,
    alreadyDone: string,
  ): Promise<CommandResult | undefined> {
    const { complaintId, clientId } = complaint;
    try {
      return await this.executor.execute(
        { decider: complaintDecider, aggregate: 'complaint', id: complaintId, streamId: complaintStream(complaintId), command, mustExist: true, clientId },
        // Its own command id (event ids derive from it), and no If-Match: that names the action's revision.
        { ...ctx, commandId: ctx.commandId && `${ctx.commandId}:complaint`, ifMatch: undefined },
      );
    } catch (error) {
      if (error instanceof BusinessRuleViolation && error.rule === alreadyDone) return undefined;
      throw error;
    }
  }

  /**
   * A meeting or a survey named as origin must exist (404), and gives the action its agency.
   * Audit findings are not recorded in qualirec: their ids are taken as given.
   */
  private async originAgency(origin: ActionOrigin): Promise<string | undefined> {
    if (origin.type !== 'meeting' && origin.type !== 'survey') return undefined;
    const [stream, aggregate] = origin.type === 'meeting' ? [meetingStream, 'quality meeting'] : [surveyStream, 'survey'];
    const recorded = await this.executor.first(stream(origin.id));
    if (!recorded) throw new AggregateNotFound(aggregate, origin.id);
    return recorded.data.agency as string | undefined;
  }

  private async completion(actionId: string): Promise<ActionCompleted['data']> {
    const events = await this.store.readStream(actionStream(actionId));
    return (events.find((e) => e.type === 'ActionCompleted') as unknown as ActionCompleted).data;
  }
}

/** The action's result, at the later position of the two appends so that `minPosition` covers both read models. */
function both(action: CommandResult, complaint: CommandResult | undefined): CommandResult {
  if (!complaint) return action;
  return { ...action, position: Math.max(action.position, complaint.position), replayed: action.replayed && complaint.replayed };
}

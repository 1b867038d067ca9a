import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { ClientRegistered } from '../continuity/client.events.js';
import { clientStream } from '../continuity/client.command-handler.js';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import type { DeadlinePolicy } from './complaint.deadlines.js';
import { complaintDecider, type AcknowledgeComplaint, type CloseComplaint, type ComplaintCommand, type LogComplaint, type RespondToComplaint, type ReopenComplaint } from './complaint.decider.js';
import type { ComplaintLogged } from './complaint.events.js';
import { complaintStream } from './streams.js';

/** The complaint commands as sent: the handler adds the deadline policy from the configuration. */
export type ComplaintRequest =
  | Omit<LogComplaint, 'policy'>
  | AcknowledgeComplaint
  | RespondToComplaint
  | CloseComplaint
  | Omit<ReopenComplaint, 'policy'>;

export class ComplaintCommandMessage {
  constructor(
    readonly request: ComplaintRequest,
    readonly context: CommandContext,
  ) {}
}

/**
 * The complaint as logged (its first event), or 404. Every caller goes on with a command on the
 * complaint: its stream is folded with the complaint decider on the way, read once for both.
 */
export async function loggedComplaint(executor: CommandExecutor, complaintId: string): Promise<ComplaintLogged['data']> {
  const logged = (await executor.first(complaintStream(complaintId), complaintDecider)) as unknown as ComplaintLogged | undefined;
  if (!logged) throw new AggregateNotFound('complaint', complaintId);
  return logged.data;
}

@CommandHandler(ComplaintCommandMessage)
export class ComplaintCommandHandler implements ICommandHandler<ComplaintCommandMessage, CommandResult> {
  private readonly policy: DeadlinePolicy;

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = { acknowledgeWorkingDays: config.complaintAckWorkingDays, answerDays: config.complaintAnswerDays };
  }

  async execute({ request, context }: ComplaintCommandMessage): Promise<CommandResult> {
    const { command, clientId } = await this.resolve(request);
    return this.executor.execute(
      {
        decider: complaintDecider,
        aggregate: 'complaint',
        id: request.complaintId,
        streamId: complaintStream(request.complaintId),
        command,
        mustExist: request.type !== 'LogComplaint',
        clientId,
      },
      context,
    );
  }

  /**
   * A complaint about a client needs that client (404 otherwise), takes its agency unless one is
   * given, and names it on every event so the client's history shows the complaint.
   */
  private async resolve(request: ComplaintRequest): Promise<{ command: ComplaintCommand; clientId?: string }> {
    if (request.type === 'LogComplaint') {
      if (!request.clientId) return { command: { ...request, policy: this.policy } };
      const registered = (await this.executor.first(clientStream(request.clientId))) as unknown as ClientRegistered | undefined;
      if (!registered) throw new AggregateNotFound('client', request.clientId);
      return { command: { ...request, agency: request.agency ?? registered.data.agency, policy: this.policy }, clientId: request.clientId };
    }
    const { clientId } = await loggedComplaint(this.executor, request.complaintId);
    return { command: request.type === 'ReopenComplaint' ? { ...request, policy: this.policy } : request, clientId };
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { staffStream } from '../staff/staff.command-handler.js';
import { clientDecider, type ClientCommand } from './client.decider.js';

export class ClientCommandMessage {
  constructor(
    readonly command: ClientCommand,
    readonly context: CommandContext,
  ) {}
}

export const clientStream = (clientId: string) => `client-${clientId}`;

@CommandHandler(ClientCommandMessage)
export class ClientCommandHandler implements ICommandHandler<ClientCommandMessage, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, context }: ClientCommandMessage): Promise<CommandResult> {
    if (command.referentStaffId && !(await this.executor.exists(staffStream(command.referentStaffId)))) {
      throw new AggregateNotFound('staff member', command.referentStaffId);
    }
    return this.executor.execute(
      {
        decider: clientDecider,
        aggregate: 'client',
        id: command.clientId,
        streamId: clientStream(command.clientId),
        command,
        mustExist: command.type !== 'RegisterClient',
        clientId: command.clientId,
      },
      context,
    );
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { staffStream } from '../staff/staff.command-handler.js';
import type { ClientCommand } from './client.commands.js';
import { clientDecider } from './client.decider.js';

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
    for (const staffId of staffNamedBy(command)) {
      if (!(await this.executor.exists(staffStream(staffId)))) throw new AggregateNotFound('staff member', staffId);
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

/** Staff members a command names: each must be registered. */
function staffNamedBy(command: ClientCommand): string[] {
  switch (command.type) {
    case 'RegisterClient':
      return command.referentStaffId ? [command.referentStaffId] : [];
    case 'RequestReplacement':
      return command.absentStaffId ? [command.absentStaffId] : [];
    case 'ProposeReplacement':
      return [command.replacementStaffId];
    default:
      return [];
  }
}

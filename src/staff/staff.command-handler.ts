import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { staffMemberDecider, type StaffCommand } from './staff-member.decider.js';

export class StaffCommandMessage {
  constructor(
    readonly command: StaffCommand,
    readonly context: CommandContext,
  ) {}
}

export const staffStream = (staffId: string) => `staff-${staffId}`;

@CommandHandler(StaffCommandMessage)
export class StaffCommandHandler implements ICommandHandler<StaffCommandMessage, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ command, context }: StaffCommandMessage): Promise<CommandResult> {
    return this.executor.execute(
      {
        decider: staffMemberDecider,
        aggregate: 'staff member',
        id: command.staffId,
        streamId: staffStream(command.staffId),
        command,
        mustExist: command.type !== 'RegisterStaffMember',
      },
      context,
    );
  }
}

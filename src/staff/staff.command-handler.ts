import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { type DeclarePayroll, payrollDecider, payrollId, payrollStream } from './payroll.decider.js';
import { staffMemberDecider, type StaffCommand } from './staff-member.decider.js';

export class StaffCommandMessage {
  constructor(
    readonly command: StaffCommand | DeclarePayroll,
    readonly context: CommandContext,
  ) {}
}

export const staffStream = (staffId: string) => `staff-${staffId}`;

/** Staff members (one stream each), and the payroll (one stream per year and agency). */
@CommandHandler(StaffCommandMessage)
export class StaffCommandHandler implements ICommandHandler<StaffCommandMessage, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ command, context }: StaffCommandMessage): Promise<CommandResult> {
    if (command.type === 'DeclarePayroll') {
      const spec = { decider: payrollDecider, aggregate: 'payroll', id: payrollId(command), streamId: payrollStream(command), command, mustExist: false };
      return this.executor.execute(spec, context);
    }
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

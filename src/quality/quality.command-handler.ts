import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionStream, complaintStream } from '../complaints/streams.js';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import { AggregateNotFound } from '../shared/domain-errors.js';
import { meetingDecider, newsletterDecider, type PublishNewsletter, type RecordQualityMeeting } from './meeting.decider.js';
import { objectiveDecider, objectiveId, objectiveStream, type SetQualityObjective } from './objective.decider.js';
import { meetingStream, newsletterStream } from './streams.js';

export class QualityCommandMessage {
  constructor(
    readonly command: RecordQualityMeeting | PublishNewsletter | SetQualityObjective,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(QualityCommandMessage)
export class QualityCommandHandler implements ICommandHandler<QualityCommandMessage, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, context }: QualityCommandMessage): Promise<CommandResult> {
    if (command.type === 'SetQualityObjective') {
      const spec = { decider: objectiveDecider, aggregate: 'quality objective', id: objectiveId(command), streamId: objectiveStream(command), command, mustExist: false };
      return this.executor.execute(spec, context);
    }
    if (command.type === 'PublishNewsletter') {
      const { newsletterId } = command;
      return this.executor.execute(
        { decider: newsletterDecider, aggregate: 'newsletter', id: newsletterId, streamId: newsletterStream(newsletterId), command, mustExist: false },
        context,
      );
    }
    await this.mustExist('complaint', command.complaintIds, complaintStream);
    await this.mustExist('action', command.actionIds, actionStream);
    const { meetingId } = command;
    return this.executor.execute(
      { decider: meetingDecider, aggregate: 'quality meeting', id: meetingId, streamId: meetingStream(meetingId), command, mustExist: false },
      context,
    );
  }

  /** The complaints and actions a meeting discussed must have been recorded (404 naming the first unknown one). */
  private async mustExist(aggregate: string, ids: string[], stream: (id: string) => string): Promise<void> {
    for (const id of ids) if (!(await this.executor.exists(stream(id)))) throw new AggregateNotFound(aggregate, id);
  }
}

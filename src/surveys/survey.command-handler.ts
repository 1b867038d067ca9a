import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandResult } from '../event-store/command-executor.service.js';
import type { SurveyCommand } from './survey.commands.js';
import { surveyDecider } from './survey.decider.js';

export class SurveyCommandMessage {
  constructor(
    readonly command: SurveyCommand,
    readonly context: CommandContext,
  ) {}
}

export const surveyStream = (surveyId: string) => `survey-${surveyId}`;

/** Surveys are anonymous: no `clientId` is ever given, so no survey event enters a client's history. */
@CommandHandler(SurveyCommandMessage)
export class SurveyCommandHandler implements ICommandHandler<SurveyCommandMessage, CommandResult> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ command, context }: SurveyCommandMessage): Promise<CommandResult> {
    return this.executor.execute(
      {
        decider: surveyDecider,
        aggregate: 'survey',
        id: command.surveyId,
        streamId: surveyStream(command.surveyId),
        command,
        mustExist: command.type !== 'LaunchSurvey',
      },
      context,
    );
  }
}

import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Roles } from '../http/auth.guard.js';
import { Ctx, type RequestContext } from '../http/command-context.js';
import { answered, type CommandAnswer } from '../http/command-result.interceptor.js';
import { ReadModel } from '../http/read-model.interceptor.js';
import { id } from '../http/schemas.js';
import { ValidBody, ValidQuery, ZodValidationPipe } from '../http/zod-validation.js';
import { newAggregateId } from '../shared/ids.js';
import type { SurveyCommand } from './survey.commands.js';
import { SurveyCommandMessage } from './survey.command-handler.js';
import { surveyProjector } from './survey.projector.js';
import { GetSurvey, GetSurveyBenchmark, GetSurveyResults, ListSurveys } from './survey.queries.js';
import {
  closeSurveyBody,
  launchSurveyBody,
  listSurveysQuery,
  recordSurveyResponseBody,
  reviseSurveyQuestionnaireBody,
  sendSurveyReminderBody,
  surveyBenchmarkQuery,
} from './survey.schemas.js';

const surveyId = new ZodValidationPipe(id);
type Body<S extends z.ZodType> = z.infer<S>;
/** Launches, revisions and responses carry no business date: they happen when they are recorded. */
const now = () => new Date().toISOString();

@ApiTags('surveys')
@ApiSecurity('bearer')
@Controller('surveys')
export class SurveysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private send(command: SurveyCommand, ctx: RequestContext, occurredAt: string): Promise<CommandAnswer> {
    return answered(ctx, this.commands.execute(new SurveyCommandMessage(command, { ...ctx, occurredAt })));
  }

  @Post()
  @Roles('integration')
  launch(@ValidBody(launchSurveyBody) body: Body<typeof launchSurveyBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    return this.send({ type: 'LaunchSurvey', ...fields, surveyId: newAggregateId(body.surveyId, ctx.commandId, 'survey') }, ctx, now());
  }

  @Post(':id/questionnaire')
  @Roles('integration')
  revise(@Param('id', surveyId) id: string, @ValidBody(reviseSurveyQuestionnaireBody) body: Body<typeof reviseSurveyQuestionnaireBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'ReviseSurveyQuestionnaire', surveyId: id, questions: body.questions }, ctx, now());
  }

  @Post(':id/responses')
  @Roles('integration')
  respond(@Param('id', surveyId) id: string, @ValidBody(recordSurveyResponseBody) body: Body<typeof recordSurveyResponseBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    const responseId = newAggregateId(body.responseId, ctx.commandId, 'survey-response');
    return this.send({ type: 'RecordSurveyResponse', surveyId: id, ...fields, responseId }, ctx, now());
  }

  @Post(':id/reminders')
  @Roles('integration')
  remind(@Param('id', surveyId) id: string, @ValidBody(sendSurveyReminderBody) body: Body<typeof sendSurveyReminderBody>, @Ctx() ctx: RequestContext) {
    const { commandId: _, ...fields } = body;
    return this.send({ type: 'SendSurveyReminder', surveyId: id, ...fields }, ctx, body.sentAt);
  }

  @Post(':id/close')
  @Roles('integration')
  close(@Param('id', surveyId) id: string, @ValidBody(closeSurveyBody) body: Body<typeof closeSurveyBody>, @Ctx() ctx: RequestContext) {
    return this.send({ type: 'CloseSurvey', surveyId: id, at: body.at }, ctx, body.at);
  }

  @Get()
  @Roles('quality', 'auditor')
  @ReadModel(surveyProjector.name)
  list(@ValidQuery(listSurveysQuery) query: Body<typeof listSurveysQuery>) {
    return this.queries.execute(new ListSurveys(query));
  }

  /** Declared before `:id` so that `benchmark` is never taken for a survey id. */
  @Get('benchmark')
  @Roles('quality', 'auditor')
  @ReadModel(surveyProjector.name)
  benchmark(@ValidQuery(surveyBenchmarkQuery) query: Body<typeof surveyBenchmarkQuery>) {
    return this.queries.execute(new GetSurveyBenchmark(query));
  }

  @Get(':id')
  @HttpCode(200)
  @Roles('quality', 'auditor')
  @ReadModel(surveyProjector.name)
  get(@Param('id', surveyId) id: string) {
    return this.queries.execute(new GetSurvey(id));
  }

  /** Waits on every read model with `minPosition`: the improvement actions listed come from the complaints module's. */
  @Get(':id/results')
  @HttpCode(200)
  @Roles('quality', 'auditor')
  @ReadModel()
  results(@Param('id', surveyId) id: string) {
    return this.queries.execute(new GetSurveyResults(id));
  }
}
